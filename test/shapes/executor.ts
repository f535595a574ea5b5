// A small concrete executor of spec §5 for generated workflows, checking each read against what
// the context-shape analysis claims about it (certainly there / certainly missing).
import type { State, Workflow, ParallelState } from '../../server/src/model/types';
import type { PathSegment } from '../../server/src/expr/path';
import type { ContextRead } from '../../server/src/expr/values';
import type { WorkflowShapes } from '../../server/src/shapes/infer';
import { contextForRead } from '../../server/src/shapes/reads';
import { resolve } from '../../server/src/shapes/context';
import type { Shape } from '../../server/src/shapes/shape';

// ---------------------------------------------------------------- a concrete executor of spec §5

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

function get(root: Json | undefined, segs: readonly PathSegment[]): Json | undefined {
  let cur: Json | undefined = root;
  for (const s of segs) {
    if (s.kind !== 'field' || cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, s.name)) return undefined;
    cur = (cur as Obj)[s.name];
  }
  return cur;
}

function set(root: Obj, segs: readonly PathSegment[], v: Json): Json {
  if (segs.length === 0) return v;
  const out: Obj = { ...root };
  let cur = out;
  segs.forEach((s, i) => {
    if (s.kind !== 'field') return;
    if (i === segs.length - 1) cur[s.name] = v;
    else {
      const child = cur[s.name];
      const next: Obj = child && typeof child === 'object' && !Array.isArray(child) ? { ...(child as Obj) } : {};
      cur[s.name] = next;
      cur = next;
    }
  });
  return out;
}

const asObj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Spec §5 merge as the interpreter does it: what a branch changed, merged below objects both changed. */
function mergeWrites(into: Json, base: Json | undefined, out: Json): Json {
  if (out === base) return into;
  if (!isObj(out) || !isObj(into)) return out;
  const copy: Obj = { ...into };
  const b = isObj(base) ? base : undefined;
  for (const [k, v] of Object.entries(out)) {
    const was = b && Object.prototype.hasOwnProperty.call(b, k) ? b[k] : undefined;
    if (v === was) continue;
    const cur = copy[k];
    copy[k] = cur !== undefined && isObj(cur) && isObj(v) ? mergeWrites(cur, was, v) : v;
  }
  return copy;
}

const isObj = (v: Json | undefined): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export class Runtime extends Error {}

export interface Run {
  ws: WorkflowShapes;
  rand: () => number;
  violations: string[];
  steps: number;
}

function checkRead(run: Run, read: ContextRead, concrete: Json | undefined): void {
  const ctx = contextForRead(run.ws, read);
  if (!ctx) {
    run.violations.push(`${read.state.name}: reached, but the analysis says it is not`);
    return;
  }
  const r = resolve(ctx, read.path.root, read.path.segments);
  // "Certain" is only claimed through closed objects: below an open one, presence is unknown
  // (reported as fine, never as certain).
  let closed = true;
  let cur: Shape = read.path.root === '$' ? ctx.top : ctx.wf;
  for (const seg of read.path.segments) {
    if (cur.kind !== 'object' || cur.open || seg.kind !== 'field') {
      closed = false;
      break;
    }
    cur = cur.fields.get(seg.name)?.shape ?? { kind: 'unknown' };
  }
  const certain = closed && r.status === 'present' && r.trail.length === read.path.segments.length;
  if (certain && concrete === undefined) run.violations.push(`${read.state.name}: ${read.path.root}${read.path.segments.map((s) => (s.kind === 'field' ? '.' + s.name : '')).join('')} is certainly there by the analysis, but missing`);
  if (r.status === 'missing' && !r.ghost && concrete !== undefined) run.violations.push(`${read.state.name}: ${read.path.root}${read.path.segments.map((s) => (s.kind === 'field' ? '.' + s.name : '')).join('')} is certainly missing by the analysis, but there`);
}

/** Reads of a state in a phase, checked and evaluated; a missing unsafe read stops the run. */
function doReads(run: Run, st: State, phase: ContextRead['phase'], ctx: Json, wfRoot: Json, only?: (r: ContextRead) => boolean): void {
  const plan = run.ws.plan(st)!;
  let failed = false;
  for (const read of plan.reads) {
    if (read.phase !== phase || read.safe || (only && !only(read))) continue;
    const v = get(read.path.root === '$' ? ctx : wfRoot, read.path.segments);
    checkRead(run, read, v);
    if (v === undefined) failed = true;
  }
  if (failed) throw new Runtime();
}

export function runScope(run: Run, wf: Workflow, start: State | undefined, ctx0: Json, wfRoot: Json): Json | undefined {
  let st = start;
  let c: Json = ctx0;
  while (st && run.steps++ < 60) {
    const plan = run.ws.plan(st)!;
    const g = run.ws.graph;
    doReads(run, st, 'input', c, wfRoot);
    const e: Json = plan.inputPath?.path ? get(c, plan.inputPath.path.segments) ?? null : c;
    if (st.type === 'Choice') {
      let nextName: string | undefined;
      for (const rule of st.choices) {
        const inRule = (r: ContextRead): boolean => r.span.start >= rule.span.start && r.span.end <= rule.span.end;
        doReads(run, st, 'effective', e, wfRoot, inRule);
        let holds = false;
        const cond = rule.condition?.value;
        const vr = plan.reads.find((r) => inRule(r));
        const val = vr ? get(vr.path.root === '$' ? e : wfRoot, vr.path.segments) : undefined;
        if (cond && cond.kind === 'scalar' && String(cond.value).includes('defined')) holds = val !== undefined;
        else if (cond) holds = val === 1;
        else if (rule.comparators[0]?.key === 'isPresent') holds = val !== undefined;
        else holds = val === 1;
        if (holds) {
          nextName = rule.next?.name;
          break;
        }
      }
      nextName ??= st.default?.name;
      // An output_path that selects nothing fails the execution (States.Runtime), as for any state.
      doReads(run, st, 'output', e, wfRoot);
      c = plan.outputPath?.path ? (get(e, plan.outputPath.path.segments) ?? null) : e;
      st = nextName ? g.lookup(g.scopeOf(st), nextName) : undefined;
      continue;
    }
    doReads(run, st, 'effective', e, wfRoot);
    if (st.type === 'Fail') return undefined;
    let o: Json = e;
    const fails = st.catches.length > 0 && run.rand() < 0.35;
    if (fails) {
      const ce = st.catches[0];
      const cr = plan.catchResults.get(0);
      let cc: Json = c;
      if (ce.result && cr?.path) cc = set(asObj(c), cr.path.segments, { error: 'States.TaskFailed', cause: '' });
      c = cc;
      st = ce.next ? g.lookup(g.scopeOf(st), ce.next.name) : undefined;
      continue;
    }
    if (st.type === 'Task' || st.type === 'Pass' || st.type === 'Parallel') {
      let r: Json;
      if (st.type === 'Parallel') {
        const outs: Json[] = [];
        for (const b of g.branchScopes(st as ParallelState)) {
          const out = runScope(run, wf, b.start, e, wfRoot);
          if (out === undefined) throw new Runtime();
          outs.push(out);
        }
        if (st.result) r = outs;
        else {
          let merged: Json = e;
          for (const out of outs) merged = mergeWrites(merged, e, out);
          o = merged;
          r = null;
        }
      } else if (st.type === 'Pass') {
        const v = st.value?.value;
        r = v?.kind === 'map' ? { sub: 1 } : get(e, (plan.templates[0]?.parsed.parts.find((p) => p.kind === 'expr') as { expr?: { kind: string; path?: { segments: PathSegment[] } } })?.expr?.path?.segments ?? []) ?? null;
      } else {
        r = run.rand() < 0.5 ? { sub: 1 } : {};
      }
      if (st.result && plan.result?.path && (st.type !== 'Parallel' || st.result)) o = set(asObj(e), plan.result.path.segments, r);
    }
    doReads(run, st, 'output', o, wfRoot);
    const out: Json = plan.outputPath?.path ? (get(o, plan.outputPath.path.segments) ?? null) : o;
    if (g.isTerminal(st)) return out;
    c = out;
    st = st.next ? g.lookup(g.scopeOf(st), st.next.name) : undefined;
  }
  return undefined;
}

