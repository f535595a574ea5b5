// Reports loops that can never exit: a set of reachable states from which no path leads to a
// terminal state (end: true, Succeed, Fail), reported once per loop at its first state.
import { Rule } from '../server/src/analysis/rule';
import { flowGraph } from '../server/src/analysis/stages';
import { canExit, isCycle, reachableInWorkflow, stronglyConnected } from '../server/src/graph/queries';
import { State } from '../server/src/model/types';
import { quoteList } from '../server/src/analysis/wording';

export const rule: Rule = {
  meta: {
    id: 'no-terminal-path',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'From every reachable state some end of the workflow (or branch) must be reachable.',
    messages: {
      loop: 'States {{names}} form a loop that never ends: no path from them reaches "end: true", a Succeed or a Fail state.',
      selfLoop: 'State "{{name}}" only leads back to itself: no path from it reaches "end: true", a Succeed or a Fail state.',
      loopInBranch: 'States {{names}} form a loop that never ends its branch: no path from them reaches "end: true", a Succeed or a Fail state.',
      selfLoopInBranch: 'State "{{name}}" only leads back to itself: no path from it ends its branch.',
    },
    docs: {
      description:
        'A loop is fine as long as it has a way out: a Choice rule or `default`, or a catch entry, that leads to an end. A loop without one runs until the workflow times out (spec §6). The finding marks the first state of the loop and lists every state in it as related locations. A loop that nothing reaches is left to unreachable-state; a transition to a missing state is left to unknown-transition-target.',
      valid: [
        'states:\n  - name: Poll\n    type: Task\n    resource: urn:cascade:activity:poll\n    result: $.status\n    next: IsDone\n  - name: IsDone\n    type: Choice\n    choices:\n      - condition: "{{ $.status.done }}"\n        next: Done\n    default: Poll\n  - name: Done\n    type: Succeed\n',
      ],
      invalid: [
        'states:\n  - name: Poll\n#         ^^^^ error[no-terminal-path]: States "Poll" and "Pause" form a loop that never ends: no path from them reaches "end: true", a Succeed or a Fail state.\n    type: Task\n    resource: urn:cascade:activity:poll\n    next: Pause\n  - name: Pause\n    type: Wait\n    duration: 1m\n    next: Poll\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        const reached = g.root.start ? reachableInWorkflow(g) : undefined;
        for (const scope of g.scopes) {
          const exits = canExit(g, scope);
          const stuck = new Set(scope.states.filter((s) => !exits.has(s)));
          if (!stuck.size) continue;
          for (const comp of stronglyConnected(g, scope, stuck)) {
            if (!isCycle(g, comp)) continue;
            // Only loops with no way out even to another stuck state: fixing those fixes the rest.
            const inComp = new Set(comp);
            const bottom = comp.every((s) => g.out(s).every((e) => !e.to || inComp.has(e.to) || !stuck.has(e.to)));
            if (!bottom) continue;
            if (reached && !comp.some((s) => reached.has(s))) continue;
            const first: State = comp[0];
            const inBranch = scope.kind === 'branch';
            const names = quoteList(comp.map((s) => s.name || '(unnamed)'), 'and', 12);
            context.report({
              messageId: comp.length === 1 ? (inBranch ? 'selfLoopInBranch' : 'selfLoop') : inBranch ? 'loopInBranch' : 'loop',
              data: { names, name: first.name || '(unnamed)' },
              span: first.anchor,
              related: comp.map((s) => ({ span: s.anchor, message: `"${s.name}" is part of the loop` })),
            });
          }
        }
      },
    };
  },
};
