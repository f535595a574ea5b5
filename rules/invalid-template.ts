// Reports `{{ }}` templates that do not parse: an unclosed `{{`, an empty expression, a token
// the expression grammar of spec §4 does not expect.
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'invalid-template',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Templates must be well-formed `{{ expression }}`s.',
    messages: { invalid: '{{message}}' },
    docs: {
      description:
        'A string value containing `{{` is a template. Its expressions follow the grammar of spec §4 (paths, literals, `==` `!=` `<` `<=` `>` `>=` `in`, `&&`/`and`, `||`/`or`, `!`/`not`, filters after `|`). A `{{` without a matching `}}` is reported from the `{{` to the end of the string.',
      valid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    parameters:\n      id: "{{ workflow.input.id }}"\n    end: true\n'],
      invalid: [
        'states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    parameters:\n      id: "{{ workflow.input.id"\n      #    ^^^^^^^^^^^^^^^^^^^^ error[invalid-template]: A "{{" has no matching "}}"; close the template with "}}".\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      document() {
        for (const t of documentValues(context.analysis).templates) {
          for (const e of t.parsed.errors) context.report({ messageId: 'invalid', data: { message: e.message }, span: e.span });
        }
      },
    };
  },
};
