// The benchmark's generator makes valid, lint-clean workflows (no timing assertions here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorkflow } from '../../bench/generate';
import { analyzeText, recommendedRules } from '../../server/src/analysis/analyze';
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { buildDocument } from '../../server/src/model/build';

for (const n of [10, 100]) {
  test(`a generated workflow of ${n} states lints clean with zero findings`, () => {
    const text = generateWorkflow(n);
    const a = analyzeText(text, { fileName: `generated-${n}.cascade.yaml`, rules: recommendedRules() });
    assert.deepEqual(a.internalErrors, []);
    assert.deepEqual(a.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
    const wf = buildDocument(parseYaml(text).documents[0], 0).workflows[0];
    assert.equal(wf.allStates.length, n, 'exactly n states');
    const types = wf.allStates.map((s) => s.type);
    assert.ok(types.includes('Choice') && types.includes('Task') && types.includes('Succeed') && types.includes('Fail'));
    assert.ok(wf.allStates.filter((s) => s.type === 'Task').every((s) => s.catches.length > 0), 'every Task has a catch');
  });
}

test('the generator is deterministic and rejects sizes it cannot make', () => {
  assert.equal(generateWorkflow(50), generateWorkflow(50));
  assert.throws(() => generateWorkflow(3), RangeError);
});

test('every result a generated state writes is read by a later state', () => {
  const text = generateWorkflow(100);
  for (const m of text.matchAll(/result: \$\.(r\d+)/g)) assert.ok(text.includes(`$.${m[1]}.`), `${m[1]} is read`);
});
