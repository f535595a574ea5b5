// Reports YAML that cannot be parsed (and files that cannot be read as text).
import { Rule } from '../server/src/analysis/rule';

export const rule: Rule = {
  meta: {
    id: 'yaml-syntax',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'The file must be valid YAML.',
    messages: { syntax: '{{message}}' },
    docs: {
      description:
        'YAML that the parser rejects: bad indentation, tabs used for indentation, an unclosed quote or bracket, aliases that expand to too many nodes, nesting deeper than the analyser follows. Everything that can still be read is analysed; the broken part is reported here.',
      valid: ['apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: ok }\nspec:\n  workflows:\n    - name: W\n      start: Done\n      states:\n        - name: Done\n          type: Succeed\n'],
      invalid: [
        'states:\n  - name: A\n    type: Succeed\n    description: @x\n    #            ^ error[yaml-syntax]: Plain value cannot start with reserved character @.\n',
      ],
    },
  },
  create(context) {
    return {
      document() {
        for (const p of context.analysis.syntaxProblems) {
          if (p.kind === 'yaml-syntax') context.report({ messageId: 'syntax', data: { message: p.message }, span: p.span, related: p.related });
        }
      },
    };
  },
};
