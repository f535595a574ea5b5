// Reports a read of `workflow.input.x` (or `$.workflow.input.x`) where the workflow's input
// contract has no field x, with the nearest field.
import { Rule } from '../server/src/analysis/rule';
import { readIssueVisitor } from '../server/src/analysis/context-rules';
import { describeUnknownInput } from '../server/src/shapes/describe';
import { removedFieldReads } from '../server/src/analysis/contracts';

export const rule: Rule = {
  meta: {
    id: 'unknown-input-field',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A read of a workflow input field that the input contract does not declare.',
    messages: {
      unknown: '"{{path}}" is not in the input contract of {{workflow}}{{suggest}}',
    },
    docs: {
      description:
        'With an input contract (`input` as compact types, or `input_schema` with `additionalProperties: false`) the fields of `workflow.input` are known. Reading another one is a typo, or a field of an older version of the contract. Without a contract, `workflow.input` is open and nothing is reported.',
      valid: [
        'workflows:\n  - name: Orders\n    start: Load\n    input:\n      customer_id: string\n    states:\n      - name: Load\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        parameters:\n          customer_id: "{{ workflow.input.customer_id }}"\n        end: true\n',
      ],
      invalid: [
        'workflows:\n  - name: Orders\n    start: Load\n    input:\n      customer_id: string\n    states:\n      - name: Load\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        parameters:\n          customer_id: "{{ workflow.input.customerId }}"\n#                                         ^^^^^^^^^^ error[unknown-input-field]: "workflow.input.customerId" is not in the input contract of "Orders"; did you mean "workflow.input.customer_id"?\n        end: true\n',
      ],
    },
  },
  create(context) {
    // A field an earlier recorded contract had is removed-input-field's finding (same read, better message).
    let removed: Set<number> | undefined;
    return readIssueVisitor(context, 'unknown-input-field', describeUnknownInput, (issue) => {
      removed ??= new Set(removedFieldReads(context.analysis).map((r) => r.read.span.start));
      return removed.has(issue.read.span.start);
    });
  },
};
