// Reports a `start` that names no state of its workflow (top level) or of its branch.
import { Rule } from '../server/src/analysis/rule';
import { flowGraph } from '../server/src/analysis/stages';
import { closest } from '../server/src/expr/suggest';
import { quoteList } from '../server/src/analysis/wording';

export const rule: Rule = {
  meta: {
    id: 'unknown-start-state',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: '`start` must name a top-level state of its workflow (or a state of its branch).',
    messages: {
      unknown: 'Start state "{{name}}" does not exist; did you mean "{{suggestion}}"?',
      unknownList: 'Start state "{{name}}" does not exist; valid start states are {{valid}}.',
      nested: 'Start state "{{name}}" is inside a Parallel branch; a workflow starts at one of its top-level states: {{valid}}.',
      outsideBranch: 'Start state "{{name}}" is not a state of this branch; a branch starts at one of its own states: {{valid}}.',
    },
    docs: {
      description:
        "A workflow's `start` names one of its top-level states (spec §2); a branch's `start` names one of that branch's states (spec §3.2). A misspelt name gets a did-you-mean.",
      valid: ['workflows:\n  - name: Orders\n    start: Load\n    states:\n      - name: Load\n        type: Pass\n        end: true\n'],
      invalid: [
        'workflows:\n  - name: Orders\n    start: Laod\n#          ^^^^ error[unknown-start-state]: Start state "Laod" does not exist; did you mean "Load"?\n    states:\n      - name: Load\n        type: Pass\n        end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        for (const scope of g.scopes) {
          const ref = scope.startRef;
          if (!ref || scope.start || scope.branch?.single || (scope.kind === 'workflow' && wf.implicitStart)) continue;
          // No states at all (`states` missing, misspelt or empty): the schema says so; a start cannot be right yet.
          if (scope.states.length === 0) continue;
          const candidates = scope.states.map((s) => s.name).filter((n) => n !== '');
          const suggestion = closest(ref.name, candidates);
          const elsewhere = wf.stateByName.get(ref.name);
          const valid = candidates.length ? quoteList(candidates, elsewhere ? 'or' : 'and') : 'none yet (add states first)';
          let messageId = suggestion ? 'unknown' : 'unknownList';
          if (elsewhere) messageId = scope.kind === 'workflow' ? 'nested' : 'outsideBranch';
          context.report({
            messageId,
            data: { name: ref.name, suggestion: suggestion ?? '', valid },
            span: ref.span,
            related: elsewhere ? [{ span: elsewhere.anchor, message: `"${ref.name}" is defined here` }] : [],
            suggestions: suggestion && !elsewhere ? [{ title: `Change to "${suggestion}"`, edits: [{ span: ref.span, newText: suggestion }] }] : undefined,
          });
        }
      },
    };
  },
};
