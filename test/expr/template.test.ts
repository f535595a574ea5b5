import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectPathReads,
  findUnknownFilters,
  KNOWN_FILTERS,
  MAX_EXPRESSION_DEPTH,
  parseExpression,
  parseTemplate,
  pathKey,
  walkExpr,
  type Expr,
} from '../../server/src/expr';
import { assertErrorAt, marked } from './helpers';

function parse(text: string): Expr {
  const r = parseExpression(text);
  assert.deepEqual(r.errors, [], `${text}: ${r.errors[0]?.message}`);
  assert.ok(r.expr, text);
  return r.expr;
}

/** A compact, span-free rendering of a tree, to assert structure and precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return JSON.stringify(e.value);
    case 'path':
      return pathKey(e.path);
    case 'not':
      return `!(${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'filter':
      return `(${show(e.input)} | ${e.name}${e.args.length ? ': ' + e.args.map(show).join(', ') : ''})`;
    case 'array':
      return `[${e.items.map(show).join(', ')}]`;
  }
}

function expectError(text: string, mark: string, includes: string): void {
  const r = parseExpression(text);
  assert.equal(r.expr, undefined, text);
  assert.equal(r.errors.length, 1, text);
  assertErrorAt(text, r.errors[0], mark, includes);
}

// ---- literals ----

test('literals: numbers, strings, booleans, null', () => {
  assert.deepEqual(parse('42'), { kind: 'literal', value: 42, span: { start: 0, end: 2 } });
  assert.equal(show(parse('-1.5')), '-1.5');
  assert.equal(show(parse('2e3')), '2000');
  assert.equal(show(parse('1.25E-2')), '0.0125');
  assert.deepEqual(parse(`'it'`), { kind: 'literal', value: 'it', span: { start: 0, end: 4 } });
  assert.equal(show(parse(`"double"`)), '"double"');
  assert.equal(show(parse(String.raw`'a\'b\\c\nd\u0041'`)), JSON.stringify("a'b\\c\ndA"));
  assert.equal(show(parse('true')), 'true');
  assert.equal(show(parse('false')), 'false');
  assert.equal(show(parse('null')), 'null');
  assert.equal(show(parse(`''`)), '""');
});

test('unicode strings keep UTF-16 spans', () => {
  const text = `'héllo 😀 世界' == $.greeting`;
  const e = parse(text);
  assert.equal(e.kind, 'binary');
  if (e.kind !== 'binary') return;
  assert.deepEqual(e.left, { kind: 'literal', value: 'héllo 😀 世界', span: { start: 0, end: 13 } });
  assert.equal(marked(text, e.opSpan), '==');
  assert.equal(marked(text, e.right.span), '$.greeting');
});

// ---- paths ----

test('paths: $ and workflow roots, every segment form, with spans', () => {
  const text = `workflow.input.x`;
  const e = parse(text);
  assert.equal(e.kind, 'path');
  if (e.kind !== 'path') return;
  assert.equal(e.path.root, 'workflow');
  assert.equal(marked(text, e.path.rootSpan), 'workflow');
  assert.deepEqual(e.path.segments.map((s) => marked(text, s.span)), ['.input', '.x']);
  assert.deepEqual(e.span, { start: 0, end: text.length });

  assert.equal(show(parse('$')), '$');
  assert.equal(show(parse('workflow')), 'workflow');
  assert.equal(show(parse(`$['weird key']`)), `$['weird key']`);
  assert.equal(show(parse(`$["a"].b`)), `$.a.b`);
  assert.equal(show(parse('$.items[0].id')), '$.items[0].id');
  const w = parse('$.items[*].id');
  assert.equal(show(w), '$.items[*].id');
  if (w.kind === 'path') assert.deepEqual(w.path.segments[1], { kind: 'wildcard', span: { start: 7, end: 10 } });
  assert.equal(show(parse('workflow.execution_id')), 'workflow.execution_id');
});

test('path errors inside expressions', () => {
  expectError('$.', '.', 'Expected a name after "."');
  expectError('$.a..b', '..', 'Recursive descent');
  expectError('$.items.*', '.*', 'Write the wildcard as "[*]"');
  expectError('$[?(@.a)]', '[?(@.a)]', 'Filter');
  expectError('$[1:2]', '[1:2]', 'Slice');
  expectError('$a', 'a', 'did you mean "$.a"?');
  expectError('$ .a', '.', 'Unexpected "."');
  expectError('$[name]', '[name]', `"['name']"`);
});

// ---- operators and precedence ----

test('precedence: or < and < not < compare < pipe', () => {
  assert.equal(show(parse('$.a || $.b && !$.c')), '($.a || ($.b && !($.c)))');
  assert.equal(show(parse('$.a && $.b || $.c')), '(($.a && $.b) || $.c)');
  assert.equal(show(parse('$.a or $.b and not $.c')), '($.a || ($.b && !($.c)))');
  assert.equal(show(parse('not $.a == 1')), '!(($.a == 1))');
  assert.equal(show(parse('!!$.a')), '!(!($.a))');
  assert.equal(show(parse('$.a | length > 3')), '(($.a | length) > 3)');
  assert.equal(show(parse('$.a || $.b || $.c')), '(($.a || $.b) || $.c)');
  assert.equal(show(parse('$.a and $.b and $.c')), '(($.a && $.b) && $.c)');
});

test('every comparison operator, and "in"', () => {
  for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
    const text = `$.a ${op} 1`;
    const e = parse(text);
    assert.equal(e.kind, 'binary');
    if (e.kind !== 'binary') continue;
    assert.equal(e.op, op);
    assert.equal(marked(text, e.opSpan), op);
    assert.deepEqual(e.span, { start: 0, end: text.length });
  }
  assert.equal(show(parse(`$.status in ['a', "b"]`)), '($.status in ["a", "b"])');
  assert.equal(show(parse(`'x' in $.tags`)), '("x" in $.tags)');
  assert.equal(show(parse('$.a<=$.b')), '($.a <= $.b)');
});

test('word operators are keywords and normalise to symbols', () => {
  const text = '$.a or $.b';
  const e = parse(text);
  assert.ok(e.kind === 'binary' && e.op === '||');
  if (e.kind === 'binary') assert.equal(marked(text, e.opSpan), 'or');
  assert.ok((parse('$.a and $.b') as { op?: string }).op === '&&');
  const n = parse('not $.a');
  assert.ok(n.kind === 'not');
  assert.deepEqual(n.span, { start: 0, end: 7 });
  // a name that merely starts with a keyword is not one
  assert.equal(show(parse('$.order or $.notify')), '($.order || $.notify)');
});

test('comparisons do not chain', () => {
  expectError('1 == 2 == 3', '==', 'expected an operator');
  expectError('$.a < $.b < $.c', '<', 'expected an operator');
});

// ---- filters ----

test('filters with and without arguments', () => {
  const text = `$.x | default: 'n/a'`;
  const e = parse(text);
  assert.equal(e.kind, 'filter');
  if (e.kind !== 'filter') return;
  assert.equal(e.name, 'default');
  assert.equal(marked(text, e.nameSpan), 'default');
  assert.equal(show(e.input), '$.x');
  assert.deepEqual(e.args.map(show), ['"n/a"']);
  assert.deepEqual(e.span, { start: 0, end: text.length });

  assert.equal(show(parse(`$.items | join: ', '`)), '($.items | join: ", ")');
  assert.equal(show(parse('$.items | length')), '($.items | length)');
  assert.equal(show(parse(`$.a | default: 'x' | upcase`)), '(($.a | default: "x") | upcase)');
  assert.equal(show(parse('$.a|keys|first')), '(($.a | keys) | first)');
  assert.equal(show(parse('$.a | f: 1, $.b, [2]')), '($.a | f: 1, $.b, [2])');
  assert.equal(show(parse('$.a | default: ($.b | default: 0)')), '($.a | default: ($.b | default: 0))');
  assert.equal(show(parse('$.a | default: $.b == 1')), '(($.a | default: $.b) == 1)');
  // Arguments are greedy (grammar §4): inside an array, a filter takes the following items as arguments.
  assert.equal(show(parse('[$.a | default: 0, 1]')), '[($.a | default: 0, 1)]');
  assert.equal(show(parse('[($.a | default: 0), 1]')), '[($.a | default: 0), 1]');
});

test('filter syntax errors', () => {
  expectError('$.a |', '|', 'Expected a filter name after "|"');
  expectError('$.a | 1', '1', 'Expected a filter name after "|"');
  expectError('$.a | not', 'not', 'Expected a filter name');
  expectError('$.a | default:', ':', 'Expected an argument for "default"');
  expectError('$.a | join: ,', ',', 'Expected a value');
  expectError('$.a | default: not $.b', 'not', 'Expected a value');
  expectError('$.a | | b', '|', 'Expected a filter name');
});

test('unknown filters parse and are reported by findUnknownFilters with the name span', () => {
  const text = '$.a | upcase | shout | trim: 1';
  const e = parse(text);
  const unknown = findUnknownFilters(e);
  assert.deepEqual(unknown.map((u) => [u.name, marked(text, u.span)]), [['shout', 'shout'], ['trim', 'trim']]);
  assert.deepEqual(
    [...KNOWN_FILTERS],
    ['default', 'defined', 'length', 'upcase', 'downcase', 'json', 'keys', 'first', 'last', 'join'],
  );
  for (const f of KNOWN_FILTERS) assert.deepEqual(findUnknownFilters(parse(`$.a | ${f}`)), []);
});

// ---- grouping and arrays ----

test('parentheses group, and outer spans include them', () => {
  assert.equal(show(parse('($.a || $.b) && $.c')), '(($.a || $.b) && $.c)');
  assert.equal(show(parse('((($.a)))')), '$.a');
  const text = '(($.a)) == (1)';
  const e = parse(text);
  assert.ok(e.kind === 'binary');
  assert.deepEqual(e.span, { start: 0, end: text.length });
  if (e.kind === 'binary') assert.equal(marked(text, e.left.span), '$.a');
  const n = parse('!($.a)');
  assert.deepEqual(n.span, { start: 0, end: 6 });
  const f = parse('($.a) | length');
  assert.deepEqual(f.span, { start: 0, end: 14 });
});

test('arrays: empty, nested, with expressions', () => {
  assert.deepEqual(parse('[]'), { kind: 'array', items: [], span: { start: 0, end: 2 } });
  assert.equal(show(parse('[1, [2, [3]], $.a || $.b, "x"]')), '[1, [2, [3]], ($.a || $.b), "x"]');
  const text = '[ 1 , 2 ]';
  const e = parse(text);
  assert.deepEqual(e.span, { start: 0, end: text.length });
  expectError('[1,', ',', 'Expected a value');
  expectError('[1, 2', '[', 'Expected "," or "]" in the array but found the end');
  expectError('[1 2]', '2', 'Expected "," or "]" in the array but found "2"');
  expectError('[1,]', ']', 'Expected a value');
});

test('unbalanced parentheses', () => {
  expectError('(1', '(', 'Expected ")" to close "(" but found the end of the expression');
  expectError('(1 2)', '2', 'Expected ")" to close "(" but found "2"');
  expectError('$.a )', ')', 'without a matching "("');
  expectError('$.a ]', ']', 'without a matching "["');
  expectError('()', ')', 'Expected a value');
});

// ---- other errors ----

test('unexpected tokens name what was expected', () => {
  expectError('$.a ==', '==', 'Expected a value');
  expectError('== 1', '==', 'Expected a value (a path such as "$.name"');
  expectError('$.a = 1', '=', 'use "==" to compare');
  expectError('$.a & $.b', '&', 'use "&&" or "and"');
  expectError('$.a $.b', '$', 'expected an operator');
  expectError('$.a + 1', '+', 'Unexpected character "+"');
  expectError('foo.bar', 'foo.bar', 'a path starts with "$" or "workflow" (did you mean "$.foo.bar"?)');
  expectError('True', 'True', 'did you mean "true"?');
  expectError('workflw.input', 'workflw', 'did you mean "workflow"?');
  expectError('1 or', 'or', 'Expected a value');
  expectError('not', 'not', 'Expected a value');
  expectError('in', 'in', 'Expected a value');
  expectError('{ $.a }', '{', 'templates cannot be nested');
  expectError('1e999', '1e999', 'out of range');
  expectError('@', '@', 'Unexpected character "@"');
  expectError('😀', '😀', 'Unexpected character "😀"');
});

test('unterminated string literal marks from the quote to the end', () => {
  expectError(`$.a == 'abc`, `'abc`, 'Unterminated string');
  expectError(`"abc\\"`, `"abc\\"`, 'Unterminated string');
});

test('empty expression and base offsets', () => {
  const r = parseExpression('   ', 10);
  assert.equal(r.expr, undefined);
  assert.deepEqual(r.errors[0].span, { start: 10, end: 13 });
  const ok = parseExpression('$.a == 1', 100);
  assert.ok(ok.expr && ok.expr.kind === 'binary');
  if (ok.expr?.kind === 'binary') {
    assert.deepEqual(ok.expr.span, { start: 100, end: 108 });
    assert.deepEqual(ok.expr.opSpan, { start: 104, end: 106 });
    assert.ok(ok.expr.left.kind === 'path');
    if (ok.expr.left.kind === 'path') {
      assert.deepEqual(ok.expr.left.path.rootSpan, { start: 100, end: 101 });
      assert.deepEqual(ok.expr.left.path.segments[0].span, { start: 101, end: 103 });
    }
  }
  assert.deepEqual(parseExpression('$.a ==', 5).errors[0].span, { start: 9, end: 11 });
});

test('nesting is capped: deep parentheses, arrays and "!" are errors, never a stack overflow', () => {
  const depth = MAX_EXPRESSION_DEPTH;
  assert.equal(depth, 200);
  assert.ok(parseExpression('('.repeat(depth - 1) + '1' + ')'.repeat(depth - 1)).expr);
  for (const text of [
    '('.repeat(depth + 1) + '1' + ')'.repeat(depth + 1),
    '('.repeat(100_000) + '1',
    '['.repeat(100_000),
    '!'.repeat(100_000) + '$.a',
    'not '.repeat(10_000) + '$.a',
    '$.a' + ' or $.a'.repeat(10_000),
    '$.a' + ' | upcase'.repeat(10_000),
  ]) {
    const r = parseExpression(text);
    assert.equal(r.expr, undefined);
    assert.match(r.errors[0].message, /nested too deeply/);
  }
  // a long but flat array is fine
  const flat = parseExpression('[' + Array.from({ length: 5000 }, (_, i) => String(i)).join(',') + ']');
  assert.ok(flat.expr && flat.expr.kind === 'array' && flat.expr.items.length === 5000);
});

// ---- walking ----

test('walkExpr visits parents first, children in source order', () => {
  const kinds: string[] = [];
  walkExpr(parse(`!($.a | default: 1) || [2, $.b] in $.c`), (e) => kinds.push(e.kind === 'literal' ? String(e.value) : e.kind));
  assert.deepEqual(kinds, ['binary', 'not', 'filter', 'path', '1', 'binary', 'array', '2', 'path', 'path']);
});

test('collectPathReads marks reads under default/defined as safe', () => {
  const text = `$.a | default: $.b == workflow.input.x and ($.c | defined) and ($.d | upcase | default: '') and $.e[*].f`;
  const reads = collectPathReads(parse(text));
  assert.deepEqual(
    reads.map((r) => [marked(text, r.span), r.safe]),
    [
      ['$.a', true],
      ['$.b', false],
      ['workflow.input.x', false],
      ['$.c', true],
      ['$.d', false],
      ['$.e[*].f', false],
    ],
  );
  assert.equal(reads[2].path.root, 'workflow');
  assert.deepEqual(collectPathReads(parse('1')), []);
});

// ---- templates ----

test('parseTemplate splits text and expressions with spans', () => {
  const text = 'Hello {{ $.name }}, you have {{ $.items | length }} items';
  const t = parseTemplate(text);
  assert.deepEqual(t.errors, []);
  assert.equal(t.isTemplate, true);
  assert.equal(t.whole, false);
  assert.deepEqual(
    t.parts.map((p) => [p.kind, marked(text, p.span)]),
    [
      ['text', 'Hello '],
      ['expr', '{{ $.name }}'],
      ['text', ', you have '],
      ['expr', '{{ $.items | length }}'],
      ['text', ' items'],
    ],
  );
  const p = t.parts[1];
  assert.ok(p.kind === 'expr');
  if (p.kind !== 'expr') return;
  assert.equal(p.source, ' $.name ');
  assert.equal(marked(text, p.innerSpan), ' $.name ');
  assert.equal(p.closed, true);
  assert.ok(p.expr);
  assert.equal(marked(text, p.expr.span), '$.name');
});

test('template paths with wildcards, indexes and quoted names', () => {
  const text = `{{ $.items[*].id }} {{ $.items[0].id }} {{ $['weird key'] }}`;
  const t = parseTemplate(text);
  assert.deepEqual(t.errors, []);
  const paths = t.parts.flatMap((p) => (p.kind === 'expr' && p.expr ? [p.expr] : []));
  assert.deepEqual(paths.map(show), ['$.items[*].id', '$.items[0].id', `$['weird key']`]);
  const first = paths[0];
  assert.ok(first.kind === 'path');
  if (first.kind === 'path') assert.deepEqual(first.path.segments.map((s) => marked(text, s.span)), ['.items', '[*]', '.id']);
});

test('whole: the trimmed string is exactly one template', () => {
  assert.equal(parseTemplate('{{ $.a }}').whole, true);
  assert.equal(parseTemplate('  {{ $.a }}\n').whole, true);
  assert.equal(parseTemplate('x{{ $.a }}').whole, false);
  assert.equal(parseTemplate('{{ $.a }}{{ $.b }}').whole, false);
  assert.equal(parseTemplate('{{ $.a').whole, false);
  assert.equal(parseTemplate('plain').whole, false);
  const plain = parseTemplate('plain $.a text');
  assert.equal(plain.isTemplate, false);
  assert.deepEqual(plain.parts, [{ kind: 'text', text: 'plain $.a text', span: { start: 0, end: 14 } }]);
  assert.deepEqual(parseTemplate(''), { parts: [], errors: [], isTemplate: false, whole: false });
});

test('an unclosed "{{" is an error from "{{" to the end of the string', () => {
  const text = 'before {{ $.a }} then {{ $.b | default: 1';
  const t = parseTemplate(text);
  assert.equal(t.errors.length, 1);
  assert.equal(marked(text, t.errors[0].span), '{{ $.b | default: 1');
  assert.match(t.errors[0].message, /Unclosed template/);
  const last = t.parts[t.parts.length - 1];
  assert.ok(last.kind === 'expr' && !last.closed && last.expr === undefined);
  if (last.kind === 'expr') assert.equal(last.source, ' $.b | default: 1');
});

test('empty and erroneous templates', () => {
  const text = 'a {{ }} b {{$.x ==}} c';
  const t = parseTemplate(text);
  assert.equal(t.errors.length, 2);
  assert.equal(marked(text, t.errors[0].span), '{{ }}');
  assert.match(t.errors[0].message, /Empty template/);
  assert.equal(marked(text, t.errors[1].span), '==');
  assert.equal(parseTemplate('{{}}').errors.length, 1);
});

test('"}}" inside a quoted string does not end the template', () => {
  const text = `{{ $.a | default: '}}' }} tail`;
  const t = parseTemplate(text);
  assert.deepEqual(t.errors, []);
  assert.equal(marked(text, t.parts[0].span), `{{ $.a | default: '}}' }}`);
  // an unterminated string falls back to the first "}}" and reports the string
  const bad = `{{ 'abc }} tail`;
  const b = parseTemplate(bad);
  assert.equal(b.errors.length, 1);
  assert.equal(marked(bad, b.errors[0].span), `'abc `);
  assert.match(b.errors[0].message, /Unterminated string/);
});

test('nested "{{" inside a template is an error at the inner brace', () => {
  const text = '{{ {{ $.a }} }}';
  const t = parseTemplate(text);
  assert.equal(t.errors.length, 1);
  assert.equal(marked(text, t.errors[0].span), '{');
  assert.equal(t.parts[t.parts.length - 1].kind, 'text');
});
