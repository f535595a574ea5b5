// The expression evaluator of spec §4: a tree walker over the expr/ AST (never eval/Function).
// `==` is deep JSON equality without coercion; ordering compares two numbers or two strings and
// is false otherwise; reading an undefined path fails with States.Runtime except under
// `default`/`defined`. Recursion depth is bounded by the parser's MAX_EXPRESSION_DEPTH.
import type { Expr } from '../expr/template';
import { parseTemplate, type ParsedTemplate } from '../expr/template';
import { formatPath, type PathAst } from '../expr/path';
import type { YScalar } from '../syntax/yaml-tree';
import { runtimeError } from './errors';
import { Json, deepEqual, isObject, readSegments, stringify, typeName } from './json';

/** One context read, as the analysis checks them: found or not, guarded or not, and where. */
export interface ReadEvent {
  path: PathAst;
  found: boolean;
  /** Under `default`/`defined` (or an `isPresent` variable): never fails. */
  safe: boolean;
  /** The scalar the read is written in; `path.span` is relative to its string value. */
  node?: YScalar;
}

/** What `$` and `workflow` mean while evaluating. */
export interface Scope {
  /** `$`: the state's effective input E. */
  context: Json;
  /** `workflow`: `{execution_id, input, started_at}`, always available. */
  workflow: Json;
  /** The scalar being evaluated, for locating reads and failures. */
  node?: YScalar;
  onRead?: (e: ReadEvent) => void;
}

export function pathText(path: Pick<PathAst, 'root' | 'segments'>): string {
  return formatPath(path.segments, path.root);
}

/** Reads a path; undefined when any segment does not exist. */
export function readPathOptional(path: PathAst, scope: Scope): Json | undefined {
  const root = path.root === '$' ? scope.context : scope.workflow;
  const r = readSegments(root, path.segments);
  scope.onRead?.({ path, found: r.found, safe: true, node: scope.node });
  return r.found ? r.value : undefined;
}

/** Reads a path; an undefined node fails the execution with States.Runtime. */
export function readPath(path: PathAst, scope: Scope): Json {
  const root = path.root === '$' ? scope.context : scope.workflow;
  const r = readSegments(root, path.segments);
  scope.onRead?.({ path, found: r.found, safe: false, node: scope.node });
  if (r.found) return r.value;
  const text = pathText(path);
  const missing = path.segments[r.missingAt];
  const where = missing.kind === 'field' ? `"${missing.name}" does not exist` : missing.kind === 'index' ? `index ${missing.index} does not exist` : 'it does not exist';
  const at = pathText({ root: path.root, segments: path.segments.slice(0, r.missingAt + 1) });
  const detail = at === text ? where : `"${at}" is undefined: ${where}`;
  const e = runtimeError(`Read of undefined path "${text}" (${detail}).`, 'undefined-read', text);
  e.node = scope.node;
  e.span = path.span;
  throw e;
}

/** JSON truthiness for `!`, `&&`, `||` and conditions: false, null, 0 and "" are false. */
export function truthy(v: Json | undefined): boolean {
  return !(v === undefined || v === null || v === false || v === 0 || v === '');
}

function compareOrdered(op: '<' | '<=' | '>' | '>=', a: Json, b: Json): boolean {
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function contains(item: Json, container: Json): boolean {
  if (Array.isArray(container)) return container.some((x) => deepEqual(item, x));
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  return false;
}

/** How a value is written into surrounding text: strings as they are, everything else as JSON. */
export function interpolate(v: Json): string {
  return typeof v === 'string' ? v : stringify(v);
}

function filterError(name: string, expected: string, got: Json | undefined): never {
  throw runtimeError(`Filter "${name}" expects ${expected}, not ${typeName(got)}.`, 'invalid-value');
}

function applyFilter(e: Extract<Expr, { kind: 'filter' }>, scope: Scope): Json {
  const name = e.name;
  if (name === 'default' || name === 'defined') {
    // A path directly under default/defined may be undefined (spec §4); anything else is read strictly.
    const v = e.input.kind === 'path' ? readPathOptional(e.input.path, scope) : evaluate(e.input, scope);
    if (name === 'defined') return v !== undefined;
    if (v === undefined || v === null) return e.args.length > 0 ? evaluate(e.args[0], scope) : null;
    return v;
  }
  const v = evaluate(e.input, scope);
  switch (name) {
    case 'length':
      if (typeof v === 'string') return [...v].length;
      if (Array.isArray(v)) return v.length;
      if (isObject(v)) return Object.keys(v).length;
      return filterError(name, 'a string, an array or an object', v);
    case 'upcase':
      if (typeof v !== 'string') return filterError(name, 'a string', v);
      return v.toUpperCase();
    case 'downcase':
      if (typeof v !== 'string') return filterError(name, 'a string', v);
      return v.toLowerCase();
    case 'json':
      return stringify(v);
    case 'keys':
      if (!isObject(v)) return filterError(name, 'an object', v);
      return Object.keys(v);
    case 'first':
    case 'last': {
      if (Array.isArray(v)) return v.length === 0 ? null : name === 'first' ? v[0] : v[v.length - 1];
      if (typeof v === 'string') {
        const chars = [...v];
        return chars.length === 0 ? null : name === 'first' ? chars[0] : chars[chars.length - 1];
      }
      return filterError(name, 'an array or a string', v);
    }
    case 'join': {
      if (!Array.isArray(v)) return filterError(name, 'an array', v);
      const sep = e.args.length > 0 ? evaluate(e.args[0], scope) : ' ';
      return v.map(interpolate).join(typeof sep === 'string' ? sep : interpolate(sep));
    }
    default:
      throw runtimeError(`Unknown filter "${name}".`, 'invalid-value');
  }
}

/** Evaluates an expression against a scope. */
export function evaluate(e: Expr, scope: Scope): Json {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'path':
      return readPath(e.path, scope);
    case 'array':
      return e.items.map((i) => evaluate(i, scope));
    case 'not':
      return !truthy(evaluate(e.operand, scope));
    case 'filter':
      return applyFilter(e, scope);
    case 'binary': {
      if (e.op === '||') return truthy(evaluate(e.left, scope)) || truthy(evaluate(e.right, scope));
      if (e.op === '&&') return truthy(evaluate(e.left, scope)) && truthy(evaluate(e.right, scope));
      const a = evaluate(e.left, scope);
      const b = evaluate(e.right, scope);
      switch (e.op) {
        case '==':
          return deepEqual(a, b);
        case '!=':
          return !deepEqual(a, b);
        case 'in':
          return contains(a, b);
        default:
          return compareOrdered(e.op, a, b);
      }
    }
  }
}

const templateCache = new Map<string, ParsedTemplate>();
const TEMPLATE_CACHE_LIMIT = 10_000;

/** Parses a template once per distinct text (bounded cache). */
export function parsedTemplate(text: string): ParsedTemplate {
  let p = templateCache.get(text);
  if (!p) {
    p = parseTemplate(text);
    if (templateCache.size >= TEMPLATE_CACHE_LIMIT) templateCache.clear();
    templateCache.set(text, p);
  }
  return p;
}

/**
 * The value of a string that may hold templates: one whole `{{ }}` keeps its JSON type; otherwise
 * each template is rendered into the text. A template that does not parse fails with States.Runtime.
 */
export function renderString(text: string, scope: Scope): Json {
  if (!text.includes('{{')) return text;
  const parsed = parsedTemplate(text);
  if (parsed.errors.length > 0) throw runtimeError(`Invalid template ${JSON.stringify(text)}: ${parsed.errors[0].message}`, 'invalid-value');
  if (parsed.whole) {
    const part = parsed.parts.find((p) => p.kind === 'expr');
    if (part && part.kind === 'expr' && part.expr) return evaluate(part.expr, scope);
  }
  let out = '';
  for (const part of parsed.parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.expr) out += interpolate(evaluate(part.expr, scope));
  }
  return out;
}
