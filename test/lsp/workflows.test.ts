// A scripted editor session over stdio, the way an external client checks the server: hovers,
// completions, navigation, renames and code actions at exact positions of documents the other
// tests do not use, a workflow typed character by character (diagnostics only ever for the
// version they describe), CRLF/BOM/non-ASCII positions, and hostile documents. Every answer is
// checked, and the server must log no contained failure.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DEFAULT_CAPABILITIES, LspClient, Notification, positionOf } from './lsp-client';
import { Project } from '../../server/src/analysis/project';
import { fileNameOf } from '../../server/src/lsp/server';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/lsp');
const CLAIMS = fs.readFileSync(path.join(FIXTURES, 'claims.cascade.yaml'), 'utf8');
const UNICODE = fs.readFileSync(path.join(FIXTURES, 'unicode.cascade.yaml'), 'utf8');
const virt = (name: string): string => pathToFileURL(path.join(os.tmpdir(), 'cascade-virtual', `${name}.cascade.yaml`)).href;

interface Pos {
  line: number;
  character: number;
}
interface Range {
  start: Pos;
  end: Pos;
}
interface Edit {
  range: Range;
  newText: string;
}
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Offset of an LSP position (UTF-16 columns; lines end at \n, \r\n or \r). */
function offsetAt(text: string, p: Pos): number {
  let line = 0;
  let i = 0;
  while (line < p.line && i < text.length) {
    const c = text[i++];
    if (c === '\n' || (c === '\r' && text[i] !== '\n')) line++;
  }
  return i + p.character;
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = edits.map((e) => ({ s: offsetAt(text, e.range.start), e: offsetAt(text, e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  for (const e of sorted) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}

/** The text a range covers. */
const textAt = (text: string, r: Range): string => text.slice(offsetAt(text, r.start), offsetAt(text, r.end));
const hoverText = (h: any): string => (h ? h.contents.value : '');
const labels = (r: any): string[] => (r?.items ?? []).map((i: { label: string }) => i.label);
const pos = (text: string, needle: string, delta = 0, nth = 0): Pos => positionOf(text, needle, delta, nth);
const range = (text: string, needle: string, nth = 0): Range => {
  const start = pos(text, needle, 0, nth);
  return { start, end: pos(text, needle, needle.length, nth) };
};

/** The diagnostics a fresh analysis gives for `text`, as the server would publish them. */
function expectedDiagnostics(uri: string, text: string): string[] {
  const a = new Project({}).analyze(fileNameOf(uri), text);
  const lines = a.file.lines;
  return a.findings.map((f) => `${f.ruleId} ${JSON.stringify(lines.positionAt(f.span.start))}-${JSON.stringify(lines.positionAt(f.span.end))}`);
}
const published = (n: Notification): string[] => n.params.diagnostics.map((d: any) => `${d.code} ${JSON.stringify(d.range.start)}-${JSON.stringify(d.range.end)}`);

describe('scripted editor session', () => {
  let c: LspClient;
  const uri = virt('Claims');

  before(async () => {
    c = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '40' });
    await c.initialize();
    c.open(uri, CLAIMS);
    const d = await c.nextDiagnostics(uri, 1);
    assert.deepEqual(d.params.diagnostics.map((x: any) => x.code).sort(), ['missing-catch', 'prefer-canonical-keys', 'shadowed-catch', 'uncaught-error']);
  });

  after(async () => {
    const errors = c.notifications.filter((n) => n.method === 'window/logMessage' && n.params.type === 1);
    const code = await c.shutdown();
    assert.equal(code, 0, `server exit code (stderr: ${c.stderr})`);
    assert.deepEqual(errors.map((n) => n.params.message), [], 'the server contained no failure');
  });

  const hover = (needle: string, delta: number, nth = 0, text = CLAIMS, u = uri): Promise<any> => c.request('textDocument/hover', { textDocument: { uri: u }, position: pos(text, needle, delta, nth) });
  const complete = (needle: string, delta: number, nth = 0, text = CLAIMS, u = uri): Promise<any> => c.request('textDocument/completion', { textDocument: { uri: u }, position: pos(text, needle, delta, nth) });

  it('hovers each segment of a template path with its own type, presence and writers', async () => {
    // `$.claim.amount > 1000` in the Choice: on `$`, on `claim`, on `amount`.
    const onRoot = await hover('$.claim.amount > 1000', 0);
    assert.deepEqual(onRoot.range, { start: pos(CLAIMS, '$.claim.amount > 1000'), end: pos(CLAIMS, '$.claim.amount > 1000', 1) });
    const onClaim = await hover('$.claim.amount > 1000', 4);
    assert.deepEqual(onClaim.range, { start: pos(CLAIMS, '$.claim.amount > 1000'), end: pos(CLAIMS, '$.claim.amount > 1000', 7) });
    assert.match(hoverText(onClaim), /^`\$\.claim` — context path read in "Triage"/);
    assert.match(hoverText(onClaim), /\*\*Type:\*\* `\{amount: number, id: string, owner: \{email: string, name\?: string\}, tags: string\[\]\}`/);
    assert.match(hoverText(onClaim), /\*\*Written by:\*\* "Fetch"/);
    const onAmount = await hover('$.claim.amount > 1000', 13);
    assert.deepEqual(onAmount.range, { start: pos(CLAIMS, '$.claim.amount > 1000'), end: pos(CLAIMS, '$.claim.amount > 1000', 14) });
    assert.match(hoverText(onAmount), /\*\*Type:\*\* `number`/);
    assert.match(hoverText(onAmount), /\*\*Here:\*\* always present/);
    // An optional field of a declared output: maybe absent, with the reason; here under isPresent.
    const name = hoverText(await hover('$.claim.owner.name', 15));
    assert.match(name, /\*\*Here:\*\* maybe absent \(an `isPresent` test: never fails\)/);
    assert.match(name, /May be missing: "name" is optional in the declared output/);
    // Under `default`: the read never fails.
    assert.match(hoverText(await hover('$.claim.amount | default', 9)), /always present \(read under `default`\/`defined`: never fails\)/);
    // workflow.input from the input contract, on a non-ASCII field name.
    const input = hoverText(await hover('workflow.input.claim_id', 18));
    assert.match(input, /\*\*Type:\*\* `string` \(input contract v1\)/);
    // A read inside a single-state branch sees the Parallel's input.
    assert.match(hoverText(await hover('$.claim.owner.email', 16)), /context path read in "NotifyOwner"[\s\S]*always present[\s\S]*"Fetch"/);
    // Writes: a state result and a catch result (set only when that catch is taken).
    const left = hoverText(await hover('result: $.left', 11));
    assert.match(left, /context path written in "ScoreLeft"/);
    assert.match(left, /\*\*Type:\*\* `\{reasons: string\[\], score: number\}`/);
    const failure = hoverText(await hover('result: $.failure', 11));
    assert.match(failure, /\*\*Type:\*\* `\{ error: string, cause: string \}` \(error caught in "Fetch"\)/);
    assert.match(failure, /\*\*Here:\*\* set when this catch is taken/);
    assert.doesNotMatch(failure, /not set/);
    // Just outside a path: the space after it is not the path.
    assert.doesNotMatch(hoverText(await hover('$.claim.amount > 1000', 15)), /context path/);
  });

  it('names the writers that reach a state, not every state whose result covers the path', async () => {
    const PATHS = fs.readFileSync(path.join(FIXTURES, 'paths.cascade.yaml'), 'utf8');
    const u = virt('Paths');
    c.open(u, PATHS);
    await c.nextDiagnostics(u, 1);
    const h = (needle: string, delta: number): Promise<string> => hover(needle, delta, 0, PATHS, u).then(hoverText);
    // Read after `input_path: $.workflow`: from the execution root, not from the later `result: $`.
    const viaInputPath = await h('id: $.input.id', 12);
    assert.match(viaInputPath, /\*\*Type:\*\* `string`/);
    assert.doesNotMatch(viaInputPath, /Done/);
    // The whole context at Get's output_path: written by Get, not the value of "Done".
    const out = await h('output_path: $', 13);
    assert.match(out, /\*\*Written by:\*\* "Get"$/m);
    assert.doesNotMatch(out, /value of "Done"/);
    // Done's own `result: $` is the value of Done.
    assert.match(await h('result: $\n', 8), /\(value of "Done"\)[\s\S]*\*\*Written by:\*\* "Done"/);
    // A bracket segment and an index.
    const odd = await hover("$.r['odd key']", 6, 0, PATHS, u);
    assert.equal(textAt(PATHS, odd.range), "$.r['odd key']");
    assert.match(hoverText(await hover('$.r.items[0]', 10, 0, PATHS, u)), /^`\$\.r\.items\[0\]` — context path read in "Done"[\s\S]*always present/);
    const inBrackets = await complete("$.r['odd key']", 5, 0, PATHS, u);
    assert.ok(labels(inBrackets).includes('odd key'), labels(inBrackets).join());
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('hovers state names in start, next, default, catch next and branch start, keys, URNs and errors', async () => {
    const start = await hover('start: Fetch', 9);
    assert.deepEqual(start.range, { start: pos(CLAIMS, 'start: Fetch', 7), end: pos(CLAIMS, 'start: Fetch', 12) });
    assert.match(hoverText(start), /^\*\*Fetch\*\* · `Task`/);
    assert.match(hoverText(start), /\*\*Incoming:\*\* workflow start$/);
    const score = hoverText(await hover('default: Score', 12));
    assert.match(score, /\*\*Incoming:\*\* "Triage" \(choice rule\), "Triage" \(default\), "Review" \(next\)/);
    assert.match(hoverText(await hover('next: Missing', 9)), /\*\*Missing\*\* · `Fail`[\s\S]*"Fetch" \(catch\), "Score" \(catch\)/);
    const branchStart = hoverText(await hover('start: ScoreLeft', 10));
    assert.match(branchStart, /\*\*ScoreLeft\*\* · `Task` · branch of "Review"/);
    assert.match(branchStart, /ends its branch/);
    assert.doesNotMatch(branchStart, /ends the workflow/);
    assert.match(branchStart, /\*\*Incoming:\*\* branch start in "Review"/);
    const single = hoverText(await hover('name: NotifyOwner', 8));
    assert.match(single, /\*\*Incoming:\*\* branch start in "Review"/);
    // The same name in another workflow is another state.
    assert.match(hoverText(await hover('start: Fetch', 9, 1)), /\*\*Fetch\*\* · `Pass`/);
    assert.match(hoverText(await hover('error_equals', 5)), /^\*\*error_equals\*\*/);
    const urn = hoverText(await hover('resource: urn:cascade:activity:score_claim', 20));
    assert.match(urn, /\*\*Output:\*\* `\{ score: number, reasons: string\[\] \}`/);
    assert.match(urn, /\*\*Errors:\*\* `ScoringDown`/);
    assert.match(hoverText(await hover('action: notify', 10)), /^`urn:cascade:activity:notify`[\s\S]*\*\*Input:\*\* `\{ to: string, body: string \}`/);
    assert.match(hoverText(await hover('States.Timeout', 4)), /^\*\*States\.Timeout\*\* \(error\)/);
    assert.match(hoverText(await hover('| default', 4)), /^\*\*default\*\* \(filter\)/);
  });

  it('completes after `$.`, `workflow.input.`, `next: `, inside error_equals and after `|`', async () => {
    const root = await complete('$.claim.amount > 1000', 2);
    assert.deepEqual(labels(root).sort(), ['claim', 'workflow']);
    assert.deepEqual(root.items.find((i: any) => i.label === 'claim').textEdit.range, { start: pos(CLAIMS, '$.claim.amount > 1000', 2), end: pos(CLAIMS, '$.claim.amount > 1000', 2) });
    const fields = await complete('$.claim.amount > 1000', 10);
    assert.deepEqual(labels(fields).sort(), ['amount', 'id', 'owner', 'tags']);
    // The replaced range is the partial segment typed so far ("am").
    assert.deepEqual(fields.items.find((i: any) => i.label === 'amount').textEdit.range, { start: pos(CLAIMS, '$.claim.amount > 1000', 8), end: pos(CLAIMS, '$.claim.amount > 1000', 10) });
    const owner = await complete('$.claim.owner.name', 14);
    assert.deepEqual(labels(owner), ['email', 'name']);
    assert.match(owner.items[1].detail, /maybe/);
    assert.deepEqual(labels(await complete('workflow.input.claim_id', 15)).sort(), ['claim_id', 'région']);
    assert.deepEqual(labels(await complete('workflow.input.claim_id', 9)).sort(), ['execution_id', 'input', 'started_at']);
    // next: every state but the current one, in document order.
    const next = await complete('next: Triage', 6);
    assert.deepEqual(labels(next), ['Triage', 'Review', 'ScoreLeft', 'NotifyOwner', 'Score', 'Done', 'Missing']);
    const sorted = [...next.items].sort((a: any, b: any) => (a.sortText < b.sortText ? -1 : 1)).map((i: any) => i.label);
    assert.deepEqual(sorted, ['Triage', 'Review', 'Score', 'Done', 'Missing', 'ScoreLeft', 'NotifyOwner'], 'top-level states before branch states');
    // A half-typed name: the typed part is replaced.
    const typed = await complete('next: Triage', 8);
    assert.deepEqual(typed.items[0].textEdit.range, { start: pos(CLAIMS, 'next: Triage', 6), end: pos(CLAIMS, 'next: Triage', 8) });
    // A branch's start: that branch's states first.
    const branch = await complete('start: ScoreLeft', 7);
    const first = [...branch.items].sort((a: any, b: any) => (a.sortText < b.sortText ? -1 : 1))[0];
    assert.equal(first.label, 'ScoreLeft');
    // default and the workflow start.
    assert.ok(labels(await complete('default: Score', 9)).includes('Score'));
    assert.deepEqual(labels(await complete('start: Fetch', 7)), ['Fetch', 'Triage', 'Review', 'ScoreLeft', 'NotifyOwner', 'Score', 'Done', 'Missing']);
    // error_equals: the activity's own errors first.
    const errors = await complete('[ClaimMissing]', 1);
    const byRank = [...errors.items].sort((a: any, b: any) => (a.sortText < b.sortText ? -1 : 1)).map((i: any) => i.label);
    assert.deepEqual(byRank.slice(0, 2).sort(), ['ClaimMissing', 'ServiceUnavailable']);
    assert.ok(byRank.includes('States.ALL') && byRank.includes('ScoringDown'));
    const second = await complete('ScoringDown, States.Timeout', 13);
    assert.ok(labels(second).includes('States.Timeout'));
    // After a space with nothing typed, a plain name needs no edit: the client inserts the label.
    assert.equal(second.items[0].textEdit, undefined);
    assert.equal(second.items[0].insertText, undefined);
    const third = await complete('[ClaimMissing]', 1);
    assert.deepEqual(third.items[0].textEdit.range, { start: pos(CLAIMS, '[ClaimMissing]', 1), end: pos(CLAIMS, '[ClaimMissing]', 1) }, 'after `[` the edit says where');
    // Filters after `|`.
    const filters = await complete('| default', 2);
    assert.deepEqual(labels(filters).sort(), ['default', 'defined', 'downcase', 'first', 'join', 'json', 'keys', 'last', 'length', 'upcase']);
    assert.equal(filters.items.find((i: any) => i.label === 'default').insertTextFormat, 2);
    // URNs after `resource:` and bare names after `action:`.
    assert.deepEqual(labels(await complete('action: notify', 8)), ['fetch_claim', 'score_claim', 'notify']);
    // Nothing inside a comment.
    const commented = CLAIMS.replace('      start: Fetch\n', '      start: Fetch # next: \n');
    const u = virt('Commented');
    c.open(u, commented);
    assert.deepEqual(labels(await complete('# next: ', 8, 0, commented, u)), []);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('sends a long list once with list defaults to clients that take them', async () => {
    const d = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '40' });
    try {
      const caps = { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['editRange', 'insertTextFormat'] } } } };
      await d.initialize(caps);
      d.open(uri, CLAIMS);
      await d.nextDiagnostics(uri, 1);
      const r = await d.request('textDocument/completion', { textDocument: { uri }, position: pos(CLAIMS, 'next: Triage', 8) });
      assert.deepEqual(r.itemDefaults.editRange, { start: pos(CLAIMS, 'next: Triage', 6), end: pos(CLAIMS, 'next: Triage', 8) });
      assert.ok(r.items.every((i: any) => i.textEdit === undefined && i.textEditText === undefined), 'each item takes the default range and inserts its label');
      assert.deepEqual(labels(r), ['Triage', 'Review', 'ScoreLeft', 'NotifyOwner', 'Score', 'Done', 'Missing']);
      // Asked again elsewhere: the same names, the other state excluded, the range of that place.
      const again = await d.request('textDocument/completion', { textDocument: { uri }, position: pos(CLAIMS, 'next: Done', 6) });
      assert.deepEqual(labels(again), ['Fetch', 'Triage', 'Review', 'ScoreLeft', 'NotifyOwner', 'Done', 'Missing']);
      assert.deepEqual(again.itemDefaults.editRange.start, pos(CLAIMS, 'next: Done', 6));
      // Snippets keep their own format; filters insert their snippet text over the default range.
      const f = await d.request('textDocument/completion', { textDocument: { uri }, position: pos(CLAIMS, '| default', 2) });
      const def = f.items.find((i: any) => i.label === 'default');
      assert.equal(def.insertTextFormat, 2);
      assert.equal(def.textEditText, "default: ${1:''}");
    } finally {
      await d.shutdown();
    }
  });

  it('goes to definitions and finds references of states, URNs and paths', async () => {
    const def = await c.request('textDocument/definition', { textDocument: { uri }, position: pos(CLAIMS, 'next: Missing', 8) });
    assert.deepEqual(def, [{ uri, range: { start: pos(CLAIMS, 'name: Missing', 6), end: pos(CLAIMS, 'name: Missing', 13) } }]);
    const bs = await c.request('textDocument/definition', { textDocument: { uri }, position: pos(CLAIMS, 'start: ScoreLeft', 9) });
    assert.deepEqual(bs[0].range.start, pos(CLAIMS, 'name: ScoreLeft', 6));
    const other = await c.request('textDocument/definition', { textDocument: { uri }, position: pos(CLAIMS, 'start: Fetch', 8, 1) });
    assert.deepEqual(other[0].range.start, pos(CLAIMS, 'name: Fetch', 6, 1), 'the Fetch of the same workflow');
    const action = await c.request('textDocument/definition', { textDocument: { uri }, position: pos(CLAIMS, 'action: notify', 9) });
    assert.deepEqual(action[0].range, range(CLAIMS, 'urn:cascade:activity:notify'));
    const writer = await c.request('textDocument/definition', { textDocument: { uri }, position: pos(CLAIMS, '$.claim.owner.email', 4) });
    assert.deepEqual(writer.map((l: any) => textAt(CLAIMS, l.range)), ['$.claim']);
    assert.deepEqual(writer[0].range.start, pos(CLAIMS, 'result: $.claim', 8));
    const refs = await c.request('textDocument/references', { textDocument: { uri }, position: pos(CLAIMS, 'name: Score\n', 7), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((l: any) => textAt(CLAIMS, l.range)), ['Score', 'Score', 'Score', 'Score']);
    assert.deepEqual(refs.map((l: any) => l.range.start), [pos(CLAIMS, 'next: Score', 6), pos(CLAIMS, 'default: Score', 9), pos(CLAIMS, 'next: Score', 6, 1), pos(CLAIMS, 'name: Score\n', 6)]);
    const noDecl = await c.request('textDocument/references', { textDocument: { uri }, position: pos(CLAIMS, 'next: Missing', 8), context: { includeDeclaration: false } });
    assert.equal(noDecl.length, 2);
    const urnRefs = await c.request('textDocument/references', { textDocument: { uri }, position: pos(CLAIMS, 'urn:cascade:activity:score_claim', 3, 1), context: { includeDeclaration: true } });
    assert.deepEqual(urnRefs.map((l: any) => textAt(CLAIMS, l.range)), ['urn:cascade:activity:score_claim', 'urn:cascade:activity:score_claim', 'urn:cascade:activity:score_claim']);
  });

  it('renames a state at every reference and refuses what it cannot rename', async () => {
    const check = async (at: Pos, newName: string, expected: string[]): Promise<string> => {
      const prep = await c.request('textDocument/prepareRename', { textDocument: { uri }, position: at });
      assert.ok(prep && prep.placeholder, `prepareRename at ${JSON.stringify(at)}`);
      const e = await c.request('textDocument/rename', { textDocument: { uri }, position: at, newName });
      const edits: Edit[] = e.changes[uri];
      assert.deepEqual(edits.map((x) => textAt(CLAIMS, x.range)).sort(), expected.sort());
      return applyEdits(CLAIMS, edits);
    };
    // From a reference in a choice rule: the rule, the default, Review's next and the name.
    const renamed = await check(pos(CLAIMS, 'next: Score', 8), 'Rate', ['Score', 'Score', 'Score', 'Score']);
    assert.ok(!/\bScore\b/.test(renamed.replace(/ScoreLeft|ScoringDown|score_claim/g, '')), renamed);
    // The renamed document has the same findings as before (nothing dangles).
    assert.deepEqual(expectedDiagnostics(uri, renamed).map((d) => d.split(' ')[0]).sort(), ['missing-catch', 'prefer-canonical-keys', 'shadowed-catch', 'uncaught-error']);
    // From the workflow start: the start and the name only (the other workflow keeps its Fetch).
    const start = await check(pos(CLAIMS, 'start: Fetch', 9), 'Load', ['Fetch', 'Fetch']);
    assert.equal((start.match(/\bFetch\b/g) ?? []).length, 2, 'the other workflow is untouched');
    // Catch next targets and a branch start.
    await check(pos(CLAIMS, 'name: Missing', 8), 'Gone', ['Missing', 'Missing', 'Missing']);
    await check(pos(CLAIMS, 'start: ScoreLeft', 10), 'LeftScore', ['ScoreLeft', 'ScoreLeft']);
    // Names that exist anywhere in the workflow, branches included, are refused; so is junk.
    for (const taken of ['Done', 'ScoreLeft', 'NotifyOwner', 'Fetch']) {
      await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos(CLAIMS, 'name: Score\n', 7), newName: taken }), /already exists/, taken);
    }
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos(CLAIMS, 'name: Score\n', 7), newName: 'a b' }), /not a valid state name/);
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos(CLAIMS, 'name: Score\n', 7), newName: '' }), /not a valid state name/);
    // Names YAML would read as a boolean, a number or null are written quoted.
    const e = await c.request('textDocument/rename', { textDocument: { uri }, position: pos(CLAIMS, 'name: Done', 7), newName: 'true' });
    const quoted = applyEdits(CLAIMS, e.changes[uri]);
    assert.match(quoted, /next: "true"\n/);
    assert.match(quoted, /- name: "true"\n/);
    const after2 = new Project({}).analyze(fileNameOf(uri), quoted);
    assert.ok(after2.documents[0].model.workflows[0].stateByName.has('true'));
    assert.ok(!after2.findings.some((f) => f.ruleId === 'invalid-value' || f.ruleId === 'unknown-state'), JSON.stringify(after2.findings.map((f) => f.ruleId)));
    // prepareRename refuses everything that is not a state name.
    for (const [needle, delta, nth] of [
      ['type: Task', 7, 0],
      ['$.claim.amount', 4, 0],
      ['urn:cascade:activity:fetch_claim', 5, 1],
      ['error_equals', 3, 0],
      ['name: Claims', 8, 0],
      ['name: Left', 7, 0],
      ['ClaimMissing]', 3, 0],
      ['apiVersion', 2, 0],
      ['  states:', 4, 0],
    ] as const) {
      assert.equal(await c.request('textDocument/prepareRename', { textDocument: { uri }, position: pos(CLAIMS, needle, delta, nth) }), null, needle);
    }
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos(CLAIMS, 'type: Task', 7), newName: 'X' }), /Only a state name/);
  });

  it('offers code actions whose edits remove their finding and add none', async () => {
    const all = c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).pop()!.params.diagnostics;
    assert.equal(all.length, 4);
    const before2 = expectedDiagnostics(uri, CLAIMS).map((d) => d.split(' ')[0]).sort();
    let checked = 0;
    for (const d of all) {
      const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      assert.ok(actions.some((a: any) => a.title === `Disable ${d.code} for this line`), d.code);
      for (const a of actions) {
        assert.equal(a.kind, 'quickfix');
        assert.equal(a.diagnostics[0].code, d.code);
        const fixed = applyEdits(CLAIMS, a.edit.changes[uri]);
        const after2 = expectedDiagnostics(uri, fixed).map((x) => x.split(' ')[0]).sort();
        const expected = [...before2];
        expected.splice(expected.indexOf(d.code), 1);
        assert.deepEqual(after2, expected, `"${a.title}" for ${d.code}`);
        checked++;
      }
    }
    assert.ok(checked >= 6, `${checked} actions`);
    // `error: X` becomes `error_equals: [X]`, not a list key holding a string.
    const u = virt('Spellings');
    c.open(u, UNICODE);
    const ud = (await c.nextDiagnostics(u, 1)).params.diagnostics.filter((x: any) => x.code === 'prefer-canonical-keys');
    for (const d of ud) {
      const actions = await c.request('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
      for (const a of actions) {
        const fixed = applyEdits(UNICODE, a.edit.changes[u]);
        const codes = expectedDiagnostics(u, fixed).map((x) => x.split(' ')[0]);
        assert.ok(!codes.includes('invalid-value') || codes.filter((x) => x === 'invalid-value').length === 1, `"${a.title}": ${codes.join()}`);
        if (a.title === 'Rename "error" to "error_equals"') assert.match(fixed, /- error_equals: \[ClaimMissing\]\n/);
      }
    }
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('types a workflow character by character: diagnostics only for the version they describe', async () => {
    const u = virt('Typed');
    const texts = new Map<number, string>();
    let text = '';
    let version = 1;
    c.open(u, text, version);
    texts.set(version, text);
    const since = c.notifications.length;
    // Type CLAIMS one character at a time (an emoji as one change), pausing now and then so that
    // some intermediate versions get their diagnostics, asking completion where it matters.
    const target = CLAIMS.replace('cause: "no claim"', 'cause: "no claim 😀 é"');
    const checks: Promise<void>[] = [];
    let i = 0;
    while (i < target.length) {
      const step = target.codePointAt(i)! > 0xffff ? 2 : 1;
      const ch = target.slice(i, i + step);
      const end = offsetToPos(text, text.length);
      text += ch;
      i += step;
      c.change(u, ++version, [{ range: { start: end, end }, text: ch }]);
      texts.set(version, text);
      if (text.endsWith('\n          next: ') && text.includes('- name: Triage') && !text.includes('- name: Other')) {
        // Completion right after typing `next: `: states written so far, from this version's text.
        const v = version;
        const at = offsetToPos(text, text.length);
        checks.push(
          c.request('textDocument/completion', { textDocument: { uri: u }, position: at }).then((r) => {
            assert.ok(labels(r).includes('Triage'), `v${v}: ${labels(r).join()}`);
          }),
        );
      }
      if (i % 613 === 0) await new Promise((r) => setTimeout(r, 120));
    }
    // Then edits that replace, delete and insert across lines.
    const edits: [string, string][] = [
      ['next: Done', 'next: Nowhere'],
      ['type: Succeed\n', 'type: Succeed\n        - name: Extra\n          type: Pass\n          end: true\n'],
      ['next: Nowhere', 'next: Done'],
    ];
    for (const [from, to] of edits) {
      const s = text.indexOf(from);
      const r = { start: offsetToPos(text, s), end: offsetToPos(text, s + from.length) };
      text = text.slice(0, s) + to + text.slice(s + from.length);
      c.change(u, ++version, [{ range: r, text: to }]);
      texts.set(version, text);
    }
    await Promise.all(checks);
    const last = await c.nextDiagnostics(u, version, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    const pubs = c.notifications.slice(since).filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u);
    assert.ok(pubs.length >= 3, `${pubs.length} publications`);
    assert.equal(pubs[pubs.length - 1], last, 'nothing after the last version');
    for (let k = 1; k < pubs.length; k++) assert.ok(pubs[k].params.version > pubs[k - 1].params.version, 'versions only go up');
    for (const p of pubs) assert.deepEqual(published(p), expectedDiagnostics(u, texts.get(p.params.version)!), `v${p.params.version}`);
    assert.ok(published(last).some((d) => d.startsWith('unreachable-state')), published(last).join('\n'));
    // The server's text is the client's: a hover on the last line typed.
    assert.match(hoverText(await c.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'name: Extra', 7) })), /\*\*Extra\*\* · `Pass`/);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('applies several changes per notification and full replacements, for two documents edited in turn', async () => {
    const us = [virt('TurnA'), virt('TurnB')];
    const texts = us.map(() => new Map<number, string>());
    const cur = [CLAIMS, UNICODE];
    const since = c.notifications.length;
    us.forEach((u, k) => {
      c.open(u, cur[k], 1);
      texts[k].set(1, cur[k]);
    });
    for (let v = 2; v <= 40; v++) {
      const k = v % 2;
      const t = cur[k];
      if (v % 10 === 0) {
        // A full replacement (no range).
        cur[k] = t.replace('type: Fail', v % 20 === 0 ? 'type: Fial' : 'type: Fail');
        c.change(us[k], v, [{ text: cur[k] }]);
      } else {
        // Two edits in one notification: the second is positioned in the text after the first.
        const a = t.indexOf('states:');
        const once = t.slice(0, a) + `# ${v}\n      ` + t.slice(a);
        const b = once.lastIndexOf('type: ');
        const twice = once.slice(0, b + 6) + once.slice(b + 6).replace(/^\w+/, (w) => (w === 'Succeed' ? 'Pass' : w === 'Pass' ? 'Succeed' : w));
        const bPos = offsetToPos(once, b + 6);
        const oldWord = /^\w+/.exec(once.slice(b + 6))![0];
        c.change(us[k], v, [
          { range: { start: offsetToPos(t, a), end: offsetToPos(t, a) }, text: `# ${v}\n      ` },
          { range: { start: bPos, end: { line: bPos.line, character: bPos.character + oldWord.length } }, text: /^\w+/.exec(twice.slice(b + 6))![0] },
        ]);
        cur[k] = twice;
      }
      texts[k].set(v, cur[k]);
      if (v % 7 === 0) await new Promise((r) => setTimeout(r, 90));
    }
    const lastV = [40, 39];
    await Promise.all(us.map((u, k) => c.nextDiagnostics(u, lastV[k], 20_000)));
    await new Promise((r) => setTimeout(r, 150));
    us.forEach((u, k) => {
      const pubs = c.notifications.slice(since).filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u);
      for (let j = 1; j < pubs.length; j++) assert.ok(pubs[j].params.version > pubs[j - 1].params.version, `${u}: versions only go up`);
      assert.equal(pubs[pubs.length - 1].params.version, lastV[k]);
      for (const p of pubs) assert.deepEqual(published(p), expectedDiagnostics(u, texts[k].get(p.params.version)!), `${u} v${p.params.version}`);
      c.notify('textDocument/didClose', { textDocument: { uri: u } });
    });
  });

  it('completes right after a colon with a space before the value', async () => {
    const text = CLAIMS.replace('          next: Done\n', '          next:\n');
    const u = virt('Colon');
    c.open(u, text);
    const r = await c.request('textDocument/completion', { textDocument: { uri: u }, position: pos(text, 'next:\n', 5) });
    const done = r.items.find((i: any) => i.label === 'Done');
    assert.equal(done.textEdit.newText, ' Done');
    assert.match(applyEdits(text, [done.textEdit]), /next: Done\n/);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('answers at exact UTF-16 positions in CRLF documents with a BOM and non-ASCII text', async () => {
    for (const [name, text] of [
      ['Lf', UNICODE],
      ['Crlf', UNICODE.replace(/\n/g, '\r\n')],
      ['Bom', '\ufeff' + UNICODE.replace(/\n/g, '\r\n')],
    ] as const) {
      const u = virt(`Unicode${name}`);
      c.open(u, text);
      const d = (await c.nextDiagnostics(u, 1)).params.diagnostics;
      // Every diagnostic covers the text it is about.
      const undef = d.find((x: any) => x.code === 'undefined-context-path');
      assert.equal(textAt(text, undef.range), 'claim', name);
      for (const x of d.filter((y: any) => y.code === 'prefer-canonical-keys')) assert.match(textAt(text, x.range), /^(error|errors|default)$/, name);
      assert.equal(textAt(text, d.find((x: any) => x.code === 'invalid-value').range), 'ünïcode', name);
      // After an emoji (two UTF-16 units) and accented letters on the same line.
      const h = await c.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, '$.claim.id', 9) });
      assert.equal(textAt(text, h.range), '$.claim.id', name);
      const r = await c.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'workflow.input.région', 19) });
      assert.equal(textAt(text, r.range), 'workflow.input.région', name);
      assert.match(hoverText(r), /\*\*Type:\*\* `string`/);
      const comp = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(text, 'workflow.input.région', 16) });
      assert.deepEqual(labels(comp), ['région'], name);
      assert.equal(textAt(text, comp.items[0].textEdit.range), 'r', name);
      // A key on the first line, after the BOM when there is one.
      const k = await c.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'apiVersion', 3) });
      assert.equal(textAt(text, k.range), 'apiVersion', name);
      // Rename of a state written quoted, plain and in a flow mapping.
      const e = await c.request('textDocument/rename', { textDocument: { uri: u }, position: positionOf(text, "next: 'Gone'", 8), newName: 'Lost' });
      const renamed = applyEdits(text, e.changes[u]);
      assert.equal((renamed.match(/Lost/g) ?? []).length, 4, name);
      assert.ok(renamed.includes("next: 'Lost'") && renamed.includes('{ name: Lost, type: Fail, error: Gone }') && renamed.includes('- default: Lost'), renamed);
      assert.equal(renamed.includes('\r\n'), text.includes('\r\n'));
      const fetch = await c.request('textDocument/rename', { textDocument: { uri: u }, position: positionOf(text, 'start: "Fetch"', 9), newName: 'Get' });
      assert.deepEqual(fetch.changes[u].map((x: Edit) => textAt(text, x.range)), ['Fetch', 'Fetch', 'Fetch']);
      c.notify('textDocument/didClose', { textDocument: { uri: u } });
    }
  });

  it('survives hostile documents and still answers correctly', async () => {
    const head = 'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: h }\nspec:\n  workflows:\n    - name: W\n      start: A\n      states:\n        - name: A\n          type: Pass\n';
    const laughs = ['          value:', '            l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let k = 1; k <= 9; k++) laughs.push(`            l${k}: &l${k} [${Array(9).fill(`*l${k - 1}`).join(',')}]`);
    let parallel = '';
    for (let k = 0; k < 60; k++) {
      const ind = ' '.repeat(8 + k * 6);
      parallel += `${ind}- name: P${k}\n${ind}  type: Parallel\n${ind}  end: true\n${ind}  branches:\n`;
    }
    parallel += `${' '.repeat(8 + 60 * 6)}- name: Leaf\n${' '.repeat(8 + 60 * 6)}  type: Succeed\n`;
    const docs: [string, string][] = [
      ['billion laughs in a value', head + laughs.join('\n') + '\n            all: *l9\n          result: $.v\n          end: true\n'],
      ['deep flow mappings', head + '          value: ' + '{a: '.repeat(3000) + '1' + '}'.repeat(3000) + '\n          end: true\n'],
      ['deep parentheses in a template', head + '          value: "{{ ' + '('.repeat(10000) + '$.x' + ')'.repeat(10000) + ' }}"\n          end: true\n'],
      ['a long pipe', head + '          value: "{{ $.x' + ' | upcase'.repeat(5000) + ' }}"\n          end: true\n'],
      ['nested Parallel states', 'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: h }\nspec:\n  workflows:\n    - name: W\n      start: P0\n      states:\n' + parallel],
      ['NUL and control characters', 'apiVersion: cascade.io/v1\u0000\nkind: Application\n\u0000\u0001\u0002\n'],
      ['lone surrogates', head + '          value: "\ud800 {{ $.x }} \udc00"\n          end: true\n'],
      ['bytes read as Latin-1', Buffer.from(Array.from({ length: 3000 }, (_, k) => (k * 7919) % 256)).toString('latin1')],
      ['many documents', Array.from({ length: 300 }, () => 'states:\n  - name: A\n    type: Succeed\n').join('---\n')],
    ];
    // Half-typed: every 97th prefix of a real document.
    for (let cut = 20; cut < CLAIMS.length; cut += 97) docs.push([`prefix ${cut}`, CLAIMS.slice(0, cut)]);
    for (const [k, [label, text]] of docs.entries()) {
      const u = virt(`Hostile-${k}`);
      c.open(u, text);
      await c.nextDiagnostics(u, 1, 30_000);
      const endPos = offsetToPos(text, text.length);
      for (const position of [endPos, { line: 11, character: 14 }, { line: 0, character: 0 }]) {
        for (const m of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename']) {
          const r = await c.send(m, { textDocument: { uri: u }, position, context: { includeDeclaration: true } }).response;
          assert.equal(r.error, undefined, `${m} on ${label}: ${JSON.stringify(r.error)}`);
        }
      }
      for (const m of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'cascade/graph']) {
        const r = await c.send(m, { textDocument: { uri: u } }).response;
        assert.equal(r.error, undefined, `${m} on ${label}`);
      }
      const ca = await c.send('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: endPos }, context: { diagnostics: [] } }).response;
      assert.equal(ca.error, undefined, `codeAction on ${label}`);
      // An edit past the end and a rename there are answered, not fatal.
      c.change(u, 2, [{ range: { start: { line: 1e6, character: 5 }, end: { line: 1e6 + 1, character: 0 } }, text: 'x' }]);
      const rn = await c.send('textDocument/rename', { textDocument: { uri: u }, position: { line: 1e6, character: 0 }, newName: 'X' }).response;
      assert.ok(rn.error === undefined || rn.error.code !== -32603, `rename on ${label}: ${JSON.stringify(rn.error)}`);
      c.notify('textDocument/didClose', { textDocument: { uri: u } });
    }
    assert.equal(c.exited, null);
    assert.match(hoverText(await hover('next: Missing', 9)), /\*\*Missing\*\* · `Fail`/);
  });
});

function offsetToPos(text: string, offset: number): Pos {
  let line = 0;
  let start = 0;
  for (let k = 0; k < offset; k++) {
    const ch = text[k];
    if (ch === '\n' || (ch === '\r' && text[k + 1] !== '\n')) {
      line++;
      start = k + 1;
    }
  }
  return { line, character: offset - start };
}

describe('files the analysis reads from disk', () => {
  it('re-analyses when a catalogue or contracts file changes, not for other files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-lsp-cat-'));
    const c = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '20' });
    try {
      fs.mkdirSync(path.join(dir, 'catalogue'));
      fs.writeFileSync(path.join(dir, '.cascade-lint.yaml'), 'activities:\n  - catalogue/*.yaml\n');
      const catalogue = path.join(dir, 'catalogue', 'shared.yaml');
      const declare = (errors: string): string => `activities:\n  - urn: urn:cascade:activity:lookup\n    output: { id: string }\n    errors: [${errors}]\n`;
      fs.writeFileSync(catalogue, declare('LookupFailed'));
      const flow = 'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: cat }\nspec:\n  workflows:\n    - name: W\n      start: Look\n      states:\n        - name: Look\n          type: Task\n          resource: urn:cascade:activity:lookup\n          catch:\n            - error_equals: [LookupFailed]\n              next: Failed\n          next: Done\n        - name: Done\n          type: Succeed\n        - name: Failed\n          type: Fail\n          error: LookupFailed\n';
      const file = path.join(dir, 'flow.cascade.yaml');
      fs.writeFileSync(file, flow);
      await c.initialize(undefined, {}, pathToFileURL(dir).href);
      const uri = pathToFileURL(file).href;
      c.open(uri, flow);
      const first = await c.nextDiagnostics(uri, 1);
      assert.deepEqual(first.params.diagnostics.map((d: any) => d.code), [], JSON.stringify(first.params.diagnostics));
      // An unrelated JSON file changes: nothing is re-analysed.
      const since = c.notifications.length;
      fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'package-lock.json')).href, type: 1 }] });
      await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(c.notifications.slice(since).filter((n) => n.method === 'textDocument/publishDiagnostics').length, 0);
      // The catalogue, open in the editor too, is saved with the error renamed: the flow now
      // catches an error the activity does not raise, and does not catch the one it does.
      const catUri = pathToFileURL(catalogue).href;
      c.open(catUri, declare('NotFound'), 1);
      fs.writeFileSync(catalogue, declare('NotFound'));
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: catUri, type: 2 }] });
      const second = await c.nextDiagnostics(uri, 1);
      assert.ok(second.params.diagnostics.length > 0, 'the saved catalogue is read again');
      assert.match(JSON.stringify(second.params.diagnostics), /NotFound/);
    } finally {
      await c.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
