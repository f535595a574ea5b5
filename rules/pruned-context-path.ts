// Reports a read of a path that existed before an input_path or output_path removed it (spec §5:
// the selected value becomes the whole context), naming the state that removed it.
import { Rule } from '../server/src/analysis/rule';
import { readIssueVisitor } from '../server/src/analysis/context-rules';
import { describePruned } from '../server/src/shapes/describe';

export const rule: Rule = {
  meta: {
    id: 'pruned-context-path',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A context path that an earlier input_path or output_path removed.',
    messages: {
      pruned: '"{{path}}" was removed by the {{key}} of {{state}}, which keeps only {{selected}}{{suggest}}',
      replaced: '"{{path}}" was removed by {{state}}, whose "result: $" replaces the whole context{{suggest}}',
    },
    docs: {
      description:
        '`input_path` and `output_path` select one value, which becomes the whole context from there on ("start clean" in the state-management guide). A read of a key that was there before the selection fails the execution, even when the selected value has an open shape. `workflow.input` stays available as `workflow.input.…` (never `$.workflow.input.…` after a pruning).',
      valid: [
        'states:\n  - name: GetUser\n    type: Task\n    resource: urn:cascade:activity:get_user\n    result: $.user_profile\n    output_path: $.user_profile\n    next: ProcessUser\n  - name: ProcessUser\n    type: Task\n    resource: urn:cascade:activity:process_user\n    parameters:\n      profile: "{{ $ }}"\n      customer_id: "{{ workflow.input.customer_id }}"\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: GetUser\n    type: Task\n    resource: urn:cascade:activity:get_user\n    result: $.user_profile\n    output_path: $.user_profile\n    next: ProcessUser\n  - name: ProcessUser\n    type: Task\n    resource: urn:cascade:activity:process_user\n    parameters:\n      name: "{{ $.user_profile.name }}"\n#                 ^^^^^^^^^^^^ error[pruned-context-path]: "$.user_profile" was removed by the output_path of "GetUser", which keeps only "$.user_profile"; did you mean "$.name"?\n    end: true\n',
      ],
    },
  },
  create(context) {
    return readIssueVisitor(context, 'pruned-context-path', describePruned);
  },
};
