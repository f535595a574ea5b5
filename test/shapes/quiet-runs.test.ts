// The quiet (valid) context-rule fixtures are really correct: each has test cases under
// test/fixtures/quiet-runs that run it with the reference interpreter along its normal, Choice
// and catch paths, and every case passes (no read of a missing path, no unexpected failure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../server/src/analysis/package-root';
import { walkFiles } from '../../server/src/analysis/file-walk';
import { analyzeText } from '../../server/src/analysis/analyze';
import { runTestFile } from '../../server/src/interpreter/test-runner';

const root = path.join(packageRoot(), 'test', 'fixtures', 'quiet-runs');
const files = fs.existsSync(root) ? walkFiles(root, (f) => f.endsWith('.cascade-test.yaml')) : [];

test('there are runs of the quiet fixtures', () => {
  assert.ok(files.length >= 15);
});

for (const file of files) {
  test(`quiet fixture runs: ${path.basename(file)}`, () => {
    const r = runTestFile(file);
    assert.deepEqual(r.problems, []);
    assert.ok(r.cases.length > 0);
    for (const c of r.cases) assert.deepEqual(c.failures, [], c.name);
    // And the workflow it runs has no finding at all with the recommended rules (a file that shows
    // the other accepted spellings only hears about those).
    const wf = r.workflowFile!;
    const text = fs.readFileSync(wf, 'utf8');
    const spellings = !path.basename(wf).startsWith('valid');
    const a = analyzeText(text, { fileName: wf });
    const findings = a.findings.filter((f) => !(spellings && f.ruleId === 'prefer-canonical-keys'));
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
  });
}
