// Bad input (issue 2, item 9): each case gets a finding with an exact span or a clear one-line
// error, exit code 1 or 2, never a stack trace, in bounded time and memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { generateWorkflow } from '../../bench/generate';
import { walkFiles } from '../../server/src/analysis/file-walk';
import { BIN, INPUTS, JsonMessage, JsonResult, assertNoStack, parseJson, run, spawnCli, tempDir, where, writeTree } from '../cli/helpers';
import { parseYaml, toPlain } from '../../server/src/syntax/yaml-tree';

/** Lint one file's content (text or bytes) in-process; the json report and the exit code. */
async function lint(content: string | Buffer, name = 'x.cascade.yaml'): Promise<{ code: number; res: JsonResult; stderr: string }> {
  const dir = tempDir();
  writeTree(dir, { [name]: content });
  const r = await run(['-f', 'json', name], { cwd: dir });
  assertNoStack(r.stderr);
  return { code: r.code, res: parseJson(r.stdout)[0], stderr: r.stderr };
}

/** Lint with the real binary: the end-to-end proof that nothing leaks to stderr. */
function lintSpawned(content: string | Buffer, name = 'x.cascade.yaml'): { code: number; res: JsonResult; stderr: string; ms: number } {
  const dir = tempDir();
  writeTree(dir, { [name]: content });
  const t0 = Date.now();
  const r = spawnCli(['-f', 'json', name], { cwd: dir });
  const ms = Date.now() - t0;
  assertNoStack(r.stderr);
  assertNoStack(r.stdout);
  return { code: r.code, res: parseJson(r.stdout)[0], stderr: r.stderr, ms };
}

const syntax = (res: JsonResult): string[] => res.messages.filter((m) => m.ruleId === 'yaml-syntax').map((m) => `${where(m)} ${m.message}`);

test('invalid YAML at several places: each a yaml-syntax finding at the exact span, exit 1', async () => {
  const cases: [string, string, string[]][] = [
    ['unclosed double quote', 'apiVersion: cascade.io/v1\nkind: Application\nmetadata:\n  name: "unclosed\nspec:\n  workflows: []\n', ['4:9-4:10 yaml-syntax Unclosed double-quoted string: the closing quote is missing.']],
    ['unclosed single quote', "states:\n  - name: 'A\n    type: Succeed\n", ['2:11-2:12 yaml-syntax Unclosed single-quoted string: the closing quote is missing.']],
    ['unclosed flow mapping', 'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: x\nspec:\n  workflows: []\n', ['4:1-4:2 yaml-syntax Flow map in block collection must be sufficiently indented and end with a }.']],
    ['unclosed flow sequence', 'states:\n- name: A\n  type: Succeed\n  next: [B\n', ['4:10-4:11 yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ].']],
    ['bad indentation', 'states:\n  - name: A\n    type: Succeed\n     description: x\n', ['3:11-3:12 yaml-syntax Nested mappings are not allowed in compact mappings.', '3:11-4:17 yaml-syntax Implicit keys need to be on a single line.']],
    ['reserved character', 'states:\n  - name: A\n    type: Succeed\n    description: @x\n', ['4:18-4:19 yaml-syntax Plain value cannot start with reserved character @.']],
    ['error in a second document', 'states:\n  - name: A\n    type: Succeed\n---\nstates:\n  - name: C\n   type: Fail\n', ['7:1-7:2 yaml-syntax Sequence item without - indicator.']],
    ['alias without an anchor', 'apiVersion: cascade.io/v1\nkind: Application\nmetadata:\n  name: x\nspec:\n  workflows: *missing\n', ['6:14-6:22 yaml-syntax Unknown alias "*missing": no anchor "&missing" is defined before it.']],
    ['junk after the document end marker', 'states:\n  - name: A\n    type: Succeed\n...\njunk: [\n', ['5:7-5:8 yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ].']],
  ];
  for (const [label, text, expected] of cases) {
    const { code, res, stderr } = await lint(text);
    assert.equal(code, 1, label);
    assert.equal(stderr, '', label);
    assert.deepEqual(syntax(res), expected, label);
  }
});

test('tabs used for indentation', async () => {
  const { code, res } = await lint('states:\n  - name: A\n\ttype: Succeed\n');
  assert.equal(code, 1);
  assert.deepEqual(syntax(res), ['3:1-3:2 yaml-syntax Tabs are not allowed as indentation.']);
  // A tab as a separator inside a line, or inside a string, is fine YAML.
  const ok = await lint('states:\n  - name: A\n    type:\tSucceed\n    description: "a\tb"\n');
  assert.deepEqual(ok.res.messages.map(where), ['1:1-1:7 missing-envelope']);
});

test('an empty file (or only blank lines and comments) is an error at 1:1', async () => {
  for (const text of ['', '\n\n', '# only a comment\n']) {
    const { code, res } = await lint(text);
    assert.equal(code, 1, JSON.stringify(text));
    assert.deepEqual(res.messages.map((m) => [where(m), m.severity]), [['1:1-1:1 missing-envelope', 2]], JSON.stringify(text));
    assert.match(res.messages[0].message, /^The document is empty: expected a Cascade application/);
  }
});

test('a binary file: one finding, no analysis', () => {
  const { code, res, stderr } = lintSpawned(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  assert.equal(code, 1);
  assert.equal(stderr, '');
  assert.deepEqual(res.messages.map((m) => `${where(m)} ${m.message}`), ['1:1-1:1 yaml-syntax The file looks binary (it has a NUL byte at offset 8); it is not analysed.']);
});

test('a 10 MB file: a clear finding, quickly, without analysing it', () => {
  const text = generateWorkflow(21_000);
  assert.ok(text.length >= 10_000_000, `${text.length} bytes`);
  const { code, res, stderr, ms } = lintSpawned(text, 'huge.cascade.yaml');
  assert.equal(code, 1);
  assert.equal(stderr, '');
  assert.deepEqual(res.messages.map((m) => `${where(m)} ${m.message}`), [`1:1-1:1 yaml-syntax The file is too large to analyse (${(text.length / 1048576).toFixed(1)} MB; the limit is 5 MB).`]);
  assert.ok(ms < 60_000, `${ms} ms`);
});

test('10,000 levels of nesting, flow and block: capped with a finding at the depth limit', () => {
  const flow = 'states: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
  // Block nesting on one line: compact sequences ("- - - x"), 10,000 deep in 20 kB.
  const block = 'states:\n' + '- '.repeat(10_000) + 'x\n';
  const blockMaps = 'states:\n- ' + '- '.repeat(9_999) + 'name: A\n';
  for (const [label, text] of [['flow', flow], ['block', block], ['block with a mapping', blockMaps]]) {
    const { code, res, stderr } = lintSpawned(text);
    assert.equal(code, 1, label);
    assert.equal(stderr, '', label);
    const depth = res.messages.filter((m) => m.message === 'Nesting deeper than 500 levels is not analysed.');
    assert.equal(depth.length, 1, `${label}: ${JSON.stringify(res.messages)}`);
    assert.equal(depth[0].line, text.startsWith('states: [') ? 1 : 2, label);
    assert.ok(res.messages.every((m) => m.line >= 1 && m.column >= 1), label);
  }
});

test('a YAML alias bomb (billion laughs) is cut off with a finding, in bounded time', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const n = String.fromCharCode(97 + i);
    const p = String.fromCharCode(96 + i);
    lines.push(`${n}: &${n} [${Array(10).fill('*' + p).join(',')}]`);
  }
  lines.push('states: *j');
  const { code, res, stderr, ms } = lintSpawned(lines.join('\n') + '\n');
  assert.equal(code, 1);
  assert.equal(stderr, '');
  assert.deepEqual(syntax(res), ['1:1-12:1 yaml-syntax Aliases expand to more than 100000 nodes; the document is not analysed further.']);
  assert.ok(ms < 30_000, `${ms} ms`);
});

test('ordinary aliases still work and do not trip the alias budget', async () => {
  const text = 'defaults: &retry\n  max_attempts: 2\nstates:\n  - name: A\n    type: Task\n    resource: urn:cascade:activity:a\n    retries: *retry\n    end: true\n';
  const { res } = await lint(text);
  assert.deepEqual(syntax(res), []);
});

test('invalid UTF-8: a finding at the first bad byte, positions in UTF-16 as usual', async () => {
  const bytes = Buffer.concat([Buffer.from('states:\n  - name: Ünïcode\n    type: Succeed\n    description: caf', 'utf8'), Buffer.from([0xe9]), Buffer.from('\n', 'utf8')]);
  const { code, res } = await lint(bytes);
  assert.equal(code, 1);
  assert.deepEqual(res.messages.map((m) => `${where(m)} ${m.message}`), [`4:21-4:22 yaml-syntax The file is not valid UTF-8 (byte offset ${bytes.indexOf(0xe9)}); it is not analysed.`]);
});

/** Compare every finding's line and column between two spellings of the same files. */
async function positions(transform: (text: string) => string | Buffer): Promise<{ plain: string[]; other: string[] }> {
  const files = walkFiles(INPUTS, (f) => /\.cascade\.yaml$/.test(f) && !f.includes('node_modules'));
  const dir = tempDir();
  for (const f of files) writeTree(dir, { [path.basename(f)]: transform(fs.readFileSync(f, 'utf8')) });
  const plain = parseJson((await run(['-f', 'json', ...files])).stdout).flatMap((r) => r.messages.map((m: JsonMessage) => `${path.basename(r.filePath)} ${where(m)} ${m.message}`));
  const other = parseJson((await run(['-f', 'json', '.'], { cwd: dir })).stdout).flatMap((r) => r.messages.map((m: JsonMessage) => `${path.basename(r.filePath)} ${where(m)} ${m.message}`));
  return { plain, other };
}

test('a BOM changes no position (it is not counted, as in ESLint)', async () => {
  const { plain, other } = await positions((t) => '\uFEFF' + t);
  assert.ok(plain.length > 10);
  assert.deepEqual(other, plain);
  const { res } = await lint(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('states:\n  - name: A\n    type: Succeed\n    tipe: x\n')]));
  assert.deepEqual(res.messages.map(where), ['1:1-1:7 missing-envelope', '4:5-4:9 unknown-field']);
});

test('CRLF line endings give the same lines and columns as LF (spans still exact)', async () => {
  const { plain, other } = await positions((t) => t.replace(/\n/g, '\r\n'));
  assert.ok(plain.length > 10);
  assert.deepEqual(other, plain);
  // Lone CR line breaks too.
  const { res } = await lint('states:\r  - name: A\r    type: Succeed\r    tipe: x\r');
  assert.deepEqual(res.messages.map(where), ['1:1-1:7 missing-envelope', '4:5-4:9 unknown-field']);
});

test('duplicate keys: reported at the repeated key, with the first one as related', async () => {
  const { code, res } = await lint('states:\n  - name: A\n    type: Succeed\n    name: B\n    name: C\n');
  assert.equal(code, 1);
  const dups = res.messages.filter((m) => m.ruleId === 'duplicate-key') as (JsonMessage & { related: { line: number; column: number }[] })[];
  assert.deepEqual(dups.map((m) => [where(m), m.message, m.related.map((x) => `${x.line}:${x.column}`)]), [
    ['4:5-4:9 duplicate-key', 'Key "name" is defined twice in this mapping; only the first is used.', ['2:5']],
    ['5:5-5:9 duplicate-key', 'Key "name" is defined twice in this mapping; only the first is used.', ['2:5']],
  ]);
  // In a big mapping (the Map-based path) too.
  const many = Array.from({ length: 30 }, (_, i) => `  k${i}: ${i}`).join('\n');
  const big = await lint(`metadata:\n${many}\n  k7: again\n`, 'big.cascade.yaml');
  assert.deepEqual(big.res.messages.filter((m) => m.ruleId === 'duplicate-key').map(where), ['32:3-32:5 duplicate-key']);
});

test('__proto__, constructor and prototype are ordinary keys: findings, and no prototype pollution', async () => {
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const text = [
    'apiVersion: cascade.io/v1',
    'kind: Application',
    'metadata:',
    '  name: proto',
    '  labels: { __proto__: { polluted: yes }, constructor: x, prototype: y }',
    '  __proto__: { polluted: yes }',
    'spec:',
    '  activities:',
    '    - urn: urn:cascade:activity:load',
    '      input: { __proto__: string, constructor: number }',
    '      output: { prototype: string }',
    '  workflows:',
    '    - name: W',
    '      start: A',
    '      __proto__: { polluted: yes }',
    '      states:',
    '        - name: A',
    '          type: Task',
    '          resource: urn:cascade:activity:load',
    '          parameters: { __proto__: { polluted: yes }, constructor: "{{ $.x }}" }',
    '          constructor: x',
    '          __proto__: { polluted: yes }',
    '          prototype: z',
    '          end: true',
    '',
  ].join('\n');
  const { code, res } = await lint(text);
  assert.equal(code, 1);
  assert.deepEqual(res.messages.filter((m) => m.ruleId === 'unknown-field').map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message.split(';')[0]}`), [
    '6:3-6:12 Unknown key "__proto__" in "metadata"',
    '15:7-15:16 Unknown key "__proto__" in a workflow',
    '21:11-21:22 Unknown key "constructor" in a Task state',
    '22:11-22:20 Unknown key "__proto__" in a Task state',
    '23:11-23:20 Unknown key "prototype" in a Task state',
  ]);
  assert.ok(!res.messages.some((m) => /\[object Object\]|function Object/.test(m.message)), 'no inherited value leaks into a message');
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoBefore);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
  // The same keys in a config file and on the command line.
  const dir = tempDir();
  writeTree(dir, { '.cascade-lint.yaml': 'overrides:\n  - files: [a]\n    rules: { unknown-field: warn }\n', 'x.cascade.yaml': text });
  const r = await run(['--rule', 'constructor:error', 'x.cascade.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a JSON file with a .cascade.yaml name is read as YAML, positions exact', async () => {
  const json = JSON.stringify({ apiVersion: 'cascade.io/v1', kind: 'Application', metadata: { name: 'json' }, spec: { workflows: [{ name: 'W', start: 'A', states: [{ name: 'A', type: 'Succeed', nxt: 'B' }] }] } }, null, 2) + '\n';
  const { code, res } = await lint(json);
  assert.equal(code, 1);
  const line = json.split('\n').findIndex((l) => l.includes('"nxt"'));
  const col = json.split('\n')[line].indexOf('"nxt"');
  assert.deepEqual(res.messages.map(where), [`${line + 1}:${col + 1}-${line + 1}:${col + 6} unknown-field`]);
  // Minified JSON on one line, with a syntax error.
  const broken = await lint('{"states": [{"name": "A", "type": "Succeed"}');
  assert.equal(broken.code, 1);
  assert.ok(syntax(broken.res).length >= 1);
  assert.ok(broken.res.messages.every((m) => m.line === 1));
});

test('odd but valid YAML does not crash: anchors on keys, complex keys, tags, multi-line strings, many documents', async () => {
  const text = [
    '%YAML 1.2',
    '---',
    'states:',
    '  - name: !!str A',
    '    type: &t Succeed',
    '    ? [complex, key]',
    '    : value',
    '    description: >-',
    '      folded',
    '      text',
    '  - name: B',
    '    type: *t',
    '---',
    '---',
    '...',
    '',
  ].join('\n');
  const { code, res } = await lint(text);
  assert.ok(code === 0 || code === 1);
  assert.ok(res.messages.every((m) => m.line >= 1 && m.column >= 1 && (m.endLine > m.line || m.endColumn >= m.column)));
});

test('a file of a million YAML documents is cut off at 1,000, in bounded time and memory', async () => {
  const { code, res } = await lint('---\n'.repeat(1_000_000));
  assert.equal(code, 1);
  assert.deepEqual(syntax(res), ['1001:1-1001:4 yaml-syntax The file has more than 1000 YAML documents; only the first 1000 are analysed.']);
  assert.ok(res.messages.length <= 1001);
});

test('a UTF-16 file is named as such, not called binary', async () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('states:\n  - name: A\n', 'utf16le')]);
  const { code, res } = await lint(utf16);
  assert.equal(code, 1);
  assert.deepEqual(res.messages.map((m) => `${where(m)} ${m.message}`), ['1:1-1:1 yaml-syntax The file is UTF-16 encoded; save it as UTF-8 to have it analysed.']);
});

test('a reader that closes the pipe early (cascade-lint | head) gets no stack trace', async () => {
  const { spawn } = await import('child_process');
  const dir = tempDir();
  writeTree(dir, { 'many.cascade.yaml': 'states:\n  - name: A\n    type: Succeed\n    nxt: B\n---\n'.repeat(900) });
  const child = spawn(process.execPath, [BIN, '--no-color', 'many.cascade.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assertNoStack(stderr);
  assert.doesNotMatch(stderr, /EPIPE/);
  assert.ok(code === 1 || code === 0, String(code));
});

test('a file far over the limit is rejected without being read', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'huge.cascade.yaml');
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, 40 * 1024 * 1024); // sparse: costs no disk, and would read as 40 MB of NULs
  fs.closeSync(fd);
  const r = await run(['-f', 'json', 'huge.cascade.yaml'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.deepEqual(parseJson(r.stdout)[0].messages.map((m) => `${where(m)} ${m.message}`), ['1:1-1:1 yaml-syntax The file is too large to analyse (40.0 MB; the limit is 5 MB).']);
});

test('toPlain objects (what schema validation sees) inherit nothing, and keep prototype-named keys as data', () => {
  const plain = toPlain(parseYaml('a: 1\n__proto__: { polluted: yes }\nconstructor: 2\nnested: { b: 3 }\n').documents[0].root) as Record<string, unknown>;
  assert.deepEqual(Object.keys(plain), ['a', '__proto__', 'constructor', 'nested']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(plain, '__proto__')?.value, toPlain(parseYaml('polluted: yes').documents[0].root));
  assert.equal(plain.constructor, 2);
  const empty = toPlain(parseYaml('b: 1\n').documents[0].root) as Record<string, unknown>;
  for (const k of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) assert.equal(k in empty, false, k);
  assert.equal(JSON.stringify(plain), '{"a":1,"__proto__":{"polluted":"yes"},"constructor":2,"nested":{"b":3}}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
