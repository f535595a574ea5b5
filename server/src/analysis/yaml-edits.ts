// Small text edits that add block-style YAML next to what is there (a key after a key, an item
// after the last item of a list), indented like their neighbours. Flow-style mappings and lists
// are left alone: the callers offer no edit there rather than a wrong one.
import { Span, TextEdit } from '../syntax/types';
import { YNode } from '../syntax/yaml-tree';

/** The column (UTF-16 units from the line start) of an offset. */
export function columnAt(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** Where new lines go after the node or entry ending at `end`: the end of its last line. */
function afterLastLine(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  const nl = text.indexOf('\n', e);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Insert `lines` (already indented relative to the key) as keys after the entry whose key is at `keySpan`. */
export function insertAfterEntry(text: string, keySpan: Span, entrySpan: Span, lines: string[]): TextEdit {
  const indent = ' '.repeat(columnAt(text, keySpan.start));
  const at = afterLastLine(text, entrySpan.start, entrySpan.end);
  const eol = eolOf(text);
  return { span: { start: at, end: at }, newText: lines.map((l) => eol + indent + l).join('') };
}

/** Insert a new item (its lines, the first without the dash) after the last item of a block list. */
export function appendListItem(text: string, list: YNode, lines: string[]): TextEdit | undefined {
  if (list.kind !== 'seq' || list.flow || list.items.length === 0) return undefined;
  const last = list.items[list.items.length - 1];
  const lineStart = text.lastIndexOf('\n', last.span.start - 1) + 1;
  const dash = text.lastIndexOf('-', last.span.start);
  if (dash < lineStart) return undefined;
  const indent = ' '.repeat(dash - lineStart);
  const at = afterLastLine(text, last.span.start, last.span.end);
  const eol = eolOf(text);
  return { span: { start: at, end: at }, newText: lines.map((l, i) => eol + indent + (i === 0 ? '- ' : '  ') + l).join('') };
}
