// Reports schema violations of kind "unknown-field", mapped from ajv errors to exact spans by schema/validate.
import { Rule } from '../server/src/analysis/rule';
import { schemaProblems } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'unknown-field',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: "A key that does not belong where it is written.",
    messages: { problem: '{{message}}' },
    docs: {
      description: "Keys are checked against the schema of the state type, workflow, catch entry, retry policy or envelope they are written in. A misspelt key is silently ignored by the engine, so the setting never takes effect; the message offers the nearest valid key or lists the valid ones.",
      valid: ["states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    parameters: {}\n    end: true\n"],
      invalid: ["states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    parameter: {}\n#   ^^^^^^^^^ error[unknown-field]: Unknown key \"parameter\" in a Task state; did you mean \"parameters\"?\n    end: true\n"],
    },
  },
  create(context) {
    return {
      document() {
        for (const p of schemaProblems(context.analysis)) {
          if (p.kind === 'unknown-field') context.report({ messageId: 'problem', data: { message: p.message }, span: p.span, suggestions: p.suggestions });
        }
      },
    };
  },
};
