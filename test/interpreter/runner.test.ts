// The test runner and the CLI: examples pass with full coverage, strict mocks, readable diffs,
// schema problems at exact spans, --filter, snapshots, JUnit XML, coverage JSON, `run`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, type Io } from '../../server/src/cli/main';
import { packageRoot } from '../../server/src/analysis/package-root';
import { readTestFile } from '../../server/src/interpreter/test-file';
import { runTestFile } from '../../server/src/interpreter/test-runner';
import { CoverageCollector } from '../../server/src/interpreter/coverage';

const root = packageRoot();

async function cli(argv: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd, stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: () => '', isTTY: false, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-test-'));
}

const WORKFLOW = `apiVersion: cascade.io/v1
kind: Application
metadata: { name: shop }
spec:
  workflows:
    - name: Order
      start: Load
      states:
        - name: Load
          type: Task
          resource: urn:cascade:activity:load
          parameters: { id: "{{ workflow.input.id }}" }
          result: $.order
          retries: { max_attempts: 2 }
          catch:
            - error_equals: [States.ALL]
              result: $.error
              next: Failed
          next: Check
        - name: Check
          type: Choice
          choices:
            - variable: $.order.total
              numericGreaterThan: 100
              next: Big
          default: Small
        - name: Big
          type: Task
          resource: urn:cascade:activity:notify
          next: Done
        - name: Small
          type: Pass
          value: small
          result: $.size
          next: Done
        - name: Done
          type: Succeed
        - name: Failed
          type: Fail
          error: LoadFailed
`;

function project(tests: string): string {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'shop.cascade.yaml'), WORKFLOW);
  fs.writeFileSync(path.join(dir, 'shop.cascade-test.yaml'), tests);
  return dir;
}

test('every example test file passes', () => {
  const files = ['examples/order-processing.cascade-test.yaml', 'examples/leave-request.cascade-test.yaml', 'examples/payments.cascade-test.yaml', 'examples/order-versions/order-intake.cascade-test.yaml'];
  const coverage = new CoverageCollector();
  for (const f of files) {
    const r = runTestFile(path.join(root, f), { coverage });
    assert.deepEqual(r.problems, [], f);
    assert.ok(r.cases.length >= 6, f);
    for (const c of r.cases) assert.deepEqual(c.failures, [], `${f}: ${c.name}`);
  }
  for (const w of coverage.report()) {
    assert.deepEqual(w.states.missed, [], w.workflow);
    assert.deepEqual(w.edges.missed.map((e) => e.label), [], w.workflow);
  }
});

test('the YAML conformance cases of test/fixtures/interpreter pass', async () => {
  const { code, out } = await cli(['test', 'test/fixtures/interpreter']);
  assert.equal(code, 0, out);
  assert.match(out, /\n10 passed, 0 failed\n$/);
});

test('cascade-lint test examples/ --coverage: full coverage, summary line last, exit 0', async () => {
  const { code, out } = await cli(['test', 'examples/', '--coverage']);
  assert.equal(code, 0, out);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[lines.length - 1], /^\d+ passed, 0 failed$/);
  assert.match(out, /Every state and edge was taken\./);
  assert.match(out, /CollectPayment\s+19\/19\s+100\.0%/);
});

test('a failing case shows a readable diff of every expectation and exits 1', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
cases:
  - name: everything differs
    input: { id: o1 }
    mocks:
      Load:
        - throw: { error: ServiceUnavailable }
        - return: { total: 5, lines: [1, 2] }
    expect:
      status: failed
      error: { error: LoadFailed }
      path: [Load, Check, Big, Done]
      output:
        order: { total: 500, lines: [1], missing: x }
        size: small
      states:
        Load: { attempts: 1 }
        Big: { attempts: 1 }
      duration: 2s
`);
  const { code, out } = await cli(['test', dir]);
  assert.equal(code, 1);
  for (const line of [
    'status: expected failed, got succeeded',
    'error: expected LoadFailed, but the execution succeeded',
    'path: differs at step 3: expected "Big", got "Small"',
    'output.order.total: expected 500, got 5',
    'output.order.lines: expected [1], got [1,2]',
    'output.order.missing: expected "x", but it is missing',
    'states.Load.attempts: expected 1, got 2',
    'states.Big.attempts: expected 1, got 0 (the state was never entered)',
    'duration: expected 2s, got 1s (virtual)',
  ]) {
    assert.ok(out.includes(line), `missing "${line}" in:\n${out}`);
  }
  assert.match(out, /\n0 passed, 1 failed\n$/);
});

test('strict mocks: a call with no mock, a list that runs out, and an unused mock fail the case naming it', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
name: Order
cases:
  - name: no mock
    input: { id: o1 }
    mocks: {}
  - name: list runs out
    input: { id: o1 }
    mocks:
      urn:cascade:activity:load:
        - throw: { error: ServiceUnavailable }
        - throw: { error: ServiceUnavailable }
  - name: unused
    input: { id: o1 }
    mocks:
      Load: { return: { total: 1 } }
      Lod: { return: {} }
      Big: { return: {} }
      urn:cascade:activity:notify: [{ return: {} }, { return: {} }]
  - name: by resource, fine
    input: { id: o1 }
    mocks:
      urn:cascade:activity:load: { return: { total: 1000 } }
      urn:cascade:activity:notify: { return: {} }
    expect: { status: succeeded, path: [Load, Check, Big, Done] }
`);
  const { code, out } = await cli(['test', dir]);
  assert.equal(code, 1);
  assert.ok(out.includes('mocks: No mock for state "Load" (Task): add one under "mocks" by state name "Load" or by resource "urn:cascade:activity:load".'), out);
  assert.ok(out.includes('mocks: Mock list "urn:cascade:activity:load" ran out: state "Load" made call 3 but the list has 2 answers.'), out);
  assert.ok(out.includes('mocks: Mock "Lod" was never used (no state or resource is named "Lod"; did you mean "Load"?).'), out);
  assert.ok(out.includes('mocks: Mock "Big" was never used.'), out);
  assert.ok(out.includes('mocks: Mock "urn:cascade:activity:notify" was never used.'), out);
  assert.match(out, /\n1 passed, 3 failed\n$/);
});

test('an invalid test file is reported at exact spans and counts as one failure', async () => {
  const text = `workflow: ./shop.cascade.yaml
cases:
  - name: typo
    inputs: { id: o1 }
    mocks:
      Load: { retrun: { total: 1 } }
      Big: [{ return: 1, throw: { error: X } }]
    expect:
      status: done
      states: { Load: { attempt: 2 } }
`;
  const def = readTestFile(text);
  const marked = def.problems.map((p) => `${text.slice(p.span.start, p.span.end)} | ${p.message}`);
  assert.ok(marked.includes('inputs | Unknown key "inputs" in a test case; did you mean "input"?'), marked.join('\n'));
  assert.ok(marked.includes('retrun | Unknown key "retrun" in a mock; did you mean "return"?'), marked.join('\n'));
  assert.ok(marked.some((m) => m.startsWith('done | Invalid value "done" for "status": use "succeeded" or "failed"')), marked.join('\n'));
  assert.ok(marked.some((m) => m.startsWith('attempt | Unknown key "attempt"') && m.includes('did you mean "attempts"?')), marked.join('\n'));
  assert.ok(marked.some((m) => m.includes('conflicting keys')), marked.join('\n'));
  const dir = project(text);
  const { code, out } = await cli(['test', dir]);
  assert.equal(code, 1);
  assert.match(out, /shop\.cascade-test\.yaml:4:5: Unknown key "inputs" in a test case; did you mean "input"\?/);
  assert.match(out, /\n0 passed, 1 failed\n$/);
});

test('a test file naming a missing workflow or file fails with a clear message', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
name: Nope
cases: [{ name: x }]
`);
  fs.writeFileSync(path.join(dir, 'other.cascade-test.yaml'), 'workflow: ./missing.cascade.yaml\ncases: [{ name: y }]\n');
  const { code, out } = await cli(['test', dir]);
  assert.equal(code, 1);
  assert.match(out, /no workflow named "Nope"; it has "Order"/);
  assert.match(out, /Cannot read the workflow file: ENOENT/);
  assert.match(out, /\n0 passed, 2 failed\n$/);
});

test('--filter runs only matching cases; an input_version without migrations to the workflow version is refused', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
cases:
  - name: small order
    input: { id: o1 }
    mocks: { Load: { return: { total: 1 } } }
    expect: { status: succeeded, output: { size: small } }
  - name: big order
    input: { id: o2 }
    mocks: { Load: { return: { total: 1000 } }, Big: { return: {} } }
    expect: { path: [Load, Check, Big, Done] }
  - name: old input
    input_version: v0
    input: { id: o3 }
`);
  const small = await cli(['test', dir, '--filter', 'SMALL']);
  assert.equal(small.code, 0, small.out);
  assert.match(small.out, /\n1 passed, 0 failed\n$/);
  assert.ok(!small.out.includes('big order'));
  const old = await cli(['test', dir, '--filter=old']);
  assert.equal(old.code, 1);
  assert.match(old.out, /input_version: cannot upgrade the input from "v0" to "v1": there is no migration from "v0"\./);
  const none = await cli(['test', dir, '--filter', 'zzz']);
  assert.equal(none.code, 1);
  assert.match(none.out, /No test case matched the filter "zzz"\.\n0 passed, 0 failed\n$/);
});

test('--update-snapshots records outputs; later runs compare with them exactly', async () => {
  const dir = project(`# snapshot tests
workflow: ./shop.cascade.yaml
cases:
  - name: snap  # the small path
    input: { id: o1 }
    mocks:
      Load: { return: { total: 1 } }
    expect:
      output: snapshot
  - name: snap with old snapshot
    input: { id: o2 }
    mocks:
      Load: { return: { total: 2 } }
    expect: { output: snapshot }
    snapshot: { stale: true }
`);
  const file = path.join(dir, 'shop.cascade-test.yaml');
  const first = await cli(['test', dir]);
  assert.equal(first.code, 1);
  assert.match(first.out, /no snapshot is recorded for this case; run with --update-snapshots/);
  assert.match(first.out, /output differs from the snapshot/);
  const update = await cli(['test', dir, '--update-snapshots']);
  assert.equal(update.code, 0, update.out);
  assert.match(update.out, /snapshot written/);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith('# snapshot tests\n'));
  assert.ok(text.includes('  - name: snap  # the small path\n'));
  assert.ok(!text.includes('stale'));
  const def = readTestFile(text);
  assert.deepEqual(def.problems, []);
  assert.deepEqual(JSON.parse(JSON.stringify(def.cases[0].snapshot)).order, { total: 1 });
  assert.equal(JSON.parse(JSON.stringify(def.cases[1].snapshot)).size, 'small');
  const again = await cli(['test', dir]);
  assert.equal(again.code, 0, again.out);
  // Rewriting block-style snapshots in place leaves the file as it was.
  await cli(['test', dir, '--update-snapshots']);
  assert.equal(fs.readFileSync(file, 'utf8'), text);
  fs.writeFileSync(file, text.replace('total: 2', 'total: 3'));
  const changed = await cli(['test', dir]);
  assert.equal(changed.code, 1);
  assert.match(changed.out, /output\.order\.total: expected 2, got 3/);
});

/** A small well-formedness check: balanced tags, quoted attributes, only the five escapes. */
function assertWellFormedXml(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const body = xml.slice(xml.indexOf('?>') + 2);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = tag.exec(body))) {
    pos = tag.lastIndex;
    if (m[5] !== undefined) {
      assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(m[5]), `bad entity in ${m[5]}`);
      continue;
    }
    if (m[1]) assert.equal(stack.pop(), m[2]);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.equal(pos, body.length, `unparsed XML at ${body.slice(pos, pos + 80)}`);
  assert.deepEqual(stack, []);
}

test('--reporter junit prints valid JUnit XML; the summary goes to stderr or with -o to stdout', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
cases:
  - name: passes <&> "quoted"
    input: { id: o1 }
    mocks: { Load: { return: { total: 1 } } }
  - name: fails
    input: { id: o1 }
    mocks: { Load: { return: { total: 1 } } }
    expect: { status: failed }
`);
  const { code, out, err } = await cli(['test', dir, '--reporter', 'junit']);
  assert.equal(code, 1);
  assertWellFormedXml(out);
  assert.match(out, /<testsuites name="cascade-lint test" tests="2" failures="1" errors="0"/);
  assert.match(out, /<testcase name="passes &lt;&amp;&gt; &quot;quoted&quot;" classname="Order"/);
  assert.match(out, /<failure message="status: expected failed, got succeeded" type="AssertionError">/);
  assert.match(err, /1 passed, 1 failed\n$/);
  const xmlFile = path.join(dir, 'junit.xml');
  const withFile = await cli(['test', dir, '--reporter', 'junit', '-o', xmlFile]);
  assertWellFormedXml(fs.readFileSync(xmlFile, 'utf8'));
  assert.match(withFile.out, /\n1 passed, 1 failed\n$/);
});

test('--coverage-json writes per-workflow coverage with what was never taken', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
cases:
  - name: small
    input: { id: o1 }
    mocks: { Load: { return: { total: 1 } } }
`);
  const jsonFile = path.join(dir, 'coverage.json');
  const { out } = await cli(['test', dir, '--coverage-json', jsonFile]);
  const cov = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  assert.equal(cov.workflows.length, 1);
  const w = cov.workflows[0];
  assert.equal(w.workflow, 'Order');
  assert.deepEqual(w.states.missed, ['Big', 'Failed']);
  assert.deepEqual(
    w.edges.missed.map((e: { label: string }) => e.label),
    ['Load --catch[0]--> Failed', 'Check --choices[0]--> Big', 'Big --next--> Done'],
  );
  assert.match(out, /Order: state "Big" was never entered/);
  assert.match(out, /Order: edge Check --choices\[0\]--> Big was never taken/);
  assert.match(out, /\n1 passed, 0 failed\n$/);
});

test('cascade-lint run prints the status and output, and with --trace every visit', async () => {
  const dir = project('workflow: ./shop.cascade.yaml\ncases: []\n');
  fs.writeFileSync(path.join(dir, 'mocks.yaml'), 'Load:\n  - throw: { error: ServiceUnavailable, cause: "503" }\n  - return: { total: 1 }\n');
  fs.writeFileSync(path.join(dir, 'input.json'), '{"id": "o9"}');
  const ok = await cli(['run', 'shop.cascade.yaml', '--input', '@input.json', '--mocks', 'mocks.yaml', '--trace'], dir);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^#1 Load \(Task\) at \+0s$/m);
  assert.match(ok.out, /parameters: \{"id":"o9"\}/);
  assert.match(ok.out, /attempt 1 at \+0s: threw ServiceUnavailable: 503/);
  assert.match(ok.out, /attempt 2 after a 1s backoff at \+1s: returned \{"total":1\}/);
  assert.match(ok.out, /choice:     default/);
  assert.match(ok.out, /status: succeeded/);
  assert.match(ok.out, /"size": "small"/);
  const failed = await cli(['run', 'shop.cascade.yaml', '--workflow', 'Order', '--input', '{"id": 1}', '--mocks', 'mocks.yaml', '--clock', '2026-05-01T00:00:00Z', '--json'], dir);
  assert.equal(failed.code, 0);
  const j = JSON.parse(failed.out);
  assert.equal(j.startedAt, '2026-05-01T00:00:00Z');
  assert.deepEqual(j.path, ['Load', 'Check', 'Small', 'Done']);
  const missing = await cli(['run', 'shop.cascade.yaml', '--input', '{"id": "x"}'], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.out, /status: error\nerror: No mock for state "Load"/);
  const usage = await cli(['run', 'shop.cascade.yaml', '--input', '{nope'], dir);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--input is not JSON/);
});

test('a States.Runtime failure is reported at the file, line and column of the read', async () => {
  const dir = project(`workflow: ./shop.cascade.yaml
cases:
  - name: no id in the input
    input: {}
    expect: { status: succeeded }
`);
  const { code, out } = await cli(['test', dir]);
  assert.equal(code, 1);
  assert.match(out, /status: expected succeeded, got failed with States\.Runtime: Read of undefined path "workflow\.input\.id" \("id" does not exist\)\. \(at .*shop\.cascade\.yaml:12:33\)/);
});
