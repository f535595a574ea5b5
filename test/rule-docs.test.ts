// Every rule's documented examples run as tests: invalid examples produce exactly the annotated
// findings of that rule, valid examples produce none of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../rules';
import { checkAnnotated, previousFromText } from './harness/run-fixture';
import { rulesById } from '../server/src/analysis/analyze';

const all = new Map([...rulesById().values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }]));

for (const rule of ALL_RULES) {
  const previousContracts = rule.meta.docs.previous !== undefined ? previousFromText(rule.meta.docs.previous, 'example.cascade.yaml') : undefined;
  test(`rule ${rule.meta.id}: docs and meta`, () => {
    assert.match(rule.meta.id, /^[a-z][a-z0-9-]*$/);
    assert.ok(rule.meta.summary.length > 10, 'summary');
    assert.ok(rule.meta.docs.description.length > 20, 'description');
    assert.ok(rule.meta.docs.valid.length >= 1, 'at least one valid example');
    assert.ok(rule.meta.docs.invalid.length >= 1, 'at least one invalid example');
  });
  rule.meta.docs.invalid.forEach((ex, i) => {
    test(`rule ${rule.meta.id}: invalid example ${i + 1}`, () => {
      const out = checkAnnotated(ex, 'example.cascade.yaml', { rules: all, onlyRule: rule.meta.id, previousContracts });
      assert.ok(ex.includes(`[${rule.meta.id}]`), 'the invalid example annotates a finding of this rule');
      assert.deepEqual({ unexpected: out.unexpected, missing: out.missing }, { unexpected: [], missing: [] }, out.rewritten);
    });
  });
  rule.meta.docs.valid.forEach((ex, i) => {
    test(`rule ${rule.meta.id}: valid example ${i + 1}`, () => {
      const out = checkAnnotated(ex, 'example.cascade.yaml', { rules: all, onlyRule: rule.meta.id, previousContracts });
      assert.deepEqual(out.unexpected, []);
    });
  });
}
