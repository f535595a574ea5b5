// Which files a run lints: folders scanned for Cascade files only (by name, or by the first
// document's apiVersion), node_modules/.git skipped, other YAML (GitHub Actions, Kubernetes)
// skipped, globs expanded, explicit files always linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { findFiles } from '../../server/src/cli/files';
import { parseJson, run, tempDir, writeTree } from './helpers';

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
