// Queries over a flow graph: reachability, terminal reachability, strongly connected components,
// predecessors and a shortest path (a witness for messages). All iterative and linear in the graph.
import { ParallelState, State } from '../model/types';
import { FlowEdge, FlowGraph, FlowScope } from './flow-graph';

/** Edges out of `s` whose target lies in `scope`. */
function scopedOut(g: FlowGraph, scope: FlowScope, s: State): FlowEdge[] {
  return g.out(s).filter((e) => e.to !== undefined && !e.escapes && g.scopeOf(e.to) === scope);
}

/** States of `scope` reachable from its start along edges that stay in the scope (the start included). */
export function reachableFrom(g: FlowGraph, scope: FlowScope): Set<State> {
  const seen = new Set<State>();
  if (!scope.start) return seen;
  const stack: State[] = [scope.start];
  seen.add(scope.start);
  while (stack.length) {
    const s = stack.pop()!;
    for (const e of scopedOut(g, scope, s)) {
      if (!seen.has(e.to!)) {
        seen.add(e.to!);
        stack.push(e.to!);
      }
    }
  }
  return seen;
}

/**
 * Every state the execution can enter: a walk from the workflow's start that follows every
 * edge (escaping ones too) and enters the branches of each Parallel it reaches. `extra` adds
 * successors the graph does not have (e.g. where a misspelt transition was meant to go).
 */
export function reachableInWorkflow(g: FlowGraph, extra?: (s: State) => readonly State[]): Set<State> {
  const seen = new Set<State>();
  const stack: State[] = [];
  const visit = (s: State | undefined): void => {
    if (s && !seen.has(s)) {
      seen.add(s);
      stack.push(s);
    }
  };
  visit(g.root.start);
  while (stack.length) {
    const s = stack.pop()!;
    for (const e of g.out(s)) visit(e.to);
    if (extra) for (const t of extra(s)) visit(t);
    if (s.type === 'Parallel') for (const b of g.branchScopes(s)) visit(b.start);
  }
  return seen;
}

/** States of `scope` from which a terminal state of the scope can be reached inside the scope. */
export function canReachTerminal(g: FlowGraph, scope: FlowScope): Set<State> {
  return backwardsFrom(g, scope, scope.states.filter((s) => g.isTerminal(s)));
}

/**
 * States of `scope` from which the execution can leave the scope or stop somewhere another rule
 * reports: a terminal, an edge to an unknown or outside state, or a dead end (no edge at all).
 * What is not in this set is caught in a loop that never exits.
 */
export function canExit(g: FlowGraph, scope: FlowScope): Set<State> {
  const exits = scope.states.filter((s) => {
    if (g.isTerminal(s)) return true;
    const out = g.out(s);
    return out.length === 0 || out.some((e) => e.to === undefined || e.escapes || g.scopeOf(e.to) !== scope);
  });
  return backwardsFrom(g, scope, exits);
}

function backwardsFrom(g: FlowGraph, scope: FlowScope, seeds: State[]): Set<State> {
  const seen = new Set<State>(seeds);
  const stack = [...seeds];
  while (stack.length) {
    const s = stack.pop()!;
    for (const e of g.in(s)) {
      if (!e.escapes && g.scopeOf(e.from) === scope && !seen.has(e.from)) {
        seen.add(e.from);
        stack.push(e.from);
      }
    }
  }
  return seen;
}

/**
 * Strongly connected components of the scope's states over in-scope edges (Tarjan, iterative),
 * each in document order; components come in reverse topological order.
 * `only` restricts the graph to a subset of the scope's states.
 */
export function stronglyConnected(g: FlowGraph, scope: FlowScope, only?: Set<State>): State[][] {
  const nodes = only ? scope.states.filter((s) => only.has(s)) : scope.states;
  const inGraph = new Set(nodes);
  const index = new Map<State, number>();
  const low = new Map<State, number>();
  const onStack = new Set<State>();
  const stack: State[] = [];
  const result: State[][] = [];
  let counter = 0;
  const succ = (s: State): State[] => scopedOut(g, scope, s).map((e) => e.to!).filter((t) => inGraph.has(t));
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { s: State; succ: State[]; i: number }[] = [];
    const open = (s: State): void => {
      index.set(s, counter);
      low.set(s, counter);
      counter++;
      stack.push(s);
      onStack.add(s);
      work.push({ s, succ: succ(s), i: 0 });
    };
    open(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.succ.length) {
        const t = top.succ[top.i++];
        if (!index.has(t)) open(t);
        else if (onStack.has(t)) low.set(top.s, Math.min(low.get(top.s)!, index.get(t)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].s;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.s)!));
      }
      if (low.get(top.s) === index.get(top.s)) {
        const comp: State[] = [];
        let x: State;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          comp.push(x);
        } while (x !== top.s);
        comp.sort((a, b) => a.span.start - b.span.start);
        result.push(comp);
      }
    }
  }
  return result;
}

/** True when the component is a real loop: more than one state, or a state with an edge to itself. */
export function isCycle(g: FlowGraph, component: State[]): boolean {
  if (component.length > 1) return true;
  const s = component[0];
  return !!s && g.out(s).some((e) => e.to === s);
}

/** The distinct states with an edge to `s`, in document order. */
export function predecessors(g: FlowGraph, s: State): State[] {
  const out = [...new Set(g.in(s).map((e) => e.from))];
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * One shortest path (fewest edges) from the scope's start to `target`, along in-scope edges;
 * [] when the target is the start, undefined when it cannot be reached. A witness for messages.
 */
export function shortestPath(g: FlowGraph, scope: FlowScope, target: State): FlowEdge[] | undefined {
  if (!scope.start) return undefined;
  if (scope.start === target) return [];
  const via = new Map<State, FlowEdge>();
  const seen = new Set<State>([scope.start]);
  const queue: State[] = [scope.start];
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi];
    for (const e of scopedOut(g, scope, s)) {
      const t = e.to!;
      if (seen.has(t)) continue;
      seen.add(t);
      via.set(t, e);
      if (t === target) {
        const path: FlowEdge[] = [];
        let cur: State = t;
        while (cur !== scope.start) {
          const edge = via.get(cur)!;
          path.push(edge);
          cur = edge.from;
        }
        return path.reverse();
      }
      queue.push(t);
    }
  }
  return undefined;
}

/** Every state nested (at any depth) inside the branches of a Parallel. */
export function nestedStates(g: FlowGraph, p: ParallelState): State[] {
  const out: State[] = [];
  const queue: FlowScope[] = [...g.branchScopes(p)];
  for (let qi = 0; qi < queue.length; qi++) {
    for (const s of queue[qi].states) {
      out.push(s);
      if (s.type === 'Parallel') queue.push(...g.branchScopes(s));
    }
  }
  return out;
}
