// The abstract context at one point of a workflow, and the operations of spec §5 on it:
// `set` (a `result`), `select` (an `input_path`/`output_path`, which remembers what it removed),
// `narrow` (a path known to exist) and `resolve` (what a read finds). All are persistent.
import type { Span } from '../syntax/types';
import type { State } from '../model/types';
import type { PathAst, PathSegment } from '../expr/path';
import { PMap } from './pmap';
import {
  CONTEXT_ORIGIN,
  Field,
  MAX_SHAPE_DEPTH,
  NO_WRITERS,
  ObjectShape,
  Origin,
  STRING,
  Shape,
  UNKNOWN,
  Writer,
  arrayOf,
  emptyObject,
  field,
  joinObjects,
  allMaybe,
  objectShape,
  selectedValue,
  valueOf,
  writerSet,
} from './shape';

/** Keys that a pruning removed, so that reading them later names the state that removed them. */
export interface GhostLayer {
  by: State;
  via: 'input_path' | 'output_path' | 'result';
  /** The path value that selected (or the `result: $` that replaced). */
  span: Span;
  /** The path as written. */
  selected: string;
  selectedSegments: readonly PathSegment[];
  /** The fields of the context before the pruning. */
  keys: PMap<Field>;
  /**
   * Names that the selected value itself had on some path (a selection of an object that has
   * them): after paths meet, the selected value may be open, and such a name is then only maybe
   * missing, not certainly pruned.
   */
  provided?: Set<string>;
}

export interface Ctx {
  /** The data context `$`: a closed object of the keys written so far (open only after selecting an open value). */
  top: ObjectShape;
  /** The execution root `workflow` (never pruned). */
  wf: ObjectShape;
  ghosts?: readonly GhostLayer[];
  /**
   * Only past a read or selection that definitely fails (States.Runtime, which nothing catches):
   * analysed so that each mistake is reported once, but below every live context in joins.
   */
  dead?: true;
}

export const MAX_GHOST_LAYERS = 8;

/** The same context, marked as reached only past a failing read. */
export function kill(ctx: Ctx): Ctx {
  return ctx.dead ? ctx : { ...ctx, dead: true };
}

export function workflowRoot(input: Shape): ObjectShape {
  const fields = PMap.from<Field>([
    ['execution_id', field(STRING)],
    ['input', field(input)],
    ['started_at', field(STRING)],
  ]);
  return objectShape(fields, false, { kind: 'workflow' });
}

/** Spec §5: `{workflow: {execution_id, input, started_at}}`, closed at the top level. */
export function initialContext(input: Shape): Ctx {
  const wf = workflowRoot(input);
  return { top: objectShape(PMap.from<Field>([['workflow', field(wf)]]), false, CONTEXT_ORIGIN), wf };
}

/** A context about which nothing is known (any read is accepted). */
export function openContext(wf: ObjectShape): Ctx {
  return { top: emptyObject(true), wf };
}

function joinGhosts(a: readonly GhostLayer[] | undefined, b: readonly GhostLayer[] | undefined): readonly GhostLayer[] | undefined {
  if (a === b || !b || b.length === 0) return a;
  if (!a || a.length === 0) return b;
  let extra: GhostLayer[] | undefined;
  for (const g of b) if (!a.includes(g)) (extra ??= []).push(g);
  if (!extra) return a;
  return [...a, ...extra].slice(0, MAX_GHOST_LAYERS);
}

function prunedIn(ctx: Ctx): ((k: string) => boolean) | undefined {
  if (!ctx.top.open || !ctx.ghosts) return undefined;
  return (k) => {
    const g = lookupGhost(ctx, k);
    return !!g && g.via !== 'result';
  };
}

export function joinCtx(a: Ctx, b: Ctx): Ctx {
  if (a === b) return a;
  if (a.dead !== b.dead) return a.dead ? b : a;
  const top = joinObjects(a.top, b.top, 0, prunedIn(a), prunedIn(b));
  const wf = joinObjects(a.wf, b.wf);
  const ghosts = joinGhosts(a.ghosts, b.ghosts);
  if (top === a.top && wf === a.wf && ghosts === a.ghosts) return a;
  const out: Ctx = ghosts ? { top, wf, ghosts } : { top, wf };
  return a.dead ? kill(out) : out;
}

export function lookupGhost(ctx: Ctx, key: string): GhostLayer | undefined {
  if (!ctx.ghosts) return undefined;
  for (const g of ctx.ghosts) if (g.keys.has(key)) return g;
  return undefined;
}

// ---------------------------------------------------------------- resolve

export interface Resolution {
  status: 'present' | 'maybe' | 'missing';
  /** The value's shape when present (`unknown` below an open or unknown value). */
  shape: Shape;
  /** Index of the first segment whose field may be absent. */
  maybeAt?: number;
  maybeField?: Field;
  /** Index of the segment that names nothing. */
  missingAt?: number;
  /** The value that lacks the missing segment. */
  container?: Shape;
  /** The missing top-level key was removed by this pruning. */
  ghost?: GhostLayer;
  /** Fields traversed, in order. */
  trail: Field[];
  /** A `[*]` was crossed: item presence is not checked below it. */
  wildcard: boolean;
}

export function resolve(ctx: Ctx, root: '$' | 'workflow', segments: readonly PathSegment[], limit = segments.length): Resolution {
  let cur: Shape = root === '$' ? ctx.top : ctx.wf;
  const trail: Field[] = [];
  let maybeAt: number | undefined;
  let maybeField: Field | undefined;
  let wildcards = 0;
  const done = (shape: Shape): Resolution => {
    let s = shape;
    for (let i = 0; i < wildcards; i++) s = arrayOf(s);
    return { status: maybeAt !== undefined ? 'maybe' : 'present', shape: s, maybeAt, maybeField, trail, wildcard: wildcards > 0 };
  };
  const missing = (i: number, container: Shape, ghost?: GhostLayer): Resolution => ({
    status: 'missing',
    shape: UNKNOWN,
    missingAt: i,
    container,
    ghost,
    maybeAt,
      trail,
    wildcard: wildcards > 0,
  });
  const n = Math.min(limit, segments.length);
  for (let i = 0; i < n; i++) {
    const seg = segments[i];
    if (cur.kind === 'unknown') return done(UNKNOWN);
    // A context that is a selected list: `$[0]` reads its items.
    if (seg.kind !== 'field') cur = valueOf(cur) ?? cur;
    if (seg.kind === 'wildcard') {
      if (cur.kind !== 'array') return done(UNKNOWN);
      wildcards++;
      cur = cur.items;
      continue;
    }
    if (seg.kind === 'index') {
      if (cur.kind === 'array') {
        if (cur.tuple) {
          if (seg.index >= cur.tuple.length) return missing(i, cur);
          cur = cur.tuple[seg.index];
        } else cur = cur.items;
        continue;
      }
      if (cur.kind === 'object') return done(UNKNOWN);
      return missing(i, cur);
    }
    if (cur.kind === 'object') {
      const f = cur.fields.get(seg.name);
      if (f) {
        trail.push(f);
        if (maybeAt === undefined && wildcards === 0 && cur.maybe.has(seg.name)) {
          maybeAt = i;
          maybeField = f;
        }
        cur = f.shape;
        continue;
      }
      const ghost = i === 0 && root === '$' ? lookupGhost(ctx, seg.name) : undefined;
      if (ghost && cur.open && ghost.provided?.has(seg.name)) {
        // Pruned on some paths, but the selected value had it on others.
        if (maybeAt === undefined) maybeAt = i;
        return done(UNKNOWN);
      }
      if (ghost && (ghost.via !== 'result' || !cur.open)) return missing(i, cur, ghost);
      if (cur.open) return done(UNKNOWN);
      return missing(i, cur);
    }
    // A name never selects anything in a list or a scalar (spec §4: `.name` is a field of an object).
    return missing(i, cur);
  }
  return done(n === 0 && root === '$' ? (valueOf(cur) ?? cur) : cur);
}

/** `always`, `maybe` or `absent` for the node a path names (as far as it is known). */
export function presenceOf(ctx: Ctx, root: '$' | 'workflow', segments: readonly PathSegment[]): 'always' | 'maybe' | 'absent' {
  const r = resolve(ctx, root, segments);
  return r.status === 'missing' ? 'absent' : r.status === 'maybe' ? 'maybe' : 'always';
}

// ---------------------------------------------------------------- set

function setIn(obj: ObjectShape, segs: readonly PathSegment[], i: number, value: Shape, writer: Writer | undefined, depth: number): ObjectShape {
  const seg = segs[i];
  if (seg.kind !== 'field') return obj;
  const existing = obj.fields.get(seg.name);
  let next: Field;
  if (i === segs.length - 1) {
    next = field(depth > MAX_SHAPE_DEPTH ? UNKNOWN : value, writer ? writerSet(writer) : NO_WRITERS);
  } else if (segs[i + 1].kind === 'field' && depth <= MAX_SHAPE_DEPTH) {
    const child = existing?.shape;
    let base: ObjectShape;
    if (child?.kind === 'object') base = obj.maybe.has(seg.name) ? allMaybe(child) : child;
    else if (child?.kind === 'unknown') base = emptyObject(true);
    else base = emptyObject(false);
    next = field(setIn(base, segs, i + 1, value, writer, depth + 1), existing?.writers ?? NO_WRITERS);
  } else {
    // An index below: the value there is not followed (when unsure, widen).
    next = field(UNKNOWN, writer ? writerSet(writer) : NO_WRITERS);
  }
  return objectShape(obj.fields.set(seg.name, next), obj.open, obj.origin, obj.maybe.delete(seg.name), obj.phantoms);
}

/** Spec §5 step 4: `O = set(E, result, R)`, creating missing intermediate objects. */
export function setPath(ctx: Ctx, segs: readonly PathSegment[], value: Shape, writer: Writer | undefined, replace?: GhostLayer): Ctx {
  if (segs.length === 0) {
    const top = value.kind === 'object' ? objectShape(value.fields, value.open, CONTEXT_ORIGIN, value.maybe, value.phantoms) : emptyObject(true);
    const ghosts = replace ? pushLayer(ctx.ghosts, replace) : ctx.ghosts;
    const out: Ctx = ghosts ? { top, wf: ctx.wf, ghosts } : { top, wf: ctx.wf };
    return ctx.dead ? kill(out) : out;
  }
  if (segs[0].kind !== 'field') return { ...ctx, top: objectShape(ctx.top.fields, true, ctx.top.origin, ctx.top.maybe, ctx.top.phantoms) };
  // Writing a name into a selected list or scalar makes a new object (as the interpreter does).
  const base = ctx.top.origin.kind === 'value' ? emptyObject(false) : ctx.top;
  return { ...ctx, top: setIn(base, segs, 0, value, writer, 1) };
}

// ---------------------------------------------------------------- select

/**
 * Spec §5 steps 1 and 5: the value at the path becomes the whole context. The keys it removes
 * are remembered (a later read of one is `pruned-context-path`).
 */
export function selectPath(ctx: Ctx, segs: readonly PathSegment[], layer: GhostLayer): Ctx {
  if (segs.length === 0) return ctx;
  const r = resolve(ctx, '$', segs);
  // The selection fails: what follows runs on no path (but is still analysed).
  if (r.status === 'missing') return kill(openContext(ctx.wf));
  const s = r.shape;
  noteProvided(layer, s);
  // A selected list or scalar has no names: a name read from it fails. Only an unknown value is open.
  const top =
    s.kind === 'object'
      ? objectShape(s.fields, s.open, CONTEXT_ORIGIN, s.maybe, s.phantoms)
      : s.kind === 'unknown'
        ? emptyObject(true)
        : emptyObject(false, { kind: 'value', type: s.kind === 'array' ? 'a list' : `a ${s.kind}`, shape: selectedValue(s) });
  const out: Ctx = { top, wf: ctx.wf, ghosts: pushLayer(ctx.ghosts, layer) };
  return ctx.dead ? kill(out) : out;
}

/** Records the names a selected value has (see `GhostLayer.provided`). */
export function noteProvided(layer: GhostLayer, selected: Shape): void {
  if (selected.kind !== 'object' || selected.fields.size === 0) return;
  selected.fields.forEach((_f, k) => {
    if (!layer.keys.has(k)) return;
    (layer.provided ??= new Set()).add(k);
  });
}

/** The layer in front (a layer object is shared by every context its pruning produced). */
function pushLayer(ghosts: readonly GhostLayer[] | undefined, layer: GhostLayer): readonly GhostLayer[] {
  if (ghosts && ghosts[0] === layer) return ghosts;
  return [layer, ...(ghosts ?? []).filter((g) => g !== layer)].slice(0, MAX_GHOST_LAYERS);
}

// ---------------------------------------------------------------- narrow

/** The leading field segments of a path: what a successful read proves to exist. */
export function provenSegments(path: Pick<PathAst, 'segments'>): PathSegment[] {
  const out: PathSegment[] = [];
  for (const s of path.segments) {
    if (s.kind !== 'field') break;
    out.push(s);
  }
  return out;
}

const PHANTOM: Field = Object.freeze({ shape: UNKNOWN, writers: NO_WRITERS, phantom: true });

function narrowIn(obj: ObjectShape, segs: readonly PathSegment[], i: number, addMissing: boolean): ObjectShape {
  const seg = segs[i];
  if (seg.kind !== 'field') return obj;
  const f = obj.fields.get(seg.name);
  if (!f) {
    if (obj.open && !addMissing) return obj;
    // A read that succeeded (or a `defined` test that held) proves the key exists: add it,
    // so that one mistake is reported once, not at every later read.
    return objectShape(obj.fields.set(seg.name, PHANTOM), obj.open, obj.origin, obj.maybe, true);
  }
  let next: Field = f;
  if (i + 1 < segs.length && f.shape.kind === 'object') {
    const child = narrowIn(f.shape, segs, i + 1, false);
    if (child !== f.shape) next = { ...f, shape: child };
  }
  const maybe = obj.maybe.delete(seg.name);
  return next === f && maybe === obj.maybe ? obj : objectShape(next === f ? obj.fields : obj.fields.set(seg.name, next), obj.open, obj.origin, maybe, obj.phantoms);
}

/** The context where each of these paths is known to exist. */
export function narrow(ctx: Ctx, paths: Iterable<Pick<PathAst, 'root' | 'segments'>>): Ctx {
  let top = ctx.top;
  let wf = ctx.wf;
  for (const p of paths) {
    const segs = provenSegments(p);
    if (segs.length === 0) continue;
    if (p.root === '$') top = narrowIn(top, segs, 0, !!lookupGhost(ctx, (segs[0] as { name: string }).name));
    else wf = narrowIn(wf, segs, 0, false);
  }
  if (top === ctx.top && wf === ctx.wf) return ctx;
  return { ...ctx, top, wf };
}

/** The error object a catch writes: `{error: string, cause: string}`. */
export function errorObject(span?: Span): ObjectShape {
  const origin: Origin = { kind: 'error', span };
  return objectShape(PMap.from<Field>([['error', field(STRING)], ['cause', field(STRING)]]), false, origin);
}

