// Renaming a state also renames it in the *.cascade-test.yaml files that target its workflow:
// mock keys (not resource URNs), expect.path items and expect.states keys; other workflows' and
// other files' tests are left alone; a rename that would duplicate a key is refused.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeText } from '../../server/src/analysis/analyze';
import { renameAt, renameWithTestsAt, RenameError, WorkspaceFile } from '../../server/src/service';
import { TextEdit } from '../../server/src/syntax/types';
import { runTestFile } from '../../server/src/interpreter/test-runner';
import { findTestFiles } from '../../server/src/analysis/test-files';

const DIR = path.join(os.tmpdir(), 'cascade-rename-tests');
const FLOW = path.join(DIR, 'flows', 'orders.cascade.yaml');

const WORKFLOWS = `apiVersion: cascade.io/v1
kind: Application
metadata: { name: orders }
spec:
  workflows:
    - name: Orders
      start: Load
      states:
        - name: Load
          type: Task
          resource: urn:cascade:activity:load
          catch:
            - error_equals: [States.ALL]
              next: Failed
          next: Done
        - name: Done
          type: Succeed
        - name: Failed
          type: Fail
          error: Failed
    - name: Other
      start: Load
      states:
        - name: Load
          type: Pass
          end: true
`;

const TEST = `workflow: ../flows/orders.cascade.yaml
name: Orders
cases:
  - name: loads
    mocks:
      Load: { return: { id: 1 } }
      urn:cascade:activity:load: { return: {} }
    expect:
      path: [Load, Done]
      states: { "Load": { attempts: 1 } }
  - name: fails
    mocks:
      'Load':
        - throw: { error: Boom }
    expect:
      status: failed
      path:
        - Load
        - Failed
`;

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const analysis = analyzeText(WORKFLOWS, { fileName: FLOW });
const loadAt = WORKFLOWS.indexOf('name: Load') + 6;
const file = (rel: string, text: string): WorkspaceFile => ({ file: path.join(DIR, rel), text });

describe('rename in test files', () => {
  it('renames mock keys, expect.path items and expect.states keys, keeping quotes and URN keys', () => {
    const r = renameWithTestsAt(analysis, loadAt, 'LoadOrder', [file('tests/orders.cascade-test.yaml', TEST)]);
    assert.equal(r.edits.length, 2, 'the definition and "start" in the workflow file');
    assert.equal(r.files.length, 1);
    assert.equal(r.files[0].file, path.join(DIR, 'tests/orders.cascade-test.yaml'));
    const after = apply(TEST, r.files[0].edits);
    assert.equal(after, TEST.replace('      Load: {', '      LoadOrder: {').replace('[Load, Done]', '[LoadOrder, Done]').replace('"Load"', '"LoadOrder"').replace("'Load'", "'LoadOrder'").replace('        - Load\n', '        - LoadOrder\n'));
    assert.match(after, /urn:cascade:activity:load: \{ return: \{\} \}/, 'a URN key is not a state name');
  });

  it('also works from a reference (start, next) and leaves renameAt (one file) unchanged', () => {
    const r = renameWithTestsAt(analysis, WORKFLOWS.indexOf('start: Load') + 8, 'Fetch', [file('tests/orders.cascade-test.yaml', TEST)]);
    assert.equal(r.files[0].edits.length, 5);
    assert.deepEqual(renameAt(analysis, loadAt, 'Fetch'), r.edits);
  });

  it('leaves test files of another workflow, another file, or an ambiguous target alone', () => {
    const others = [
      file('tests/other.cascade-test.yaml', TEST.replace('name: Orders', 'name: Other')),
      file('tests/elsewhere.cascade-test.yaml', TEST.replace('../flows/orders', '../flows/invoices')),
      file('tests/unnamed.cascade-test.yaml', TEST.replace('name: Orders\n', '')), // two workflows: the runner refuses it
      file('tests/broken.cascade-test.yaml', 'workflow: [\n'),
      file('flows/orders.cascade.yaml', WORKFLOWS),
    ];
    assert.deepEqual(renameWithTestsAt(analysis, loadAt, 'Fetch', others).files, []);
    // Renaming "Load" of "Other" touches only the tests of "Other".
    const otherLoad = WORKFLOWS.lastIndexOf('name: Load') + 6;
    const r = renameWithTestsAt(analysis, otherLoad, 'Start', [...others, file('tests/orders.cascade-test.yaml', TEST)]);
    assert.deepEqual(r.files.map((f) => path.basename(f.file)), ['other.cascade-test.yaml']);
  });

  it('a test of the only workflow of a file needs no name', () => {
    const single = analyzeText(WORKFLOWS.slice(0, WORKFLOWS.indexOf('    - name: Other')), { fileName: FLOW });
    const r = renameWithTestsAt(single, loadAt, 'Fetch', [file('tests/unnamed.cascade-test.yaml', TEST.replace('name: Orders\n', ''))]);
    assert.equal(r.files[0]?.edits.length, 5);
  });

  it('quotes a new name that YAML would read as a boolean or a number, where it is written plain', () => {
    const r = renameWithTestsAt(analysis, loadAt, 'true', [file('tests/orders.cascade-test.yaml', TEST)]);
    assert.deepEqual(r.edits.map((e) => e.newText), ['"true"', '"true"']);
    const after = apply(TEST, r.files[0].edits);
    assert.match(after, /\n {6}"true": \{ return/);
    assert.match(after, /path: \["true", Done\]/);
    assert.match(after, /states: \{ "true": \{/, 'already quoted: stays as it is');
    assert.match(after, /\n {6}'true':\n/);
  });

  it('refuses a rename that would duplicate a mock or expect.states key', () => {
    const dup = TEST.replace('      urn:cascade:activity:load:', '      Fetch: { return: 1 }\n      urn:cascade:activity:load:');
    assert.throws(() => renameWithTestsAt(analysis, loadAt, 'Fetch', [file('tests/orders.cascade-test.yaml', dup)]), (e: unknown) => e instanceof RenameError && /Test case "loads" in orders\.cascade-test\.yaml already has "Fetch" in "mocks"/.test(e.message));
  });

  it('edits only the text that spells the name: an alias follows its anchor', () => {
    const aliased = TEST.replace('      path: [Load, Done]', '      path: &trail [Load, Done]').replace('      path:\n        - Load\n        - Failed\n', '      path: *trail\n');
    const r = renameWithTestsAt(analysis, loadAt, 'Fetch', [file('tests/orders.cascade-test.yaml', aliased)]);
    const after = apply(aliased, r.files[0].edits);
    assert.match(after, /path: &trail \[Fetch, Done\]/);
    assert.match(after, /path: \*trail\n/);
  });

  it('the example application: after renaming through the service, its tests still pass', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-rename-e2e-'));
    try {
      const examples = path.resolve(__dirname, '../../../examples');
      for (const f of ['order-processing.cascade.yaml', 'order-processing.cascade-test.yaml']) fs.copyFileSync(path.join(examples, f), path.join(root, f));
      const flow = path.join(root, 'order-processing.cascade.yaml');
      const text = fs.readFileSync(flow, 'utf8');
      const tests = findTestFiles([root]).map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
      assert.equal(tests.length, 1);
      let a = analyzeText(text, { fileName: flow });
      let current = text;
      let testText = tests[0].text;
      for (const [from, to] of [['LoadCustomer', 'FetchCustomer'], ['ReserveInventory', 'Reserve'], ['OrderShipped', 'Shipped']]) {
        const r = renameWithTestsAt(a, current.indexOf(`name: ${from}`) + 6, to, [{ file: tests[0].file, text: testText }]);
        assert.equal(r.files.length, 1, from);
        current = apply(current, r.edits);
        testText = apply(testText, r.files[0].edits);
        assert.ok(!new RegExp(`\\b${from}\\b`).test(testText.replace(/^#.*$/gm, '')), `${from} left in the test file`);
        a = analyzeText(current, { fileName: flow });
      }
      fs.writeFileSync(flow, current);
      fs.writeFileSync(tests[0].file, testText);
      const report = runTestFile(tests[0].file);
      assert.deepEqual(report.problems, []);
      assert.ok(report.cases.length > 0);
      assert.deepEqual(report.cases.filter((c) => !c.passed).map((c) => c.name), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
