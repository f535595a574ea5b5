// Inline suppressions through the CLI: next-line with several ids and a reason, file-level,
// unused and unknown ids reported, and --fix removing a stale directive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseJson, run, tempDir, where, writeTree } from './helpers';

async function lintText(text: string, extra: string[] = []): Promise<{ code: number; found: string[]; messages: string[] }> {
  const dir = tempDir();
  writeTree(dir, { 'x.cascade.yaml': text });
  const r = await run(['-f', 'json', '--rule', 'missing-envelope:off', ...extra, 'x.cascade.yaml'], { cwd: dir });
  const [res] = parseJson(r.stdout);
  return { code: r.code, found: res.messages.map(where), messages: res.messages.map((m) => m.message) };
}

const STATE = (extra: string) => `states:\n  - name: A\n    type: Succeed\n${extra}`;

test('disable-next-line with several ids and a reason hides those rules on the next line only', async () => {
  const text = STATE('    # cascade-lint-disable-next-line unknown-field, prefer-canonical-keys -- legacy spelling\n    outputPath: $\n    nxt: B\n');
  const r = await lintText(text);
  // outputPath (line 5) is not an unknown field but a non-canonical one: hidden. nxt (line 6) is not covered.
  assert.deepEqual(r.found, ['4:38-4:51 unused-suppression', '6:5-6:8 unknown-field']);
  assert.match(r.messages.find((m) => m.includes('Unused'))!, /Unused "cascade-lint-disable-next-line" for "unknown-field"/);
});

test('the directive covers the next line that is not blank or a comment', async () => {
  const r = await lintText(STATE('    # cascade-lint-disable-next-line unknown-field -- see below\n\n    # another comment\n    nxt: B\n'));
  assert.deepEqual(r.found, []);
  assert.equal(r.code, 0);
});

test('disable-file hides a rule in the whole file; without ids it hides every rule', async () => {
  const twoTypos = 'states:\n  - name: A\n    type: Pass\n    nxt: B\n    next: B\n  - name: B\n    type: Succeed\n    tipe: x\n';
  assert.deepEqual((await lintText('# cascade-lint-disable-file unknown-field -- generated\n' + twoTypos)).found, []);
  assert.deepEqual((await lintText('# cascade-lint-disable-file\n' + twoTypos)).found, []);
  assert.deepEqual((await lintText('# cascade-lint-disable-file duplicate-key\n' + twoTypos)).found, ['1:29-1:42 unused-suppression', '5:5-5:8 unknown-field', '9:5-9:9 unknown-field']);
});

test('an unknown rule id in a directive is reported at the id', async () => {
  const r = await lintText(STATE('    # cascade-lint-disable-next-line unknown-feild\n    nxt: B\n'));
  assert.deepEqual(r.found, ['4:38-4:51 unused-suppression', '5:5-5:8 unknown-field']);
  assert.ok(r.messages.includes('Unknown rule "unknown-feild" in "cascade-lint-disable-next-line".'));
});

test('a directive that hides nothing is a warning, fixable: --fix removes its line', async () => {
  const dir = tempDir();
  const text = 'states:\n  # cascade-lint-disable-next-line\n  - name: A\n    type: Succeed\n';
  writeTree(dir, { 'x.cascade.yaml': text });
  const before = parseJson((await run(['-f', 'json', 'x.cascade.yaml'], { cwd: dir })).stdout)[0];
  assert.deepEqual(before.messages.filter((m) => m.ruleId === 'unused-suppression').map((m) => [where(m), m.severity, !!m.fix]), [['2:3-2:35 unused-suppression', 1, true]]);
  assert.equal(before.fixableWarningCount, 1);
  await run(['--fix', 'x.cascade.yaml'], { cwd: dir });
  assert.equal(fs.readFileSync(path.join(dir, 'x.cascade.yaml'), 'utf8'), 'states:\n  - name: A\n    type: Succeed\n');
});

test('unused-suppression can itself be turned off', async () => {
  const r = await lintText(STATE('    # cascade-lint-disable-next-line duplicate-key\n    description: fine\n'), ['--rule', 'unused-suppression:off']);
  assert.deepEqual(r.found, []);
});

test('text that only looks like a directive (inside a string) is not one', async () => {
  const r = await lintText(STATE('    description: "# cascade-lint-disable-next-line unknown-field"\n    nxt: B\n'));
  assert.deepEqual(r.found, ['5:5-5:8 unknown-field']);
});
