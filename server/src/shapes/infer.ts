// The dataflow analysis of spec §5 over the flow graph: from the initial context at `start`, each
// state's transfer function gives the contexts it passes along its edges (catch edges carry its
// input); contexts join where paths meet, loops iterate to a fixpoint (widened after a few visits),
// and Parallel branches start from a copy of the state's E and merge back key by key (or become a
// list). Total: any workflow, half-written ones included, yields facts for the states it reaches.
import type { Span } from '../syntax/types';
import type { YScalar } from '../syntax/yaml-tree';
import type {
  ActivityDeclaration,
  ParallelState,
  SchemaDeclaration,
  State,
  Workflow,
} from '../model/types';
import type { DocumentValues, PathValue } from '../expr/values';
import type { PathSegment } from '../expr/path';
import type { FlowEdge, FlowGraph, FlowScope } from '../graph/flow-graph';
import {
  Ctx,
  GhostLayer,
  MAX_GHOST_LAYERS,
  errorObject,
  initialContext,
  joinCtx,
  narrow,
  kill,
  noteProvided,
  openContext,
  resolve,
  selectPath,
  setPath,
} from './context';
import { compactToShape, jsonSchemaToShape, literalToShape } from './convert';
import { EMPTY_SET, PathSet } from './facts';
import { StatePlan, buildPlans } from './plan';
import {
  CONTEXT_ORIGIN,
  Field,
  ObjectShape,
  Shape,
  UNKNOWN,
  Writer,
  allMaybe,
  arrayOf,
  emptyObject,
  join,
  joinField,
  objectShape,
  unionWriters,
  valueOf,
  widenObject,
  writerList,
} from './shape';
import { PMap } from './pmap';
import { templateShape } from './typing';

export interface Declarations {
  activities: ReadonlyMap<string, ActivityDeclaration>;
  schemas: ReadonlyMap<string, SchemaDeclaration>;
}

/** How a state was first reached: a back-pointer chain from the start (a witness prefix). */
export type ReachNode =
  | { kind: 'start'; state: State }
  | { kind: 'edge'; edge: FlowEdge; parent: ReachNode }
  | { kind: 'branch'; parallel: ParallelState; scope: FlowScope; state: State; parent: ReachNode };

export interface StateFacts {
  state: State;
  /** C: the context the state receives. */
  entry: Ctx;
  /** E: after `input_path`. */
  effective: Ctx;
  /** O: after `result` (for a Parallel: after the merge or the list), before `output_path`. */
  output?: Ctx;
  /** R: the result of the work, when the state has one. */
  result?: Shape;
  /** What the state hands on when it ends its scope (end: true, Succeed, a single-state branch). */
  end?: Ctx;
}

export interface ParallelWrite {
  scope: FlowScope;
  /** The state whose write put the key there (its `result`, or the `output_path` that selected it). */
  state: State;
  span: Span;
}

export interface WriteConflict {
  parallel: ParallelState;
  /** The top-level key, or the dotted names below it. */
  key: string;
  /** The names from the context down to the value written twice (the longer of the two writes). */
  path: readonly string[];
  /** What the first branch wrote. */
  firstPath: readonly string[];
  first: ParallelWrite;
  second: ParallelWrite;
}

export interface WorkflowShapes {
  workflow: Workflow;
  graph: FlowGraph;
  initial: Ctx;
  /** False when the iteration budget ran out: every context is then open (nothing is reported). */
  converged: boolean;
  /** States processed until the fixpoint (a measure of the work done). */
  steps: number;
  facts(state: State): StateFacts | undefined;
  plan(state: State): StatePlan | undefined;
  edgeContext(edge: FlowEdge): Ctx | undefined;
  /** The context a branch starts with: a copy of its Parallel state's E. */
  branchEntry(scope: FlowScope): Ctx | undefined;
  branchOutput(scope: FlowScope): Ctx | undefined;
  reach(state: State): ReachNode | undefined;
  conflicts: WriteConflict[];
  templateOf(node: YScalar): import('../expr/values').TemplateValue | undefined;
  /** Every state that can run after `state` finished (its successors, branches entered, Parallel exits). */
  successors(state: State, includeCatch: boolean): State[];
}

/** A path a Parallel branch wrote. */
interface WriteSite {
  path: readonly string[];
  write: ParallelWrite;
  field: Field;
}

/** Most write sites followed per branch. */
const MAX_SITES = 200;

function overlapsNames(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

const EMPTY_FIELDS = PMap.empty<Field>();
/** Nesting below which two branches' changes to one object are no longer merged field by field. */
const MAX_MERGE_DEPTH = 8;

/** Visits of a state before its entry is widened. */
export const WIDEN_AFTER = 4;
/** Nesting depth below which shapes still changing in a loop are widened to `unknown`. */
export const WIDEN_DEPTH = 3;

interface Mutable {
  entry?: Ctx;
  effective?: Ctx;
  output?: Ctx;
  result?: Shape;
  end?: Ctx;
  visits: number;
  reach?: ReachNode;
}

class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= x) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r] < a[l] ? r : l;
        if (a[c] >= last) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function widenCtx(old: Ctx, next: Ctx): Ctx {
  const top = widenObject(old.top, next.top, 0, WIDEN_DEPTH);
  const wf = widenObject(old.wf, next.wf, 0, WIDEN_DEPTH);
  const out: Ctx = next.ghosts ? { top, wf, ghosts: next.ghosts } : { top, wf };
  return next.dead ? kill(out) : out;
}

function stripVersion(urn: string): string {
  return urn.replace(/:v\d+$/, '');
}

function segmentsOf(pv: PathValue | undefined): readonly PathSegment[] | undefined {
  return pv?.path?.segments;
}

/** True when `a` names `b` or one of its ancestors. */
export function isPrefix(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind) return false;
    if (x.kind === 'field' && x.name !== (y as typeof x).name) return false;
    if (x.kind === 'index' && x.index !== (y as typeof x).index) return false;
  }
  return true;
}

export function overlaps(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return isPrefix(a, b) || isPrefix(b, a);
}

class Inference implements WorkflowShapes {
  readonly initial: Ctx;
  converged = true;
  steps = 0;
  conflicts: WriteConflict[] = [];
  private readonly state = new Map<State, Mutable>();
  private readonly edges = new Map<FlowEdge, Ctx>();
  private readonly branchCtx = new Map<FlowScope, Ctx>();
  private readonly order = new Map<State, number>();
  private readonly byOrder: State[] = [];
  private readonly queued = new Set<State>();
  private readonly heap = new MinHeap();
  private readonly plans: Map<State, StatePlan>;
  private readonly templates: Map<YScalar, import('../expr/values').TemplateValue>;
  private readonly writers = new Map<string, Writer>();
  private readonly ghostLayers = new Map<string, GhostLayer>();
  private readonly declaredOutputs = new Map<ActivityDeclaration, Shape>();
  private readonly formShapes = new Map<SchemaDeclaration, Shape>();
  private readonly conflictsBy = new Map<ParallelState, WriteConflict[]>();
  private readonly terminalsOf = new Map<FlowScope, State[]>();
  private activitiesByBase?: Map<string, ActivityDeclaration>;

  constructor(
    readonly workflow: Workflow,
    readonly graph: FlowGraph,
    values: DocumentValues,
    private readonly decls: Declarations,
  ) {
    const wv = buildPlans(workflow, values);
    this.plans = wv.plans;
    this.templates = wv.templatesByNode;
    this.initial = initialContext(this.inputShape());
  }

  // ------------------------------------------------------------ public queries

  facts(s: State): StateFacts | undefined {
    const m = this.state.get(s);
    if (!m?.entry) return undefined;
    return { state: s, entry: m.entry, effective: m.effective ?? m.entry, output: m.output, result: m.result, end: m.end };
  }

  plan(s: State): StatePlan | undefined {
    return this.plans.get(s);
  }

  edgeContext(e: FlowEdge): Ctx | undefined {
    return this.edges.get(e);
  }

  branchEntry(scope: FlowScope): Ctx | undefined {
    return this.branchCtx.get(scope);
  }

  reach(s: State): ReachNode | undefined {
    return this.state.get(s)?.reach;
  }

  templateOf(node: YScalar): import('../expr/values').TemplateValue | undefined {
    return this.templates.get(node);
  }

  successors(s: State, includeCatch: boolean): State[] {
    const out: State[] = [];
    for (const e of this.graph.out(s)) {
      if (!e.to || e.escapes) continue;
      if (e.kind === 'catch' && !includeCatch) continue;
      out.push(e.to);
    }
    if (s.type === 'Parallel') for (const b of this.graph.branchScopes(s)) if (b.start) out.push(b.start);
    if (this.graph.isTerminal(s) && s.type !== 'Fail') {
      const scope = this.graph.scopeOf(s);
      if (scope.parallel) {
        for (const e of this.graph.out(scope.parallel)) if (e.to && !e.escapes && e.kind !== 'catch') out.push(e.to);
      }
    }
    return out;
  }

  // ------------------------------------------------------------ declarations

  private inputShape(): Shape {
    const wf = this.workflow;
    const origin = { kind: 'input' as const, workflow: wf.name, span: (wf.input ?? wf.inputSchema)?.keySpan };
    const where = `the input contract of "${wf.name}"`;
    if (wf.input?.value) return compactToShape(wf.input.value, origin, where).shape;
    const is = wf.inputSchema?.value;
    if (is?.kind === 'map') return jsonSchemaToShape(is, origin, where);
    if (is?.kind === 'scalar' && typeof is.value === 'string') {
      const d = this.decls.schemas.get(is.value) ?? this.decls.schemas.get(stripVersion(is.value));
      if (d?.schema?.value) return jsonSchemaToShape(d.schema.value, origin, where);
    }
    return emptyObject(true, origin);
  }

  private activity(urn: string | undefined): ActivityDeclaration | undefined {
    if (!urn) return undefined;
    const a = this.decls.activities.get(urn) ?? this.decls.activities.get(stripVersion(urn));
    if (a) return a;
    if (!this.activitiesByBase) {
      this.activitiesByBase = new Map();
      for (const [k, v] of this.decls.activities) {
        const b = stripVersion(k);
        if (!this.activitiesByBase.has(b)) this.activitiesByBase.set(b, v);
      }
    }
    return this.activitiesByBase.get(stripVersion(urn));
  }

  private declaredOutput(d: ActivityDeclaration): Shape {
    let s = this.declaredOutputs.get(d);
    if (s) return s;
    const where = `the declared output of "${d.urn}"`;
    if (d.output?.value) s = compactToShape(d.output.value, { kind: 'activity', urn: d.urn, span: d.output.valueSpan }, where).shape;
    else if (d.outputSchema?.value?.kind === 'map') s = jsonSchemaToShape(d.outputSchema.value, { kind: 'activity', urn: d.urn, span: d.outputSchema.valueSpan }, where);
    else s = UNKNOWN;
    this.declaredOutputs.set(d, s);
    return s;
  }

  private formShape(urn: string | undefined): Shape {
    if (!urn) return UNKNOWN;
    const d = this.decls.schemas.get(urn) ?? this.decls.schemas.get(stripVersion(urn));
    if (!d) return UNKNOWN;
    let s = this.formShapes.get(d);
    if (s) return s;
    s = d.schema?.value?.kind === 'map' ? jsonSchemaToShape(d.schema.value, { kind: 'schema', urn: d.urn, span: d.schema.valueSpan }, `the form schema "${d.urn}"`) : UNKNOWN;
    this.formShapes.set(d, s);
    return s;
  }

  // ------------------------------------------------------------ interned metadata

  private writer(s: State, via: Writer['via'], span: Span, catchIndex?: number): Writer {
    const key = `${via}:${catchIndex ?? ''}:${s.span.start}`;
    let w = this.writers.get(key);
    if (!w) {
      w = catchIndex === undefined ? { id: key, state: s, via, span } : { id: key, state: s, via, span, catchIndex };
      this.writers.set(key, w);
    }
    return w;
  }

  /** One ghost layer per pruning site, growing with every context it has pruned. */
  private ghost(s: State, via: GhostLayer['via'], pv: PathValue | undefined, before: Ctx, span: Span): GhostLayer {
    const key = `${via}:${s.span.start}`;
    let g = this.ghostLayers.get(key);
    if (!g) {
      g = { by: s, via, span, selected: pv?.text ?? '$', selectedSegments: pv?.path?.segments ?? [], keys: before.top.fields };
      this.ghostLayers.set(key, g);
    } else if (g.keys !== before.top.fields) {
      g.keys = g.keys.merge(before.top.fields, { both: (a) => a, onlyA: (a) => a, onlyB: (b) => b });
    }
    return g;
  }

  private select(ctx: Ctx, s: State, via: 'input_path' | 'output_path', pv: PathValue): Ctx {
    if (!pv.path) return ctx.dead ? kill(openContext(ctx.wf)) : openContext(ctx.wf);
    if (pv.path.segments.length === 0) return ctx;
    return selectPath(ctx, pv.path.segments, this.ghost(s, via, pv, ctx, pv.node.span));
  }

  // ------------------------------------------------------------ transfer

  private resultShape(s: State, e: Ctx): Shape {
    switch (s.type) {
      case 'Task': {
        const d = this.activity(s.resourceUrn);
        return d ? this.declaredOutput(d) : UNKNOWN;
      }
      case 'HumanTask':
        return this.formShape(s.uiSchemaUrn);
      case 'Pass': {
        // Without a value a Pass passes E itself on as its result (as the interpreter does).
        if (!s.value) return valueOf(e.top) ?? e.top;
        return literalToShape(s.value.value, { kind: 'literal', state: s.name, span: s.value.valueSpan }, (node) => {
          const t = this.templates.get(node);
          return t ? templateShape(t.parsed, e) : UNKNOWN;
        });
      }
      default:
        return UNKNOWN;
    }
  }

  private applyResult(e: Ctx, s: State, r: Shape, via: Writer['via']): Ctx {
    const pv = this.plans.get(s)?.result;
    if (!s.result) return e;
    if (!pv?.path) return { ...e, top: objectShape(e.top.fields, true, e.top.origin, e.top.maybe, e.top.phantoms) };
    const segs = pv.path.segments;
    const w = this.writer(s, via, pv.node.span);
    return setPath(e, segs, r, w, segs.length === 0 ? this.ghost(s, 'result', pv, e, pv.node.span) : undefined);
  }

  /** Paths a state's reads prove, minus those its own `result` overwrites. */
  private provenAfter(plan: StatePlan): PathSet {
    const rs = segmentsOf(plan.result);
    if (!rs || plan.effectiveProven.size === 0) return plan.effectiveProven;
    if (rs.length === 0) return EMPTY_SET;
    const out = new Map(plan.effectiveProven);
    for (const [k, p] of plan.effectiveProven) if (p.root === '$' && overlaps(rs, p.segments)) out.delete(k);
    return out;
  }

  /** Some path of the set is definitely missing: the reads that prove it fail. */
  private impossible(ctx: Ctx, proven: PathSet): boolean {
    for (const p of proven.values()) if (resolve(ctx, p.root, p.segments).status === 'missing') return true;
    return false;
  }

  private passOn(o: Ctx, s: State, plan: StatePlan): Ctx {
    return plan.outputPath ? this.select(o, s, 'output_path', plan.outputPath) : o;
  }

  private catchContext(c: Ctx, s: State, plan: StatePlan, edge: FlowEdge): Ctx {
    let ctx = narrow(c, plan.inputPath ? plan.inputProven.values() : [...plan.inputProven.values(), ...plan.effectiveProven.values()]);
    const ci = edge.catchIndex ?? -1;
    const pv = plan.catchResults.get(ci);
    if (edge.catchEntry?.result) {
      if (!pv?.path) ctx = { ...ctx, top: objectShape(ctx.top.fields, true, ctx.top.origin, ctx.top.maybe, ctx.top.phantoms) };
      else {
        const w = this.writer(s, 'catch', pv.node.span, ci);
        ctx = setPath(ctx, pv.path.segments, errorObject(pv.node.span), w, pv.path.segments.length === 0 ? this.ghost(s, 'result', pv, ctx, pv.node.span) : undefined);
      }
    }
    return ctx;
  }

  private terminals(scope: FlowScope): State[] {
    let t = this.terminalsOf.get(scope);
    if (!t) {
      t = scope.states.filter((x) => this.graph.isTerminal(x) && x.type !== 'Fail');
      this.terminalsOf.set(scope, t);
    }
    return t;
  }

  branchOutput(scope: FlowScope): Ctx | undefined {
    if (!scope.start) {
      const e = this.branchCtx.get(scope);
      return e ? openContext(e.wf) : undefined;
    }
    let out: Ctx | undefined;
    for (const t of this.terminals(scope)) {
      const end = this.state.get(t)?.end;
      if (end) out = out ? joinCtx(out, end) : end;
    }
    return out;
  }

  private inBranch(s: State, scope: FlowScope): boolean {
    let x: State | undefined = s;
    for (let guard = 0; x && guard < 1000; guard++) {
      if (!x.parent) return false;
      if (x.parent.branch === scope.branch) return true;
      x = x.parent.state;
    }
    return false;
  }

  /** A write by a state of the branch in `f` or below it (only where it differs from `before`). */
  private branchWriter(f: Field, before: Field | undefined, scope: FlowScope, depth: number): Writer | undefined {
    const w = writerList(f.writers).find((x) => this.inBranch(x.state, scope));
    if (w || depth > 8 || f.shape.kind !== 'object') return w;
    const b = before?.shape.kind === 'object' ? before.shape.fields : undefined;
    let found: Writer | undefined;
    const visit = (k: string, nb: Field | undefined, nf: Field | undefined): void => {
      if (!found && nf) found = this.branchWriter(nf, nb, scope, depth + 1);
    };
    if (b) b.diff(f.shape.fields, visit);
    else f.shape.fields.forEach((nf, k) => visit(k, undefined, nf));
    return found;
  }

  /**
   * Merges what one branch changed (`out` against `base`, the object E had there) into `into`
   * (E with the earlier branches' changes), as the interpreter does: a changed value replaces
   * the one there, except that two objects merge the same way below.
   */
  private mergeInto(scope: FlowScope, into: ObjectShape, base: ObjectShape | undefined, out: ObjectShape, byPruning: boolean, depth: number): ObjectShape {
    let fields = into.fields;
    let maybe = into.maybe;
    const open = into.open || out.open;
    const baseFields = base?.fields ?? EMPTY_FIELDS;
    baseFields.diff(out.fields, (key, ea, bb) => {
      if (!bb) return;
      const write = !!this.branchWriter(bb, ea, scope, 0) || (depth === 0 && byPruning);
      // A key the branch only learnt from a read (error recovery after a failed read) is not merged.
      if (!ea && !write) return;
      const prev = fields.get(key);
      const bMaybe = out.maybe.has(key);
      // Changed by an earlier branch (the interpreter merges by what changed).
      const earlier = prev !== undefined && prev !== ea;
      if (!write && earlier) return;
      if (write && earlier && prev.shape.kind === 'object' && bb.shape.kind === 'object' && depth < MAX_MERGE_DEPTH) {
        const inner = this.mergeInto(scope, prev.shape, ea?.shape.kind === 'object' ? ea.shape : undefined, bMaybe ? allMaybe(bb.shape) : bb.shape, false, depth + 1);
        fields = fields.set(key, { ...bb, shape: inner, writers: unionWriters(prev.writers, bb.writers) });
        // There when either side put it there.
        if (!bMaybe) maybe = maybe.delete(key);
        return;
      }
      let next: Field = bb;
      let nextMaybe = bMaybe;
      if (bMaybe && prev) {
        // Set by the branch on some paths, else the value it had: there when that was.
        next = joinField(prev, bb);
        nextMaybe = maybe.has(key);
      }
      fields = fields.set(key, next);
      maybe = nextMaybe ? maybe.set(key, true) : maybe.delete(key);
    });
    if (fields === into.fields && maybe === into.maybe && open === into.open) return into;
    return objectShape(fields, open, into.origin, maybe, into.phantoms);
  }

  /**
   * The paths a branch wrote (against E): each field whose own writers include a write by a state
   * of the branch, and each top-level key its own input_path/output_path brought in.
   */
  private writeSites(scope: FlowScope, base: ObjectShape | undefined, out: ObjectShape, byPruning: ParallelWrite | undefined, path: readonly string[], sites: WriteSite[], depth: number): void {
    const baseFields = base?.fields ?? EMPTY_FIELDS;
    baseFields.diff(out.fields, (key, ea, bb) => {
      if (!bb || sites.length >= MAX_SITES) return;
      const here = [...path, key];
      const own = writerList(bb.writers).find((w) => this.inBranch(w.state, scope) && !ea?.writers.has(w.id));
      if (own) sites.push({ path: here, write: { scope, state: own.state, span: own.span }, field: bb });
      else if (depth === 0 && byPruning) sites.push({ path: here, write: byPruning, field: bb });
      else if (bb.shape.kind === 'object' && depth < MAX_MERGE_DEPTH) this.writeSites(scope, ea?.shape.kind === 'object' ? ea.shape : undefined, bb.shape, undefined, here, sites, depth + 1);
    });
  }

  /**
   * Spec §5 Parallel without `result`: the branches' final contexts merge into E key by key, in
   * order, as the reference interpreter does it: only what a branch changed is merged, and where
   * two branches changed one object, their changes below it merge the same way (so `$.data.a` and
   * `$.data.b` from two branches both survive; two writes of `$.data.a` conflict).
   */
  private mergeBranches(p: ParallelState, e: Ctx, scopes: FlowScope[], outs: Ctx[]): Ctx {
    let top: ObjectShape = e.top;
    const conflicts: WriteConflict[] = [];
    const earlier: WriteSite[] = [];
    outs.forEach((b, i) => {
      const scope = scopes[i];
      const pruning = b.ghosts && b.ghosts.length > 0 && !(e.ghosts ?? []).includes(b.ghosts[0]) ? b.ghosts[0] : undefined;
      const byPruning = pruning && this.inBranch(pruning.by, scope) ? { scope, state: pruning.by, span: pruning.span } : undefined;
      top = this.mergeInto(scope, top, e.top, b.top, !!byPruning, 0);
      // Two branches that write one path (or one a path below the other's): the later one wins.
      const sites: WriteSite[] = [];
      this.writeSites(scope, e.top, b.top, byPruning, [], sites, 0);
      for (const site of sites) {
        // The very same value (two branches that select the same part of E) loses nothing.
        const first = earlier.find((x) => x.write.scope !== scope && x.field !== site.field && overlapsNames(x.path, site.path));
        if (first) {
          const path = first.path.length <= site.path.length ? site.path : first.path;
          conflicts.push({ parallel: p, key: path.join('.'), path, firstPath: first.path, first: first.write, second: site.write });
        }
      }
      earlier.push(...sites);
    });
    const fields = top.fields;
    const maybe = top.maybe;
    const open = top.open;
    this.conflictsBy.set(p, conflicts);
    top = objectShape(fields, open, CONTEXT_ORIGIN, maybe, e.top.phantoms);
    // What a branch pruned away (and no branch or E still has) was pruned, not never written.
    let ghosts = e.ghosts;
    if (!open) {
      for (const b of outs) {
        for (const g of b.ghosts ?? []) if (!(ghosts ?? []).includes(g)) ghosts = [...(ghosts ?? []), g].slice(0, MAX_GHOST_LAYERS);
      }
    }
    const out: Ctx = ghosts ? { top, wf: e.wf, ghosts } : { top, wf: e.wf };
    return e.dead ? kill(out) : out;
  }

  private process(s: State): void {
    const m = this.state.get(s)!;
    const c = m.entry!;
    const plan = this.plans.get(s)!;
    m.visits++;
    let e = plan.inputPath ? this.select(c, s, 'input_path', plan.inputPath) : c;
    // A read that definitely fails stops the execution here: the rest of this path is hypothetical.
    const fails = this.impossible(c, plan.inputProven) || this.impossible(e, plan.effectiveProven);
    if (fails) e = kill(e);
    m.effective = e;
    let o: Ctx | undefined = e;
    m.result = undefined;
    switch (s.type) {
      case 'Choice':
      case 'Wait':
      case 'Succeed':
      case 'Fail':
        break;
      case 'Parallel': {
        const scopes = this.graph.branchScopes(s);
        for (const b of scopes) {
          this.branchCtx.set(b, e);
          if (b.start) {
            const start = b.start;
            this.contribute(start, e, () => ({ kind: 'branch', parallel: s, scope: b, state: start, parent: m.reach! }));
          }
        }
        const outs: Ctx[] = [];
        for (const b of scopes) {
          const out = this.branchOutput(b);
          if (!out) {
            o = undefined;
            break;
          }
          outs.push(out);
        }
        if (o && scopes.length > 0) {
          if (s.result) {
            let items: Shape | undefined;
            for (const x of outs) items = items ? join(items, x.top) : x.top;
            const r = arrayOf(items ?? UNKNOWN, outs.map((x) => x.top));
            m.result = r;
            o = this.applyResult(e, s, r, 'parallel');
          } else o = this.mergeBranches(s, e, scopes, outs);
          if (outs.some((x) => x.dead)) o = kill(o);
        }
        break;
      }
      default: {
        const r = this.resultShape(s, e);
        m.result = r;
        o = this.applyResult(e, s, r, 'result');
      }
    }
    m.output = o;
    const proven = this.provenAfter(plan);
    const out = o ? this.passOn(narrow(o, proven.values()), s, plan) : undefined;
    for (const edge of this.graph.out(s)) {
      if (!edge.to || edge.escapes) continue;
      let ctx: Ctx | undefined;
      if (edge.kind === 'catch') {
        ctx = this.catchContext(c, s, plan, edge);
        if (e.dead) ctx = kill(ctx);
      } else if (s.type === 'Choice') {
        const n = edge.kind === 'choice' && edge.rule ? plan.ruleProven.get(edge.rule) : plan.defaultProven;
        const ne = narrow(e, (n ?? EMPTY_SET).values());
        ctx = this.passOn(n && this.impossible(e, n) ? kill(ne) : ne, s, plan);
      } else ctx = out;
      if (!ctx) continue;
      this.edges.set(edge, ctx);
      const to = edge.to;
      this.contribute(to, ctx, () => ({ kind: 'edge', edge, parent: m.reach! }));
    }
    if (out && this.graph.isTerminal(s) && s.type !== 'Fail') {
      const changed = m.end !== out;
      m.end = out;
      const parent = this.graph.scopeOf(s).parallel;
      if (changed && parent && this.state.get(parent)?.entry) this.enqueue(parent);
    }
  }

  private contribute(t: State, ctx: Ctx, reach: () => ReachNode): void {
    // What each incoming context's input_path selects (joins below may make it open).
    const ip = this.plans.get(t)?.inputPath;
    if (ip?.path && ip.path.segments.length > 0 && !ctx.dead) {
      const r = resolve(ctx, '$', ip.path.segments);
      if (r.status !== 'missing' && r.shape.kind === 'object') noteProvided(this.ghost(t, 'input_path', ip, ctx, ip.node.span), r.shape);
    }
    let m = this.state.get(t);
    if (!m) {
      m = { visits: 0 };
      this.state.set(t, m);
    }
    if (!m.entry || (m.entry.dead && !ctx.dead)) {
      // The first context, or the first live one replacing hypothetical ones.
      m.entry = ctx;
      m.reach = reach();
      this.enqueue(t);
      return;
    }
    if (ctx.dead && !m.entry.dead) return;
    let j = joinCtx(m.entry, ctx);
    if (j === m.entry) return;
    if (m.visits >= WIDEN_AFTER) j = widenCtx(m.entry, j);
    m.entry = j;
    this.enqueue(t);
  }

  private enqueue(s: State): void {
    if (this.queued.has(s)) return;
    const i = this.order.get(s);
    if (i === undefined) return;
    this.queued.add(s);
    this.heap.push(i);
  }

  /** Reverse postorder over every state reachable from the start (branches after their Parallel). */
  private computeOrder(): void {
    const start = this.graph.root.start;
    if (!start) return;
    const post: State[] = [];
    const seen = new Set<State>([start]);
    const stack: { s: State; next: State[]; i: number }[] = [{ s: start, next: this.successors(start, true), i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i < top.next.length) {
        const t = top.next[top.i++];
        if (!seen.has(t)) {
          seen.add(t);
          stack.push({ s: t, next: this.successors(t, true), i: 0 });
        }
        continue;
      }
      stack.pop();
      post.push(top.s);
    }
    for (let i = post.length - 1; i >= 0; i--) {
      this.order.set(post[i], this.byOrder.length);
      this.byOrder.push(post[i]);
    }
  }

  run(): this {
    this.computeOrder();
    const start = this.graph.root.start;
    if (!start) return this;
    this.contribute(start, this.initial, () => ({ kind: 'start', state: start }));
    const budget = 40 * this.byOrder.length + 1000;
    while (this.heap.size > 0) {
      if (this.steps >= budget) {
        this.converged = false;
        break;
      }
      const s = this.byOrder[this.heap.pop()];
      this.queued.delete(s);
      this.steps++;
      this.process(s);
    }
    this.conflicts = [...this.conflictsBy.values()].flat();
    if (!this.converged) this.giveUp();
    return this;
  }

  /** The budget ran out: forget what was inferred rather than report from an unfinished fixpoint. */
  private giveUp(): void {
    for (const m of this.state.values()) {
      if (!m.entry) continue;
      const open = openContext(m.entry.wf);
      m.entry = open;
      m.effective = open;
      m.output = open;
      m.end = m.end ? open : undefined;
    }
    for (const k of this.edges.keys()) this.edges.set(k, openContext(this.initial.wf));
    for (const k of this.branchCtx.keys()) this.branchCtx.set(k, openContext(this.initial.wf));
    this.conflicts = [];
  }
}

export function inferShapes(wf: Workflow, graph: FlowGraph, values: DocumentValues, decls: Declarations): WorkflowShapes {
  return new Inference(wf, graph, values, decls).run();
}
