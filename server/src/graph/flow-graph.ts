// The flow graph of one workflow: nodes are states, edges are `next`, each Choice rule, `default`
// and each catch entry, each keeping the span of the text that created it. A Parallel's branches
// are nested scopes with their own start and terminals. Total on half-written models, iterative.
import { Span } from '../syntax/types';
import { Branch, CatchEntry, ChoiceRule, ParallelState, State, StateRef, Workflow } from '../model/types';

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface FlowEdge {
  from: State;
  /** The target state; undefined when no state has that name. */
  to: State | undefined;
  toName: string;
  kind: EdgeKind;
  /** The text that created the edge: the next/default value, the rule's next value, the catch entry's next value. */
  span: Span;
  ruleIndex?: number;
  rule?: ChoiceRule;
  catchIndex?: number;
  catchEntry?: CatchEntry;
  /** Catch edges: the error names the entry catches. */
  errors?: string[];
  /** True when `to` lies outside the scope of `from` (a branch-escape, or a jump into a branch). */
  escapes?: boolean;
}

export interface FlowScope {
  kind: 'workflow' | 'branch';
  workflow: Workflow;
  parallel?: ParallelState;
  branch?: Branch;
  /** The resolved entry state; undefined when `start` is missing or names no state of this scope. */
  start?: State;
  /** The `start` as written (for a single-state branch: its state's name). */
  startRef?: StateRef;
  /** States of this scope only (not those of nested branches). */
  states: State[];
  /** Depth of nesting: 0 for the workflow, 1 for a branch of a top-level Parallel, ... */
  depth: number;
  /** The scope that holds the Parallel (undefined for the workflow scope). */
  parent?: FlowScope;
}

export interface FlowGraph {
  workflow: Workflow;
  root: FlowScope;
  /** The workflow scope, then every branch (nested Parallels too), in document order. */
  scopes: FlowScope[];
  scopeOf(state: State): FlowScope;
  /** Every edge written on the state, escaping ones included, in the order written. */
  out(state: State): FlowEdge[];
  in(state: State): FlowEdge[];
  /** True when the state ends its scope: end: true, Succeed, Fail, or a single-state branch's state. */
  isTerminal(state: State): boolean;
  branchScopes(p: ParallelState): FlowScope[];
  /** Every edge, in document order of their source states. */
  edges: FlowEdge[];
  /** The state a name resolves to inside a scope (first definition), if any. */
  lookup(scope: FlowScope, name: string): State | undefined;
}

/** The `end` key holds YAML `true`. */
export function hasEndTrue(state: State): boolean {
  const v = state.end?.value;
  return !!v && v.kind === 'scalar' && v.value === true;
}

/** The transitions written on a state, in the order written: next, choice rules, default, catches. */
function writtenEdges(state: State): Omit<FlowEdge, 'to' | 'escapes'>[] {
  const out: Omit<FlowEdge, 'to' | 'escapes'>[] = [];
  if (state.type === 'Choice') {
    for (const rule of state.choices) {
      if (rule.next) out.push({ from: state, toName: rule.next.name, kind: 'choice', span: rule.next.span, ruleIndex: rule.index, rule });
    }
    if (state.default) out.push({ from: state, toName: state.default.name, kind: 'default', span: state.default.span });
  }
  if (state.next) out.push({ from: state, toName: state.next.name, kind: 'next', span: state.next.span });
  for (const c of state.catches) {
    if (c.next) out.push({ from: state, toName: c.next.name, kind: 'catch', span: c.next.span, catchIndex: c.index, catchEntry: c, errors: c.errorEquals.map((e) => e.name) });
  }
  // Keep the textual order (a Choice may write `next` before its rules, by mistake).
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

export function buildFlowGraph(wf: Workflow): FlowGraph {
  const scopes: FlowScope[] = [];
  const scopeByState = new Map<State, FlowScope>();
  const branchScopesOf = new Map<ParallelState, FlowScope[]>();
  const names = new Map<FlowScope, Map<string, State>>();

  const root: FlowScope = { kind: 'workflow', workflow: wf, states: [...wf.states], startRef: wf.start, depth: 0 };
  // Breadth-first over scopes with an explicit queue: nesting depth never becomes stack depth.
  const queue: FlowScope[] = [root];
  for (let qi = 0; qi < queue.length; qi++) {
    const scope = queue[qi];
    scopes.push(scope);
    const byName = new Map<string, State>();
    names.set(scope, byName);
    for (const s of scope.states) {
      if (!scopeByState.has(s)) scopeByState.set(s, scope);
      if (s.name && !byName.has(s.name)) byName.set(s.name, s);
    }
    if (scope.branch?.single) scope.start = scope.states[0];
    else if (scope.startRef) scope.start = byName.get(scope.startRef.name);
    for (const s of scope.states) {
      if (s.type !== 'Parallel') continue;
      const list: FlowScope[] = [];
      for (const b of s.branches) {
        const bs: FlowScope = { kind: 'branch', workflow: wf, parallel: s, branch: b, states: [...b.states], startRef: b.start, depth: scope.depth + 1, parent: scope };
        list.push(bs);
        queue.push(bs);
      }
      branchScopesOf.set(s, list);
    }
  }
  // Scopes in document order (the queue is breadth-first).
  scopes.sort((a, b) => (a.kind === 'workflow' ? -1 : b.kind === 'workflow' ? 1 : a.branch!.span.start - b.branch!.span.start));

  // States no scope listed (should not happen; keeps scopeOf total).
  for (const s of wf.allStates) if (!scopeByState.has(s)) scopeByState.set(s, root);

  const outEdges = new Map<State, FlowEdge[]>();
  const inEdges = new Map<State, FlowEdge[]>();
  const edges: FlowEdge[] = [];
  const ordered = [...scopeByState.keys()].sort((a, b) => a.span.start - b.span.start);
  for (const s of ordered) {
    const scope = scopeByState.get(s)!;
    const list: FlowEdge[] = [];
    for (const w of writtenEdges(s)) {
      const inScope = names.get(scope)!.get(w.toName);
      const to = inScope ?? wf.stateByName.get(w.toName);
      const e: FlowEdge = { ...w, to };
      if (to && !inScope) e.escapes = true;
      list.push(e);
      edges.push(e);
      if (to) {
        let l = inEdges.get(to);
        if (!l) inEdges.set(to, (l = []));
        l.push(e);
      }
    }
    outEdges.set(s, list);
  }

  const isTerminal = (s: State): boolean => {
    if (s.type === 'Succeed' || s.type === 'Fail') return true;
    if (hasEndTrue(s)) return true;
    const scope = scopeByState.get(s);
    return !!scope?.branch?.single && scope.states[0] === s;
  };

  return {
    workflow: wf,
    root,
    scopes,
    edges,
    scopeOf: (s) => scopeByState.get(s) ?? root,
    out: (s) => outEdges.get(s) ?? [],
    in: (s) => inEdges.get(s) ?? [],
    isTerminal,
    branchScopes: (p) => branchScopesOf.get(p) ?? [],
    lookup: (scope, name) => names.get(scope)?.get(name),
  };
}
