// Model values at run time: rendering YAML value trees (templates, bare `$.` parameters),
// reference paths, durations and timestamps, and Choice rules in both forms (spec §3.3).
// Every problem the linter would report becomes States.Runtime here, never a crash.
import { YNode, YScalar } from '../syntax/yaml-tree';
import { ChoiceRule, Entry } from '../model/types';
import { BARE_PATH } from '../expr/values';
import { parseReferencePath, type PathAst } from '../expr/path';
import { parseExpression } from '../expr/template';
import { parseDuration } from '../expr/duration';
import { FatalError, runtimeError } from './errors';
import { Json, newObject, setOwn, hasOwn, typeName } from './json';
import { Scope, evaluate, readPath, readPathOptional, renderString, truthy } from './evaluate';

const pathCache = new Map<string, PathAst | string>();

/** Runs `f`, marking an uncatchable failure inside it with the scalar it happened in. */
export function atNode<T>(node: YScalar | null | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FatalError && !e.node && node) e.node = node;
    throw e;
  }
}

/** A reference path (spec §4), parsed once per text; an invalid one fails with States.Runtime. */
export function referencePath(text: string, what: string): PathAst {
  let p = pathCache.get(text);
  if (p === undefined) {
    const r = parseReferencePath(text);
    p = r.path ?? r.error?.message ?? 'invalid path';
    if (pathCache.size > 10_000) pathCache.clear();
    pathCache.set(text, p);
  }
  if (typeof p === 'string') throw runtimeError(`Invalid ${what} ${JSON.stringify(text)}: ${p}`, 'invalid-workflow');
  return p;
}

/** The reference path written in an entry (`result`, `input_path`, ...). */
export function entryPath(entry: Entry, what: string): PathAst {
  const v = entry.value;
  if (!v || v.kind !== 'scalar' || typeof v.value !== 'string') throw runtimeError(`${what} must be a reference path such as "$.name".`, 'invalid-workflow');
  return referencePath(v.value, what);
}

function renderBare(text: string, scope: Scope): Json {
  const ref = parseReferencePath(text);
  if (ref.path) return readPath(ref.path, scope);
  const e = parseExpression(text);
  if (e.expr && e.expr.kind === 'path') return evaluate(e.expr, scope);
  return text;
}

/**
 * The JSON value of a YAML value tree with its templates rendered. With `bare`, a string that is
 * exactly a path starting with `$.` is read as that path (parameters, spec §4).
 */
export function renderNode(node: YNode | null | undefined, scope: Scope, bare: boolean): Json {
  if (!node) return null;
  if (node.kind === 'scalar') {
    const v = node.value;
    if (typeof v !== 'string') return v;
    const template = v.includes('{{');
    if (!template && !(bare && BARE_PATH.test(v))) return v;
    const here = scope.node === node ? scope : { ...scope, node };
    return atNode(node, () => (template ? renderString(v, here) : renderBare(v, here)));
  }
  if (node.kind === 'seq') return node.items.map((i) => renderNode(i, scope, bare));
  const obj = newObject();
  for (const p of node.pairs) {
    const k = String(p.key.value);
    if (!hasOwn(obj, k)) setOwn(obj, k, renderNode(p.value, scope, bare));
  }
  return obj;
}

/** Milliseconds from a duration value: a duration string, or a number of seconds. */
export function durationMs(v: Json, what: string): number {
  if (typeof v === 'number') {
    if (!(v >= 0) || !Number.isFinite(v)) throw runtimeError(`${what} must not be negative, not ${v}.`, 'invalid-value');
    return v * 1000;
  }
  if (typeof v === 'string') {
    const r = parseDuration(v);
    if (r.ms !== undefined) return r.ms;
    throw runtimeError(`${what} ${JSON.stringify(v)} is not a duration: ${r.error?.message ?? ''}`.trim(), 'invalid-value');
  }
  throw runtimeError(`${what} must be a duration such as "30s", not ${typeName(v)}.`, 'invalid-value');
}

/** A duration written in the model (timeouts, retry intervals); templates are not allowed there. */
export function entryDurationMs(entry: Entry, what: string): number {
  const n = entry.value;
  if (!n || n.kind !== 'scalar') throw runtimeError(`${what} must be a duration such as "30s".`, 'invalid-workflow');
  // As invalid-duration says: a duration in the workflow needs a unit (spec §4).
  if (typeof n.value === 'number') throw runtimeError(`${what} ${n.value} has no unit; write a duration such as "${n.value}s".`, 'invalid-workflow');
  return durationMs(n.value as Json, what);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined. */
export function parseTimestamp(v: Json | undefined): number | undefined {
  if (typeof v !== 'string' || !RFC3339.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A virtual start time: a date, optionally with a time (seconds optional) and a zone; UTC when none. */
export function parseClock(v: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[Tt](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?([Zz]|[+-]\d{2}:\d{2})?$/.exec(v);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[3] ?? ':00'}${m[4] ?? 'Z'}`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** ISO 8601 in UTC, without milliseconds when they are zero. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `*` matches any run of characters; `\*` and `\\` stand for themselves. Linear-time greedy match. */
export function wildcardMatch(text: string, pattern: string): boolean {
  const tokens: (string | null)[] = []; // null = star
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) tokens.push(pattern[++i]);
    else tokens.push(c === '*' ? null : c);
  }
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < tokens.length && tokens[p] !== null && tokens[p] === text[t]) {
      t++;
      p++;
    } else if (p < tokens.length && tokens[p] === null) {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < tokens.length && tokens[p] === null) p++;
  return p === tokens.length;
}

type Kind = 'string' | 'number' | 'boolean' | 'timestamp';

function comparatorKind(name: string): Kind | undefined {
  if (name.startsWith('string')) return 'string';
  if (name.startsWith('numeric')) return 'number';
  if (name.startsWith('boolean')) return 'boolean';
  if (name.startsWith('timestamp')) return 'timestamp';
  return undefined;
}

/** A comparator over two values; false whenever either side is not of the comparator's type. */
export function compare(name: string, value: Json | undefined, operand: Json): boolean {
  switch (name) {
    case 'isPresent':
      return typeof operand === 'boolean' && (value !== undefined) === operand;
    case 'isNull':
      return typeof operand === 'boolean' && (value === null) === operand;
    case 'isString':
      return typeof operand === 'boolean' && (typeof value === 'string') === operand;
    case 'isNumeric':
      return typeof operand === 'boolean' && (typeof value === 'number') === operand;
    case 'isBoolean':
      return typeof operand === 'boolean' && (typeof value === 'boolean') === operand;
    case 'isTimestamp':
      return typeof operand === 'boolean' && (parseTimestamp(value) !== undefined) === operand;
  }
  const kind = comparatorKind(name);
  let a: number | string | boolean;
  let b: number | string | boolean;
  if (kind === 'timestamp') {
    const x = parseTimestamp(value);
    const y = parseTimestamp(operand);
    if (x === undefined || y === undefined) return false;
    a = x;
    b = y;
  } else {
    if (typeof value !== kind || typeof operand !== kind) return false;
    a = value as number | string | boolean;
    b = operand as number | string | boolean;
  }
  const op = name.slice(kind === 'number' ? 'numeric'.length : (kind as string).length);
  switch (op) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'GreaterThan':
      return a > b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThanEquals':
      return a >= b;
    case 'Matches':
      return wildcardMatch(a as string, b as string);
    default:
      return false;
  }
}

function scalarOf(node: YNode | null): Json {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  return renderNode(node, { context: null, workflow: null }, false);
}

/** Whether a Choice rule holds. `and`/`or` stop at the first rule that decides (left to right). */
export function ruleHolds(rule: ChoiceRule, scope: Scope): boolean {
  if (rule.condition) {
    const n = rule.condition.value;
    const v = n && n.kind === 'scalar' && typeof n.value === 'string' ? atNode(n, () => renderString(n.value as string, { ...scope, node: n })) : scalarOf(n);
    return truthy(v);
  }
  if (rule.variable) {
    const comparator = rule.comparators[0];
    if (!comparator) throw runtimeError(`The choice rule on ${JSON.stringify(scalarOf(rule.variable.value))} has no comparator.`, 'invalid-workflow');
    const varNode = rule.variable.value as YScalar;
    const path = atNode(varNode, () => entryPath(rule.variable!, '"variable"'));
    const at = { ...scope, node: varNode };
    const value = atNode(varNode, () => (comparator.key === 'isPresent' ? readPathOptional(path, at) : readPath(path, at)));
    const on = comparator.value as YScalar | null;
    let operand: Json = scalarOf(on);
    if (typeof operand === 'string' && operand.startsWith('$')) {
      const text = operand;
      operand = atNode(on, () => readPath(referencePath(text, `"${comparator.key}" operand`), { ...scope, node: on ?? undefined }));
    }
    return compare(comparator.key, value, operand);
  }
  if (rule.and) return rule.and.every((r) => ruleHolds(r, scope));
  if (rule.or) return rule.or.some((r) => ruleHolds(r, scope));
  if (rule.not) return !ruleHolds(rule.not, scope);
  throw runtimeError('A choice rule needs "condition", "variable" with a comparator, "and", "or" or "not".', 'invalid-workflow');
}
