// The types of an input contract: compact types (spec §8.1) and JSON Schema (draft-07) read into
// one small type language, written back as canonical JSON Schema for the contracts file, compared
// (equality, "accepts") and described in the compact notation for messages. `unknown` stands for
// what cannot be followed (a `$ref` elsewhere, `allOf`, a misspelt compact type): every comparison
// involving it is silent, so an unanalysable contract never produces a finding.
import { YNode, getPair } from '../../syntax/yaml-tree';
import { Span } from '../../syntax/types';

export type Scalar = string | number | boolean | null;
export type PrimitiveKind = 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface ContractField {
  type: ContractType;
  required: boolean;
  /** The field's key in the file it was read from (absent for recorded contracts). */
  keySpan?: Span;
}

export type ContractType =
  | { kind: 'unknown' }
  | { kind: 'any' }
  | { kind: PrimitiveKind }
  | { kind: 'enum'; values: Scalar[] }
  | { kind: 'array'; items: ContractType }
  | { kind: 'object'; fields: Map<string, ContractField>; open: boolean }
  | { kind: 'union'; types: ContractType[] };

export type ObjectType = Extract<ContractType, { kind: 'object' }>;

export const UNKNOWN: ContractType = { kind: 'unknown' };
export const ANY: ContractType = { kind: 'any' };

const PRIMITIVES: readonly string[] = ['string', 'number', 'integer', 'boolean', 'null'];
const COMPACT = /^\s*(string|number|integer|boolean|null|any|object)((?:\[\])*)(\?)?\s*$/;
/** Bounds for untrusted schemas: nesting depth and `$ref` expansions. */
const MAX_DEPTH = 64;
const MAX_REFS = 1_000;

export function isPrimitiveKind(k: string): k is PrimitiveKind {
  return PRIMITIVES.includes(k);
}

// ---- reading compact types ---------------------------------------------------------------

/** A compact type map (`input:`), or one compact type; YAML nodes keep their spans. */
export function compactToType(node: YNode | null | undefined, depth = 0): { type: ContractType; optional: boolean } {
  if (!node || depth > MAX_DEPTH) return { type: UNKNOWN, optional: false };
  if (node.kind === 'map') {
    const fields = new Map<string, ContractField>();
    for (const p of node.pairs) {
      const name = String(p.key.value ?? '');
      if (fields.has(name)) continue; // duplicate-key reports it; the first wins
      const t = compactToType(p.value, depth + 1);
      fields.set(name, { type: t.type, required: !t.optional, keySpan: p.key.span });
    }
    return { type: { kind: 'object', fields, open: false }, optional: false };
  }
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return { type: UNKNOWN, optional: false };
  const m = COMPACT.exec(node.value);
  if (!m) return { type: UNKNOWN, optional: false };
  let t: ContractType = m[1] === 'any' ? ANY : m[1] === 'object' ? { kind: 'object', fields: new Map(), open: true } : { kind: m[1] as PrimitiveKind };
  for (let i = 0; i < m[2].length / 2; i++) t = { kind: 'array', items: t };
  return { type: t, optional: m[3] === '?' };
}

// ---- reading JSON Schema -------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function childNode(node: YNode | null | undefined, key: string): YNode | null | undefined {
  return node?.kind === 'map' ? getPair(node, key)?.value : undefined;
}

class SchemaReader {
  refs = 0;
  constructor(private readonly root: unknown) {}

  resolveRef(ref: string): unknown {
    if (++this.refs > MAX_REFS) return undefined;
    const m = /^#\/(definitions|\$defs)\/([^/]+)$/.exec(ref);
    if (!m || !isRecord(this.root)) return undefined;
    const defs = own(this.root, m[1]);
    return isRecord(defs) ? own(defs, m[2].replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
  }

  read(schema: unknown, node: YNode | null | undefined, depth: number): ContractType {
    if (depth > MAX_DEPTH) return UNKNOWN;
    if (schema === true) return ANY;
    if (!isRecord(schema)) return UNKNOWN;
    const ref = own(schema, '$ref');
    if (typeof ref === 'string') {
      const target = this.resolveRef(ref);
      return target === undefined ? UNKNOWN : this.read(target, undefined, depth + 1);
    }
    if (own(schema, 'x-unknown') === true || own(schema, 'allOf') !== undefined || own(schema, 'not') !== undefined) return UNKNOWN;
    if (own(schema, 'const') !== undefined) {
      const c = own(schema, 'const');
      return isScalar(c) ? { kind: 'enum', values: [c] } : UNKNOWN;
    }
    const en = own(schema, 'enum');
    if (Array.isArray(en)) return en.every(isScalar) ? normalizeEnum(en as Scalar[]) : UNKNOWN;
    const alternatives = own(schema, 'anyOf') ?? own(schema, 'oneOf');
    if (Array.isArray(alternatives)) {
      const key = own(schema, 'anyOf') !== undefined ? 'anyOf' : 'oneOf';
      const items = childNode(node, key);
      return makeUnion(alternatives.map((a, i) => this.read(a, items?.kind === 'seq' ? items.items[i] : undefined, depth + 1)));
    }
    const type = own(schema, 'type');
    const kinds: string[] = typeof type === 'string' ? [type] : Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
    if (kinds.length === 0) {
      if (own(schema, 'properties') !== undefined || own(schema, 'required') !== undefined || own(schema, 'additionalProperties') !== undefined) kinds.push('object');
      else if (own(schema, 'items') !== undefined) kinds.push('array');
      else return ANY;
    }
    return makeUnion(kinds.map((k) => this.readKind(k, schema, node, depth)));
  }

  readKind(kind: string, schema: Record<string, unknown>, node: YNode | null | undefined, depth: number): ContractType {
    if (isPrimitiveKind(kind)) return { kind };
    if (kind === 'array') {
      const items = own(schema, 'items');
      if (items === undefined) return { kind: 'array', items: ANY };
      if (Array.isArray(items)) return { kind: 'array', items: UNKNOWN };
      return { kind: 'array', items: this.read(items, childNode(node, 'items'), depth + 1) };
    }
    if (kind === 'object') {
      const fields = new Map<string, ContractField>();
      const props = own(schema, 'properties');
      const propsNode = childNode(node, 'properties');
      const required = own(schema, 'required');
      const req = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
      if (isRecord(props)) {
        for (const name of Object.keys(props)) {
          const keyPair = propsNode?.kind === 'map' ? getPair(propsNode, name) : undefined;
          fields.set(name, { type: this.read(props[name], keyPair?.value, depth + 1), required: req.has(name), keySpan: keyPair?.key.span });
        }
      }
      // A required name without a property schema: required, of any type.
      for (const name of req) if (!fields.has(name)) fields.set(name, { type: ANY, required: true });
      const additional = own(schema, 'additionalProperties');
      return { kind: 'object', fields, open: additional !== false };
    }
    return UNKNOWN;
  }
}

/** A JSON Schema (a plain value) read as a contract type; `node` is its YAML, for spans. */
export function schemaToType(schema: unknown, node?: YNode | null): ContractType {
  return new SchemaReader(schema).read(schema, node, 0);
}

// ---- building and normalising ------------------------------------------------------------

function scalarKey(v: Scalar): string {
  return typeof v + ':' + String(v);
}

function normalizeEnum(values: Scalar[]): ContractType {
  const seen = new Set<string>();
  const out: Scalar[] = [];
  for (const v of values) {
    const k = scalarKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return { kind: 'enum', values: out };
}

/** A union, flattened and de-duplicated; one member is returned as itself. */
export function makeUnion(types: ContractType[]): ContractType {
  const flat: ContractType[] = [];
  for (const t of types) {
    if (t.kind === 'union') flat.push(...t.types);
    else flat.push(t);
  }
  if (flat.some((t) => t.kind === 'unknown')) return UNKNOWN;
  if (flat.some((t) => t.kind === 'any')) return ANY;
  const out: ContractType[] = [];
  for (const t of flat) if (!out.some((o) => typesEqual(o, t))) out.push(t);
  if (out.length === 0) return UNKNOWN;
  return out.length === 1 ? out[0] : { kind: 'union', types: out };
}

/** The type of a literal value (a migration's `set` default). */
export function literalType(v: unknown, depth = 0): ContractType {
  if (depth > MAX_DEPTH) return UNKNOWN;
  if (v === null) return { kind: 'null' };
  if (typeof v === 'string') return { kind: 'string' };
  if (typeof v === 'boolean') return { kind: 'boolean' };
  if (typeof v === 'number') return { kind: Number.isInteger(v) ? 'integer' : 'number' };
  if (Array.isArray(v)) return { kind: 'array', items: v.length ? makeUnion(v.map((x) => literalType(x, depth + 1))) : ANY };
  if (isRecord(v)) {
    const fields = new Map<string, ContractField>();
    for (const k of Object.keys(v)) fields.set(k, { type: literalType(v[k], depth + 1), required: true });
    return { kind: 'object', fields, open: false };
  }
  return UNKNOWN;
}

// ---- comparing -----------------------------------------------------------------------------

export function typesEqual(a: ContractType, b: ContractType, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'enum': {
      const bv = (b as typeof a).values;
      return a.values.length === bv.length && a.values.every((v) => bv.some((w) => scalarKey(v) === scalarKey(w)));
    }
    case 'array':
      return typesEqual(a.items, (b as typeof a).items, depth + 1);
    case 'object': {
      const o = b as ObjectType;
      if (a.open !== o.open || a.fields.size !== o.fields.size) return false;
      for (const [k, f] of a.fields) {
        const g = o.fields.get(k);
        if (!g || g.required !== f.required || !typesEqual(f.type, g.type, depth + 1)) return false;
      }
      return true;
    }
    case 'union': {
      const bt = (b as typeof a).types;
      return a.types.length === bt.length && a.types.every((t) => bt.some((u) => typesEqual(t, u, depth + 1)));
    }
    default:
      return true;
  }
}

/** Does a value of type `t` include the literal `v`? (unknown: yes) */
export function acceptsValue(t: ContractType, v: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  switch (t.kind) {
    case 'unknown':
    case 'any':
      return true;
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'enum':
      return isScalar(v) && t.values.some((w) => scalarKey(w) === scalarKey(v));
    case 'array':
      return Array.isArray(v) && v.every((x) => acceptsValue(t.items, x, depth + 1));
    case 'union':
      return t.types.some((u) => acceptsValue(u, v, depth + 1));
    case 'object': {
      if (!isRecord(v)) return false;
      for (const [k, f] of t.fields) {
        const x = own(v, k);
        if (x === undefined) {
          if (f.required) return false;
        } else if (!acceptsValue(f.type, x, depth + 1)) return false;
      }
      return t.open || Object.keys(v).every((k) => t.fields.has(k));
    }
  }
}

/**
 * Is every value of `older` also a value of `newer`? Silent (true) where either side is unknown.
 * Unions on the new side are checked member by member, which can only under-approximate.
 */
export function accepts(newer: ContractType, older: ContractType, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (newer.kind === 'unknown' || older.kind === 'unknown' || newer.kind === 'any') return true;
  if (older.kind === 'any') return false;
  if (older.kind === 'union') return older.types.every((t) => accepts(newer, t, depth + 1));
  if (older.kind === 'enum') return older.values.every((v) => acceptsValue(newer, v, depth + 1));
  // Finite kinds are their values: `boolean` is the enum [true, false].
  if (older.kind === 'boolean') return acceptsValue(newer, true) && acceptsValue(newer, false);
  if (older.kind === 'null') return acceptsValue(newer, null);
  if (newer.kind === 'union') return newer.types.some((t) => accepts(t, older, depth + 1));
  switch (older.kind) {
    case 'string':
      return newer.kind === older.kind;
    case 'integer':
      return newer.kind === 'integer' || newer.kind === 'number';
    case 'number':
      return newer.kind === 'number';
    case 'array':
      return newer.kind === 'array' && accepts(newer.items, older.items, depth + 1);
    case 'object': {
      if (newer.kind !== 'object') return false;
      if (older.open && !newer.open) return false;
      for (const [k, f] of older.fields) {
        const g = newer.fields.get(k);
        if (!g) {
          if (!newer.open) return false;
          continue;
        }
        if (g.required && !f.required) return false;
        if (!accepts(g.type, f.type, depth + 1)) return false;
      }
      for (const [k, g] of newer.fields) if (g.required && !older.fields.has(k)) return false;
      return true;
    }
  }
}

// ---- describing and writing ----------------------------------------------------------------

/** The compact notation of a type, for messages: `string`, `string[]`, `{id: string}`, `"a" | "b"`. */
export function describeType(t: ContractType, depth = 0, maxFields = 4): string {
  if (depth > 4) return '…';
  switch (t.kind) {
    case 'unknown':
      return 'unknown';
    case 'enum':
      return t.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'array': {
      const inner = describeType(t.items, depth + 1, maxFields);
      return t.items.kind === 'union' || t.items.kind === 'enum' ? `(${inner})[]` : `${inner}[]`;
    }
    case 'object': {
      if (t.fields.size === 0) return 'object';
      const parts = [...t.fields].slice(0, maxFields).map(([k, f]) => `${k}${f.required ? '' : '?'}: ${describeType(f.type, depth + 1, maxFields)}`);
      if (t.fields.size > maxFields) parts.push('…');
      return `{${parts.join(', ')}}`;
    }
    case 'union':
      return t.types.map((u) => describeType(u, depth + 1, maxFields)).join(' | ');
    default:
      return t.kind;
  }
}

/** Canonical JSON Schema (draft-07) of a type, as the contracts file stores it. */
export function typeToSchema(t: ContractType, depth = 0): Record<string, unknown> {
  if (depth > MAX_DEPTH) return { 'x-unknown': true };
  switch (t.kind) {
    case 'unknown':
      return { 'x-unknown': true };
    case 'any':
      return {};
    case 'enum':
      return { enum: [...t.values] };
    case 'array':
      return t.items.kind === 'any' ? { type: 'array' } : { type: 'array', items: typeToSchema(t.items, depth + 1) };
    case 'object': {
      const out: Record<string, unknown> = { type: 'object' };
      if (t.fields.size > 0) {
        const props: Record<string, unknown> = Object.create(null);
        for (const [k, f] of t.fields) Object.defineProperty(props, k, { value: typeToSchema(f.type, depth + 1), enumerable: true, writable: true, configurable: true });
        out.properties = props;
        const required = [...t.fields].filter(([, f]) => f.required).map(([k]) => k).sort();
        if (required.length) out.required = required;
      }
      if (!t.open) out.additionalProperties = false;
      return out;
    }
    case 'union':
      if (t.types.every((u) => isPrimitiveKind(u.kind))) return { type: t.types.map((u) => u.kind) };
      return { anyOf: t.types.map((u) => typeToSchema(u, depth + 1)) };
    default:
      return { type: t.kind };
  }
}

/**
 * The field at a path of names, walking object types. When it is absent: `missingAt` is the index
 * of the first name not found, with `parent` the object that lacks it (no `parent` when a
 * non-object type stands on the way).
 */
export function fieldAt(t: ContractType, path: readonly string[]): { field?: ContractField; parent?: ObjectType; missingAt?: number } {
  let cur: ContractType = t;
  let field: ContractField | undefined;
  let parent: ObjectType | undefined;
  for (let i = 0; i < path.length; i++) {
    if (cur.kind !== 'object') return { missingAt: i };
    parent = cur;
    field = cur.fields.get(path[i]);
    if (!field) return { parent, missingAt: i };
    cur = field.type;
  }
  return { field, parent };
}

/** Every field path of a type (`customer`, `customer.id`, ...), for did-you-mean. */
export function fieldPaths(t: ContractType, prefix = '', depth = 0, out: string[] = []): string[] {
  if (t.kind !== 'object' || depth > 8 || out.length > 1_000) return out;
  for (const [k, f] of t.fields) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.push(p);
    fieldPaths(f.type, p, depth + 1, out);
  }
  return out;
}
