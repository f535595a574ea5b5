// Reports a state that needs a transition and has none: neither `next` nor `end: true`.
import { Rule } from '../server/src/analysis/rule';
import { misspeltKey } from '../server/src/analysis/misspelt-keys';
import { flowGraph } from '../server/src/analysis/stages';
import { hasEndTrue } from '../server/src/graph/flow-graph';

export const rule: Rule = {
  meta: {
    id: 'missing-transition',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A non-terminal state needs `next: <State>` or `end: true`.',
    messages: {
      missing: 'State "{{name}}" has neither "next" nor "end: true"; add "next: {{following}}" or "end: true".',
      missingLast: 'State "{{name}}" has neither "next" nor "end: true"; add "end: true" or a "next" state.',
      endFalse: 'State "{{name}}" has "end: false" and no "next"; add "next: {{following}}" or write "end: true".',
      endFalseLast: 'State "{{name}}" has "end: false" and no "next"; write "end: true" or add a "next" state.',
    },
    docs: {
      description:
        'Every state except Choice, Succeed and Fail has exactly one of `next: <State>` or `end: true` (spec §3); there is no implicit fall-through to the state written below. A single-state Parallel branch ends its branch and needs neither. The message proposes the state written next as the likely target.',
      valid: ['states:\n  - name: Load\n    type: Pass\n    next: Save\n  - name: Save\n    type: Pass\n    end: true\n'],
      invalid: [
        'states:\n  - name: Load\n#         ^^^^ error[missing-transition]: State "Load" has neither "next" nor "end: true"; add "next: Save" or "end: true".\n    type: Pass\n  - name: Save\n    type: Pass\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        for (const scope of g.scopes) {
          scope.states.forEach((s, i) => {
            if (s.type === 'Choice' || s.type === 'Succeed' || s.type === 'Fail' || s.type === 'Unknown') return;
            if (s.next || hasEndTrue(s) || g.isTerminal(s)) return;
            // `next:` with an unusable value is reported by the schema; do not pile on.
            if (s.fields.has('next')) return;
            // `nxt: B` is unknown-field's finding, with its did-you-mean.
            if (misspeltKey(context.analysis, s, 'next') || misspeltKey(context.analysis, s, 'end')) return;
            const endValue = s.end?.value;
            if (s.end && !(endValue?.kind === 'scalar' && endValue.value === false)) return;
            const following = scope.states.slice(i + 1).find((x) => x.name)?.name;
            const base = s.end ? 'endFalse' : 'missing';
            context.report({
              messageId: following ? base : `${base}Last`,
              data: { name: s.name || '(unnamed)', following: following ?? '' },
              span: s.anchor,
            });
          });
        }
      },
    };
  },
};
