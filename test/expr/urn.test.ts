import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUrn, isSnakeCase, parseUrn, TASK_RESOURCE_TYPES, toSnakeCase, URN_TYPES } from '../../server/src/expr';
import { assertErrorAt, marked } from './helpers';

test('URN type lists', () => {
  assert.deepEqual([...URN_TYPES], ['activity', 'action', 'service', 'waitFor', 'policy', 'schema']);
  assert.deepEqual([...TASK_RESOURCE_TYPES], ['activity', 'action', 'service', 'waitFor']);
});

test('parseUrn: valid URNs with spans', () => {
  const text = 'urn:cascade:activity:load_customer';
  const r = parseUrn(text);
  assert.equal(r.error, undefined);
  assert.ok(r.urn);
  assert.equal(r.urn.type, 'activity');
  assert.equal(r.urn.name, 'load_customer');
  assert.equal(r.urn.version, undefined);
  assert.equal(marked(text, r.urn.typeSpan), 'activity');
  assert.equal(marked(text, r.urn.nameSpan), 'load_customer');

  const v = 'urn:cascade:waitFor:approval.v2-x:v12';
  const rv = parseUrn(v);
  assert.ok(rv.urn);
  assert.equal(rv.urn.type, 'waitFor');
  assert.equal(rv.urn.name, 'approval.v2-x');
  assert.equal(rv.urn.version, 'v12');
  assert.equal(marked(v, rv.urn.versionSpan), 'v12');
  for (const t of URN_TYPES) assert.ok(parseUrn(`urn:cascade:${t}:x`).urn, t);
});

function expectError(text: string, mark: string, includes: string): void {
  const r = parseUrn(text);
  assert.equal(r.urn, undefined, text);
  assertErrorAt(text, r.error, mark, includes);
}

test('parseUrn: unknown type marks the type, lists the types and suggests the closest', () => {
  expectError(
    'urn:cascade:actvity:x',
    'actvity',
    'Unknown URN type "actvity"; use "activity", "action", "service", "waitFor", "policy" or "schema" (did you mean "activity"?)',
  );
  expectError('urn:cascade:waitfor:x', 'waitfor', 'did you mean "waitFor"?');
  expectError('urn:cascade:banana:x', 'banana', 'Unknown URN type "banana"; use "activity"');
  expectError('urn:cascade::x', ':', 'needs a type');
  expectError('urn:cascade', 'urn:cascade', 'needs a type and a name');
});

test('parseUrn: bad prefix', () => {
  expectError('load_customer', 'load_customer', 'write "urn:cascade:activity:load_customer"');
  expectError('urn:cascde:activity:x', 'cascde', 'did you mean "cascade"?');
  expectError('urn:other:activity:x', 'other', 'must start with "urn:cascade:"');
  expectError('URN:cascade:activity:x', 'URN', 'must start with "urn:cascade:"');
  expectError('urn', 'urn', 'must start with "urn:cascade:"');
  expectError('', '', 'empty');
  expectError(' urn:cascade:activity:x', ' ', 'whitespace');
  expectError('urn:cascade:activity:x ', ' ', 'whitespace');
});

test('parseUrn: empty or invalid name', () => {
  expectError('urn:cascade:activity:', ':', 'needs a name');
  expectError('urn:cascade:activity', 'urn:cascade:activity', 'needs a name');
  expectError('urn:cascade:activity:a b', 'a b', 'may contain only letters, digits, "_", "-" and "."');
  expectError('urn:cascade:activity::v1', ':', 'needs a name');
});

test('parseUrn: bad version marks it', () => {
  expectError('urn:cascade:activity:x:2', '2', 'did you mean "v2"?');
  expectError('urn:cascade:activity:x:version2', 'version2', 'did you mean "v2"?');
  expectError('urn:cascade:activity:x:V3', 'V3', 'did you mean "v3"?');
  expectError('urn:cascade:activity:x:latest', 'latest', 'written "v<N>"');
  expectError('urn:cascade:activity:x:', ':', 'version is empty');
  expectError('urn:cascade:activity:x:v', 'v', 'written "v<N>"');
  expectError('urn:cascade:activity:x:v1:extra', ':extra', 'after the URN version');
});

test('formatUrn writes the canonical text', () => {
  assert.equal(formatUrn({ type: 'activity', name: 'a' }), 'urn:cascade:activity:a');
  assert.equal(formatUrn({ type: 'schema', name: 'form', version: 'v2' }), 'urn:cascade:schema:form:v2');
});

test('isSnakeCase and toSnakeCase', () => {
  for (const ok of ['load_customer', 'a', 'charge_card2', 'v2_api']) assert.ok(isSnakeCase(ok), ok);
  for (const bad of ['LoadCustomer', 'loadCustomer', 'load-customer', 'load__customer', '_x', 'x_', '2x', 'load.customer', ''])
    assert.ok(!isSnakeCase(bad), bad);
  assert.equal(toSnakeCase('loadCustomer'), 'load_customer');
  assert.equal(toSnakeCase('LoadCustomer'), 'load_customer');
  assert.equal(toSnakeCase('load-customer.v2'), 'load_customer_v2');
  assert.equal(toSnakeCase('HTTPRequest'), 'http_request');
  assert.ok(isSnakeCase(toSnakeCase('Send Email Now')));
});
