// Reports transitions that cross a Parallel branch boundary: out of a branch (to the workflow or
// a sibling branch) or into a branch from outside. Branch states only move among themselves.
import { Rule } from '../server/src/analysis/rule';
import { flowGraph } from '../server/src/analysis/stages';
import { FlowScope } from '../server/src/graph/flow-graph';
import { quoteList } from '../server/src/analysis/wording';

function describeScope(scope: FlowScope): string {
  if (scope.kind === 'workflow') return 'the workflow';
  const b = scope.branch!;
  const label = b.name ? `branch "${b.name}"` : `branch ${b.index + 1}`;
  return `${label} of Parallel "${scope.parallel!.name}"`;
}

export const rule: Rule = {
  meta: {
    id: 'branch-escape',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'States of a Parallel branch may only transition among themselves.',
    messages: {
      escape: 'State "{{target}}" is outside {{scope}}; a branch can only move among its own states ({{valid}}) and ends with "end: true", Succeed or Fail.',
      escapeSingle: 'State "{{target}}" is outside {{scope}}; a single-state branch ends its branch: remove "next".',
      enter: 'State "{{target}}" is inside {{targetScope}}; only that branch\'s own states can move to it.',
    },
    docs: {
      description:
        'A Parallel state runs each branch on its own and joins them; a branch ends at its own `end: true`, Succeed or Fail state, and the Parallel then moves on with its own `next`. A `next`, choice rule, `default` or catch entry in a branch that names a state outside the branch (spec §3.2), or one from outside that names a state inside a branch, is reported at the name written.',
      valid: [
        'states:\n  - name: Fan\n    type: Parallel\n    next: Done\n    branches:\n      - name: Left\n        start: A\n        states:\n          - name: A\n            type: Pass\n            next: B\n          - name: B\n            type: Pass\n            end: true\n  - name: Done\n    type: Succeed\n',
      ],
      invalid: [
        'states:\n  - name: Fan\n    type: Parallel\n    next: Done\n    branches:\n      - name: Left\n        start: A\n        states:\n          - name: A\n            type: Pass\n            next: Done\n#                 ^^^^ error[branch-escape]: State "Done" is outside branch "Left" of Parallel "Fan"; a branch can only move among its own states ("A") and ends with "end: true", Succeed or Fail.\n  - name: Done\n    type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        for (const e of g.edges) {
          if (!e.escapes || !e.to) continue;
          const from = g.scopeOf(e.from);
          const to = g.scopeOf(e.to);
          // Into a branch nested below the source's scope; anything else leaves the source's branch.
          if (isWithin(from, to)) {
            context.report({ messageId: 'enter', data: { target: e.toName, targetScope: describeScope(to) }, span: e.span, related: [{ span: e.to.anchor, message: `"${e.toName}" is defined here` }] });
            continue;
          }
          const valid = quoteList(from.states.map((s) => s.name).filter((n) => n !== ''));
          context.report({
            messageId: from.branch?.single && e.kind === 'next' ? 'escapeSingle' : 'escape',
            data: { target: e.toName, scope: describeScope(from), valid },
            span: e.span,
            related: [{ span: e.to.anchor, message: `"${e.toName}" is defined here` }],
          });
        }
      },
    };
  },
};

/** Is `inner` the same scope as `outer` or nested inside it? */
function isWithin(outer: FlowScope, inner: FlowScope): boolean {
  let s: FlowScope | undefined = inner;
  for (let i = 0; s && i < 10_000; i++, s = s.parent) if (s === outer) return true;
  return false;
}
