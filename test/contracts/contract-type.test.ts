// Contract types: compact types and JSON Schema read alike, written back as canonical JSON
// Schema, compared with "accepts", and described in compact notation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';

// A fixed seed keeps CI deterministic; CASCADE_PROPERTY_SEED explores other inputs.
fc.configureGlobal({ seed: Number(process.env.CASCADE_PROPERTY_SEED ?? 20261125) });
import {
  ContractType,
  accepts,
  acceptsValue,
  describeType,
  fieldAt,
  schemaToType,
  typeToSchema,
  typesEqual,
} from '../../server/src/shapes/contracts/contract-type';
import { diffContractTypes } from '../../server/src/shapes/contracts/diff';
import { compact, schema } from './helpers';

test('compact types: primitives, arrays, optional fields, nested maps, object and any', () => {
  const t = compact('{ id: string, n: integer?, tags: "string[]", grid: "number[][]?", meta: object, x: any, customer: { email: string? } }');
  assert.equal(describeType(t), '{id: string, n?: integer, tags: string[], grid?: number[][], …}');
  assert.equal(fieldAt(t, ['customer', 'email']).field?.required, false);
  assert.deepEqual(typeToSchema(fieldAt(t, ['meta']).field!.type), { type: 'object' });
  assert.deepEqual(typeToSchema(fieldAt(t, ['x']).field!.type), {});
});

test('a misspelt compact type is unknown, and unknown is never compared', () => {
  const t = compact('{ id: strng }');
  assert.equal(fieldAt(t, ['id']).field!.type.kind, 'unknown');
  assert.deepEqual(diffContractTypes(compact('{ id: string }'), t), []);
  assert.deepEqual(diffContractTypes(t, compact('{ id: integer }')), []);
});

test('JSON Schema: type lists, enum, const, anyOf, local $ref, items, additionalProperties', () => {
  const t = schema({
    type: 'object',
    definitions: { money: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] } },
    properties: {
      a: { type: ['string', 'null'] },
      b: { enum: ['x', 'y'] },
      c: { const: 3 },
      d: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      e: { $ref: '#/definitions/money' },
      f: { type: 'array', items: { type: 'boolean' } },
      g: { allOf: [{ type: 'string' }] },
    },
    required: ['a'],
    additionalProperties: false,
  });
  assert.equal(describeType(fieldAt(t, ['a']).field!.type), 'string | null');
  assert.equal(describeType(fieldAt(t, ['b']).field!.type), '"x" | "y"');
  assert.equal(describeType(fieldAt(t, ['c']).field!.type), '3');
  assert.equal(describeType(fieldAt(t, ['d']).field!.type), 'integer | string');
  assert.equal(describeType(fieldAt(t, ['e']).field!.type), '{amount: number}');
  assert.equal(describeType(fieldAt(t, ['f']).field!.type), 'boolean[]');
  assert.equal(fieldAt(t, ['g']).field!.type.kind, 'unknown');
  assert.equal(t.kind === 'object' && t.open, false);
});

test('a self-referencing $ref schema is bounded', () => {
  const t = schema({ definitions: { node: { type: 'object', properties: { next: { $ref: '#/definitions/node' } } } }, $ref: '#/definitions/node' });
  assert.equal(t.kind, 'object');
});

test('__proto__, constructor and prototype are ordinary field names', () => {
  const t = schemaToType(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}},"required":["__proto__"]}'));
  assert.equal(fieldAt(t, ['__proto__']).field?.required, true);
  const back = schemaToType(JSON.parse(JSON.stringify(typeToSchema(t))));
  assert.ok(typesEqual(t, back));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('accepts: widening and narrowing', () => {
  const s = (x: string): ContractType => compact(`{ v: "${x}" }`);
  assert.ok(accepts(s('number'), s('integer')));
  assert.ok(!accepts(s('integer'), s('number')));
  assert.ok(accepts(s('any'), s('string')));
  assert.ok(!accepts(s('string'), s('any')));
  assert.ok(accepts(schema({ type: ['string', 'null'] }), schema({ type: 'string' })));
  assert.ok(accepts(schema({ type: 'string' }), schema({ enum: ['a', 'b'] })));
  assert.ok(!accepts(schema({ enum: ['a'] }), schema({ enum: ['a', 'b'] })));
  assert.ok(acceptsValue(compact('{ a: string, b: number? }'), { a: 'x' }));
  assert.ok(!acceptsValue(compact('{ a: string }'), { a: 'x', extra: 1 }));
});

// ---- property: the canonical JSON Schema reads back as the same type ----------------------

const leaf = fc.constantFrom<ContractType>({ kind: 'string' }, { kind: 'number' }, { kind: 'integer' }, { kind: 'boolean' }, { kind: 'null' }, { kind: 'any' });
const enumType = fc.uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 4, selector: (v) => `${typeof v}:${v}` }).map((values): ContractType => ({ kind: 'enum', values }));
const typeArb: fc.Arbitrary<ContractType> = fc.letrec<{ t: ContractType }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    enumType,
    tie('t').map((items): ContractType => ({ kind: 'array', items })),
    fc
      .tuple(fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'id', '__proto__', 'constructor', 'x y'), tie('t'), fc.boolean()), { maxLength: 4, selector: (x) => x[0] }), fc.boolean())
      .map(([fields, open]): ContractType => ({ kind: 'object', open, fields: new Map(fields.map(([k, type, required]) => [k, { type, required }])) })),
  ),
})).t;

test('property: typeToSchema reads back as the same type, and a type never differs from itself', () => {
  fc.assert(
    fc.property(typeArb, (t) => {
      const back = schemaToType(JSON.parse(JSON.stringify(typeToSchema(t))));
      assert.ok(typesEqual(t, back), `${describeType(t)} -> ${JSON.stringify(typeToSchema(t))} -> ${describeType(back)}`);
      assert.deepEqual(diffContractTypes(t, back), []);
      assert.ok(accepts(t, t));
    }),
    { numRuns: 300 },
  );
});

test('property: a diff with no breaking change means the new type accepts the old one', () => {
  fc.assert(
    fc.property(typeArb, typeArb, (a, b) => {
      const changes = diffContractTypes(a, b);
      if (changes.every((c) => !c.breaking)) assert.ok(accepts(b, a), `${describeType(a)} -> ${describeType(b)}: ${changes.map((c) => c.description).join('; ')}`);
    }),
    { numRuns: 500 },
  );
});

test('JSON Schema: a required name without a property schema is a required field of any type', () => {
  const t = schema({ type: 'object', required: ['id'] });
  assert.equal(describeType(t), '{id: any}');
  assert.deepEqual(diffContractTypes(schema({ type: 'object' }), t).map((c) => c.kind), ['required-added']);
});
