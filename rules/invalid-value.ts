// Reports schema violations of kind "invalid-value", mapped from ajv errors to exact spans by schema/validate.
import { Rule } from '../server/src/analysis/rule';
import { schemaProblems } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'invalid-value',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: "A value has the wrong type or is not one of the allowed values.",
    messages: { problem: '{{message}}' },
    docs: {
      description: "Values are checked against the schema: types (a `timeout` is a duration string, `end` is true or false), allowed values (`ui.target`, `engine`, `kind`), patterns (`metadata.name`) and non-empty lists. The message names the allowed values.",
      valid: ["states:\n  - name: Approve\n    type: HumanTask\n    ui: { schema: urn:cascade:schema:form, target: rjsf }\n    end: true\n"],
      invalid: ["states:\n  - name: Approve\n    type: HumanTask\n    ui: { schema: urn:cascade:schema:form, target: rjfs }\n#                                                  ^^^^ error[invalid-value]: Invalid value \"rjfs\" for \"target\": use \"appsmith\", \"rjsf\", \"echarts\" or \"tanstack-table\"; did you mean \"rjsf\"?\n    end: true\n"],
    },
  },
  create(context) {
    return {
      document() {
        for (const p of schemaProblems(context.analysis)) {
          if (p.kind === 'invalid-value') context.report({ messageId: 'problem', data: { message: p.message }, span: p.span, suggestions: p.suggestions });
        }
      },
    };
  },
};
