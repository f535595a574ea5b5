// The language server over real JSON-RPC on stdio: lifecycle, diagnostics (debounced, never
// stale), every feature, cancellation, malformed input and hostile documents.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, positionOf } from './lsp-client';
import { runCli } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/lsp');
const SHOP = fs.readFileSync(path.join(FIXTURES, 'shop.cascade.yaml'), 'utf8');
const uriOf = (f: string): string => pathToFileURL(f).href;
/** A document that exists only in the editor, named like a Cascade file. */
const virt = (name: string): string => uriOf(path.join(os.tmpdir(), 'cascade-virtual', `${name}.cascade.yaml`));

function hoverText(h: { contents: { value: string } } | null): string {
  return h ? h.contents.value : '';
}

describe('language server over stdio', () => {
  let c: LspClient;
  const uri = uriOf(path.join(FIXTURES, 'shop.cascade.yaml'));

  before(async () => {
    c = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '60' });
    const init = await c.initialize();
    assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.equal(init.serverInfo.name, 'cascade-language-server');
    for (const cap of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'foldingRangeProvider']) assert.ok(init.capabilities[cap], cap);
    assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
    c.open(uri, SHOP);
    await c.nextDiagnostics(uri, 1);
  });

  after(async () => {
    const code = await c.shutdown();
    assert.equal(code, 0, `server exit code (stderr: ${c.stderr})`);
  });

  it('publishes diagnostics with rule id, docs link, severity and version', async () => {
    const n = c.notifications.find((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === uri)!;
    assert.equal(n.params.version, 1);
    const d = n.params.diagnostics.find((x: { code: string }) => x.code === 'prefer-canonical-keys');
    assert.ok(d, JSON.stringify(n.params.diagnostics));
    assert.equal(d.severity, 2);
    assert.equal(d.source, 'cascade-lint');
    assert.match(d.codeDescription.href, /#prefer-canonical-keys$/);
    assert.deepEqual(d.range.start, positionOf(SHOP, 'resultPath'));
  });

  it('maps info findings to Information and carries related locations', async () => {
    const u = virt('Related');
    const text = 'states:\n  - name: A\n    type: Pass\n    type: Pass\n    end: true\n';
    c.open(u, text);
    const n = await c.nextDiagnostics(u);
    const info = n.params.diagnostics.find((x: { code: string }) => x.code === 'missing-envelope');
    assert.equal(info.severity, 3);
    const dup = n.params.diagnostics.find((x: { code: string }) => x.code === 'duplicate-key');
    assert.ok(dup.relatedInformation?.length, 'related information');
    assert.deepEqual(dup.relatedInformation[0].location.range.start, { line: 2, character: 4 });
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('tags unreachable states as unnecessary', async () => {
    const u = virt('Unreachable');
    const text = SHOP.replace('        - name: Rejected\n', '        - name: Orphan\n          type: Succeed\n\n        - name: Rejected\n');
    c.open(u, text);
    const n = await c.nextDiagnostics(u, 1);
    const d = n.params.diagnostics.find((x: { code: string }) => x.code === 'unreachable-state');
    assert.ok(d, JSON.stringify(n.params.diagnostics.map((x: { code: string }) => x.code)));
    assert.deepEqual(d.tags, [1]);
    assert.deepEqual(d.range.start, positionOf(text, 'Orphan'));
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('applies incremental changes and never publishes a stale version', async () => {
    const u = uriOf(path.join(FIXTURES, 'edited.cascade.yaml'));
    c.open(u, SHOP, 1);
    await c.nextDiagnostics(u, 1);
    const since = c.notifications.length;
    // Ten quick edits: rename "resultPath" back and forth, then leave an unknown key.
    const at = positionOf(SHOP, 'resultPath');
    for (let v = 2; v <= 10; v++) {
      const word = v % 2 === 0 ? 'result    ' : 'resultPath';
      c.change(u, v, [{ range: { start: at, end: { line: at.line, character: at.character + 10 } }, text: word }]);
    }
    const last = await c.nextDiagnostics(u, 10);
    await new Promise((r) => setTimeout(r, 150));
    const published = c.notifications.slice(since).filter((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === u);
    assert.deepEqual(published.map((x) => x.params.version), [10], 'only the last version is published');
    assert.ok(!last.params.diagnostics.some((d: { code: string }) => d.code === 'prefer-canonical-keys'), 'the last edit fixed the alias');
    // The server's text is the edited one: a hover there sees the new key.
    const h = await c.request('textDocument/hover', { textDocument: { uri: u }, position: { line: at.line, character: at.character + 1 } });
    assert.match(hoverText(h), /\*\*result\*\*/);
    c.change(u, 11, [{ range: { start: at, end: at }, text: 'x' }]);
    const d11 = await c.nextDiagnostics(u, 11);
    assert.ok(d11.params.diagnostics.some((d: { code: string }) => d.code === 'unknown-field'));
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
    const cleared = await c.waitFor((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === u && x.params.diagnostics.length === 0 && x.params.version === undefined);
    assert.ok(cleared);
  });

  it('hovers a context path with its type and writer', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SHOP, '$.customer.tier', 12) });
    const text = hoverText(h);
    assert.match(text, /`\$\.customer\.tier`/);
    assert.match(text, /\*\*Type:\*\* `string`/);
    assert.match(text, /\*\*Here:\*\* always present/);
    assert.match(text, /Written by:\*\* "LoadCustomer"/);
    assert.deepEqual(h.range.start, positionOf(SHOP, '$.customer.tier'));
  });

  it('hovers a path that is set on some paths only as maybe absent, with the reason', async () => {
    const u = virt('Maybe');
    const text = [
      'apiVersion: cascade.io/v1', 'kind: Application', 'metadata: { name: m }', 'spec:', '  workflows:', '    - name: W', '      start: Check', '      states:',
      '        - name: Check', '          type: Choice', '          choices:', '            - condition: "{{ workflow.input.vip == true }}"', '              next: Bonus', '          default: Report',
      '        - name: Bonus', '          type: Pass', '          value: { amount: 10 }', '          result: $.bonus', '          next: Report',
      '        - name: Report', '          type: Pass', '          value: "{{ $.bonus.amount | default: 0 }}"', '          result: $.out', '          end: true', '',
    ].join('\n');
    c.open(u, text);
    await c.nextDiagnostics(u, 1);
    const h = await c.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, '$.bonus.amount', 3) });
    const t = hoverText(h);
    assert.match(t, /\*\*Here:\*\* maybe absent/, t);
    assert.match(t, /\*\*Type:\*\* `\{ ?amount: number ?\}`/, t);
    assert.match(t, /Written by:\*\* "Bonus"/, t);
    assert.match(t, /May be missing:.*"Check".*"Report"/, t);
    const r = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(text, '$.bonus.amount', 2) });
    const bonus = r.items.find((i: { label: string }) => i.label === 'bonus');
    assert.ok(bonus, JSON.stringify(r.items));
    assert.match(bonus.detail, /maybe/);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('hovers workflow.input paths from the input contract', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SHOP, 'workflow.input.amount', 16) });
    assert.match(hoverText(h), /\*\*Type:\*\* `number` \(input contract v1\)/);
  });

  it('hovers a state name with its type and incoming edges', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SHOP, 'default: Rejected', 10) });
    const text = hoverText(h);
    assert.match(text, /\*\*Rejected\*\* · `Fail`/);
    assert.match(text, /"LoadCustomer" \(catch\)/);
    assert.match(text, /"IsGold" \(default\)/);
  });

  it('hovers a key with its schema documentation and a URN with its declaration', async () => {
    const k = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SHOP, 'catch:', 2) });
    assert.match(hoverText(k), /\*\*catch\*\*/);
    const u = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SHOP, 'resource: urn:cascade:activity:charge_card', 30) });
    assert.match(hoverText(u), /\*\*Output:\*\* `\{ charge_id: string \}`/);
    assert.match(hoverText(u), /CardDeclined/);
  });

  it('completes paths, state names, keys, types, filters and error names', async () => {
    const labels = async (needle: string, delta: number, t = SHOP, u = uri): Promise<string[]> => {
      const r = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(t, needle, delta) });
      return (r?.items ?? []).map((i: { label: string }) => i.label);
    };
    assert.deepEqual((await labels('$.customer.tier', 11)).sort(), ['email', 'id', 'name', 'tier']);
    assert.deepEqual((await labels('workflow.input.amount', 15)).sort(), ['amount', 'customer_id']);
    assert.ok((await labels('next: IsGold', 6)).includes('Charge'));
    assert.ok((await labels('type: Choice', 6)).includes('HumanTask'));
    assert.ok((await labels('| upcase', 2)).includes('default'));
    const errors = await labels('[NotFoundError]', 1);
    assert.ok(errors.includes('States.ALL') && errors.includes('ServiceUnavailable'), errors.join());
    // Keys of a Task state on a new line at its indentation, without the ones already there.
    const u = virt('Keys');
    const text = SHOP.replace('          next: Done\n', '          next: Done\n          \n');
    c.open(u, text);
    const keys = await labels('next: Done\n          ', 21, text, u);
    assert.ok(keys.includes('retries') && keys.includes('timeout'), keys.join());
    assert.ok(!keys.includes('resource') && !keys.includes('choices'), keys.join());
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('offers state snippets for a new list item under states', async () => {
    const u = virt('Snippets');
    const text = SHOP.replace('        - name: Done\n', '        - \n        - name: Done\n');
    c.open(u, text);
    const r = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(text, '        - \n', 10) });
    const task = r.items.find((i: { label: string }) => i.label === 'Task state');
    assert.ok(task, r.items.map((i: { label: string }) => i.label).join());
    assert.equal(task.insertTextFormat, 2);
    assert.match(task.textEdit.newText, /^- name: \$\{1:DoWork\}\n {10}type: Task/);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('goes to definitions and finds references', async () => {
    const def = await c.request('textDocument/definition', { textDocument: { uri }, position: positionOf(SHOP, 'next: IsGold', 8) });
    assert.deepEqual(def[0].range.start, positionOf(SHOP, 'IsGold', 0, 1));
    const urn = await c.request('textDocument/definition', { textDocument: { uri }, position: positionOf(SHOP, 'resource: urn:cascade:activity:load_customer', 25) });
    assert.deepEqual(urn[0].range.start, positionOf(SHOP, 'urn:cascade:activity:load_customer'));
    const writer = await c.request('textDocument/definition', { textDocument: { uri }, position: positionOf(SHOP, '$.customer.name', 4) });
    assert.deepEqual(writer[0].range.start, positionOf(SHOP, '$.customer\n'));
    const refs = await c.request('textDocument/references', { textDocument: { uri }, position: positionOf(SHOP, 'name: Rejected', 7), context: { includeDeclaration: true } });
    assert.equal(refs.length, 3);
  });

  it('renames a state everywhere and refuses a name that exists', async () => {
    const pos = positionOf(SHOP, 'next: Charge', 8);
    const prep = await c.request('textDocument/prepareRename', { textDocument: { uri }, position: pos });
    assert.equal(prep.placeholder, 'Charge');
    const none = await c.request('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(SHOP, 'type: Choice', 2) });
    assert.equal(none, null);
    const edit = await c.request('textDocument/rename', { textDocument: { uri }, position: pos, newName: 'ChargeCard' });
    const edits = edit.changes[uri];
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e: { newText: string }) => e.newText === 'ChargeCard'));
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos, newName: 'Done' }), /already exists/);
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos, newName: 'has space' }), /not a valid state name/);
  });

  it('offers quick fixes, disable-next-line and fix-all', async () => {
    const diags = c.notifications.find((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === uri)!.params.diagnostics;
    const d = diags.find((x: { code: string }) => x.code === 'prefer-canonical-keys');
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a: { title: string }) => a.title === 'Rename "resultPath" to "result"');
    assert.ok(fix && fix.isPreferred && fix.kind === 'quickfix');
    assert.equal(fix.diagnostics[0].code, 'prefer-canonical-keys');
    assert.deepEqual(fix.edit.changes[uri], [{ range: d.range, newText: 'result' }]);
    const disable = actions.find((a: { title: string }) => a.title === 'Disable prefer-canonical-keys for this line');
    assert.deepEqual(disable.edit.changes[uri][0], { range: { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line, character: 0 } }, newText: '          # cascade-lint-disable-next-line prefer-canonical-keys\n' });
    const all = await c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.cascade');
    assert.equal(all[0].edit.changes[uri].length, 1);
  });

  it('applying disable-next-line silences the finding', async () => {
    const u = uriOf(path.join(FIXTURES, 'disable.cascade.yaml'));
    c.open(u, SHOP);
    const d = (await c.nextDiagnostics(u, 1)).params.diagnostics.find((x: { code: string }) => x.code === 'prefer-canonical-keys');
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    const e = actions.find((a: { title: string }) => a.title.startsWith('Disable')).edit.changes[u][0];
    c.change(u, 2, [{ range: e.range, text: e.newText }]);
    const after2 = await c.nextDiagnostics(u, 2);
    assert.ok(!after2.params.diagnostics.some((x: { code: string }) => x.code === 'prefer-canonical-keys' || x.code === 'unused-suppression'));
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('returns symbols, folding ranges and the flow graph', async () => {
    const syms = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    const wf = syms.find((s: { name: string }) => s.name === 'Checkout');
    assert.deepEqual(wf.children.map((s: { name: string }) => s.name), ['LoadCustomer', 'IsGold', 'Charge', 'Done', 'Rejected']);
    const folds = await c.request('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.length > 5);
    const g = await c.request('cascade/graph', { textDocument: { uri } });
    assert.equal(g.workflow, 'Checkout');
    assert.match(g.mermaid, /^flowchart TD$/m);
    assert.ok(g.graph.edges.some((e: { kind: string; errors?: string[] }) => e.kind === 'catch' && e.errors?.includes('NotFoundError')), JSON.stringify(g.graph.edges));
    assert.ok(g.graph.edges.some((e: { kind: string }) => e.kind === 'default'));
  });

  it('answers a request cancelled while queued with RequestCancelled', async () => {
    // Both messages in one write: the cancel arrives before the request is dispatched.
    const body = (m: unknown): string => {
      const s = JSON.stringify(m);
      return `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
    };
    const id = 9001;
    const p = new Promise<{ error?: { code: number } }>((resolve) => {
      (c as unknown as { pending: Map<number, { resolve: (v: unknown) => void; method: string }> }).pending.set(id, { resolve: resolve as (v: unknown) => void, method: 'hover' });
    });
    c.writeRaw(body({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 0 } } }) + body({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
    const r = await p;
    assert.equal(r.error?.code, -32800);
  });

  it('survives malformed requests and notifications', async () => {
    const bad = [
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'x', character: null } }],
      ['textDocument/hover', { textDocument: { uri: 'file:///nope.cascade.yaml' }, position: { line: 0, character: 0 } }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: -5, character: 1e9 } }],
      ['textDocument/rename', { textDocument: { uri }, position: { line: 1e9, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
      ['textDocument/documentSymbol', null],
      ['cascade/graph', { textDocument: { uri }, workflow: 42 }],
      ['cascade/graph', 'nonsense'],
    ] as const;
    for (const [m, params] of bad) {
      const { response } = c.send(m, params);
      const r = await response;
      assert.ok(r.error === undefined || typeof r.error.code === 'number', m);
    }
    const unknown = await c.send('cascade/noSuchThing', {}).response;
    assert.equal(unknown.error?.code, -32601);
    c.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.yaml', version: 3 }, contentChanges: [{ text: 'x' }] });
    c.notify('textDocument/didOpen', { textDocument: null });
    c.notify('workspace/didChangeWatchedFiles', { changes: 'no' });
    c.writeRaw('Content-Length: 17\r\n\r\n{"jsonrpc": "2.0"');
    c.writeRaw('Content-Length: 5\r\n\r\n}{][}');
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SHOP, 'next: IsGold', 8) });
    assert.match(hoverText(h), /IsGold/);
    assert.equal(c.exited, null);
  });

  it('analyses garbage, half-typed and huge documents without dying', async () => {
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ' \n\t:-[]{}#&*!|>\'"%@`,?$.{{}}abcXYZ0123456789\u00e9\u4e2d\ud83d\ude00\u0000\ufffd';
    const docs: string[] = [];
    for (let i = 0; i < 6; i++) docs.push(Array.from({ length: 400 + i * 300 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    for (let cut = 50; cut < SHOP.length; cut += 211) docs.push(SHOP.slice(0, cut));
    docs.push('a: &a [*a, *a]\nb: *a\n'.repeat(50));
    docs.push('- '.repeat(3000) + 'x');
    docs.push('{'.repeat(5000));
    docs.push('apiVersion: cascade.io/v1\nkind: Application\n' + 'x: "' + '\u0001\u0002\u0003'.repeat(1000) + '"\n');
    for (let i = 0; i < docs.length; i++) {
      const u = virt(`Garbage-${i}`);
      c.open(u, docs[i]);
      await c.nextDiagnostics(u, 1);
      for (let k = 0; k < 10; k++) {
        const line = Math.floor(rnd() * 30);
        const character = Math.floor(rnd() * 40);
        for (const m of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/prepareRename']) {
          const r = await c.send(m, { textDocument: { uri: u }, position: { line, character } }).response;
          assert.equal(r.error, undefined, `${m} on garbage ${i}: ${JSON.stringify(r.error)}`);
        }
      }
      for (const m of ['textDocument/documentSymbol', 'textDocument/foldingRange']) assert.equal((await c.send(m, { textDocument: { uri: u } }).response).error, undefined);
      c.notify('textDocument/didClose', { textDocument: { uri: u } });
    }
    // A huge document (over the 5 MB limit) gets one finding, not a hang.
    const huge = 'apiVersion: cascade.io/v1\n' + '# filler\n'.repeat(700_000);
    const hu = virt('Huge');
    c.open(hu, huge);
    const hd = await c.nextDiagnostics(hu, 1, 30_000);
    assert.match(hd.params.diagnostics[0].message, /too large/);
    c.notify('textDocument/didClose', { textDocument: { uri: hu } });
    assert.equal(c.exited, null);
  });

  it('publishes nothing for YAML files that are not Cascade files', async () => {
    const file = path.join(FIXTURES, 'not-cascade.yaml');
    const u = uriOf(file);
    c.open(u, fs.readFileSync(file, 'utf8'));
    const n = await c.nextDiagnostics(u, 1);
    assert.deepEqual(n.params.diagnostics, []);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 1 } }), null);
    assert.equal(await c.request('textDocument/completion', { textDocument: { uri: u }, position: { line: 3, character: 4 } }), null);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });
});

describe('language server settings', () => {
  it('applies rule severities from workspace/configuration', async () => {
    const c = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '20' });
    try {
      await c.initialize();
      const uri = virt('Settings');
      c.open(uri, SHOP);
      const first = await c.nextDiagnostics(uri, 1);
      assert.ok(first.params.diagnostics.some((d: { code: string }) => d.code === 'prefer-canonical-keys'));
      c.settings = { cascade: { rules: { 'prefer-canonical-keys': 'error' } } };
      c.notify('workspace/didChangeConfiguration', { settings: null });
      const second = await c.nextDiagnostics(uri, 1);
      assert.equal(second.params.diagnostics.find((d: { code: string }) => d.code === 'prefer-canonical-keys').severity, 1);
      c.settings = { cascade: { rules: { 'prefer-canonical-keys': 'off' } } };
      c.notify('workspace/didChangeConfiguration', { settings: null });
      const third = await c.nextDiagnostics(uri, 1);
      assert.ok(!third.params.diagnostics.some((d: { code: string }) => d.code === 'prefer-canonical-keys'));
      assert.ok(c.serverRequests.some((r) => r.method === 'client/registerCapability'), 'watchers registered');
    } finally {
      await c.shutdown();
    }
  });

  it('re-reads .cascade-lint.yaml when it changes, matching the CLI', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-lsp-'));
    const file = path.join(dir, 'shop.cascade.yaml');
    fs.writeFileSync(file, SHOP);
    const config = path.join(dir, '.cascade-lint.yaml');
    const c = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '20' });
    try {
      await c.initialize(undefined, {}, uriOf(dir));
      const uri = uriOf(file);
      c.open(uri, SHOP);
      const before = await c.nextDiagnostics(uri, 1);
      assert.ok(before.params.diagnostics.some((d: { code: string }) => d.code === 'prefer-canonical-keys'));
      fs.writeFileSync(config, 'rules:\n  prefer-canonical-keys: off\n  missing-envelope: error\n');
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 1 }] });
      const after2 = await c.nextDiagnostics(uri, 1);
      const codes = after2.params.diagnostics.map((d: { code: string }) => d.code).sort();
      assert.ok(!codes.includes('prefer-canonical-keys'));
      // The same findings as the CLI with the same config.
      let out = '';
      await runCli(['-f', 'json', file], { cwd: dir, stdout: (s) => (out += s), stderr: () => undefined, readStdin: () => '', isTTY: false, env: {} });
      const cli = (JSON.parse(out) as { messages: { ruleId: string; line: number; column: number }[] }[])[0].messages;
      assert.deepEqual(codes, cli.map((m) => m.ruleId).sort());
      // An invalid config falls back to the default rules and says so.
      fs.writeFileSync(config, 'rules:\n  no-such-rule: off\n');
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 2 }] });
      const broken = await c.nextDiagnostics(uri, 1);
      assert.equal(broken.params.diagnostics[0].code, 'config');
      assert.match(broken.params.diagnostics[0].message, /no-such-rule/);
    } finally {
      await c.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints its version and serves plain-text clients', async () => {
    const { execFileSync } = await import('child_process');
    const v = execFileSync(process.execPath, [path.join(ROOT, 'bin/cascade-language-server.js'), '--version'], { encoding: 'utf8' });
    assert.match(v, /^\d+\.\d+\.\d+/);
    const c = new LspClient(['--stdio']);
    try {
      await c.initialize({ textDocument: { hover: { contentFormat: ['plaintext'] }, completion: { completionItem: { snippetSupport: false } } } });
      const uri = virt('Plain');
      const text = SHOP.replace('        - name: Done\n', '        - \n        - name: Done\n');
      c.open(uri, text);
      const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'next: IsGold', 8) });
      assert.equal(h.contents.kind, 'plaintext');
      assert.ok(!h.contents.value.includes('**'));
      const r = await c.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '        - \n', 10) });
      const task = r.items.find((i: { label: string }) => i.label === 'Task state');
      assert.equal(task.insertTextFormat, 1);
      assert.ok(!task.textEdit.newText.includes('${'), task.textEdit.newText);
      const syms = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(syms.some((s: { name: string; containerName?: string }) => s.name === 'Charge' && s.containerName === 'Checkout'));
    } finally {
      await c.shutdown();
    }
  });
});
