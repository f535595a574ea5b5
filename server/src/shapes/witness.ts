// One concrete path from the start on which a "maybe" value is missing, found on demand for a
// finding (never during the fixpoint): a breadth-first search backwards from the read over the
// edges whose contexts still lack the value, to the point where it was first absent, then the
// recorded first-visit path from the start to there. Bounded; undefined when no path is found.
import type { FlowEdge, FlowScope } from '../graph/flow-graph';
import type { ParallelState, State } from '../model/types';
import type { ContextRead } from '../expr/values';
import { PathSegment, formatPath } from '../expr/path';
import { Ctx, GhostLayer, lookupGhost, presenceOf, resolve } from './context';
import { WorkflowShapes, isPrefix } from './infer';
import type { OptionalSite } from './shape';

export type Step =
  | { kind: 'start'; state: State }
  | { kind: 'edge'; edge: FlowEdge }
  | { kind: 'branch'; parallel: ParallelState; scope: FlowScope; state: State }
  /** A branch ends at `state` and its Parallel state merges it. */
  | { kind: 'merge'; parallel: ParallelState; scope: FlowScope; state: State };

export interface Witness {
  /** From the workflow's start to the state of the read. */
  steps: Step[];
  /** The step after which the value is not set (-1: the cause is not a step). */
  origin: number;
  cause: 'path' | 'pruned' | 'optional' | 'merge' | 'unknown';
  ghost?: GhostLayer;
  optional?: OptionalSite;
  parallel?: ParallelState;
}

const MAX_EXPANSIONS = 20_000;

/** The first-visit path from the start to a state (its recorded back-pointers, in order). */
export function reachSteps(ws: WorkflowShapes, s: State): Step[] {
  const out: Step[] = [];
  let n = ws.reach(s);
  for (let guard = 0; n && guard < 100_000; guard++) {
    if (n.kind === 'start') {
      out.push({ kind: 'start', state: n.state });
      break;
    }
    if (n.kind === 'edge') {
      out.push({ kind: 'edge', edge: n.edge });
      n = n.parent;
    } else {
      out.push({ kind: 'branch', parallel: n.parallel, scope: n.scope, state: n.state });
      n = n.parent;
    }
  }
  return out.reverse();
}

interface Node {
  state: State;
  q: readonly PathSegment[];
  parent?: Node;
  /** The forward step from this node's state to its parent's. */
  step?: Step;
}

function forward(n: Node): Step[] {
  const out: Step[] = [];
  let cur: Node | undefined = n;
  while (cur && cur.parent) {
    out.push(cur.step!);
    cur = cur.parent;
  }
  return out;
}

function status(ctx: Ctx | undefined, q: readonly PathSegment[]): 'always' | 'maybe' | 'absent' | 'none' {
  return ctx ? presenceOf(ctx, '$', q) : 'none';
}

/**
 * A witness for `read` at the segments `q` (the read's path up to its first maybe-absent segment).
 * `optional` is the field's own declaration when it is declared optional.
 */
export function findWitness(ws: WorkflowShapes, read: ContextRead, q: readonly PathSegment[], optional?: OptionalSite): Witness | undefined {
  const w = search(ws, read, q, optional);
  return w ? refine(ws, w) : w;
}

/** States that can run after `from` (following catch edges out of `from` itself only when asked). */
export function runsAfter(ws: WorkflowShapes, from: State, catchFirst = true): Set<State> {
  let cache = reachCache.get(ws);
  if (!cache) reachCache.set(ws, (cache = new Map()));
  const key = `${from.span.start}:${catchFirst}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const seen = new Set<State>();
  const stack = ws.successors(from, catchFirst);
  for (const s of stack) seen.add(s);
  while (stack.length) {
    const s = stack.pop()!;
    for (const t of ws.successors(s, true)) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  cache.set(key, seen);
  return seen;
}

const reachCache = new WeakMap<WorkflowShapes, Map<string, Set<State>>>();

/** The segments a witness is about, kept with it so that it can be refined. */
const subject = new WeakMap<Witness, readonly PathSegment[]>();

function writes(ws: WorkflowShapes, s: State, q: readonly PathSegment[]): boolean {
  const r = ws.plan(s)?.result?.path?.segments;
  return !!s.result && !!r && r.length > 0 && (isPrefix(r, q) || isPrefix(q, r));
}

function selects(ws: WorkflowShapes, s: State): boolean {
  const p = ws.plan(s);
  return !!(p?.inputPath || p?.outputPath || (s.result && p?.result?.path?.segments.length === 0));
}

/** The state a step leaves from (undefined for the start). */
function stepSource(step: Step): State | undefined {
  return step.kind === 'edge' ? step.edge.from : step.kind === 'branch' ? step.parallel : step.kind === 'merge' ? step.state : undefined;
}

/**
 * The most telling step of a witness: on the stretch of the path where the value is already
 * missing, the catch of a state that would have written it, or a Choice decision that skips the
 * states that write it; otherwise the point where the paths meet.
 */
function refine(ws: WorkflowShapes, w: Witness): Witness {
  const q = subject.get(w);
  if (!q || w.origin < 0 || (w.cause !== 'path' && w.cause !== 'merge')) return w;
  // The stretch that counts: from the first step after which the path's states no longer
  // select (a selection changes what the path means) up to the read.
  let lo = 0;
  for (let i = w.steps.length - 1; i > 0; i--) {
    const src = stepSource(w.steps[i]);
    if (src && selects(ws, src)) {
      lo = i;
      break;
    }
  }
  lo = Math.min(lo, w.origin);
  for (let i = w.steps.length - 1; i >= lo; i--) {
    const s = w.steps[i];
    if (s.kind === 'edge' && s.edge.kind === 'catch' && writes(ws, s.edge.from, q)) return { ...w, origin: i, cause: 'path' };
  }
  const writers = ws.workflow.allStates.filter((x) => writes(ws, x, q));
  if (writers.length === 0) return w;
  const read = stepTarget(w.steps[w.steps.length - 1]);
  for (let i = w.steps.length - 1; i >= lo; i--) {
    const s = w.steps[i];
    if (s.kind !== 'edge' || (s.edge.kind !== 'choice' && s.edge.kind !== 'default')) continue;
    const others = ws.graph.out(s.edge.from).filter((o) => o !== s.edge && o.to && o.kind !== 'catch');
    const leadsToWriter = (t: State): boolean => writers.some((x) => (x === t || runsAfter(ws, t).has(x)) && (!read || runsAfter(ws, x).has(read)));
    if (others.some((o) => leadsToWriter(o.to!))) return { ...w, origin: i, cause: 'path' };
  }
  return w;
}

/** The state a step arrives at. */
function stepTarget(step: Step | undefined): State | undefined {
  if (!step) return undefined;
  return step.kind === 'edge' ? step.edge.to : step.kind === 'merge' ? step.parallel : step.state;
}

function search(ws: WorkflowShapes, read: ContextRead, q: readonly PathSegment[], optional?: OptionalSite): Witness | undefined {
  const found = searchRaw(ws, read, q, optional);
  if (found) subject.set(found, q);
  return found;
}

/**
 * The read's first name is missing from E only because the state's own input_path removed it on
 * some paths (on others the selected value had it): an incoming path on which the selected value
 * does not have it.
 */
function prunedOnSomePath(ws: WorkflowShapes, t: State, selected: readonly PathSegment[], q: readonly PathSegment[], effective: Ctx): Witness | undefined {
  const first = q[0];
  if (!first || first.kind !== 'field' || effective.top.fields.has(first.name) || !effective.top.open) return undefined;
  const ghost = lookupGhost(effective, first.name);
  if (!ghost || ghost.by !== t || !ghost.provided?.has(first.name)) return undefined;
  for (const e of ws.graph.in(t)) {
    const ctx = ws.edgeContext(e);
    if (!ctx || ctx.dead || e.escapes) continue;
    const r = resolve(ctx, '$', selected);
    if (r.status === 'missing' || (r.shape.kind === 'object' && r.shape.fields.has(first.name))) continue;
    const steps = [...reachSteps(ws, e.from), { kind: 'edge' as const, edge: e }];
    return { steps, origin: steps.length - 1, cause: 'pruned', ghost };
  }
  return undefined;
}

function searchRaw(ws: WorkflowShapes, read: ContextRead, q: readonly PathSegment[], optional?: OptionalSite): Witness | undefined {
  const t = read.state;
  const intrinsicAt = (steps: Step[], origin: number, opt: OptionalSite | undefined): Witness => ({ steps, origin, cause: opt ? 'optional' : 'unknown', optional: opt });
  if (read.path.root === 'workflow') return intrinsicAt(reachSteps(ws, t), -1, optional);
  const tf = ws.facts(t);
  const plan = ws.plan(t);
  if (!tf || !plan) return undefined;

  const seen = new Set<string>();
  const queue: Node[] = [];
  const push = (state: State, qq: readonly PathSegment[], parent?: Node, step?: Step): void => {
    const key = `${state.span.start}:${formatPath(qq)}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push({ state, q: qq, parent, step });
  };

  // Where the read's value comes from at the state's input.
  let q0 = q;
  if (read.phase === 'output') {
    const rs = plan.result?.path?.segments;
    if (rs && t.result && isPrefix(rs, q0)) return intrinsicAt(reachSteps(ws, t), -1, optional);
  }
  if (read.phase !== 'input' && plan.inputPath?.path) {
    const qc = [...plan.inputPath.path.segments, ...q0];
    const pruned = prunedOnSomePath(ws, t, plan.inputPath.path.segments, q0, tf.effective);
    if (pruned) return pruned;
    if (status(tf.entry, qc) !== 'maybe') return intrinsicAt(reachSteps(ws, t), -1, optional);
    q0 = qc;
  }
  push(t, q0);

  /** Follows a maybe-edge back into its source state; returns a witness when the cause is there. */
  const back = (e: FlowEdge, n: Node): Witness | undefined => {
    const y = e.from;
    const yp = ws.plan(y);
    const yf = ws.facts(y);
    if (!yp || !yf) return undefined;
    const here = (): Step[] => [...reachSteps(ws, y), { kind: 'edge', edge: e }, ...forward(n)];
    if (e.kind === 'catch') {
      const cr = yp.catchResults.get(e.catchIndex ?? -1)?.path?.segments;
      if (e.catchEntry?.result && cr && isPrefix(cr, n.q)) {
        const steps = here();
        return { steps, origin: steps.length - forward(n).length - 1, cause: 'unknown' };
      }
      if (status(yf.entry, n.q) === 'maybe') push(y, n.q, n, { kind: 'edge', edge: e });
      return undefined;
    }
    let qq = n.q;
    if (yp.outputPath) {
      if (!yp.outputPath.path) return undefined;
      qq = [...yp.outputPath.path.segments, ...qq];
    }
    const intrinsic = (ctx: Ctx | undefined): Witness => {
      const r = ctx ? resolve(ctx, '$', qq) : undefined;
      const opt = r?.maybeField?.optional;
      const steps = here();
      return { steps, origin: steps.length - forward(n).length - 1, cause: opt ? 'optional' : 'unknown', optional: opt };
    };
    if (y.type === 'Parallel' && !y.result && qq.length > 0 && qq[0].kind === 'field') {
      const key = qq[0].name;
      const e0 = yf.effective.top.fields.get(key);
      const scopes = ws.graph.branchScopes(y);
      if (scopes.some((b) => {
        const f = ws.branchOutput(b)?.top.fields.get(key);
        return f && f !== e0 && f.writers !== e0?.writers;
      })) {
        // A branch end where the value is missing, then the merge, then on to the read.
        // The branches that may write it come first: the witness ends one of them without it.
        const ordered = [...scopes].sort((a, b) => Number(!!ws.branchOutput(b)?.top.fields.get(key)) - Number(!!ws.branchOutput(a)?.top.fields.get(key)));
        for (const b of ordered) {
          for (const t of b.states) {
            const end = ws.facts(t)?.end;
            if (!end || !ws.graph.isTerminal(t) || status(end, qq) !== 'absent') continue;
            const merge: Step = { kind: 'merge', parallel: y, scope: b, state: t };
            const steps = [...reachSteps(ws, t), merge, { kind: 'edge' as const, edge: e }, ...forward(n)];
            return { steps, origin: steps.length - forward(n).length - 2, cause: 'merge', parallel: y };
          }
        }
        const steps = here();
        return { steps, origin: steps.length - forward(n).length - 1, cause: 'merge', parallel: y };
      }
    } else if (y.result && y.type !== 'Choice' && y.type !== 'Wait' && y.type !== 'Succeed' && y.type !== 'Fail') {
      const rs = yp.result?.path?.segments;
      if (!rs) return undefined;
      if (isPrefix(rs, qq)) return intrinsic(yf.output);
    }
    if (yp.inputPath) {
      if (!yp.inputPath.path) return undefined;
      const qc = [...yp.inputPath.path.segments, ...qq];
      if (status(yf.entry, qc) !== 'maybe') return intrinsic(yf.effective);
      qq = qc;
    } else if (status(yf.entry, qq) !== 'maybe') return intrinsic(yf.output ?? yf.effective);
    push(y, qq, n, { kind: 'edge', edge: e });
    return undefined;
  };

  const root = ws.graph.root;
  for (let qi = 0; qi < queue.length && qi < MAX_EXPANSIONS; qi++) {
    const n = queue[qi];
    const x = n.state;
    if (x === root.start && status(ws.initial, n.q) === 'absent') {
      return { steps: [{ kind: 'start', state: x }, ...forward(n)], origin: 0, cause: 'path' };
    }
    const scope = ws.graph.scopeOf(x);
    if (scope.kind === 'branch' && scope.start === x && scope.parallel) {
      const p = scope.parallel;
      const st = status(ws.branchEntry(scope), n.q);
      const step: Step = { kind: 'branch', parallel: p, scope, state: x };
      if (st === 'absent') {
        const steps = [...reachSteps(ws, p), step, ...forward(n)];
        return { steps, origin: steps.length - forward(n).length - 1, cause: 'path' };
      }
      if (st === 'maybe') {
        const pp = ws.plan(p);
        const pf = ws.facts(p);
        if (pp && pf) {
          if (pp.inputPath?.path) {
            const qc = [...pp.inputPath.path.segments, ...n.q];
            if (status(pf.entry, qc) === 'maybe') push(p, qc, n, step);
          } else if (status(pf.entry, n.q) === 'maybe') push(p, n.q, n, step);
        }
      }
    }
    const xDead = !!ws.facts(x)?.entry.dead;
    for (const e of ws.graph.in(x)) {
      if (e.escapes) continue;
      const ctx = ws.edgeContext(e);
      // A live state's witness never goes through a path that stops at a failing read.
      if (ctx?.dead && !xDead) continue;
      const st = status(ctx, n.q);
      if (st === 'absent') {
        const steps = [...reachSteps(ws, e.from), { kind: 'edge' as const, edge: e }, ...forward(n)];
        const ghost = resolve(ctx!, '$', n.q).ghost;
        return { steps, origin: steps.length - forward(n).length - 1, cause: ghost ? 'pruned' : 'path', ghost };
      }
      if (st === 'maybe') {
        const w = back(e, n);
        if (w) return w;
      }
    }
  }
  return undefined;
}
