// Unit tests of the expression evaluator (spec §4): operators, filters, templates, undefined reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../server/src/expr/template';
import { evaluate, renderString, type Scope } from '../../server/src/interpreter/evaluate';
import { FatalError } from '../../server/src/interpreter/errors';
import { deepEqual, toJson, type Json } from '../../server/src/interpreter/json';
import { compare, wildcardMatch } from '../../server/src/interpreter/render';
import { plain } from './helpers';

const scope: Scope = {
  context: toJson({
    n: 3,
    s: 'Abc',
    t: true,
    f: false,
    z: null,
    zero: 0,
    empty: '',
    list: [1, 'two', { three: 3 }],
    nums: [3, 1, 2],
    obj: { a: 1, b: [1, 2], c: { d: 'x' } },
    items: [{ sku: 'A', qty: 1 }, { sku: 'B' }, { qty: 3 }],
    'odd key': 'yes',
  }),
  workflow: toJson({ input: { id: 'i-1' }, execution_id: 'e-1', started_at: '2026-01-01T00:00:00Z' }),
};

function ev(src: string): unknown {
  const r = parseExpression(src);
  assert.deepEqual(r.errors, [], `parse ${src}`);
  return plain(evaluate(r.expr!, scope));
}

function fails(src: string, pattern: RegExp, reason = 'undefined-read'): FatalError {
  const r = parseExpression(src);
  assert.deepEqual(r.errors, []);
  try {
    evaluate(r.expr!, scope);
  } catch (e) {
    assert.ok(e instanceof FatalError, String(e));
    assert.equal(e.value.error, 'States.Runtime');
    assert.equal(e.reason, reason);
    assert.match(e.value.cause, pattern);
    return e;
  }
  assert.fail(`${src} should fail`);
}

test('literals, paths and the workflow root', () => {
  assert.equal(ev('1.5'), 1.5);
  assert.equal(ev('-2'), -2);
  assert.equal(ev('"x"'), 'x');
  assert.equal(ev('null'), null);
  assert.equal(ev('$.n'), 3);
  assert.equal(ev('$.obj.c.d'), 'x');
  assert.equal(ev("$['odd key']"), 'yes');
  assert.equal(ev('$.list[2].three'), 3);
  assert.equal(ev('workflow.input.id'), 'i-1');
  assert.equal(ev('workflow.execution_id'), 'e-1');
  assert.deepEqual(ev('[1, $.n, "x"]'), [1, 3, 'x']);
  assert.deepEqual(ev('$.z'), null);
});

test('reading an undefined path fails with States.Runtime naming the path', () => {
  const e = fails('$.missing', /"\$\.missing"/);
  assert.equal(e.path, '$.missing');
  fails('$.obj.nope.deeper', /"\$\.obj\.nope" is undefined/);
  fails('$.list[7]', /index 7 does not exist/);
  fails('$.z.x', /"\$\.z\.x"/);
  fails('$.s.length', /"length" does not exist/);
  fails('workflow.nope', /workflow\.nope/);
  fails('$.n == 1 || $.missing', /missing/);
});

test('default and defined never fail on a path', () => {
  assert.equal(ev("$.missing | default: 'd'"), 'd');
  assert.equal(ev("$.z | default: 'd'"), 'd');
  assert.equal(ev("$.zero | default: 'd'"), 0);
  assert.equal(ev("$.empty | default: 'd'"), '');
  assert.equal(ev("$.obj.nope.deeper | default: 1"), 1);
  assert.equal(ev('$.missing | defined'), false);
  assert.equal(ev('$.z | defined'), true);
  assert.equal(ev('$.obj.c | defined'), true);
  assert.equal(ev('$.missing | default: $.n'), 3);
  // Only the path directly under the filter is guarded.
  fails("$.missing | upcase | default: 'x'", /missing/);
});

test('== and != compare JSON deeply without coercion', () => {
  assert.equal(ev('$.n == 3'), true);
  assert.equal(ev("$.n == '3'"), false);
  assert.equal(ev('$.t == 1'), false);
  assert.equal(ev('$.z == false'), false);
  assert.equal(ev('$.zero == false'), false);
  assert.equal(ev("$.empty == null"), false);
  assert.equal(ev('$.obj.b == [1, 2]'), true);
  assert.equal(ev('$.obj.b == [2, 1]'), false);
  assert.equal(ev('$.obj.b != [1, 2]'), false);
  assert.equal(ev('$.list[2] == $.list[2]'), true);
  assert.ok(deepEqual(toJson({ a: 1, b: { c: [1] } }), toJson({ b: { c: [1] }, a: 1 })));
  assert.ok(!deepEqual(toJson({ a: 1 }), toJson({ a: 1, b: null })));
});

test('ordering compares two numbers or two strings and is false otherwise', () => {
  assert.equal(ev('$.n > 2'), true);
  assert.equal(ev('$.n <= 3'), true);
  assert.equal(ev('$.n < 3'), false);
  assert.equal(ev("'abc' < 'abd'"), true);
  assert.equal(ev("$.n < '4'"), false);
  assert.equal(ev("$.n > '1'"), false);
  assert.equal(ev('$.z < 1'), false);
  assert.equal(ev('$.z >= 0'), false);
  assert.equal(ev('$.t > $.f'), false);
  assert.equal(ev('[1] < [2]'), false);
});

test('in works on arrays (deep) and strings', () => {
  assert.equal(ev("'two' in $.list"), true);
  assert.equal(ev('2 in $.list'), false);
  assert.equal(ev('$.list[2] in $.list'), true);
  assert.equal(ev("'bc' in $.s"), true);
  assert.equal(ev("'x' in $.s"), false);
  assert.equal(ev('1 in $.s'), false);
  assert.equal(ev("'a' in $.obj"), false);
  assert.equal(ev('1 in $.n'), false);
});

test('logic: truthiness, short-circuit, not', () => {
  assert.equal(ev('$.t && $.n == 3'), true);
  assert.equal(ev('$.f || $.t'), true);
  assert.equal(ev('not $.t'), false);
  assert.equal(ev('!$.zero'), true);
  assert.equal(ev('!$.empty'), true);
  assert.equal(ev('!$.list'), false);
  assert.equal(ev('$.f and $.missing'), false, 'the right side is not read');
  assert.equal(ev('$.t or $.missing'), true, 'the right side is not read');
  assert.equal(ev('$.obj.nope | defined && $.obj.nope.x == 1'), false);
  assert.equal(ev('$.n and $.s'), true);
});

test('filters', () => {
  assert.equal(ev('$.s | length'), 3);
  assert.equal(ev('$.list | length'), 3);
  assert.equal(ev('$.obj | length'), 3);
  assert.equal(ev("'😀x' | length"), 2);
  assert.equal(ev('$.s | upcase'), 'ABC');
  assert.equal(ev('$.s | downcase'), 'abc');
  assert.equal(ev('$.obj.b | json'), '[1,2]');
  assert.equal(ev('$.s | json'), '"Abc"');
  assert.deepEqual(ev('$.obj | keys'), ['a', 'b', 'c']);
  assert.equal(ev('$.nums | first'), 3);
  assert.equal(ev('$.nums | last'), 2);
  assert.equal(ev("[] | first"), null);
  assert.equal(ev("'abc' | last"), 'c');
  assert.equal(ev("$.nums | join: ', '"), '3, 1, 2');
  assert.equal(ev('$.list | join'), '1 two {"three":3}');
  assert.equal(ev("$.s | downcase | upcase"), 'ABC');
  fails('$.n | upcase', /"upcase" expects a string, not a number/, 'invalid-value');
  fails('$.s | keys', /"keys" expects an object/, 'invalid-value');
  fails('$.n | length', /"length" expects/, 'invalid-value');
  fails('$.n | shout', /Unknown filter "shout"/, 'invalid-value');
});

test('wildcards read through jsonpath-plus: the prefix must exist, missing members are skipped', () => {
  assert.deepEqual(ev('$.items[*].sku'), ['A', 'B']);
  assert.deepEqual(ev('$.items[*].qty'), [1, 3]);
  assert.deepEqual(ev('$.obj.c[*]'), ['x']);
  assert.deepEqual(ev('$.items[*]'), plain(toJson([{ sku: 'A', qty: 1 }, { sku: 'B' }, { qty: 3 }])));
  assert.equal(ev('$.items[*].sku | length'), 2);
  assert.equal(ev("'B' in $.items[*].sku"), true);
  fails('$.nothing[*].sku', /nothing/);
});

test('templates: one whole template keeps its JSON type, text interpolates JSON', () => {
  const r = (t: string): Json => renderString(t, scope);
  assert.equal(r('{{ $.n }}'), 3);
  assert.equal(r('  {{ $.t }} '), true);
  assert.deepEqual(plain(r('{{ $.obj.b }}')), [1, 2]);
  assert.equal(r('n={{ $.n }}'), 'n=3');
  assert.equal(r('{{ $.s }}-{{ $.n }}'), 'Abc-3');
  assert.equal(r('b={{ $.obj.b }} z={{ $.z }} t={{ $.t }}'), 'b=[1,2] z=null t=true');
  assert.equal(r('no template'), 'no template');
  assert.throws(() => r('{{ $.n '), (e: unknown) => e instanceof FatalError && /Invalid template/.test(e.value.cause));
  assert.throws(() => r('x {{ $.missing }}'), (e: unknown) => e instanceof FatalError && e.reason === 'undefined-read');
});

test('choice comparators are false when the types do not match', () => {
  const j = (v: unknown): Json => toJson(v);
  assert.equal(compare('stringEquals', j('a'), j('a')), true);
  assert.equal(compare('stringEquals', j(1), j('1')), false);
  assert.equal(compare('stringLessThan', j('a'), j('b')), true);
  assert.equal(compare('stringGreaterThanEquals', j('b'), j('b')), true);
  assert.equal(compare('numericEquals', j('3'), j(3)), false);
  assert.equal(compare('numericGreaterThan', j(5), j(3)), true);
  assert.equal(compare('numericLessThanEquals', j(null), j(3)), false);
  assert.equal(compare('booleanEquals', j('true'), j(true)), false);
  assert.equal(compare('booleanEquals', j(false), j(false)), true);
  assert.equal(compare('timestampLessThan', j('2026-01-01T00:00:00Z'), j('2026-01-01T00:00:01Z')), true);
  assert.equal(compare('timestampEquals', j('2026-01-01T01:00:00+01:00'), j('2026-01-01T00:00:00Z')), true);
  assert.equal(compare('timestampLessThan', j('yesterday'), j('2026-01-01T00:00:01Z')), false);
  assert.equal(compare('timestampGreaterThan', j(5), j('2026-01-01T00:00:01Z')), false);
  assert.equal(compare('isNull', j(null), j(true)), true);
  assert.equal(compare('isNull', j(0), j(true)), false);
  assert.equal(compare('isPresent', undefined, j(false)), true);
  assert.equal(compare('isPresent', j(null), j(true)), true);
  assert.equal(compare('isString', j('x'), j(true)), true);
  assert.equal(compare('isNumeric', j('1'), j(true)), false);
  assert.equal(compare('isBoolean', j(false), j(true)), true);
  assert.equal(compare('isTimestamp', j('2026-01-01T00:00:00Z'), j(true)), true);
  assert.equal(compare('isTimestamp', j('2026-01-01'), j(true)), false);
  assert.equal(compare('isString', j('x'), j('yes')), false, 'a non-boolean operand never holds');
  assert.equal(compare('stringMatches', j('invoice-42.pdf'), j('invoice-*.pdf')), true);
  assert.equal(compare('stringMatches', j('invoice-42.txt'), j('invoice-*.pdf')), false);
  assert.equal(compare('stringMatches', j('a*b'), j('a\\*b')), true);
  assert.equal(compare('stringMatches', j('axb'), j('a\\*b')), false);
  assert.equal(compare('stringMatches', j(5), j('*')), false);
});

test('stringMatches is linear on adversarial patterns', () => {
  const text = 'a'.repeat(5000);
  const pattern = '*a'.repeat(200) + 'b';
  assert.equal(wildcardMatch(text, pattern), false);
  assert.equal(wildcardMatch('', '*'), true);
  assert.equal(wildcardMatch('abc', 'a*c*'), true);
});
