// Warns about a state without `catch` whose errors end the whole workflow because nothing
// around it (no enclosing Parallel's catch either) handles them.
import { Rule } from '../server/src/analysis/rule';
import { errorFlow, flowGraph } from '../server/src/analysis/stages';
import { ANY_ERROR, CATCHING_TYPES, EXTERNAL_TYPES, RaisedError, describeErrors } from '../server/src/graph/errors';
import { nestedStates, reachableInWorkflow } from '../server/src/graph/queries';
import { ParallelState, State } from '../server/src/model/types';
import { FlowGraph } from '../server/src/graph/flow-graph';

function callsOut(g: FlowGraph, s: State): boolean {
  if (EXTERNAL_TYPES.includes(s.type)) return true;
  return s.type === 'Parallel' && nestedStates(g, s as ParallelState).some((x) => EXTERNAL_TYPES.includes(x.type));
}

export const rule: Rule = {
  meta: {
    id: 'missing-catch',
    kind: 'problem',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'A state that can fail should have a `catch`, or sit in a Parallel that has one.',
    messages: {
      missing: 'State "{{name}}" has no "catch": when it fails with {{errors}} the whole workflow fails; add a "catch" entry.',
      missingParallel: 'Parallel state "{{name}}" has no "catch": when a branch fails with {{errors}} the whole workflow fails; add a "catch" entry.',
    },
    optionsSchema: {
      type: 'object',
      properties: { states: { enum: ['external', 'all'], description: 'external: states that call out (Task, EvaluatePolicy, HumanTask, Receive, and Parallel states containing one); all: every state that takes "catch".' } },
      additionalProperties: false,
    },
    defaultOptions: { states: 'external' },
    docs: {
      description:
        'Retries help with transient failures, but once they are used up an error that no catch handles ends the workflow (spec §5). This rule reports a state that has no `catch` and whose errors (declared activity errors, `States.Timeout`, any error of an undeclared activity, a Fail state\'s error inside a branch) reach the end of the workflow, once: on the outermost such state (a Parallel without catch around it is reported instead of the states in its branches). Option `states`: `external` (default) checks states that call out of the engine, `all` every state that takes `catch` (a Parallel whose branches can only fail through a Fail state, for example). When a catch on the way out exists but misses a declared activity error, uncaught-error reports that error instead.',
      valid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [States.ALL]\n        next: Failed\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
      ],
      invalid: [
        'states:\n  - name: Charge\n#         ^^^^^^ warning[missing-catch]: State "Charge" has no "catch": when it fails with any error the whole workflow fails; add a "catch" entry.\n    type: Task\n    resource: urn:cascade:activity:charge\n    end: true\n',
      ],
    },
  },
  create(context) {
    const all = context.options.states === 'all';
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        const flow = errorFlow(context.analysis, wf);
        const reached = g.root.start ? reachableInWorkflow(g) : undefined;
        // The errors of `s` that end the workflow and that this rule speaks for: when some catch on
        // the way out exists, declared activity errors are uncaught-error's business.
        const unhandled = (s: State): RaisedError[] => {
          const errs = flow.reachingEnd(s);
          if (!flow.enclosing(s).some((p) => p.catches.length > 0)) return errs;
          return errs.filter((e) => !(e.kind === 'activity' && e.name !== ANY_ERROR && flow.of(e.source).declaration));
        };
        const qualifies = (s: State): boolean => {
          if (!CATCHING_TYPES.includes(s.type) || s.fields.has('catch')) return false;
          if (!all && !callsOut(g, s)) return false;
          if (reached && !reached.has(s)) return false;
          return unhandled(s).length > 0;
        };
        for (const s of wf.allStates) {
          if (!qualifies(s)) continue;
          if (flow.enclosing(s).some((p) => qualifies(p))) continue; // reported once, on the outermost
          const errors = describeErrors(unhandled(s));
          context.report({ messageId: s.type === 'Parallel' ? 'missingParallel' : 'missing', data: { name: s.name || '(unnamed)', errors }, span: s.anchor });
        }
      },
    };
  },
};
