// The contract diff classifies every change as spec §9 says, with the new file's spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeKind, diffContractTypes } from '../../server/src/shapes/contracts/diff';
import { compact, schema } from './helpers';

function kinds(older: string | object, newer: string | object): [ChangeKind, boolean, string][] {
  const read = (x: string | object) => (typeof x === 'string' ? compact(x) : schema(x));
  return diffContractTypes(read(older), read(newer)).map((c) => [c.kind, c.breaking, c.path]);
}

const cases: [string, string | object, string | object, [ChangeKind, boolean, string][]][] = [
  // breaking
  ['field removed', '{ a: string, b: string }', '{ a: string }', [['field-removed', true, 'b']]],
  ['field renamed (one removed and one added field of the same type)', '{ a: string, customer_id: string }', '{ a: string, client_id: string }', [['field-renamed', true, 'client_id']]],
  ['type changed', '{ a: string }', '{ a: number }', [['type-changed', true, 'a']]],
  ['type narrowed: number to integer', '{ a: number }', '{ a: integer }', [['type-changed', true, 'a']]],
  ['array item type changed', '{ a: "string[]" }', '{ a: "number[]" }', [['type-changed', true, 'a[]']]],
  ['optional made required', '{ a: string? }', '{ a: string }', [['made-required', true, 'a']]],
  ['new required field', '{ a: string }', '{ a: string, b: boolean }', [['required-added', true, 'b']]],
  ['enum narrowed', { properties: { s: { enum: ['a', 'b'] } } }, { properties: { s: { enum: ['a'] } } }, [['enum-narrowed', true, 's']]],
  ['string narrowed to an enum', { properties: { s: { type: 'string' } } }, { properties: { s: { enum: ['a'] } } }, [['enum-narrowed', true, 's']]],
  ['open object closed', '{ meta: object }', '{ meta: { id: string? } }', [['closed', true, 'meta'], ['optional-added', false, 'meta.id']]],
  ['nested field removed', '{ c: { id: string, tier: string } }', '{ c: { id: string } }', [['field-removed', true, 'c.tier']]],
  ['any narrowed', '{ a: any }', '{ a: string }', [['type-changed', true, 'a']]],
  ['two removed fields of one type are not guessed as renames', '{ a: string, b: string }', '{ c: string }', [['field-removed', true, 'a'], ['field-removed', true, 'b'], ['required-added', true, 'c']]],
  // compatible
  ['new optional field', '{ a: string }', '{ a: string, b: string? }', [['optional-added', false, 'b']]],
  ['type widened: integer to number', '{ a: integer }', '{ a: number }', [['type-widened', false, 'a']]],
  ['type widened to any', '{ a: string }', '{ a: any }', [['type-widened', false, 'a']]],
  ['type widened with null', { properties: { a: { type: 'string' } } }, { properties: { a: { type: ['string', 'null'] } } }, [['type-widened', false, 'a']]],
  ['required made optional', '{ a: string }', '{ a: string? }', [['made-optional', false, 'a']]],
  ['enum widened', { properties: { s: { enum: ['a'] } } }, { properties: { s: { enum: ['a', 'b'] } } }, [['enum-widened', false, 's']]],
  ['enum widened to its type', { properties: { s: { enum: ['a'] } } }, { properties: { s: { type: 'string' } } }, [['type-widened', false, 's']]],
  ['closed object opened', { properties: { a: { type: 'string' } }, additionalProperties: false }, { properties: { a: { type: 'string' } } }, [['opened', false, '']]],
  ['no change (field order and enum order do not matter)', { properties: { a: { enum: [1, 2] }, b: { type: 'string' } } }, { properties: { b: { type: 'string' }, a: { enum: [2, 1] } } }, []],
];

for (const [name, older, newer, expected] of cases) {
  test(`diff: ${name}`, () => {
    assert.deepEqual(kinds(older, newer), expected);
  });
}

test('diff: no contract on either side is no change', () => {
  assert.deepEqual(diffContractTypes(undefined, compact('{ a: string }')), []);
  assert.deepEqual(diffContractTypes(compact('{ a: string }'), undefined), []);
});

test('diff: spans point at the new field, or at the enclosing key for removed fields', () => {
  const text = '{ a: string, c: { id: integer } }';
  const older = compact('{ a: string, b: string, c: { id: string } }');
  const changes = diffContractTypes(older, compact(text), { rootSpan: { start: 0, end: 1 } });
  const at = (path: string) => changes.find((c) => c.path === path)!.span!;
  assert.deepEqual(at('b'), { start: 0, end: 1 });
  assert.equal(text.slice(at('c.id').start, at('c.id').end), 'id');
});

test('diff: descriptions say what the old side was', () => {
  const [c] = diffContractTypes(compact('{ total: string }'), compact('{ total: number }'));
  assert.equal(c.description, 'field "total" changed type from string to number');
  const [r] = diffContractTypes(compact('{ note: string? }'), compact('{ }'));
  assert.equal(r.description, 'field "note" (string, optional) was removed');
});
