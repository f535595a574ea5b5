// Reports a read below a value whose shape is closed and declared (an activity's declared output,
// a form schema, a Pass value, the error object) of a property that shape does not have.
import { Rule } from '../server/src/analysis/rule';
import { readIssueVisitor } from '../server/src/analysis/context-rules';
import { describeUnknownProperty } from '../server/src/shapes/describe';

export const rule: Rule = {
  meta: {
    id: 'unknown-property',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A property that a declared, closed shape does not have.',
    messages: {
      unknown: '"{{name}}" is not a property of "{{parent}}"{{origin}}, which has {{fields}}{{suggest}}',
      notObject: '"{{parent}}" is {{type}}, so it has no property "{{name}}".',
      index: '"{{parent}}" has {{count}} item(s), so index {{index}} does not exist.',
    },
    docs: {
      description:
        'Declarations make shapes exact (spec §8): an activity\'s `output` (compact types are closed objects), a form schema with `additionalProperties: false`, a Pass `value`, the `{error, cause}` object a catch writes, and `workflow` itself. A read of a property such a shape does not have fails the execution. Shapes nobody described (an activity without a declared output, a HumanTask without a form schema) are open, and any property is accepted below them.',
      valid: [
        'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  activities:\n    - urn: urn:cascade:activity:load_customer\n      output: { id: string, name: string }\n  workflows:\n    - name: W\n      start: Load\n      states:\n        - name: Load\n          type: Task\n          resource: urn:cascade:activity:load_customer\n          result: $.customer\n          next: Greet\n        - name: Greet\n          type: Task\n          resource: urn:cascade:activity:greet\n          parameters:\n            name: "{{ $.customer.name }}"\n          end: true\n',
      ],
      invalid: [
        'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  activities:\n    - urn: urn:cascade:activity:load_customer\n      output: { id: string, name: string }\n  workflows:\n    - name: W\n      start: Load\n      states:\n        - name: Load\n          type: Task\n          resource: urn:cascade:activity:load_customer\n          result: $.customer\n          next: Greet\n        - name: Greet\n          type: Task\n          resource: urn:cascade:activity:greet\n          parameters:\n            name: "{{ $.customer.nmae }}"\n#                                ^^^^ error[unknown-property]: "nmae" is not a property of "$.customer" (the declared output of "urn:cascade:activity:load_customer"), which has "id", "name"; did you mean "$.customer.name"?\n          end: true\n',
      ],
    },
  },
  create(context) {
    return readIssueVisitor(context, 'unknown-property', describeUnknownProperty);
  },
};
