// The stylish code frame underlines by display column: wide (CJK, fullwidth, emoji) characters
// take two columns, combining marks none, tabs run to the next stop in the line and in the
// underline alike, and control characters are drawn visibly instead of reaching the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFrame, PLAIN } from '../../server/src/cli/formatters/stylish';
import { layOutLine } from '../../server/src/cli/formatters/display-width';
import { LineIndex } from '../../server/src/syntax/line-index';

/** The frame for the first occurrence of `target` in the last line of `text`. */
function frame(text: string, target: string, occurrence = 0): string[] {
  let start = text.lastIndexOf('\n') + 1;
  for (let k = 0; k <= occurrence; k++) start = text.indexOf(target, k ? start + 1 : start);
  assert.ok(start >= 0, `"${target}" not found`);
  return codeFrame(new LineIndex(text), { start, end: start + target.length }, PLAIN).split('\n');
}

/** The printed line and its underline, without the gutter. */
function marked(lines: string[]): [string, string] {
  const i = lines.findIndex((l) => l.startsWith('    >'));
  const strip = (s: string) => s.slice(s.indexOf('|') + 2);
  return [strip(lines[i]), strip(lines[i + 1])];
}

test('ASCII: the underline sits under the span', () => {
  assert.deepEqual(marked(frame('a: 1\nnext: Bye\n'.slice(0, -1), 'Bye')), ['next: Bye', '      ^^^']);
});

test('CJK before the span: two columns each', () => {
  const [line, under] = marked(frame('- { name: 注文処理, nxt: Bye }', 'nxt'));
  assert.equal(line, '- { name: 注文処理, nxt: Bye }');
  assert.equal(under, ' '.repeat(10 + 8 + 2) + '^^^');
});

test('CJK inside the span: the underline covers their full width', () => {
  const [, under] = marked(frame('next: 注文処理', '注文処理'));
  assert.equal(under, '      ' + '^'.repeat(8));
});

test('fullwidth forms and Hangul are wide too', () => {
  assert.equal(marked(frame('a: ＡＢ x', 'x'))[1], ' '.repeat(3 + 4 + 1) + '^');
  assert.equal(marked(frame('a: 한국 x', 'x'))[1], ' '.repeat(3 + 4 + 1) + '^');
});

test('emoji (a surrogate pair, two UTF-16 units) take two columns; emoji sequences count once', () => {
  assert.equal(marked(frame('icon: "🚀" nxt', 'nxt'))[1], ' '.repeat(7 + 2 + 2) + '^^^');
  // BMP emoji with emoji presentation (✨) and an emoji made by VS16 (❤️): two columns.
  assert.equal(marked(frame('a: ✨❤️ x', 'x'))[1], ' '.repeat(3 + 4 + 1) + '^');
  // A ZWJ family and a thumbs-up with a skin tone: one emoji each on screen.
  assert.equal(marked(frame('a: 👩‍👩‍👧👍🏽 x', 'x'))[1], ' '.repeat(3 + 4 + 1) + '^');
  assert.equal(marked(frame('a: "🚀" x', '🚀'))[1], '    ^^');
});

test('combining marks take no column', () => {
  const decomposed = 'cafe\u0301';
  const [line, under] = marked(frame(`name: ${decomposed} nxt`, 'nxt'));
  assert.equal(line, `name: ${decomposed} nxt`);
  assert.equal(under, ' '.repeat(6 + 4 + 1) + '^^^');
  // A span over the base letter and its mark is one column wide.
  assert.equal(marked(frame(`x: e\u0301`, 'e\u0301'))[1], '   ^');
});

test('tabs expand to the same stops in the line and in the underline', () => {
  const [line, under] = marked(frame('a:\t"x\ty" nxt', 'nxt'));
  assert.equal(line, 'a:  "x  y" nxt');
  assert.equal(under, ' '.repeat(11) + '^^^');
  // A span over a tab covers its expanded width.
  assert.equal(marked(frame('ab:\tx', '\t'))[1], '   ^');
  assert.equal(marked(frame('a:\tx', ':\t'))[1], ' ^^^');
});

test('control characters are drawn visibly (no escape sequence reaches the terminal)', () => {
  const [line, under] = marked(frame('a: "\u001b[31m" nxt', 'nxt'));
  assert.equal(line, 'a: "\u241b[31m" nxt');
  assert.doesNotMatch(line, /\u001b/);
  assert.equal(under, ' '.repeat(11) + '^^^');
});

test('several lines, an empty span, and a span ending inside a CRLF line break', () => {
  const text = 'a: 1\r\nb: 注文\r\nc: 3';
  const start = text.indexOf('注');
  const lines = codeFrame(new LineIndex(text), { start, end: text.indexOf('\nc') }, PLAIN).split('\n');
  assert.deepEqual(lines, ['      1 | a: 1', '    > 2 | b: 注文', '        |    ^^^^']);
  const empty = codeFrame(new LineIndex('k: 注文'), { start: 5, end: 5 }, PLAIN).split('\n');
  assert.deepEqual(empty, ['    > 1 | k: 注文', '        |        ^']);
  const multi = codeFrame(new LineIndex('x:\n  注文: 1\n  b: 2'), { start: 5, end: 14 }, PLAIN).split('\n');
  assert.deepEqual(multi, ['      1 | x:', '    > 2 |   注文: 1', '        |   ^^^^^^^', '    > 3 |   b: 2', '        | ^^^']);
});

test('layOutLine: a column for every UTF-16 offset, monotonic, ending at the width', () => {
  const l = layOutLine('a🚀注\u0301\tz');
  assert.deepEqual(l.columns, [0, 1, 1, 3, 5, 5, 8, 9]);
  assert.equal(l.width, 9);
  assert.equal(l.text, 'a🚀注\u0301   z');
});
