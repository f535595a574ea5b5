// Reports schema violations of kind "missing-field", mapped from ajv errors to exact spans by schema/validate.
import { Rule } from '../server/src/analysis/rule';
import { schemaProblems } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'missing-field',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: "A required key is missing.",
    messages: { problem: '{{message}}' },
    docs: {
      description: "Every state needs `name` and `type`; a Task needs `resource`, a Choice `choices`, a Parallel `branches`, a Fail `error`, and so on (spec \u00a72-\u00a73). The finding marks the name of the state (or the key of the mapping) that lacks the key.",
      valid: ["states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    end: true\n"],
      invalid: ["states:\n  - name: Load\n#         ^^^^ error[missing-field]: Missing required key \"resource\" in a Task state \"Load\".\n    type: Task\n    end: true\n"],
    },
  },
  create(context) {
    return {
      document() {
        for (const p of schemaProblems(context.analysis)) {
          if (p.kind === 'missing-field') context.report({ messageId: 'problem', data: { message: p.message }, span: p.span, suggestions: p.suggestions });
        }
      },
    };
  },
};
