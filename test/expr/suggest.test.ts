import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, levenshtein, osaDistance, suggestionDistance } from '../../server/src/expr';

test('levenshtein counts insertions, deletions and substitutions', () => {
  assert.equal(levenshtein('', ''), 0);
  assert.equal(levenshtein('abc', ''), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('LoadOrdrs', 'LoadOrders'), 1);
  assert.equal(levenshtein('flaw', 'lawn'), 2);
  assert.equal(levenshtein('abc', 'abc'), 0);
  assert.equal(levenshtein('abc', 'ABC'), 3);
});

test('levenshtein is symmetric', () => {
  for (const [a, b] of [['activity', 'actvity'], ['x', 'xyz'], ['waitFor', 'wait']]) {
    assert.equal(levenshtein(a, b), levenshtein(b, a));
  }
});

test('suggestionDistance: a case-only difference counts 0.5', () => {
  assert.equal(suggestionDistance('waitfor', 'waitFor'), 0.5);
  assert.equal(suggestionDistance('same', 'same'), 0);
  assert.equal(suggestionDistance('Actvity', 'activity'), 1);
});

test('closest finds the nearest candidate within the default threshold', () => {
  assert.equal(closest('LoadOrdrs', ['Ship', 'LoadOrders', 'LoadCustomer']), 'LoadOrders');
  assert.equal(closest('actvity', ['activity', 'action', 'service']), 'activity');
  assert.equal(closest('waitfor', ['waitFor', 'waitFo']), 'waitFor');
  assert.equal(closest('xyz', ['abc', 'def']), undefined);
  assert.equal(closest('', ['a']), undefined);
  assert.equal(closest('abc', []), undefined);
});

test('closest: threshold is max(1, floor(len/3)) unless given', () => {
  // "ab" allows 1 edit; "abcdef" allows 2.
  assert.equal(closest('ab', ['xb']), 'xb');
  assert.equal(closest('ab', ['xy']), undefined);
  assert.equal(closest('abcdef', ['abxyef']), 'abxyef');
  assert.equal(closest('abcdef', ['axyzef']), undefined);
  assert.equal(closest('abcdef', ['axyzef'], 3), 'axyzef');
  assert.equal(closest('abc', ['abd'], 0), undefined);
});

test('closest prefers a case-only match, then the earliest of equal candidates', () => {
  assert.equal(closest('Ship', ['Shop', 'ship']), 'ship');
  assert.equal(closest('cat', ['bat', 'hat']), 'bat');
});

test('closest ignores very long names instead of doing quadratic work', () => {
  const long = 'a'.repeat(10_000);
  assert.equal(closest(long, [long + 'b']), undefined);
});

test('suggestions count a swap of two adjacent characters as one edit', () => {
  assert.equal(osaDistance('Doen', 'Done'), 1);
  assert.equal(osaDistance('ca', 'abc'), 3);
  assert.equal(osaDistance('kitten', 'sitting'), 3);
  assert.equal(osaDistance('', 'ab'), 2);
  assert.equal(closest('Doen', ['Done', 'Load']), 'Done');
  assert.equal(closest('Laod', ['Load']), 'Load');
  for (const [a, b] of [['activity', 'actvity'], ['ab', 'ba'], ['abcd', 'badc']]) assert.equal(osaDistance(a, b), osaDistance(b, a));
});
