// Warns about `result: $`: the state's result replaces the whole context (spec §5 step 4), so
// everything the earlier states wrote, and `$.workflow`, is gone.
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';

function snake(name: string): string {
  const s = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toLowerCase().replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(s) ? s : 'result';
}

export const rule: Rule = {
  meta: {
    id: 'replaces-context',
    kind: 'problem',
    defaultSeverity: 'warning',
    recommended: true,
    summary: '"result: $" replaces the whole context.',
    messages: {
      state: '"result: $" replaces the whole context with the result of "{{state}}"; store it under its own key, e.g. "$.{{key}}".',
      catch: '"result: $" in a catch replaces the whole context with the error object; store it under its own key, e.g. "$.error".',
    },
    docs: {
      description:
        'Results accumulate only where the author says so (spec §5): `result: $.customer` adds one key, while `result: $` throws away everything the earlier states wrote, and the `$.workflow` copy, and keeps only this result. Reads of earlier keys after it fail. Store the result under its own key; to keep only part of the context, use `output_path`.',
      valid: ['states:\n  - name: LoadCustomer\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    result: $.customer\n    end: true\n'],
      invalid: [
        'states:\n  - name: LoadCustomer\n    type: Task\n    resource: urn:cascade:activity:load_customer\n    result: $\n#           ^ warning[replaces-context]: "result: $" replaces the whole context with the result of "LoadCustomer"; store it under its own key, e.g. "$.load_customer".\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      document() {
        for (const pv of documentValues(context.analysis).paths) {
          if (!pv.path || pv.path.segments.length > 0) continue;
          if (pv.role === 'result') {
            const t = pv.state.type;
            if (t === 'Choice' || t === 'Wait' || t === 'Succeed' || t === 'Fail') continue;
            context.report({ messageId: 'state', data: { state: pv.state.name, key: snake(pv.state.name) }, span: pv.node.span });
          } else if (pv.role === 'catch-result') {
            context.report({ messageId: 'catch', span: pv.node.span });
          }
        }
      },
    };
  },
};
