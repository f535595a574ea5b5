// Reports states that no execution can enter: a walk from `start` along next, choice rules,
// default and catch edges (entering the branches of every Parallel it reaches) never gets there.
import { Rule } from '../server/src/analysis/rule';
import { intendedName } from '../server/src/analysis/misspelt-keys';
import { flowGraph } from '../server/src/analysis/stages';
import { reachableInWorkflow } from '../server/src/graph/queries';
import { FlowGraph, FlowScope, hasEndTrue } from '../server/src/graph/flow-graph';
import { State } from '../server/src/model/types';
import { closest } from '../server/src/expr/suggest';

/** A state that needs a transition and has none written (missing-transition reports it). */
function lacksTransition(g: FlowGraph, s: State): boolean {
  // A state whose type is misspelt ("Task ", "Succed") may well go on to the state below: do not
  // call that one unreachable too.
  if (s.type === 'Choice' || s.type === 'Succeed' || s.type === 'Fail') return false;
  return !s.next && !hasEndTrue(s) && !g.isTerminal(s);
}

export const rule: Rule = {
  meta: {
    id: 'unreachable-state',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Every state must be reachable from `start`.',
    messages: {
      unreachable: 'State "{{name}}" is never reached from the start state "{{start}}".',
      unreachableInBranch: 'State "{{name}}" is never reached from its branch\'s start state "{{start}}".',
    },
    docs: {
      description:
        'The execution only enters states that some path from `start` leads to, following `next`, choice rules, `default` and catch entries (spec §6). This is a real walk, so two states that only lead to each other (an island cycle) are found too. Dead states are marked as unnecessary in editors. A state inside a Parallel branch is checked from its branch\'s start; the states of an unreachable Parallel are covered by the finding on the Parallel.',
      valid: ['states:\n  - name: Load\n    type: Pass\n    next: Done\n  - name: Done\n    type: Succeed\n'],
      invalid: [
        'states:\n  - name: Load\n    type: Pass\n    next: Done\n  - name: Orphan\n#         ^^^^^^ error[unreachable-state]: State "Orphan" is never reached from the start state "Load".\n    type: Pass\n    next: Done\n  - name: Done\n    type: Succeed\n',
        'workflows:\n  - name: W\n    start: Load\n    states:\n      - name: Load\n        type: Pass\n        end: true\n      - name: Ping\n#             ^^^^ error[unreachable-state]: State "Ping" is never reached from the start state "Load".\n        type: Pass\n        next: Pong\n      - name: Pong\n#             ^^^^ error[unreachable-state]: State "Pong" is never reached from the start state "Load".\n        type: Pass\n        next: Ping\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        if (!g.root.start) return; // nothing to walk from: unknown-start-state or missing-field says why
        // Where a broken transition was meant to go counts as reached, so that one typo or one
        // missing "next" is one finding, not a cascade: the did-you-mean target of an unknown
        // name, and the state written below one that has no transition at all.
        const unnamed = new Map<string, State>();
        for (const s of wf.allStates) {
          const n = intendedName(context.analysis, s);
          if (n !== undefined && !unnamed.has(n)) unnamed.set(n, s);
        }
        const intended = (s: State): State[] => {
          const scope = g.scopeOf(s);
          const out: State[] = [];
          for (const e of g.out(s)) {
            if (e.to) continue;
            const misnamed = unnamed.get(e.toName);
            if (misnamed) {
              out.push(misnamed);
              continue;
            }
            const guess = closest(e.toName, scope.states.map((x) => x.name).filter((n) => n !== ''));
            const t = guess === undefined ? undefined : g.lookup(scope, guess);
            if (t) out.push(t);
          }
          if (lacksTransition(g, s)) {
            const i = scope.states.indexOf(s);
            const below = scope.states[i + 1];
            if (below) out.push(below);
          }
          return out;
        };
        const reached = reachableInWorkflow(g, intended);
        // A scope is checked when its walk can start: its own start resolves and its Parallel is reached.
        const checked = (scope: FlowScope): boolean => !!scope.start && (!scope.parallel || reached.has(scope.parallel));
        for (const scope of g.scopes) {
          if (!checked(scope)) continue;
          for (const s of scope.states) {
            if (reached.has(s) || !s.name || !s.nameNode) continue;
            if (wf.stateByName.get(s.name) !== s) continue; // a duplicate: duplicate-state-name reports it
            context.report({
              messageId: scope.kind === 'branch' ? 'unreachableInBranch' : 'unreachable',
              data: { name: s.name, start: scope.start!.name },
              span: s.anchor,
              unnecessary: true,
            });
          }
        }
      },
    };
  },
};
