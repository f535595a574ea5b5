// Reports a read of a context path that no path from the start sets: the read fails the execution
// with States.Runtime, which no retry or catch handles (spec §4). Says where the path is written.
import { Rule } from '../server/src/analysis/rule';
import { readIssueVisitor } from '../server/src/analysis/context-rules';
import { describeUndefined } from '../server/src/shapes/describe';

export const rule: Rule = {
  meta: {
    id: 'undefined-context-path',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A context path that is not set on any path reaching the state that reads it.',
    messages: {
      notWritten: '"{{path}}" is not set by any state{{suggest}}',
      writtenAfter: '"{{path}}" is only written by {{writers}}, which {{verb}} after this state{{suggest}}',
      writtenOnFailure: '"{{path}}" is only written by {{writers}}, whose result never reaches this state: it comes after {{writer}} only when {{writer}} fails{{suggest}}',
      selfWritten: '"{{path}}" is only written by the result of this state, which is stored after the state has read it{{suggest}}',
      otherBranch: '"{{path}}" is only written by {{writers}}, in another branch of {{parallel}}: each branch starts from a copy of the input of {{parallel}}{{suggest}}',
      notReaching: '"{{path}}" is only written by {{writers}}, whose result does not reach this state{{suggest}}',
      inList: '"{{path}}" is only written in branch {{branch}} of {{parallel}}, which stores the final context of each branch in the list {{list}}{{suggest}}',
      notInBranch: '"{{path}}" is not set: {{item}} is the final context of branch {{branch}} of {{parallel}}, which has {{fields}}{{suggest}}',
    },
    docs: {
      description:
        'The context holds `workflow` plus the keys that `result`s and Parallel merges wrote on the way to a state (spec §5), so a read of anything else is a typo or a read before the write. Reading an undefined path fails the execution with `States.Runtime`, which no retry or catch can handle. The message says which state writes the path, if any, and offers the nearest defined path. Reads under `| default` or `| defined` never fail and are not reported.',
      valid: [
        'states:\n  - name: LoadCustomer\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    result: $.customer\n    next: LoadOrders\n  - name: LoadOrders\n    type: Task\n    resource: urn:cascade:activity:load_orders\n    parameters:\n      customer_id: "{{ $.customer.id }}"\n      region: "{{ $.region | default: \'eu\' }}"\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: LoadCustomer\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    parameters:\n      orders: "{{ $.orders }}"\n#                   ^^^^^^ error[undefined-context-path]: "$.orders" is only written by "LoadOrders", which runs after this state.\n    result: $.customer\n    next: LoadOrders\n  - name: LoadOrders\n    type: Task\n    resource: urn:cascade:activity:load_orders\n    parameters:\n      customer_id: "{{ $.custmer.id }}"\n#                        ^^^^^^^ error[undefined-context-path]: "$.custmer" is not set by any state; did you mean "$.customer"?\n    result: $.orders\n    end: true\n',
      ],
    },
  },
  create(context) {
    return readIssueVisitor(context, 'undefined-context-path', describeUndefined);
  },
};
