import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closest,
  collectPathReads,
  parseDuration,
  parseExpression,
  parseReferencePath,
  parseTemplate,
  parseUrn,
  toSnakeCase,
} from '../../server/src/expr';

// Large adversarial inputs: each must finish (a quadratic path on ~1 MB takes minutes and
// runs into the test runner's timeout). No timed assertion: shared machines make them flaky;
// bench/ measures speed.
function timed(label: string, run: () => unknown): void {
  assert.doesNotThrow(run, label);
}

const MB = 1_000_000;

test('templates: many opens, many closes, unterminated strings, many templates', () => {
  timed('{{ x n', () => parseTemplate('{{'.repeat(MB / 2)));
  timed('}} x n', () => parseTemplate('}}'.repeat(MB / 2)));
  timed('unterminated strings', () => parseTemplate(`{{ ' }}` + String.raw`{{ \' }}`.repeat(100_000)));
  timed('unterminated double quotes', () => parseTemplate(`{{ " }}` + String.raw`{{ \" }}{{ \' }}`.repeat(50_000)));
  timed('many small templates', () => {
    const t = parseTemplate('{{ $.a | default: 1 }} '.repeat(40_000));
    assert.equal(t.errors.length, 0);
  });
  timed('blank template', () => parseTemplate('{{' + ' '.repeat(MB) + '}}'));
});

test('expressions: long paths, long flat arrays, deep nesting', () => {
  timed('long path', () => {
    const r = parseExpression('$' + '.a'.repeat(MB / 2));
    assert.ok(r.expr);
    assert.equal(collectPathReads(r.expr).length, 1);
  });
  timed('long index path', () => assert.ok(parseExpression('$' + '[0]'.repeat(MB / 3)).expr));
  timed('flat array', () => assert.ok(parseExpression('[' + '1,'.repeat(MB / 2) + '1]').expr));
  timed('parens', () => assert.ok(parseExpression('('.repeat(MB)).errors.length === 1));
  timed('or chain', () => assert.ok(parseExpression('1' + ' or 1'.repeat(MB / 5)).errors.length === 1));
  timed('long string', () => assert.ok(parseExpression(`'` + 'x'.repeat(MB) + `'`).expr));
  timed('unterminated string', () => assert.ok(parseExpression(`'` + '\\x'.repeat(MB / 2)).errors.length === 1));
  timed('unknown names', () => assert.ok(parseExpression('x' + '.y'.repeat(MB / 2)).errors.length === 1));
});

test('reference paths, durations, URNs and names', () => {
  timed('long reference path', () => assert.ok(parseReferencePath('$' + "['a']".repeat(MB / 5)).path));
  timed('template-looking path with blanks', () => parseReferencePath('{{' + ' '.repeat(MB) + 'x'));
  timed('blank-ended path', () => parseReferencePath('$.a' + ' '.repeat(MB)));
  timed('bracket soup', () => parseReferencePath('$[' + '['.repeat(MB)));
  timed('quoted soup', () => parseReferencePath("$['" + "\\'".repeat(MB / 2)));
  timed('long not-a-path', () => parseReferencePath('a.'.repeat(MB / 2) + 'b'));
  timed('long duration', () => assert.ok(parseDuration('1h'.repeat(MB / 2)).ms));
  timed('long unit', () => parseDuration('1' + 'x'.repeat(MB)));
  timed('long URN', () => parseUrn('urn:cascade:activity:' + 'a'.repeat(MB)));
  timed('many colons', () => parseUrn('urn:' + ':'.repeat(MB)));
  timed('snake case of capitals', () => toSnakeCase('A'.repeat(MB)));
  timed('snake case of underscores', () => toSnakeCase('_'.repeat(MB) + 'a'));
  timed('closest with a long name', () => closest('a'.repeat(MB), ['a'.repeat(MB)]));
});
