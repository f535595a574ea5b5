// Reports a key written twice in one mapping: YAML keeps one silently, so one edit is lost.
import { Rule } from '../server/src/analysis/rule';

export const rule: Rule = {
  meta: {
    id: 'duplicate-key',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A mapping must not repeat a key.',
    messages: { duplicate: '{{message}}' },
    docs: {
      description: 'A key that appears twice in the same mapping. Only the first value is used by cascade-lint; other tools may keep the last, so the file means different things to different readers.',
      valid: ['states:\n  - name: A\n    type: Succeed\n'],
      invalid: ['states:\n  - name: A\n    type: Succeed\n    type: Fail\n#   ^^^^ error[duplicate-key]: Key "type" is defined twice in this mapping; only the first is used.\n'],
    },
  },
  create(context) {
    return {
      document() {
        for (const p of context.analysis.syntaxProblems) {
          if (p.kind === 'duplicate-key') context.report({ messageId: 'duplicate', data: { message: p.message }, span: p.span, related: p.related });
        }
      },
    };
  },
};
