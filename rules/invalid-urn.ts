// Reports malformed URNs and URNs of the wrong type for where they are used (a Task resource
// must be an activity, action, service or waitFor; a policy a policy; a form schema a schema).
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';
import { TASK_RESOURCE_TYPES } from '../server/src/expr/urn';
import type { UrnRole } from '../server/src/expr/values';

const EXPECTED: Partial<Record<UrnRole, readonly string[]>> = {
  resource: TASK_RESOURCE_TYPES,
  policy: ['policy'],
  'ui-schema': ['schema'],
  'input-schema': ['schema'],
  'schema-declaration': ['schema'],
};

const WHERE: Record<UrnRole, string> = {
  resource: 'a Task resource',
  policy: 'a policy',
  'ui-schema': 'a form schema',
  'input-schema': 'an input schema',
  'activity-declaration': 'an activity declaration',
  'schema-declaration': 'a schema declaration',
};

export const rule: Rule = {
  meta: {
    id: 'invalid-urn',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'URNs must be `urn:cascade:<type>:<name>[:v<N>]` of the right type.',
    messages: { invalid: '{{message}}', wrongType: 'A URN of type "{{type}}" cannot be used as {{where}}; use {{allowed}}.' },
    docs: {
      description:
        'URNs are `urn:cascade:<type>:<name>[:v<N>]` with type `activity`, `action`, `service`, `waitFor`, `policy` or `schema`. A Task `resource` must be an `activity`, `action`, `service` or `waitFor`; a `policy` a `policy` URN; form and input schemas `schema` URNs.',
      valid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load_customer:v2\n    end: true\n'],
      invalid: [
        'states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:actvity:load_customer\n    #                     ^^^^^^^ error[invalid-urn]: Unknown URN type "actvity"; did you mean "activity"?\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      document() {
        for (const u of documentValues(context.analysis).urns) {
          if (u.error) {
            context.report({ messageId: 'invalid', data: { message: u.error.message }, span: u.error.span });
            continue;
          }
          const allowed = EXPECTED[u.role];
          if (u.urn && allowed && !allowed.includes(u.urn.type)) {
            context.report({
              messageId: 'wrongType',
              data: { type: u.urn.type, where: WHERE[u.role], allowed: allowed.map((a) => `"${a}"`).join(', ').replace(/, ([^,]*)$/, ' or $1') },
              span: u.urn.typeSpan,
            });
          }
        }
      },
    };
  },
};
