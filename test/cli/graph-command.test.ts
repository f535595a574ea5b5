// `cascade-lint graph`: formats, workflow selection, and exit 2 with a clear message for a
// missing file, an unknown workflow (listing the names) or a bad option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runCli, Io } from '../../server/src/cli/main';
import { packageRoot } from '../../server/src/analysis/package-root';

function io(cwd: string): Io & { out: string; err: string } {
  const o = {
    cwd,
    out: '',
    err: '',
    stdout: (s: string) => { o.out += s; },
    stderr: (s: string) => { o.err += s; },
    readStdin: () => '',
    isTTY: false,
    env: {},
  };
  return o;
}

const root = packageRoot();
const payments = path.join(root, 'examples', 'payments.cascade.yaml');

test('graph prints Mermaid by default', async () => {
  const o = io(root);
  assert.equal(await runCli(['graph', payments], o), 0);
  assert.match(o.out, /^%% Flow graph of workflow "CollectPayment"/);
  assert.match(o.out, /\nflowchart TD\n/);
  assert.match(o.out, /subgraph s0\["RunRiskChecks \(Parallel\)"\]/);
  assert.match(o.out, /-\.->\|"AuthorizedError"\|/, 'catch edges are dashed and labelled with their errors');
  assert.match(o.out, /-->\|"\$\.fraud\.score #62;= 80"\|/, 'choice edges carry their condition');
  assert.match(o.out, /class s15,s16,s17,s18 fail/);
  assert.equal(o.err, '');
});

test('graph --format dot and json', async () => {
  const d = io(root);
  assert.equal(await runCli(['graph', payments, '--format', 'dot'], d), 0);
  assert.match(d.out, /^\/\/ Flow graph/);
  assert.match(d.out, /digraph "CollectPayment" \{/);
  assert.match(d.out, /subgraph cluster_s0 \{/);
  assert.match(d.out, /style=dashed/);
  const j = io(root);
  assert.equal(await runCli(['graph', payments, '--format=json'], j), 0);
  const g = JSON.parse(j.out);
  assert.equal(g.workflow, 'CollectPayment');
  assert.equal(g.start, 's0');
  const state = g.states.find((s: { name: string }) => s.name === 'AssessRisk');
  assert.equal(state.type, 'Choice');
  assert.equal(typeof state.line, 'number');
  assert.ok(g.edges.some((e: { kind: string; errors?: string[] }) => e.kind === 'catch' && e.errors?.includes('AuthorizedError')));
  assert.ok(g.scopes.length >= 5);
});

test('graph --workflow chooses among several workflows; without it, several is a usage error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-graph-'));
  const file = path.join(dir, 'two.cascade.yaml');
  fs.writeFileSync(file, 'workflows:\n  - name: First\n    start: A\n    states: [ { name: A, type: Succeed } ]\n  - name: "Second one"\n    start: B\n    states: [ { name: B, type: Succeed } ]\n');
  const many = io(dir);
  assert.equal(await runCli(['graph', 'two.cascade.yaml'], many), 2);
  assert.match(many.err, /has 2 workflows \("First", "Second one"\); choose one with --workflow NAME/);
  const one = io(dir);
  assert.equal(await runCli(['graph', 'two.cascade.yaml', '--workflow', 'Second one'], one), 0);
  assert.match(one.out, /workflow "Second one"/);
  const unknown = io(dir);
  assert.equal(await runCli(['graph', 'two.cascade.yaml', '-w', 'Third'], unknown), 2);
  assert.equal(unknown.err, 'cascade-lint graph: No workflow "Third" in "two.cascade.yaml"; its workflows are "First", "Second one".\n');
  assert.equal(unknown.out, '');
  const out = io(dir);
  assert.equal(await runCli(['graph', 'two.cascade.yaml', '-w', 'First', '-o', 'g.mmd'], out), 0);
  assert.match(fs.readFileSync(path.join(dir, 'g.mmd'), 'utf8'), /flowchart TD/);
});

test('graph usage errors exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['graph', 'nope.cascade.yaml'], /File "nope\.cascade\.yaml" does not exist\./],
    [['graph'], /Missing FILE/],
    [['graph', payments, '--format', 'png'], /Unknown graph format "png": use mermaid, dot or json\./],
    [['graph', payments, '--bogus'], /Unknown option "--bogus"/],
    [['graph', payments, payments], /one file at a time/],
    [['graph', payments, '--workflow'], /Option "--workflow" needs a value\./],
    [['graph', 'examples'], /"examples" is not a file\./],
  ];
  for (const [argv, re] of cases) {
    const o = io(root);
    assert.equal(await runCli(argv, o), 2, argv.join(' '));
    assert.match(o.err, re);
  }
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-graph-'));
  fs.writeFileSync(path.join(empty, 'e.cascade.yaml'), 'apiVersion: cascade.io/v1\nkind: Application\n');
  const o = io(empty);
  assert.equal(await runCli(['graph', 'e.cascade.yaml'], o), 2);
  assert.match(o.err, /has no workflow to draw/);
  const h = io(root);
  assert.equal(await runCli(['graph', '--help'], h), 0);
  assert.match(h.out, /Usage: cascade-lint graph FILE/);
});

test('the real binary: cascade-lint graph exits 2 on an unknown workflow', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'cascade-lint.js'), 'graph', payments, '--workflow', 'Nope'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /its workflows are "CollectPayment"/);
});
