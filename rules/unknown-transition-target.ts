// Reports a transition (next, a choice rule's next, default, a catch's next) to a name no state has.
import { Rule } from '../server/src/analysis/rule';
import { intendedName } from '../server/src/analysis/misspelt-keys';
import { flowGraph } from '../server/src/analysis/stages';
import { closest } from '../server/src/expr/suggest';
import { quoteList } from '../server/src/analysis/wording';

export const rule: Rule = {
  meta: {
    id: 'unknown-transition-target',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Every `next`, `default` and catch `next` must name a state of the workflow.',
    messages: {
      unknown: 'State "{{name}}" does not exist; did you mean "{{suggestion}}"?',
      unknownList: 'State "{{name}}" does not exist; valid targets are {{valid}}.',
      empty: 'The transition names no state; valid targets are {{valid}}.',
    },
    docs: {
      description:
        'A transition to a state that does not exist fails the execution when it is taken. The message suggests the closest name among the states the transition may go to (those of the same workflow or branch).',
      valid: ['states:\n  - name: Load\n    type: Pass\n    next: Done\n  - name: Done\n    type: Succeed\n'],
      invalid: [
        'states:\n  - name: Load\n    type: Pass\n    next: Doen\n#         ^^^^ error[unknown-transition-target]: State "Doen" does not exist; did you mean "Done"?\n  - name: Done\n    type: Succeed\n',
        'states:\n  - name: Check\n    type: Choice\n    choices:\n      - condition: "{{ $.ok }}"\n        next: Done\n    default: Retry\n#            ^^^^^ error[unknown-transition-target]: State "Retry" does not exist; valid targets are "Check" and "Done".\n  - name: Done\n    type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        // States whose `name` key is misspelt (`nme: Load`): a transition to "Load" is not a second mistake.
        const meant = new Set(wf.allStates.map((s) => intendedName(context.analysis, s)).filter((n): n is string => n !== undefined));
        for (const e of g.edges) {
          if (e.to || meant.has(e.toName)) continue;
          const scope = g.scopeOf(e.from);
          const candidates = scope.states.map((s) => s.name).filter((n) => n !== '');
          const suggestion = closest(e.toName, candidates);
          const valid = candidates.length ? quoteList(candidates, 'and') : 'none (add states first)';
          context.report({
            messageId: e.toName === '' ? 'empty' : suggestion ? 'unknown' : 'unknownList',
            data: { name: e.toName, suggestion: suggestion ?? '', valid },
            span: e.span,
            suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: e.span, newText: suggestion }] }] : undefined,
          });
        }
      },
    };
  },
};
