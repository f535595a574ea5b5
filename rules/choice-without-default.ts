// Warns about a Choice state without a fallback: when no rule is true the execution fails.
import { Rule } from '../server/src/analysis/rule';

export const rule: Rule = {
  meta: {
    id: 'choice-without-default',
    kind: 'problem',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'A Choice state should have a `default`.',
    messages: {
      missing: 'Choice state "{{name}}" has no "default": when no rule is true the execution fails with "States.NoChoiceMatched"; add "default: <State>".',
    },
    docs: {
      description:
        'Rules are tried in order and the first true one is taken; when none is, the execution moves to `default`, and without one it fails with `States.NoChoiceMatched` (spec §3.3). Unless the rules are known to cover every case, name a fallback state.',
      valid: [
        'states:\n  - name: Route\n    type: Choice\n    choices:\n      - condition: "{{ $.vip }}"\n        next: Done\n    default: Done\n  - name: Done\n    type: Succeed\n',
        'states:\n  - name: Route\n    type: Choice\n    choices:\n      - condition: "{{ $.vip }}"\n        next: Done\n      - default: Done\n  - name: Done\n    type: Succeed\n',
      ],
      invalid: [
        'states:\n  - name: Route\n#         ^^^^^ warning[choice-without-default]: Choice state "Route" has no "default": when no rule is true the execution fails with "States.NoChoiceMatched"; add "default: <State>".\n    type: Choice\n    choices:\n      - condition: "{{ $.vip }}"\n        next: Done\n  - name: Done\n    type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      state(s) {
        if (s.type !== 'Choice' || s.default || s.fields.has('default')) return;
        if (s.fields.has('next')) return; // conflicting-transition already proposes "default" for it
        if (!s.choices.length) return; // an empty or missing "choices" is a schema finding
        context.report({ messageId: 'missing', data: { name: s.name || '(unnamed)' }, span: s.anchor });
      },
    };
  },
};
