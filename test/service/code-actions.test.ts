// Quick fixes derived from the model: applying each one removes its finding and adds none.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analysis/analyze';
import { codeActionsAt, fixAllEdits } from '../../server/src/service';
import { TextEdit } from '../../server/src/syntax/types';

const DOC = `apiVersion: cascade.io/v1
kind: Application
metadata:
  name: fixes
spec:
  workflows:
    - name: W
      start: A
      states:
        - name: A
          type: Task
          resource: urn:cascade:activity:a
          catch:
            - errors: [States.ALL]
              next: C
          retry:
            maxAttempts: 2
          next: B
        - name: B
          type: Choice
          choices:
            - condition: "{{ workflow.input.x == 1 }}"
              next: D
        - name: D
          type: Task
          resource: urn:cascade:activity:d
        - name: C
          type: Fail
          error: X
`;

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const rulesOf = (text: string): string[] => analyzeText(text, { fileName: 'w.cascade.yaml' }).findings.map((f) => f.ruleId);

describe('code actions', () => {
  const a = analyzeText(DOC, { fileName: 'w.cascade.yaml' });
  const before = rulesOf(DOC);

  for (const [rule, title] of [
    ['missing-transition', 'Add "end: true"'],
    ['missing-catch', 'Add a catch skeleton'],
    ['choice-without-default', 'Add "default" to the Choice'],
  ] as const) {
    it(`${title} resolves ${rule}`, () => {
      const f = a.findings.find((x) => x.ruleId === rule && x.message.includes('"D"') || (x.ruleId === rule && rule === 'choice-without-default'));
      assert.ok(f, `${rule} in ${before.join()}`);
      const action = codeActionsAt(a, f.span).find((x) => x.title === title && x.findings.includes(f));
      assert.ok(action, `no "${title}"`);
      const after = rulesOf(apply(DOC, action.edits));
      assert.equal(after.filter((r) => r === rule).length, before.filter((r) => r === rule).length - 1, `${rule}: ${after.join()}`);
      assert.ok(!after.includes('yaml-syntax') && !after.includes('unknown-field'), after.join());
    });
  }

  it('fix-all rewrites every canonical key at once', () => {
    const all = fixAllEdits(a);
    assert.equal(all.findings.length, 3);
    const after = rulesOf(apply(DOC, all.edits));
    assert.ok(!after.includes('prefer-canonical-keys'), after.join());
  });

  it('disable-next-line silences any finding, extending a directive already there', () => {
    let text = DOC;
    for (let round = 0; round < 2; round++) {
      const an = analyzeText(text, { fileName: 'w.cascade.yaml' });
      const f = an.findings.find((x) => x.ruleId === 'missing-catch' || x.ruleId === 'missing-transition');
      if (!f) break;
      const act = codeActionsAt(an, f.span).find((x) => x.title === `Disable ${f.ruleId} for this line`);
      assert.ok(act);
      text = apply(text, act.edits);
    }
    assert.match(text, /# cascade-lint-disable-next-line (missing-catch, missing-transition|missing-transition, missing-catch)\n/);
    const after = rulesOf(text);
    assert.ok(!after.includes('unused-suppression'), after.join());
  });
});
