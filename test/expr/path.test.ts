import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath, parseReferencePath, pathKey, type PathSegment } from '../../server/src/expr';
import { assertErrorAt, marked } from './helpers';

function ok(text: string) {
  const r = parseReferencePath(text);
  assert.equal(r.error, undefined, `${text}: ${r.error?.message}`);
  assert.ok(r.path, text);
  return r.path;
}

function expectError(text: string, mark: string, includes?: string): string {
  const r = parseReferencePath(text);
  assert.equal(r.path, undefined, text);
  return assertErrorAt(text, r.error, mark, includes);
}

test('"$" alone is the whole context', () => {
  const p = ok('$');
  assert.deepEqual(p, { root: '$', rootSpan: { start: 0, end: 1 }, segments: [], span: { start: 0, end: 1 } });
});

test('dot, quoted and index segments with exact spans', () => {
  const text = `$.items[0]['weird key']["dq"].id_2`;
  const p = ok(text);
  assert.equal(p.root, '$');
  assert.deepEqual(p.span, { start: 0, end: text.length });
  assert.deepEqual(
    p.segments.map((s) => [s.kind, 'name' in s ? s.name : 'index' in s ? s.index : '*', marked(text, s.span)]),
    [
      ['field', 'items', '.items'],
      ['index', 0, '[0]'],
      ['field', 'weird key', "['weird key']"],
      ['field', 'dq', '["dq"]'],
      ['field', 'id_2', '.id_2'],
    ],
  );
  assert.deepEqual(
    p.segments.map((s) => (s.kind === 'field' ? s.quoted : null)),
    [false, null, true, true, false],
  );
});

test('names may hold hyphens, unicode letters and escaped quotes', () => {
  assert.deepEqual(ok('$.order-id').segments[0], { kind: 'field', name: 'order-id', span: { start: 1, end: 10 }, quoted: false });
  const g = ok('$.größe.名前');
  assert.deepEqual(g.segments.map((s) => (s.kind === 'field' ? s.name : '')), ['größe', '名前']);
  const emoji = "$['😀'].x";
  const e = ok(emoji);
  assert.equal(marked(emoji, e.segments[0].span), "['😀']");
  assert.deepEqual(e.segments[1].span, { start: 7, end: 9 });
  const esc = String.raw`$['it\'s']["a\"b"]['back\\slash']`;
  assert.deepEqual(ok(esc).segments.map((s) => (s.kind === 'field' ? s.name : '')), ["it's", 'a"b', 'back\\slash']);
  assert.deepEqual(ok("$['__proto__'].constructor").segments.map((s) => (s.kind === 'field' ? s.name : '')), ['__proto__', 'constructor']);
});

test('wildcards are not allowed, with the documented message', () => {
  assert.equal(
    expectError('$[*]', '[*]'),
    `Wildcard "[*]" is not allowed in a reference path; use "$.name", "$['name']" or "$[0]" segments.`,
  );
  expectError('$.items[*].id', '[*]', 'Wildcard "[*]"');
  expectError('$.items.*', '.*', 'Wildcard ".*"');
});

test('filters, slices, unions, recursive descent and negative indexes are errors marking the segment', () => {
  expectError('$.items[?(@.price > 10)].id', '[?(@.price > 10)]', 'Filter');
  expectError('$[1:2]', '[1:2]', 'Slice "[1:2]"');
  expectError('$.a[:3]', '[:3]', 'Slice');
  expectError('$[0,1]', '[0,1]', 'Union');
  expectError('$..name', '..', 'Recursive descent');
  expectError('$.a..b', '..', 'Recursive descent');
  expectError('$[-1]', '[-1]', 'Negative index');
});

test('empty and malformed segments', () => {
  expectError('$.', '.', 'Expected a name after "."');
  expectError('$.a.', '.', 'Expected a name after "."');
  expectError('$[]', '[]', 'Empty brackets');
  expectError("$['']", "['']", 'Empty name');
  expectError('$[', '[', 'Unclosed "["');
  expectError('$.a[0', '[0', 'Unclosed "["');
  expectError("$['a", "['a", 'Unterminated quoted name');
  expectError("$['a'x]", "['a'x", 'Expected "]" after the quoted name but found "x"');
  expectError('$[name]', '[name]', `write "['name']" or ".name"`);
  expectError('$.0', '.0', 'write an index as "[0]"');
  expectError('$[*', '[*', 'Expected "]" after "[*"');
  expectError('$[a b]', '[a b]', 'Invalid segment');
  expectError('$[99999999999999999999]', '[99999999999999999999]', 'too large');
});

test('whitespace and stray characters', () => {
  expectError(' $.a', ' ', 'cannot start with whitespace');
  expectError('$.a  ', '  ', 'cannot end with whitespace');
  expectError('$.a b', ' ', 'Whitespace is not allowed inside');
  expectError('$.a+b', '+', 'Unexpected "+"');
  expectError('$.a(1)', '(', 'Unexpected "("');
  expectError('$a', 'a', 'did you mean "$.a"?');
  expectError('$customer.id', 'customer', 'did you mean "$.customer"?');
});

test('a path that does not start with "$" marks the whole string and suggests "$."', () => {
  assert.equal(expectError('customer.id', 'customer.id'), 'A reference path must start with "$"; did you mean "$.customer.id"?');
  expectError('customer', 'customer', 'did you mean "$.customer"?');
  expectError('workflow.input.x', 'workflow.input.x', 'did you mean "$.workflow.input.x"?');
  expectError('items[0]', 'items[0]', 'did you mean "$.items[0]"?');
  expectError('[0]', '[0]', 'did you mean "$[0]"?');
  expectError('@.x', '@.x', 'must start with "$", e.g.');
  expectError('', '', 'empty');
  expectError('{{ $.a }}', '{{ $.a }}', 'without "{{ }}"; did you mean "$.a"?');
  expectError('{{ x', '{{ x', 'without "{{ }}", e.g.');
});

test('formatPath writes the canonical form', () => {
  const segs: PathSegment[] = [
    { kind: 'field', name: 'a', span: { start: 0, end: 0 }, quoted: true },
    { kind: 'index', index: 3, span: { start: 0, end: 0 } },
    { kind: 'field', name: 'weird key', span: { start: 0, end: 0 }, quoted: true },
    { kind: 'field', name: "it's\\", span: { start: 0, end: 0 }, quoted: true },
    { kind: 'wildcard', span: { start: 0, end: 0 } },
    { kind: 'field', name: '2fa', span: { start: 0, end: 0 }, quoted: true },
    { kind: 'field', name: 'order-id', span: { start: 0, end: 0 }, quoted: false },
  ];
  assert.equal(formatPath(segs), String.raw`$.a[3]['weird key']['it\'s\\'][*]['2fa'].order-id`);
  assert.equal(formatPath([], 'workflow'), 'workflow');
  assert.equal(formatPath(segs.slice(0, 1), 'workflow'), 'workflow.a');
});

test('pathKey is the same for every spelling of one path', () => {
  const keys = [`$.a.b[0]`, `$['a']["b"][0]`, `$["a"].b[0]`].map((t) => pathKey(ok(t)));
  assert.deepEqual(new Set(keys), new Set(['$.a.b[0]']));
  assert.notEqual(pathKey(ok('$.a[0]')), pathKey(ok("$.a['0']")));
});

test('formatPath output parses back to the same segments', () => {
  for (const text of [`$['a b'].c`, String.raw`$['x\'y']`, `$['line\nbreak']`, `$['größe']`, `$.a[10]`]) {
    const p = ok(text);
    const again = ok(formatPath(p.segments));
    assert.equal(pathKey(again), pathKey(p));
  }
});
