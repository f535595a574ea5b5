// Reports two branches of a Parallel state (without `result`) that write the same path: the
// branches' changes are merged key by key in branch order (spec §5), so the later one wins there.
import { Rule } from '../server/src/analysis/rule';
import { workflowShapes } from '../server/src/analysis/stages';
import { formatPath } from '../server/src/expr/path';

function branchLabel(scope: { branch?: { name?: string; index: number } }): string {
  return scope.branch?.name ?? `#${(scope.branch?.index ?? 0) + 1}`;
}

export const rule: Rule = {
  meta: {
    id: 'parallel-write-conflict',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Two branches of a Parallel state write the same context key.',
    messages: {
      conflict: '"{{path}}" is written by branch "{{first}}" and by branch "{{second}}" of "{{parallel}}"; the branches are merged key by key, so "{{second}}" replaces what "{{first}}" wrote.',
    },
    docs: {
      description:
        'Without `result`, a Parallel state merges what its branches changed into its input key by key, in branch order (as the reference interpreter does): where two branches changed the same object, their changes below it merge the same way, so `$.data.customer` from one branch and `$.data.order` from another both survive. When two branches write the same path (`$.result` twice, or `$.data` in one and `$.data.order` in another), the later branch\'s value replaces the earlier one and a result is lost. Give each branch its own key, or store the list of branch outputs with `result`.',
      valid: [
        'states:\n  - name: Gather\n    type: Parallel\n    branches:\n      - name: LoadCustomer\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        result: $.customer\n      - name: LoadOrder\n        type: Task\n        resource: urn:cascade:activity:load_order\n        result: $.order\n    end: true\n',
        'states:\n  - name: Gather\n    type: Parallel\n    branches:\n      - name: LoadCustomer\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        result: $.data.customer\n      - name: LoadOrder\n        type: Task\n        resource: urn:cascade:activity:load_order\n        result: $.data.order\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: Gather\n    type: Parallel\n    branches:\n      - name: LoadCustomer\n        type: Task\n        resource: urn:cascade:activity:load_customer\n        result: $.result\n      - name: LoadOrder\n        type: Task\n        resource: urn:cascade:activity:load_order\n        result: $.result\n#               ^^^^^^^^ error[parallel-write-conflict]: "$.result" is written by branch "LoadCustomer" and by branch "LoadOrder" of "Gather"; the branches are merged key by key, so "LoadOrder" replaces what "LoadCustomer" wrote.\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        for (const c of workflowShapes(context.analysis, wf).conflicts) {
          context.report({
            messageId: 'conflict',
            data: { path: formatPath(c.path.map((name) => ({ kind: 'field' as const, name, span: c.second.span, quoted: false })), '$'), first: branchLabel(c.first.scope), second: branchLabel(c.second.scope), parallel: c.parallel.name },
            span: c.second.span,
            related: [{ span: c.first.span, message: `branch "${branchLabel(c.first.scope)}" writes "${formatPath(c.firstPath.map((name) => ({ kind: 'field' as const, name, span: c.first.span, quoted: false })), '$')}" here` }],
          });
        }
      },
    };
  },
};
