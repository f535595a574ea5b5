// The static part of the analysis, per state: its path values (input_path, result, output_path,
// catch results), its context reads, the paths its reads prove (for narrowing the contexts it passes
// on) and the guard in force at each read. Computed once from the values stage.
import type { YScalar } from '../syntax/yaml-tree';
import type { ChoiceRule, Entry, State, Workflow } from '../model/types';
import type { ContextRead, DocumentValues, PathValue, TemplateValue } from '../expr/values';
import type { PathAst } from '../expr/path';
import { EMPTY_SET, PathSet, RuleSources, ReadVisitor, ruleFacts, single, templateFacts, union } from './facts';

export interface StatePlan {
  state: State;
  inputPath?: PathValue;
  outputPath?: PathValue;
  result?: PathValue;
  catchResults: Map<number, PathValue>;
  reads: ContextRead[];
  templates: TemplateValue[];
  /** Proven by reading `input_path` (on the state's input). */
  inputProven: PathSet;
  /** Proven by the reads every evaluation of the state performs (on E). */
  effectiveProven: PathSet;
  /** Choice: known on the edge of each rule (earlier rules false, this one true). */
  ruleProven: Map<ChoiceRule, PathSet>;
  /** Choice: known on the default edge (every rule false). */
  defaultProven: PathSet;
  /** Read span start -> paths known to exist where that read happens. */
  guards: Map<number, PathSet>;
}

export interface WorkflowValues {
  plans: Map<State, StatePlan>;
  templatesByNode: Map<YScalar, TemplateValue>;
}

export function buildPlans(wf: Workflow, values: DocumentValues): WorkflowValues {
  const plans = new Map<State, StatePlan>();
  const templatesByNode = new Map<YScalar, TemplateValue>();
  const pathsByNode = new Map<YScalar, PathValue>();
  const plan = (s: State): StatePlan => {
    let p = plans.get(s);
    if (!p) {
      p = {
        state: s,
        catchResults: new Map(),
        reads: [],
        templates: [],
        inputProven: EMPTY_SET,
        effectiveProven: EMPTY_SET,
        ruleProven: new Map(),
        defaultProven: EMPTY_SET,
        guards: new Map(),
      };
      plans.set(s, p);
    }
    return p;
  };
  for (const s of wf.allStates) plan(s);
  for (const pv of values.paths) {
    if (pv.workflow !== wf) continue;
    pathsByNode.set(pv.node, pv);
    const p = plan(pv.state);
    if (pv.role === 'input_path') p.inputPath = pv;
    else if (pv.role === 'output_path') p.outputPath = pv;
    else if (pv.role === 'result') p.result = pv;
    else if (pv.role === 'catch-result' && pv.catchEntry) p.catchResults.set(pv.catchEntry.index, pv);
  }
  for (const t of values.templates) {
    if (t.workflow !== wf) continue;
    templatesByNode.set(t.node, t);
    plan(t.state).templates.push(t);
  }
  for (const r of values.reads) if (r.workflow === wf) plan(r.state).reads.push(r);

  const src: RuleSources = {
    condition: (rule) => {
      const n = rule.condition?.value;
      return n && n.kind === 'scalar' ? templatesByNode.get(n)?.parsed : undefined;
    },
    variable: (rule) => {
      const n = rule.variable?.value;
      return n && n.kind === 'scalar' ? pathsByNode.get(n)?.path : undefined;
    },
    operand: (entry: Entry) => {
      const n = entry.value;
      return n && n.kind === 'scalar' && typeof n.value === 'string' && n.value.startsWith('$') ? pathsByNode.get(n)?.path : undefined;
    },
  };

  for (const p of plans.values()) {
    const visit: ReadVisitor = (_path: PathAst, span, guard) => {
      if (guard.size > 0) p.guards.set(span.start, guard);
    };
    let proven = EMPTY_SET;
    for (const t of p.templates) {
      if (t.role === 'condition') continue;
      proven = union(proven, templateFacts(t.parsed, EMPTY_SET, visit).always);
    }
    for (const r of p.reads) {
      if (r.kind === 'bare' && !r.safe) proven = union(proven, single(r.path));
      if (r.kind === 'input_path') p.inputProven = union(p.inputProven, single(r.path));
    }
    p.effectiveProven = proven;
    const s = p.state;
    if (s.type === 'Choice') {
      let before = proven;
      for (const rule of s.choices) {
        const f = ruleFacts(rule, before, src, visit);
        p.ruleProven.set(rule, union(before, f.t));
        before = union(before, f.f);
      }
      p.defaultProven = before;
    }
  }
  return { plans, templatesByNode };
}
