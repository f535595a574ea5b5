// Golden tests: every output format over the same folder of workflows with typos and
// structural mistakes (test/cli/inputs). CASCADE_UPDATE_GOLDEN=1 rewrites the goldens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_DIR, ROOT, assertGolden, normalise, run, spawnCli } from './helpers';

const ANSI = /\u001b\[\d+m/;

// Run from test/cli so that relative paths read "inputs/...", as a user would see them.
const lint = (...args: string[]) => run([...args, 'inputs'], { cwd: CLI_DIR });

test('stylish (plain) golden', async () => {
  const r = await lint('--no-color');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.doesNotMatch(r.stdout, ANSI);
  assertGolden('stylish.txt', normalise(r.stdout, ROOT));
});

test('stylish (colour) golden', async () => {
  const r = await lint('--color');
  assert.equal(r.code, 1);
  assert.match(r.stdout, ANSI);
  assertGolden('stylish-color.txt', normalise(r.stdout, ROOT));
});

test('json golden', async () => {
  const r = await lint('--format', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  // Pretty-printed in the golden so that a diff is readable; the output itself is one line.
  assert.equal(r.stdout.trimEnd().split('\n').length, 1);
  assertGolden('json.json', normalise(JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n', ROOT));
});

test('sarif golden', async () => {
  const r = await lint('--format', 'sarif');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const version = (JSON.parse(r.stdout) as { runs: { tool: { driver: { version: string } } }[] }).runs[0].tool.driver.version;
  assertGolden('sarif.json', normalise(r.stdout, CLI_DIR).split(`"version": "${version}"`).join('"version": "<version>"'));
});

test('github golden', async () => {
  const r = await lint('--format', 'github');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  for (const line of r.stdout.trimEnd().split('\n')) assert.match(line, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::\S/);
  assertGolden('github.txt', r.stdout);
});

test('a clean file prints nothing in stylish and github, and an empty-message result in json', async () => {
  const stylish = await run(['clean.cascade.yaml']);
  assert.deepEqual(stylish, { code: 0, stdout: '', stderr: '' });
  const github = await run(['-f', 'github', 'clean.cascade.yaml']);
  assert.deepEqual(github, { code: 0, stdout: '', stderr: '' });
  const json = await run(['-f', 'json', 'clean.cascade.yaml']);
  assert.equal(json.code, 0);
  const [res] = JSON.parse(json.stdout) as { messages: unknown[]; errorCount: number; warningCount: number }[];
  assert.deepEqual([res.messages, res.errorCount, res.warningCount], [[], 0, 0]);
});

test('colour: on for a TTY, off when piped, off with NO_COLOR, forced by --color, never in --output-file', async () => {
  const file = 'orders.cascade.yaml';
  assert.match((await run([file], { isTTY: true })).stdout, ANSI);
  assert.doesNotMatch((await run([file], { isTTY: false })).stdout, ANSI);
  assert.doesNotMatch((await run([file], { isTTY: true, env: { NO_COLOR: '1' } })).stdout, ANSI);
  assert.doesNotMatch((await run([file, '--no-color'], { isTTY: true })).stdout, ANSI);
  assert.match((await run([file, '--color'], { isTTY: false })).stdout, ANSI);
  // json, sarif and github never carry colour.
  for (const f of ['json', 'sarif', 'github']) assert.doesNotMatch((await run([file, '-f', f, '--color'], { isTTY: true })).stdout, ANSI);
});

test('the real binary, piped, writes plain stylish identical to the in-process run', async () => {
  const child = spawnCli(['inputs'], { cwd: CLI_DIR });
  assert.equal(child.code, 1);
  assert.equal(child.stderr, '');
  assert.doesNotMatch(child.stdout, ANSI);
  assert.equal(child.stdout, (await lint('--no-color')).stdout);
});
