// The messages written in the flow rules' documented examples are the messages the rules give
// (the fixture harness matches spans only), so the docs never show stale wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../rules';
import { analyzeText, rulesById } from '../../server/src/analysis/analyze';
import { EffectiveRule } from '../../server/src/analysis/config';
import { LineIndex } from '../../server/src/syntax/line-index';
import { splitAnnotations, toExpected } from '../harness/annotations';
import { FLOW_RULES } from './flow-rule-ids';

const all = new Map<string, EffectiveRule>([...rulesById().values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }]));

for (const rule of ALL_RULES.filter((r) => FLOW_RULES.includes(r.meta.id))) {
  test(`rule ${rule.meta.id}: documented messages are the real ones`, () => {
    for (const ex of rule.meta.docs.invalid) {
      const split = splitAnnotations(ex);
      const a = analyzeText(split.clean, { fileName: 'example.cascade.yaml', rules: all, force: true });
      const lines = new LineIndex(split.clean);
      const actual = a.findings.filter((f) => f.ruleId === rule.meta.id).map((f) => toExpected(f, lines));
      for (const e of split.expected.filter((x) => x.ruleId === rule.meta.id)) {
        const match = actual.find((x) => x.line === e.line && x.startCol === e.startCol);
        assert.ok(match, `no finding at ${e.line + 1}:${e.startCol + 1}`);
        assert.equal(e.message, match.message);
      }
      for (const id of Object.keys(rule.meta.messages)) assert.match(id, /^[a-z][A-Za-z]*$/);
    }
  });
}
