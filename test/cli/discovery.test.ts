// Which files a run lints: folders scanned for Cascade files only (by name, or by the first
// document's apiVersion), node_modules/.git skipped, other YAML (GitHub Actions, Kubernetes)
// skipped, globs expanded, explicit files always linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { findFiles } from '../../server/src/cli/files';
import { parseJson, run, spawnCli, tempDir, writeTree } from './helpers';

const APP = (api = 'cascade.io/v1') => `apiVersion: ${api}\nkind: Application\nmetadata:\n  name: x\nspec:\n  workflows:\n    - name: W\n      start: Done\n      states:\n        - name: Done\n          type: Succeed\n`;
const FRAGMENT = 'states:\n  - name: Done\n    type: Succeed\n';

function tree(): string {
  const dir = tempDir();
  writeTree(dir, {
    'a.cascade.yaml': FRAGMENT,
    'b.cascade.yml': FRAGMENT,
    'c.cdl.yaml': FRAGMENT,
    'd.cdl.yml': FRAGMENT,
    'e.CASCADE.YAML': FRAGMENT,
    'sniffed.yaml': APP(),
    'sniffed-quoted.yml': APP('"cascade.io/v1"'),
    'sniffed-after-marker.yaml': '%YAML 1.2\n---\n' + APP(),
    'sniffed-bom.yaml': '\uFEFF# header comment\n' + APP(),
    'second-doc-only.yaml': 'apiVersion: v1\nkind: ConfigMap\n---\n' + APP(),
    'leading-marker-second-doc.yaml': '---\napiVersion: v1\nkind: ConfigMap\n---\n' + APP(),
    '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
    'k8s/argo.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  entrypoint: main\n',
    'docs/notes.md': '# apiVersion: cascade.io/v1\n',
    'docs/data.json': '{"apiVersion": "cascade.io/v1"}',
    'tests/order.cascade-test.yaml': 'workflow: ../a.cascade.yaml\ncases: []\n',
    'node_modules/dep/x.cascade.yaml': FRAGMENT,
    '.git/y.cascade.yaml': FRAGMENT,
    'nested/deeper/f.cascade.yaml': FRAGMENT,
  });
  return dir;
}

const rel = (dir: string, files: { file: string }[]): string[] => files.map((t) => path.relative(dir, t.file).split(path.sep).join('/'));

test('folder scanning picks Cascade files by name or by apiVersion, and nothing else', () => {
  const dir = tree();
  assert.deepEqual(rel(dir, findFiles(['.'], dir)), [
    'a.cascade.yaml',
    'b.cascade.yml',
    'c.cdl.yaml',
    'd.cdl.yml',
    'e.CASCADE.YAML',
    'nested/deeper/f.cascade.yaml',
    'sniffed-after-marker.yaml',
    'sniffed-bom.yaml',
    'sniffed-quoted.yml',
    'sniffed.yaml',
  ]);
});

test('the CLI lints exactly those files and nothing from node_modules, .git, Actions or Kubernetes', async () => {
  const dir = tree();
  const r = await run(['-f', 'json'], { cwd: dir }); // no path: the current folder
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(
    parseJson(r.stdout).map((x) => path.relative(dir, x.filePath).split(path.sep).join('/')),
    ['a.cascade.yaml', 'b.cascade.yml', 'c.cdl.yaml', 'd.cdl.yml', 'e.CASCADE.YAML', 'nested/deeper/f.cascade.yaml', 'sniffed-after-marker.yaml', 'sniffed-bom.yaml', 'sniffed-quoted.yml', 'sniffed.yaml'],
  );
});

test('globs expand (quoted, as a shell would pass them); a glob that matches nothing is a usage error', async () => {
  const dir = tree();
  assert.deepEqual(rel(dir, findFiles(['**/*.cascade.yaml'], dir)), ['a.cascade.yaml', 'nested/deeper/f.cascade.yaml']);
  assert.deepEqual(rel(dir, findFiles(['*.{yml,yaml}'], dir)), ['a.cascade.yaml', 'b.cascade.yml', 'c.cdl.yaml', 'd.cdl.yml', 'sniffed-after-marker.yaml', 'sniffed-bom.yaml', 'sniffed-quoted.yml', 'sniffed.yaml']);
  assert.deepEqual(rel(dir, findFiles(['nested/**'], dir)), ['nested/deeper/f.cascade.yaml']);
  assert.throws(() => findFiles(['k8s/*.yaml'], dir), /No files matching the pattern "k8s\/\*\.yaml"/, 'a glob does not pick non-Cascade YAML either');
  const r = await run(['k8s/*.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'cascade-lint: No files matching the pattern "k8s/*.yaml" were found.\n');
});

test('a file named on the command line is always linted, and listed once', async () => {
  const dir = tree();
  assert.deepEqual(rel(dir, findFiles(['k8s/deploy.yaml', 'a.cascade.yaml', './a.cascade.yaml'], dir)), ['k8s/deploy.yaml', 'a.cascade.yaml']);
  const r = await run(['-f', 'json', 'k8s/deploy.yaml'], { cwd: dir });
  assert.equal(r.code, 1);
  const [res] = parseJson(r.stdout);
  assert.ok(res.messages.some((m) => m.ruleId === 'unknown-api-version' || m.ruleId === 'missing-envelope'), JSON.stringify(res.messages));
});

test('several paths: folders and files mixed, results in order, duplicates once', async () => {
  const dir = tree();
  assert.deepEqual(rel(dir, findFiles(['nested', 'a.cascade.yaml', 'nested/deeper/f.cascade.yaml'], dir)), ['nested/deeper/f.cascade.yaml', 'a.cascade.yaml']);
});

test('a folder with no Cascade file is a usage error (exit 2, one line), as ESLint; so is a glob, per pattern', async () => {
  const dir = tree();
  writeTree(dir, { 'empty/.keep': '', 'yaml-only/x.yaml': 'a: 1\n' });
  for (const pat of ['k8s', 'k8s/', 'docs', 'empty', 'yaml-only', '.github']) {
    const r = await run([pat], { cwd: dir });
    assert.deepEqual(r, { code: 2, stdout: '', stderr: `cascade-lint: No files matching the pattern "${pat}" were found.\n` }, pat);
  }
  // One unmatched pattern among good ones still fails, before anything is linted.
  const mixed = await run(['a.cascade.yaml', 'k8s'], { cwd: dir });
  assert.deepEqual(mixed, { code: 2, stdout: '', stderr: 'cascade-lint: No files matching the pattern "k8s" were found.\n' });
  // No path at all: the current folder, named "." as ESLint does.
  const none = await run([], { cwd: path.join(dir, 'k8s') });
  assert.deepEqual(none, { code: 2, stdout: '', stderr: 'cascade-lint: No files matching the pattern "." were found.\n' });
  // The real binary too.
  const child = spawnCli(['k8s/'], { cwd: dir });
  assert.deepEqual(child, { code: 2, stdout: '', stderr: 'cascade-lint: No files matching the pattern "k8s/" were found.\n' });
});

test('explicit files and --stdin are unaffected; --no-error-on-unmatched-pattern skips the patterns that match nothing', async () => {
  const dir = tree();
  const explicit = await run(['-f', 'json', 'k8s/deploy.yaml'], { cwd: dir });
  assert.equal(explicit.code, 1);
  const stdin = await run(['--stdin', '-f', 'json'], { cwd: path.join(dir, 'k8s'), stdin: FRAGMENT });
  assert.equal(stdin.code, 0, stdin.stderr);
  assert.equal(parseJson(stdin.stdout).length, 1);
  const skipped = await run(['--no-error-on-unmatched-pattern', '-f', 'json', 'k8s', 'docs/*.yaml', 'missing', 'a.cascade.yaml'], { cwd: dir });
  assert.equal(skipped.code, 0, skipped.stderr);
  assert.equal(skipped.stderr, '');
  assert.deepEqual(parseJson(skipped.stdout).map((x) => path.basename(x.filePath)), ['a.cascade.yaml']);
  const nothing = await run(['--no-error-on-unmatched-pattern', 'k8s'], { cwd: dir });
  assert.deepEqual(nothing, { code: 0, stdout: '', stderr: '' });
  // The test and contracts commands keep reporting "nothing found" over all their patterns.
  assert.deepEqual(rel(dir, findFiles(['k8s', 'nested'], dir)), ['nested/deeper/f.cascade.yaml']);
});

test('a folder or glob whose every Cascade file is ignored by the config is a usage error, as ESLint', async () => {
  const dir = tree();
  writeTree(dir, { '.cascade-lint.yaml': 'ignore:\n  - nested/**\n' });
  const r = await run(['nested'], { cwd: dir });
  assert.deepEqual(r, { code: 2, stdout: '', stderr: 'cascade-lint: All files matched by "nested" are ignored by the config\'s "ignore" patterns.\n' });
  const glob = await run(['nested/**/*.cascade.yaml'], { cwd: dir });
  assert.equal(glob.code, 2);
  // A folder with some files left is fine, and the option turns the check off.
  assert.equal((await run(['-f', 'json', '.'], { cwd: dir })).code, 0);
  assert.deepEqual(await run(['--no-error-on-unmatched-pattern', 'nested'], { cwd: dir }), { code: 0, stdout: '', stderr: '' });
});
