// A read of `workflow.input.x` (or `$.workflow.input.x`) for a field the current input contract
// no longer has, although an earlier contract had it or a migration moved it (spec §9). Such a
// read fails with States.Runtime on every new input; the hint names the field's new place.
import { Rule } from '../server/src/analysis/rule';
import { removedFieldReads } from '../server/src/analysis/contracts';

const PREVIOUS = `workflows:
  - name: Intake
    version: v2
    input: { customer_id: string, order_id: string, coupon: string? }
    start: Load
    states:
      - name: Load
        type: Task
        resource: urn:cascade:activity:load_customer
        parameters: { id: "{{ workflow.input.customer_id }}" }
        end: true
`;

export const rule: Rule = {
  meta: {
    id: 'removed-input-field',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'The workflow reads an input field that the current contract no longer has.',
    messages: {
      renamed: 'Input field "{{field}}" is no longer in the contract of "{{workflow}}": it was renamed to "{{newPath}}".',
      removed: 'Input field "{{field}}" is no longer in the contract of "{{workflow}}" ({{was}}).',
    },
    docs: {
      description:
        'When a new version of the input contract renames or removes a field, every read of the old field (`workflow.input.x`, `$.workflow.input.x`) fails with `States.Runtime` once inputs follow the new contract, and migrated old inputs no longer carry it either. The rule knows a field was removed when an earlier contract had it (`cascade.contracts.json` or `--baseline`) or when a migration renames or removes it; the hint, and a suggested edit, name its new place when a migration renamed it. Reads under `default` or `defined` are left alone.',
      previous: PREVIOUS,
      valid: [
        'workflows:\n  - name: Intake\n    version: v3\n    input: { customer: { id: string }, order_id: string }\n    migrations:\n      - { from: v2, to: v3, rename: { customer_id: customer.id }, remove: [coupon] }\n    start: Load\n    states:\n      - name: Load\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        parameters: { id: "{{ workflow.input.customer.id }}", coupon: "{{ workflow.input.coupon | default: \'\' }}" }\n        end: true\n',
      ],
      invalid: [
        'workflows:\n  - name: Intake\n    version: v3\n    input: { customer: { id: string }, order_id: string }\n    migrations:\n      - { from: v2, to: v3, rename: { customer_id: customer.id }, remove: [coupon] }\n    start: Load\n    states:\n      - name: Load\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        parameters: { id: "{{ workflow.input.customer_id }}", coupon: "{{ workflow.input.coupon }}" }\n        #                                    ^^^^^^^^^^^ error[removed-input-field]: Input field "customer_id" is no longer in the contract of "Intake": it was renamed to "customer.id".\n        #                                                                                ^^^^^^ error[removed-input-field]: Input field "coupon" is no longer in the contract of "Intake" (it was in "v2"; the migration from "v2" to "v3" removes it).\n        end: true\n',
      ],
    },
  },
  create(context) {
    return {
      document() {
        for (const r of removedFieldReads(context.analysis)) {
          const wf = r.read.workflow;
          if (r.replace && r.movedBy && r.newPath) {
            const newRead = (r.read.path.root === 'workflow' ? 'workflow.input' : '$.workflow.input') + r.replace.text;
            context.report({
              messageId: 'renamed',
              data: { field: r.field, workflow: wf.name, newPath: r.newPath.join('.') },
              span: r.span,
              hint: `The migration from "${r.movedBy.from}" to "${r.movedBy.to}" moves it; read "${newRead}" instead.`,
              related: r.movedBy.renames.filter((x) => r.field === x.from.text || r.field.startsWith(x.from.text + '.')).map((x) => ({ span: x.from.span, message: `renamed to "${x.to.text}" here` })),
              suggestions: [{ title: `Read "${newRead}"`, edits: [{ span: r.replace.span, newText: r.replace.text }] }],
            });
            continue;
          }
          const was: string[] = [];
          if (r.lastVersion) was.push(`it was in "${r.lastVersion}"`);
          if (r.removedBy) was.push(`the migration from "${r.removedBy.from}" to "${r.removedBy.to}" removes it`);
          else if (r.movedBy) was.push(`the migration from "${r.movedBy.from}" to "${r.movedBy.to}" moved it`);
          context.report({ messageId: 'removed', data: { field: r.field, workflow: wf.name, was: was.join('; ') || 'an earlier contract had it' }, span: r.span });
        }
      },
    };
  },
};
