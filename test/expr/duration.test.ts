import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../server/src/expr';
import { assertErrorAt } from './helpers';

test('parseDuration: single units', () => {
  assert.deepEqual(parseDuration('250ms'), { ms: 250 });
  assert.deepEqual(parseDuration('30s'), { ms: 30_000 });
  assert.deepEqual(parseDuration('5m'), { ms: 300_000 });
  assert.deepEqual(parseDuration('2h'), { ms: 7_200_000 });
  assert.deepEqual(parseDuration('2d'), { ms: 172_800_000 });
  assert.deepEqual(parseDuration('0s'), { ms: 0 });
});

test('parseDuration: compounds and decimals', () => {
  assert.deepEqual(parseDuration('1h30m'), { ms: 5_400_000 });
  assert.deepEqual(parseDuration('1d2h3m4s5ms'), { ms: 86_400_000 + 7_200_000 + 180_000 + 4000 + 5 });
  assert.deepEqual(parseDuration('1m1ms'), { ms: 60_001 });
  assert.deepEqual(parseDuration('1.5s'), { ms: 1500 });
  assert.deepEqual(parseDuration('1.1h'), { ms: 3_960_000 });
  assert.deepEqual(parseDuration('0.5ms'), { ms: 0.5 });
});

function expectError(text: string, mark: string, includes: string): void {
  const r = parseDuration(text);
  assert.equal(r.ms, undefined, text);
  assertErrorAt(text, r.error, mark, includes);
}

test('parseDuration: a bad unit marks the unit and suggests one', () => {
  expectError('5mins', 'mins', 'Unknown duration unit "mins"; use "ms", "s", "m", "h" or "d" (did you mean "m"?)');
  expectError('10seconds', 'seconds', 'did you mean "s"?');
  expectError('2hours', 'hours', 'did you mean "h"?');
  expectError('3days', 'days', 'did you mean "d"?');
  expectError('5S', 'S', 'did you mean "s"?');
  expectError('1h30x', 'x', 'Unknown duration unit "x"');
  expectError('1w', 'w', 'use "ms", "s", "m", "h" or "d"');
});

test('parseDuration: a missing unit marks the number and says a unit is required', () => {
  expectError('10', '10', 'A unit is required after "10": "ms", "s", "m", "h" or "d"');
  expectError('1h30', '30', 'A unit is required after "30"');
  expectError('1.5', '1.5', 'unit is required');
});

test('parseDuration: other malformed durations', () => {
  expectError('', '', 'empty');
  expectError('   ', '   ', 'blank');
  expectError(' 5s', ' ', 'whitespace');
  expectError('5s ', ' ', 'whitespace');
  expectError('1h 30m', ' ', 'Spaces are not allowed');
  expectError('-5s', '-', 'negative');
  expectError('1.s', '1.', 'digits after "."');
  expectError('PT5M', 'PT5M', 'ISO 8601 durations are not accepted; write "5m"');
  expectError('P1DT1H30M', 'P1DT1H30M', 'write "1d1h30m"');
  expectError('PT', 'PT', 'starts with a number');
  expectError('.5s', '.5s', 'starts with a number');
  expectError('5s,3m', ',', 'Unexpected ","');
  expectError('9'.repeat(400) + 'd', '9'.repeat(400) + 'd', 'too long');
});

test('formatDuration writes the canonical compound form', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(5_400_000), '1h30m');
  assert.equal(formatDuration(1500), '1s500ms');
  assert.equal(formatDuration(1.5), '1.5ms');
  assert.equal(formatDuration(90_061_001), '1d1h1m1s1ms');
  assert.equal(formatDuration(60_000), '1m');
});

test('formatDuration round-trips through parseDuration', () => {
  for (const ms of [0, 1, 999, 1000, 61_000, 3_599_999, 86_400_000, 123_456_789, 2.5]) {
    assert.equal(parseDuration(formatDuration(ms)).ms, ms);
  }
});
