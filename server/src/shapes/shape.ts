// The context-shape lattice: unknown | null | boolean | number | string | array | object, where
// each object field is present `always` or `maybe` and an object is open (any other field may be
// there) or closed. `join` is the least upper bound; it returns its left argument itself when the
// right one adds nothing, so that a fixpoint is detected by identity. Shapes are immutable.
import type { Span } from '../syntax/types';
import type { State } from '../model/types';
import { PMap } from './pmap';

export type Presence = 'always' | 'maybe';

/** A state that writes a value into the context: its `result`, a catch's `result`, or a Parallel's list. */
export interface Writer {
  /** Unique per write site (a persistent-set key). */
  id: string;
  state: State;
  via: 'result' | 'catch' | 'parallel';
  /** The written path's text (the `result` value): where messages point. */
  span: Span;
  catchIndex?: number;
}

/** Why a field may be absent whatever the path: it is declared optional. */
export interface OptionalSite {
  span: Span;
  /** "the declared output of \"urn:…\"", "the input contract", ... */
  where: string;
}

/**
 * A field's value and where it comes from. Whether it may be absent is not stored here but in
 * its object's `maybe` set, so that two objects that differ only in presence share their fields
 * (and joins cost the difference, not the size).
 */
export interface Field {
  shape: Shape;
  /** Declared optional (compact `T?`, a JSON Schema property that is not required). */
  optional?: OptionalSite;
  /**
   * Known only because a read of it "succeeded" where it was missing (the execution stops there):
   * kept so that one mistake is reported once, and dropped where paths meet, since the path that
   * added it cannot run on.
   */
  phantom?: true;
  /** The writes whose value is (one of) the value(s) of exactly this field, on some path. */
  writers: WriterSet;
}

/** Where a closed object's list of fields comes from: decides which rule reports a missing one. */
export type Origin =
  | { kind: 'context' }
  | { kind: 'workflow' }
  | { kind: 'input'; workflow: string; span?: Span }
  | { kind: 'activity'; urn: string; span?: Span }
  | { kind: 'schema'; urn: string; span?: Span }
  | { kind: 'literal'; state: string; span?: Span }
  | { kind: 'error'; span?: Span }
  /**
   * The context itself after selecting a list or a scalar (no names at all). `shape` is the value
   * selected (never with a `shape` of its own below it), so that `$[0]` can be followed.
   */
  | { kind: 'value'; type: string; shape?: Shape }
  | { kind: 'mixed' };

export interface UnknownShape {
  kind: 'unknown';
}
export interface ScalarShape {
  kind: 'null' | 'boolean' | 'number' | 'string';
}
export interface ArrayShape {
  kind: 'array';
  items: Shape;
  /** Known length and element shapes (a Parallel's list of branch outputs, a literal list). */
  tuple?: readonly Shape[];
}
export interface ObjectShape {
  kind: 'object';
  fields: PMap<Field>;
  /** Some field is a phantom (joins then look at every key this side alone has). */
  phantoms?: true;
  /** The keys of `fields` that may be absent (every other listed key is always there). */
  maybe: KeySet;
  open: boolean;
  origin: Origin;
}

export type KeySet = PMap<true>;
export const NO_KEYS: KeySet = PMap.empty<true>();
export type Shape = UnknownShape | ScalarShape | ArrayShape | ObjectShape;

export const UNKNOWN: UnknownShape = Object.freeze({ kind: 'unknown' });
export const NULL: ScalarShape = Object.freeze({ kind: 'null' });
export const BOOLEAN: ScalarShape = Object.freeze({ kind: 'boolean' });
export const NUMBER: ScalarShape = Object.freeze({ kind: 'number' });
export const STRING: ScalarShape = Object.freeze({ kind: 'string' });
export const CONTEXT_ORIGIN: Origin = Object.freeze({ kind: 'context' });
export const MIXED_ORIGIN: Origin = Object.freeze({ kind: 'mixed' });
/** A persistent set of writers keyed by id: unions of sets that share structure cost the difference. */
export type WriterSet = PMap<Writer>;
export const NO_WRITERS: WriterSet = PMap.empty<Writer>();
const singletons = new WeakMap<Writer, WriterSet>();

export function writerSet(w: Writer): WriterSet {
  let s = singletons.get(w);
  if (!s) singletons.set(w, (s = NO_WRITERS.set(w.id, w)));
  return s;
}

export function writerList(ws: WriterSet): Writer[] {
  const out: Writer[] = [];
  ws.forEach((w) => out.push(w));
  return out.sort((a, b) => a.state.span.start - b.state.span.start || a.id.localeCompare(b.id));
}

const KEEP_BOTH = { both: <T>(a: T) => a, onlyA: <T>(a: T) => a, onlyB: <T>(b: T) => b, keepA: true, keepB: true };

/** Deepest nesting kept; anything deeper is `unknown`. */
export const MAX_SHAPE_DEPTH = 12;
/** Longest tuple kept; longer lists keep only their item shape. */
export const MAX_TUPLE = 64;
/** Most fields kept in an object built from a declaration or literal; more make it open. */
export const MAX_FIELDS = 1000;

export function scalar(kind: ScalarShape['kind']): ScalarShape {
  return kind === 'null' ? NULL : kind === 'boolean' ? BOOLEAN : kind === 'number' ? NUMBER : STRING;
}

export function field(shape: Shape, writers: WriterSet = NO_WRITERS, optional?: OptionalSite): Field {
  return optional ? { shape, writers, optional } : { shape, writers };
}

export function objectShape(fields: PMap<Field>, open: boolean, origin: Origin, maybe: KeySet = NO_KEYS, phantoms?: boolean): ObjectShape {
  return phantoms ? { kind: 'object', fields, maybe, open, origin, phantoms: true } : { kind: 'object', fields, maybe, open, origin };
}

/** `always` or `maybe` for a listed key of an object. */
export function presenceIn(o: ObjectShape, key: string): Presence {
  return o.maybe.has(key) ? 'maybe' : 'always';
}

/** Every listed key of `o` may be absent (its parent may be). */
export function allMaybe(o: ObjectShape): ObjectShape {
  if (o.fields.size === o.maybe.size) return o;
  let maybe = o.maybe;
  o.fields.forEach((_f, k) => (maybe = maybe.set(k, true)));
  return objectShape(o.fields, o.open, o.origin, maybe, o.phantoms);
}

export function emptyObject(open: boolean, origin: Origin = CONTEXT_ORIGIN): ObjectShape {
  return objectShape(PMap.empty<Field>(), open, origin);
}

export function arrayOf(items: Shape, tuple?: readonly Shape[]): ArrayShape {
  return tuple && tuple.length <= MAX_TUPLE ? { kind: 'array', items, tuple } : { kind: 'array', items };
}

export function isScalar(s: Shape): s is ScalarShape {
  return s.kind === 'null' || s.kind === 'boolean' || s.kind === 'number' || s.kind === 'string';
}

function sameOrigin(a: Origin, b: Origin): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'activity':
    case 'schema':
      return a.urn === (b as typeof a).urn;
    case 'literal':
      return a.state === (b as typeof a).state && a.span?.start === (b as typeof a).span?.start;
    case 'input':
      return a.workflow === (b as typeof a).workflow;
    case 'value':
      return a.type === (b as typeof a).type;
    default:
      return true;
  }
}

export function unionWriters(a: WriterSet, b: WriterSet): WriterSet {
  if (a === b || b.isEmpty) return a;
  if (a.isEmpty) return b;
  return a.merge(b, KEEP_BOTH);
}

/** A field that one side of a join lists and the other (open) side may hold with any shape. */
export function widenedByOpen(f: Field): Field {
  return f.shape === UNKNOWN ? f : { ...f, shape: UNKNOWN };
}

export function joinField(a: Field, b: Field, depth = 0): Field {
  if (a === b) return a;
  if (a.phantom !== b.phantom) return a.phantom ? b : a;
  const shape = join(a.shape, b.shape, depth);
  const optional = a.optional ?? b.optional;
  const writers = unionWriters(a.writers, b.writers);
  if (shape === a.shape && optional === a.optional && writers === a.writers) return a;
  if (shape === b.shape && optional === b.optional && writers === b.writers) return b;
  return optional ? { shape, optional, writers } : { shape, writers };
}

const KEEP_KEYS = { both: (a: true) => a, onlyA: (a: true) => a, onlyB: (b: true) => b, keepA: true, keepB: true };

export function unionKeys(a: KeySet, b: KeySet): KeySet {
  if (a === b || b.isEmpty) return a;
  if (a.isEmpty) return b;
  return a.merge(b, KEEP_KEYS);
}

/**
 * `removedA`/`removedB` say that an open side is known to lack a key (a pruning removed it):
 * a key listed on the other side is then `maybe` there, not of unknown shape.
 */
export function joinObjects(a: ObjectShape, b: ObjectShape, depth = 0, removedA?: (k: string) => boolean, removedB?: (k: string) => boolean): ObjectShape {
  if (a === b) return a;
  const open = a.open || b.open;
  const origin = sameOrigin(a.origin, b.origin) ? joinValueOrigin(a.origin, b.origin, depth) : MIXED_ORIGIN;
  // A phantom is below everything (its path stops): where the other side lacks the key, the
  // other side decides.
  const fields = a.fields.merge(b.fields, {
    both: (fa, fb) => joinField(fa, fb, depth + 1),
    onlyA: (fa, k) => (fa.phantom ? undefined : b.open && !removedB?.(k) ? widenedByOpen(fa) : fa),
    onlyB: (fb, k) => (fb.phantom ? undefined : a.open && !removedA?.(k) ? widenedByOpen(fb) : fb),
    keepA: !b.open && !a.phantoms,
    keepB: !a.open && !b.phantoms,
  });
  // A key one side lacks may be absent, unless that side is open (then it may hold it).
  let maybe = unionKeys(a.maybe, b.maybe);
  a.fields.diff(b.fields, (k, fa, fb) => {
    if (fa && !fb ? !fa.phantom && (!b.open || removedB?.(k)) : !fa && fb ? !fb.phantom && (!a.open || removedA?.(k)) : false) maybe = maybe.set(k, true);
    else if ((fa && !fb && fa.phantom) || (!fa && fb && fb.phantom)) maybe = maybe.delete(k);
  });
  const phantoms = !!(a.phantoms || b.phantoms) && hasPhantom(fields);
  if (fields === a.fields && maybe === a.maybe && open === a.open && origin === a.origin) return a;
  if (fields === b.fields && maybe === b.maybe && open === b.open && origin === b.origin) return b;
  return objectShape(fields, open, origin, maybe, phantoms);
}

/** Two selected values of one type: their shapes join (the left origin when nothing changes). */
function joinValueOrigin(a: Origin, b: Origin, depth: number): Origin {
  if (a === b || a.kind !== 'value' || b.kind !== 'value' || !a.shape) return a;
  if (!b.shape) return { kind: 'value', type: a.type };
  const shape = join(a.shape, b.shape, depth + 1);
  return shape === a.shape ? a : { kind: 'value', type: a.type, shape };
}

/**
 * A selected value as a context keeps: `depth` levels of it, where no object below holds a
 * selected value's shape of its own (so that nesting stays bounded in loops).
 */
export function selectedValue(s: Shape, depth = 4): Shape {
  if (depth <= 0) return s.kind === 'object' || s.kind === 'array' ? UNKNOWN : s;
  if (s.kind === 'array') {
    const items = selectedValue(s.items, depth - 1);
    const tuple = s.tuple?.map((t) => selectedValue(t, depth - 1));
    return items === s.items && (!tuple || tuple.every((t, i) => t === s.tuple![i])) ? s : arrayOf(items, tuple);
  }
  if (s.kind === 'object') {
    const fields = s.fields.map((f) => {
      const t = selectedValue(f.shape, depth - 1);
      return t === f.shape ? f : { ...f, shape: t };
    });
    const origin: Origin = s.origin.kind === 'value' && s.origin.shape ? { kind: 'value', type: s.origin.type } : s.origin;
    return fields === s.fields && origin === s.origin ? s : objectShape(fields, s.open, origin, s.maybe, s.phantoms);
  }
  return s;
}

/** The list or scalar a context object stands for, when it is a selected value. */
export function valueOf(s: Shape): Shape | undefined {
  return s.kind === 'object' && s.origin.kind === 'value' ? s.origin.shape : undefined;
}

function hasPhantom(fields: PMap<Field>): boolean {
  let found = false;
  fields.forEach((f) => {
    if (f.phantom) found = true;
  });
  return found;
}

/** Least upper bound; `a` itself when `b` adds nothing. Different kinds join to `unknown`. */
export function join(a: Shape, b: Shape, depth = 0): Shape {
  if (a === b) return a;
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown' || a.kind !== b.kind) return UNKNOWN;
  if (depth > MAX_SHAPE_DEPTH) return UNKNOWN;
  if (a.kind === 'array') {
    const bb = b as ArrayShape;
    const items = join(a.items, bb.items, depth + 1);
    let tuple: readonly Shape[] | undefined;
    if (a.tuple && bb.tuple && a.tuple.length === bb.tuple.length) {
      let same = true;
      const t = a.tuple.map((x, i) => {
        const j = join(x, bb.tuple![i], depth + 1);
        if (j !== x) same = false;
        return j;
      });
      tuple = same ? a.tuple : t;
    }
    if (items === a.items && tuple === a.tuple) return a;
    return arrayOf(items, tuple);
  }
  if (a.kind === 'object') return joinObjects(a, b as ObjectShape, depth);
  return a;
}

/**
 * Widening for loops: where `next` (which is above `old`) still differs from `old` at `limit`
 * levels of nesting or deeper, give up and use `unknown`, so that iteration stops.
 */
export function widen(old: Shape, next: Shape, depth: number, limit: number): Shape {
  if (old === next) return old;
  if (depth >= limit) return UNKNOWN;
  if (old.kind === 'object' && next.kind === 'object') return widenObject(old, next, depth, limit);
  if (old.kind === 'array' && next.kind === 'array') {
    const items = widen(old.items, next.items, depth + 1, limit);
    return arrayOf(items, undefined);
  }
  return next;
}

export function widenObject(old: ObjectShape, next: ObjectShape, depth: number, limit: number): ObjectShape {
  if (old === next) return old;
  const fields = old.fields.merge(next.fields, {
    both: (fo, fn) => (fo === fn ? fo : { ...fn, shape: widen(fo.shape, fn.shape, depth + 1, limit) }),
    onlyA: (fo) => (fo.phantom ? undefined : fo),
    onlyB: (fn) => (depth + 1 >= limit && fn.shape.kind !== 'unknown' && !isScalar(fn.shape) ? { ...fn, shape: UNKNOWN } : fn),
  });
  return objectShape(fields, next.open, next.origin, next.maybe, next.phantoms);
}

/** Cuts a shape at `depth` levels (deeper parts become `unknown`). */
export function truncate(s: Shape, depth: number): Shape {
  if (depth <= 0) return s.kind === 'object' || s.kind === 'array' ? UNKNOWN : s;
  if (s.kind === 'array') {
    const items = truncate(s.items, depth - 1);
    const tuple = s.tuple?.map((t) => truncate(t, depth - 1));
    return items === s.items && !tuple ? s : arrayOf(items, tuple);
  }
  if (s.kind === 'object') {
    const fields = s.fields.map((f) => {
      const t = truncate(f.shape, depth - 1);
      return t === f.shape ? f : { ...f, shape: t };
    });
    return fields === s.fields ? s : objectShape(fields, s.open, s.origin, s.maybe, s.phantoms);
  }
  return s;
}

export function typeName(s: Shape): string {
  switch (s.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'unknown':
      return 'a value of unknown type';
    case 'null':
      return 'null';
    case 'boolean':
      return 'a boolean';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
  }
}

export function sortedFields(o: ObjectShape): [string, Field][] {
  return o.fields.entries().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A compact, deterministic rendering: `{customer: {id: string, email?: string}, items: string[], ...}`.
 * Optional fields end in `?`, open objects end in `...`, tuples print as `[a, b]`. Fields are sorted.
 */
export function formatShape(s: Shape, maxDepth = 8): string {
  switch (s.kind) {
    case 'unknown':
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return s.kind;
    case 'array': {
      if (maxDepth <= 0) return '[…]';
      if (s.tuple) return `[${s.tuple.map((t) => formatShape(t, maxDepth - 1)).join(', ')}]`;
      const inner = formatShape(s.items, maxDepth - 1);
      return `${inner}[]`;
    }
    case 'object': {
      if (maxDepth <= 0) return '{…}';
      const parts = sortedFields(s).map(([k, f]) => `${PLAIN_KEY.test(k) ? k : JSON.stringify(k)}${s.maybe.has(k) ? '?' : ''}: ${formatShape(f.shape, maxDepth - 1)}`);
      if (s.open) parts.push('...');
      return `{${parts.join(', ')}}`;
    }
  }
}
