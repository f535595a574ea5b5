// Notes a `result` that nothing reads afterwards: the context carries it for nothing (the
// state-management guide: keep the context small). The workflow's final context is its output,
// so a result that reaches a successful end is used.
import { Rule } from '../server/src/analysis/rule';
import { workflowShapes } from '../server/src/analysis/stages';
import { unusedResults } from '../server/src/shapes/checks';

export const rule: Rule = {
  meta: {
    id: 'unused-result',
    kind: 'suggestion',
    defaultSeverity: 'info',
    recommended: true,
    summary: 'A result written to the context and never read afterwards.',
    messages: {
      unused: 'The result "{{state}}" writes to "{{path}}" is never read: it is overwritten or removed before any read, on every path; drop "result" to keep the context small.',
    },
    docs: {
      description:
        'A read counts when it is a template, a bare `$.` parameter, a Choice `variable` or operand, an `input_path`/`output_path` selection, a read of a parent path or of the whole context (`{{ $ }}`), on any path after the state. The context a workflow ends with is its output, so a result that survives to a successful end is used. What is reported is a result that is overwritten, pruned or dropped before anything reads it.',
      valid: [
        'states:\n  - name: LoadCustomer\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    result: $.customer\n    next: Greet\n  - name: Greet\n    type: Task\n    resource: urn:cascade:activity:greet\n    parameters:\n      name: "{{ $.customer.name }}"\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: LoadCustomer\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    result: $.customer\n#           ^^^^^^^^^^ info[unused-result]: The result "LoadCustomer" writes to "$.customer" is never read: it is overwritten or removed before any read, on every path; drop "result" to keep the context small.\n    next: LoadOrder\n  - name: LoadOrder\n    type: Task\n    resource: urn:cascade:activity:load_order\n    result: $.order\n    output_path: $.order\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const ws = workflowShapes(context.analysis, wf);
        for (const s of unusedResults(ws)) {
          const pv = ws.plan(s)?.result;
          if (!pv) continue;
          context.report({ messageId: 'unused', data: { state: s.name, path: pv.text }, span: pv.node.span });
        }
      },
    };
  },
};
