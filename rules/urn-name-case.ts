// Style: URN names are snake_case (spec §4).
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';
import { isSnakeCase, toSnakeCase } from '../server/src/expr/urn';

export const rule: Rule = {
  meta: {
    id: 'urn-name-case',
    kind: 'style',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'URN names should be snake_case.',
    messages: { notSnake: 'URN name "{{name}}" is not snake_case; write "{{suggestion}}".' },
    docs: {
      description: 'Activity, policy and schema names in URNs are snake_case by convention (`urn:cascade:activity:load_customer`). The suggestion is offered as a quick fix, not applied by `--fix`, because the name must match the deployed activity.',
      valid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    end: true\n'],
      invalid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:loadCustomer\n    #                              ^^^^^^^^^^^^ warning[urn-name-case]: URN name "loadCustomer" is not snake_case; write "load_customer".\n    end: true\n'],
    },
  },
  create(context) {
    return {
      document() {
        for (const u of documentValues(context.analysis).urns) {
          if (!u.urn || isSnakeCase(u.urn.name)) continue;
          const suggestion = toSnakeCase(u.urn.name);
          context.report({ messageId: 'notSnake', data: { name: u.urn.name, suggestion }, span: u.urn.nameSpan, suggestions: [{ title: `Rename to "${suggestion}"`, edits: [{ span: u.urn.nameSpan, newText: suggestion }] }] });
        }
      },
    };
  },
};
