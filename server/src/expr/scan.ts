// Character-level scanners shared by the expr/ parsers (names, quoted strings, brackets).
// Every scanner reads only within [pos, end) and returns an offset in that range; none throws.

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{Nd}_-]/u;

/** Length in UTF-16 units of the code point at `pos` (1 or 2; 0 at or past the end). */
export function codePointLength(text: string, pos: number): number {
  if (pos >= text.length) return 0;
  const c = text.charCodeAt(pos);
  if (c >= 0xd800 && c <= 0xdbff && pos + 1 < text.length) {
    const d = text.charCodeAt(pos + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

function codePointAt(text: string, pos: number, end: number): string {
  if (pos >= end) return '';
  return text.slice(pos, pos + Math.min(codePointLength(text, pos), end - pos));
}

export function isNameStartAt(text: string, pos: number, end = text.length): boolean {
  return NAME_START.test(codePointAt(text, pos, end));
}

export function isNamePartAt(text: string, pos: number, end = text.length): boolean {
  return NAME_PART.test(codePointAt(text, pos, end));
}

export function isDigit(text: string, pos: number, end = text.length): boolean {
  if (pos >= end) return false;
  const c = text.charCodeAt(pos);
  return c >= 48 && c <= 57;
}

export function isWhitespace(text: string, pos: number, end = text.length): boolean {
  return pos < end && /\s/.test(text[pos]);
}

/** End of the name that starts at `pos` (a name start, then name characters). */
export function scanName(text: string, pos: number, end = text.length): number {
  if (!isNameStartAt(text, pos, end)) return pos;
  let i = pos + codePointLength(text, pos);
  while (i < end && isNamePartAt(text, i, end)) i += codePointLength(text, i);
  return Math.min(i, end);
}

export function scanDigits(text: string, pos: number, end = text.length): number {
  let i = pos;
  while (isDigit(text, i, end)) i++;
  return i;
}

export interface QuotedScan {
  value: string;
  /** Offset just past the closing quote, or `end` when unterminated. */
  end: number;
  terminated: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/**
 * Reads a quoted string starting at the quote character at `pos`. A backslash escapes the
 * next character (\n, \t, \r, \b, \f, \0, \uXXXX are decoded; any other character stands for itself).
 */
export function scanQuoted(text: string, pos: number, end = text.length): QuotedScan {
  const q = text[pos];
  let value = '';
  let chunk = pos + 1; // start of the run of plain characters not yet copied into `value`
  let i = pos + 1;
  while (i < end) {
    const c = text[i];
    if (c === q) return { value: value + text.slice(chunk, i), end: i + 1, terminated: true };
    if (c === '\\') {
      value += text.slice(chunk, i);
      if (i + 1 >= end) return { value, end, terminated: false };
      const e = text[i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, Math.min(i + 6, end)))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        value += ESCAPES[e] ?? e;
        i += 2;
      }
      chunk = i;
      continue;
    }
    i++;
  }
  return { value: value + text.slice(chunk, end), end, terminated: false };
}

/**
 * Offset just past the `]` that closes the `[` at `pos`, honouring nested brackets,
 * parentheses and quoted strings; `end` when it is never closed.
 */
export function findBracketEnd(text: string, pos: number, end = text.length): number {
  let depth = 0;
  let i = pos;
  while (i < end) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = scanQuoted(text, i, end).end;
      continue;
    }
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth <= 0) return i + 1;
    }
    i++;
  }
  return end;
}

/** The code point at `pos` for messages, e.g. `"+"`; "the end" past the end. */
export function describeCharAt(text: string, pos: number, end = text.length): string {
  if (pos >= end) return 'the end';
  return JSON.stringify(codePointAt(text, pos, end));
}
