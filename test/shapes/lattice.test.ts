// The shape lattice and its persistent maps: join is a least upper bound that returns its left
// argument itself when nothing changes; maps merge by skipping shared subtrees; conversions from
// compact types, JSON Schema and literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';

// A fixed seed keeps CI deterministic; CASCADE_PROPERTY_SEED explores other inputs.
fc.configureGlobal({ seed: Number(process.env.CASCADE_PROPERTY_SEED ?? 20261125) });
import { PMap } from '../../server/src/shapes/pmap';
import {
  BOOLEAN,
  NUMBER,
  STRING,
  UNKNOWN,
  NULL,
  Shape,
  arrayOf,
  emptyObject,
  field,
  formatShape,
  join,
  objectShape,
  presenceIn,
  NO_KEYS,
  CONTEXT_ORIGIN,
} from '../../server/src/shapes/shape';
import { compactTextToShape, compactToShape, jsonSchemaToShape, literalToShape } from '../../server/src/shapes/convert';
import { parseYaml } from '../../server/src/syntax/yaml-tree';

test('PMap: set, get, delete, size and iteration', () => {
  let m = PMap.empty<number>();
  for (let i = 0; i < 2000; i++) m = m.set(`k${i}`, i);
  assert.equal(m.size, 2000);
  assert.equal(m.get('k1234'), 1234);
  assert.equal(m.get('nope'), undefined);
  const d = m.delete('k7');
  assert.equal(d.size, 1999);
  assert.equal(d.get('k7'), undefined);
  assert.equal(m.get('k7'), 7, 'persistent: the original is unchanged');
  assert.equal(m.set('k5', 5), m, 'setting the same value returns the same map');
  assert.equal(m.delete('absent'), m);
  assert.equal(new Set(m.keys()).size, 2000);
});

test('PMap: merge keeps identity when nothing changes and visits only differences', () => {
  let a = PMap.empty<number>();
  for (let i = 0; i < 500; i++) a = a.set(`k${i}`, i);
  const b = a.set('extra', 1);
  let calls = 0;
  const fns = { both: (x: number) => (calls++, x), onlyA: (x: number) => x, onlyB: (x: number) => x };
  assert.equal(a.merge(a, fns), a);
  const m = a.merge(b, fns);
  assert.equal(m.get('extra'), 1);
  assert.equal(m.size, 501);
  assert.ok(calls < 40, `shared subtrees are skipped (${calls} both-calls)`);
  // The result equals the right side: its nodes are reused.
  const again = m.merge(b, fns);
  assert.equal(again, m);
  const seen: string[] = [];
  a.diff(b, (k) => seen.push(k));
  assert.deepEqual(seen, ['extra']);
});

test('PMap: merge agrees with a plain-Map model (property)', () => {
  const entries = fc.array(fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('').map((c) => 'key' + c), '__proto__', 'constructor', ''), fc.integer({ min: 0, max: 3 })), { maxLength: 60 });
  fc.assert(
    fc.property(entries, entries, (ea, eb) => {
      const a = PMap.from(ea);
      const b = PMap.from(eb);
      const ma = new Map(ea);
      const mb = new Map(eb);
      const m = a.merge(b, { both: (x, y) => x + 10 * y, onlyA: (x) => (x === 0 ? undefined : x), onlyB: (y) => y + 100 });
      const expect = new Map<string, number>();
      for (const [k, v] of ma) {
        if (mb.has(k)) expect.set(k, v + 10 * mb.get(k)!);
        else if (v !== 0) expect.set(k, v);
      }
      for (const [k, v] of mb) if (!ma.has(k)) expect.set(k, v + 100);
      assert.deepEqual(new Map(m.entries()), expect);
      assert.equal(m.size, expect.size);
    }),
    { numRuns: 300 },
  );
});

function obj(fields: Record<string, Shape>, maybe: string[] = [], open = false): Shape {
  let f = PMap.empty<ReturnType<typeof field>>();
  let m = NO_KEYS;
  for (const [k, v] of Object.entries(fields)) f = f.set(k, field(v));
  for (const k of maybe) m = m.set(k, true);
  return objectShape(f, open, CONTEXT_ORIGIN, m);
}

test('join: kinds, presence, open objects, tuples', () => {
  assert.equal(join(STRING, STRING), STRING);
  assert.equal(join(STRING, NUMBER), UNKNOWN);
  assert.equal(join(UNKNOWN, STRING), UNKNOWN);
  const a = obj({ id: STRING, name: STRING });
  const b = obj({ id: STRING, tier: STRING });
  const j = join(a, b);
  assert.equal(formatShape(j), '{id: string, name?: string, tier?: string}');
  assert.equal(join(j, a), j, 'nothing new: the same object');
  assert.equal(formatShape(join(a, obj({}, [], true))), '{id: unknown, name: unknown, ...}', 'an open side may hold any field');
  assert.equal(formatShape(join(arrayOf(STRING, [STRING, NUMBER]), arrayOf(STRING, [STRING, NUMBER]))), '[string, number]');
  assert.equal(formatShape(join(arrayOf(STRING, [STRING]), arrayOf(STRING, [STRING, STRING]))), 'string[]');
  const jo = join(a, b);
  assert.ok(jo.kind === 'object' && presenceIn(jo, 'id') === 'always' && presenceIn(jo, 'tier') === 'maybe');
});

function shapes(withOpen: boolean): fc.Arbitrary<Shape> {
  const leaf = fc.constantFrom<Shape>(STRING, NUMBER, BOOLEAN, NULL, UNKNOWN, ...(withOpen ? [emptyObject(true)] : []));
  return fc.letrec<{ s: Shape }>((tie) => ({
    s: fc.oneof(
      { depthSize: 'small' },
      leaf,
      tie('s').map((x) => arrayOf(x)),
      fc.tuple(fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('s'), { maxKeys: 3 }), fc.subarray(['a', 'b', 'c']), fc.boolean()).map(([d, m, open]) => obj(d, m.filter((k) => k in d), withOpen && open)),
    ),
  })).s;
}

test('join is commutative, idempotent, absorbs its arguments; associative on closed shapes', () => {
  fc.assert(
    fc.property(shapes(true), shapes(true), (x, y) => {
      assert.equal(formatShape(join(x, y)), formatShape(join(y, x)));
      assert.equal(join(x, x), x);
      const j = join(x, y);
      assert.equal(join(j, y), j, 'an upper bound absorbs its arguments');
      assert.equal(join(j, x), j);
    }),
    { numRuns: 500 },
  );
  // With open objects, joining in another order can keep more "maybe" (never less): an open
  // side forgets that another side lacked a key. Closed shapes form a lattice.
  fc.assert(
    fc.property(shapes(false), shapes(false), shapes(false), (x, y, z) => {
      assert.equal(formatShape(join(join(x, y), z)), formatShape(join(x, join(y, z))));
    }),
    { numRuns: 500 },
  );
});

test('compact types: names, lists, optional fields, nested mappings, unknown names widen', () => {
  const o = { kind: 'activity' as const, urn: 'u' };
  assert.equal(formatShape(compactTextToShape('integer', o).shape), 'number');
  assert.equal(formatShape(compactTextToShape('object[]', o).shape), '{...}[]');
  assert.deepEqual(compactTextToShape('string[]?', o), { shape: arrayOf(STRING), optional: true });
  assert.equal(compactTextToShape('uuid', o).shape, UNKNOWN);
  const y = parseYaml('{ id: string, email: string?, address: { city: string }, tags: "string[]", meta: object, any: any }').documents[0].root;
  assert.equal(formatShape(compactToShape(y, o, 'w').shape), '{address: {city: string}, any: unknown, email?: string, id: string, meta: {...}, tags: string[]}');
});

test('JSON Schema: properties, required, additionalProperties, items, enum, combinators widen', () => {
  const s = (t: string): string => formatShape(jsonSchemaToShape(parseYaml(t).documents[0].root, CONTEXT_ORIGIN, 'w'));
  assert.equal(s('{ type: object, properties: { a: { type: string }, b: { type: integer } }, required: [a], additionalProperties: false }'), '{a: string, b?: number}');
  assert.equal(s('{ type: object, properties: { a: { type: string } } }'), '{a?: string, ...}');
  assert.equal(s('{ type: array, items: { type: boolean } }'), 'boolean[]');
  assert.equal(s('{ enum: [a, b] }'), 'string');
  assert.equal(s('{ enum: [a, 1] }'), 'unknown');
  assert.equal(s('{ type: [string, "null"] }'), 'unknown');
  assert.equal(s('{ anyOf: [{ type: string }] }'), 'unknown');
  assert.equal(s('{ type: object }'), '{...}');
});

test('literal values: closed objects, tuples, templates typed by the callback', () => {
  const y = parseYaml('{ a: 1, b: [x, true, null], c: "{{ $.n }}", d: "n = {{ $.n }}" }').documents[0].root;
  const shape = literalToShape(y, CONTEXT_ORIGIN, (n) => (String(n.value).startsWith('{{') ? NUMBER : STRING));
  assert.equal(formatShape(shape), '{a: number, b: [string, boolean, null], c: number, d: string}');
});
