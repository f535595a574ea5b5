// JSON values as the interpreter holds them: objects have a null prototype and are only read
// through own properties, so `__proto__`, `constructor` and `prototype` are ordinary keys.
// Values are never mutated after they are built; `setPath` copies along the path it writes.
import { JSONPath } from 'jsonpath-plus';
import type { PathSegment } from '../expr/path';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Deepest nesting accepted when importing data (inputs, mocks): deeper input is a bug or an attack. */
export const MAX_JSON_DEPTH = 1_000;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function newObject(): JsonObject {
  return Object.create(null) as JsonObject;
}

/** Defines an own, enumerable data property: never the prototype setter, whatever the key. */
export function setOwn(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The own property `key` of an object, or undefined. */
export function getOwn(obj: JsonObject, key: string): Json | undefined {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

export function objectOf(entries: Iterable<[string, Json]>): JsonObject {
  const o = newObject();
  for (const [k, v] of entries) setOwn(o, k, v);
  return o;
}

export class JsonImportError extends Error {}

/**
 * Copies any plain value (from YAML, JSON.parse or a caller) into interpreter form: null-prototype
 * objects, own enumerable keys only, no functions, no cycles, numbers finite. Iterative and
 * bounded in depth and size.
 */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  const root: { v?: Json } = {};
  type Frame = { src: unknown; set: (v: Json) => void; depth: number };
  const stack: Frame[] = [{ src: value, set: (v) => (root.v = v), depth: 0 }];
  let budget = 10_000_000;
  while (stack.length > 0) {
    if (budget-- <= 0) throw new JsonImportError('The value is too large.');
    const f = stack.pop() as Frame;
    const s = f.src;
    if (s === null || s === undefined) f.set(null);
    else if (typeof s === 'string' || typeof s === 'boolean') f.set(s);
    else if (typeof s === 'number') {
      if (!Number.isFinite(s)) throw new JsonImportError(`The number ${s} is not a JSON number.`);
      f.set(s);
    } else if (typeof s === 'bigint') f.set(Number(s));
    else if (s instanceof Date) f.set(s.toISOString());
    else if (typeof s === 'object') {
      // A cycle shows up as unbounded depth.
      if (f.depth > MAX_JSON_DEPTH) throw new JsonImportError(`The value is nested deeper than ${MAX_JSON_DEPTH} levels (or contains a cycle).`);
      if (Array.isArray(s)) {
        const arr: Json[] = new Array(s.length).fill(null);
        f.set(arr);
        for (let i = s.length - 1; i >= 0; i--) stack.push({ src: s[i], set: (v) => (arr[i] = v), depth: f.depth + 1 });
      } else {
        const obj = newObject();
        f.set(obj);
        const keys = Object.keys(s);
        for (const k of keys) setOwn(obj, k, null);
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i];
          stack.push({ src: (s as Record<string, unknown>)[k], set: (v) => setOwn(obj, k, v), depth: f.depth + 1 });
        }
      }
    } else throw new JsonImportError(`A ${typeof s} is not a JSON value.`);
  }
  return root.v ?? null;
}

/** Deep JSON equality without coercion (key order does not matter). */
export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  const stack: [Json | undefined, Json | undefined][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || x === undefined || y === undefined) return false;
    if (typeof x !== 'object' || typeof y !== 'object') {
      if (typeof x === 'number' && typeof y === 'number' && x === y) continue;
      return false;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    const xo = x as JsonObject;
    const yo = y as JsonObject;
    const xk = Object.keys(xo);
    if (xk.length !== Object.keys(yo).length) return false;
    for (const k of xk) {
      if (!hasOwn(yo, k)) return false;
      stack.push([xo[k], yo[k]]);
    }
  }
  return true;
}

export function typeName(v: Json | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** One step down a path: the child, or undefined when it does not exist. */
export function child(v: Json, seg: Exclude<PathSegment, { kind: 'wildcard' }>): Json | undefined {
  if (seg.kind === 'field') return isObject(v) ? getOwn(v, seg.name) : undefined;
  return Array.isArray(v) && seg.index < v.length ? v[seg.index] : undefined;
}

/**
 * The children a `[*]` selects: array items or object values. jsonpath-plus (with `eval: false`)
 * only ever sees the fixed expression `$[*]`; user-written names never reach its parser.
 */
export function wildcardChildren(v: Json): Json[] {
  if (v === null || typeof v !== 'object') return [];
  const out = JSONPath({ path: '$[*]', json: v as object, eval: false, wrap: true }) as Json[] | undefined;
  return Array.isArray(out) ? out : [];
}

export type ReadOutcome = { found: true; value: Json } | { found: false; missingAt: number };

/**
 * Reads a path from a root. Without wildcards the path names one node, and a missing node is
 * reported with the index of the first segment that does not exist. With `[*]`, the part before
 * the first wildcard must exist; after it, JSONPath semantics: members that are missing are
 * skipped and the result is the list of what was found.
 */
export function readSegments(root: Json, segments: readonly PathSegment[]): ReadOutcome {
  let cur: Json = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.kind === 'wildcard') return { found: true, value: collectWildcard(cur, segments.slice(i)) };
    const next = child(cur, seg);
    if (next === undefined) return { found: false, missingAt: i };
    cur = next;
  }
  return { found: true, value: cur };
}

function collectWildcard(root: Json, segments: readonly PathSegment[]): Json[] {
  let frontier: Json[] = [root];
  for (const seg of segments) {
    const next: Json[] = [];
    for (const v of frontier) {
      if (seg.kind === 'wildcard') next.push(...wildcardChildren(v));
      else {
        const c = child(v, seg);
        if (c !== undefined) next.push(c);
      }
    }
    frontier = next;
  }
  return frontier;
}

/**
 * A copy of `root` with `value` at the path; missing intermediate containers are created (an
 * object for a name, an array for an index, padded with null), and a scalar in the way is
 * replaced. An empty path replaces the whole value. Only the nodes along the path are copied.
 */
export function setPath(root: Json, segments: readonly PathSegment[], value: Json): Json {
  if (segments.length === 0) return value;
  const seg = segments[0];
  if (seg.kind === 'wildcard') throw new Error('setPath: a wildcard cannot be written');
  const rest = segments.slice(1);
  if (seg.kind === 'field') {
    const base = isObject(root) ? root : newObject();
    const copy = newObject();
    for (const k of Object.keys(base)) setOwn(copy, k, base[k]);
    const existing = getOwn(base, seg.name);
    setOwn(copy, seg.name, setPath(existing ?? (rest[0]?.kind === 'index' ? [] : newObject()), rest, value));
    return copy;
  }
  const arr = Array.isArray(root) ? root.slice() : [];
  while (arr.length < seg.index) arr.push(null);
  const existing = seg.index < arr.length ? arr[seg.index] : undefined;
  arr[seg.index] = setPath(existing ?? (rest[0]?.kind === 'index' ? [] : newObject()), rest, value);
  return arr;
}

/** JSON text with keys in insertion order; `indent` as in JSON.stringify. */
export function stringify(v: Json | undefined, indent?: number): string {
  if (v === undefined) return 'undefined';
  return JSON.stringify(v, null, indent);
}

/** Plain (Object.prototype) copy for handing to libraries that expect ordinary objects (YAML, ajv). */
export function toPlainObjects(v: Json): unknown {
  return JSON.parse(JSON.stringify(v), (_k, x: unknown) => x);
}
