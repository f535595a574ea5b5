// Shapes from what the author wrote: compact types (spec §8.1), JSON Schema (the draft-07 subset
// type/properties/required/items/enum/const/additionalProperties) and literal values (Pass `value`).
// Anything outside that subset becomes `unknown`: when unsure, widen. Bounded in depth and width.
import { YNode, YScalar, getPair } from '../syntax/yaml-tree';
import { PMap } from './pmap';
import {
  BOOLEAN,
  Field,
  MAX_FIELDS,
  MAX_SHAPE_DEPTH,
  NO_KEYS,
  NULL,
  NUMBER,
  Origin,
  STRING,
  Shape,
  UNKNOWN,
  arrayOf,
  emptyObject,
  field,
  join,
  objectShape,
} from './shape';

export interface Converted {
  shape: Shape;
  optional: boolean;
}

const BASE_TYPES: Record<string, Shape | 'object'> = {
  string: STRING,
  number: NUMBER,
  integer: NUMBER,
  boolean: BOOLEAN,
  null: NULL,
  any: UNKNOWN,
  object: 'object',
};

/** One compact type written as text: `string`, `integer?`, `object[]`, `string[]?`. */
export function compactTextToShape(text: string, origin: Origin): Converted {
  let t = text.trim();
  let optional = false;
  let arrays = 0;
  // `T?`, `T[]`, `T[]?`, `T?[]`: the `?` makes the field optional wherever it is written.
  for (let guard = 0; guard < 32; guard++) {
    if (t.endsWith('?')) {
      optional = true;
      t = t.slice(0, -1).trimEnd();
    } else if (t.endsWith('[]')) {
      arrays++;
      t = t.slice(0, -2).trimEnd();
    } else break;
  }
  const base = BASE_TYPES[t.toLowerCase()];
  let shape: Shape = base === undefined ? UNKNOWN : base === 'object' ? emptyObject(true, origin) : base;
  for (let i = 0; i < arrays; i++) shape = arrayOf(shape);
  return { shape, optional };
}

/**
 * A compact type (spec §8.1) as YAML: a type name, or a mapping for an object with exactly
 * those fields (closed). `where` names the declaration for messages about optional fields.
 */
export function compactToShape(node: YNode | null | undefined, origin: Origin, where: string, depth = 0): Converted {
  if (!node || depth > MAX_SHAPE_DEPTH) return { shape: UNKNOWN, optional: false };
  if (node.kind === 'scalar') {
    if (typeof node.value !== 'string') return { shape: UNKNOWN, optional: false };
    return compactTextToShape(node.value, origin);
  }
  if (node.kind === 'seq') {
    if (node.items.length !== 1) return { shape: UNKNOWN, optional: false };
    return { shape: arrayOf(compactToShape(node.items[0], origin, where, depth + 1).shape), optional: false };
  }
  let fields = PMap.empty<Field>();
  let maybe = NO_KEYS;
  let open = false;
  for (const p of node.pairs) {
    if (fields.size >= MAX_FIELDS) {
      open = true;
      break;
    }
    let name = String(p.key.value ?? '');
    let optional = false;
    if (name.endsWith('?') && name.length > 1) {
      name = name.slice(0, -1);
      optional = true;
    }
    if (fields.has(name)) continue;
    const c = compactToShape(p.value, origin, where, depth + 1);
    optional = optional || c.optional;
    fields = fields.set(name, field(c.shape, undefined, optional ? { span: p.key.span, where } : undefined));
    if (optional) maybe = maybe.set(name, true);
  }
  return { shape: objectShape(fields, open, origin, maybe), optional: false };
}

function scalarOf(v: unknown): Shape {
  if (v === null) return NULL;
  switch (typeof v) {
    case 'string':
      return STRING;
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    default:
      return UNKNOWN;
  }
}

const JSON_TYPES: Record<string, Shape | 'object' | 'array'> = {
  string: STRING,
  number: NUMBER,
  integer: NUMBER,
  boolean: BOOLEAN,
  null: NULL,
  object: 'object',
  array: 'array',
};

/** A JSON Schema (draft-07 subset) as YAML. Object schemas are closed only with `additionalProperties: false`. */
export function jsonSchemaToShape(node: YNode | null | undefined, origin: Origin, where: string, depth = 0): Shape {
  if (!node || node.kind !== 'map' || depth > MAX_SHAPE_DEPTH) return UNKNOWN;
  for (const k of ['$ref', 'anyOf', 'oneOf', 'allOf', 'not', 'if']) if (getPair(node, k)) return UNKNOWN;
  const en = getPair(node, 'enum')?.value;
  if (en && en.kind === 'seq' && en.items.length > 0) {
    let s: Shape | undefined;
    for (const i of en.items) {
      const x = i.kind === 'scalar' ? scalarOf(i.value) : UNKNOWN;
      s = s ? join(s, x) : x;
    }
    return s ?? UNKNOWN;
  }
  const cn = getPair(node, 'const')?.value;
  if (cn) return cn.kind === 'scalar' ? scalarOf(cn.value) : UNKNOWN;
  const typeNode = getPair(node, 'type')?.value;
  let types: string[] = [];
  if (typeNode?.kind === 'scalar' && typeof typeNode.value === 'string') types = [typeNode.value];
  else if (typeNode?.kind === 'seq') types = typeNode.items.map((i) => (i.kind === 'scalar' ? String(i.value) : ''));
  if (types.length === 0) {
    if (getPair(node, 'properties')) types = ['object'];
    else if (getPair(node, 'items')) types = ['array'];
    else return UNKNOWN;
  }
  let out: Shape | undefined;
  for (const t of types) {
    const kind = JSON_TYPES[t];
    let s: Shape;
    if (kind === undefined) s = UNKNOWN;
    else if (kind === 'object') s = schemaObject(node, origin, where, depth);
    else if (kind === 'array') {
      const items = getPair(node, 'items')?.value;
      if (items?.kind === 'seq') {
        let j: Shape | undefined;
        for (const i of items.items) {
          const x = jsonSchemaToShape(i, origin, where, depth + 1);
          j = j ? join(j, x) : x;
        }
        s = arrayOf(j ?? UNKNOWN);
      } else s = arrayOf(jsonSchemaToShape(items, origin, where, depth + 1));
    } else s = kind;
    out = out ? join(out, s) : s;
  }
  return out ?? UNKNOWN;
}

function schemaObject(node: YNode & { kind: 'map' }, origin: Origin, where: string, depth: number): Shape {
  const props = getPair(node, 'properties')?.value;
  const reqNode = getPair(node, 'required')?.value;
  const required = new Set<string>();
  if (reqNode?.kind === 'seq') for (const r of reqNode.items) if (r.kind === 'scalar' && r.value !== null) required.add(String(r.value));
  const ap = getPair(node, 'additionalProperties')?.value;
  let open = !(ap && ap.kind === 'scalar' && ap.value === false);
  if (getPair(node, 'patternProperties')) open = true;
  let fields = PMap.empty<Field>();
  let maybe = NO_KEYS;
  if (props?.kind === 'map') {
    for (const p of props.pairs) {
      if (fields.size >= MAX_FIELDS) {
        open = true;
        break;
      }
      const name = String(p.key.value ?? '');
      if (fields.has(name)) continue;
      const s = jsonSchemaToShape(p.value, origin, where, depth + 1);
      const req = required.has(name);
      fields = fields.set(name, field(s, undefined, req ? undefined : { span: p.key.span, where }));
      if (!req) maybe = maybe.set(name, true);
    }
  } else if (!props) {
    // An object schema without properties says nothing about its fields.
    open = true;
  }
  return objectShape(fields, open, origin, maybe);
}

/**
 * A literal value (Pass `value`): mappings are closed objects, lists keep their element shapes.
 * `template` gives the shape of a string that holds `{{ }}` (its expression's type when the whole
 * string is one template, else string).
 */
export function literalToShape(node: YNode | null | undefined, origin: Origin, template: (s: YScalar) => Shape, depth = 0): Shape {
  if (!node) return NULL;
  if (depth > MAX_SHAPE_DEPTH) return UNKNOWN;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string' && node.value.includes('{{')) return template(node);
    return scalarOf(node.value);
  }
  if (node.kind === 'seq') {
    const tuple = node.items.map((i) => literalToShape(i, origin, template, depth + 1));
    let items: Shape | undefined;
    for (const t of tuple) items = items ? join(items, t) : t;
    return arrayOf(items ?? UNKNOWN, tuple);
  }
  let fields = PMap.empty<Field>();
  let open = false;
  for (const p of node.pairs) {
    if (fields.size >= MAX_FIELDS) {
      open = true;
      break;
    }
    const name = String(p.key.value ?? '');
    if (fields.has(name)) continue;
    fields = fields.set(name, field(literalToShape(p.value, origin, template, depth + 1)));
  }
  return objectShape(fields, open, origin);
}
