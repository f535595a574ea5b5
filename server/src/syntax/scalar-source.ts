// Decodes the source of a multi-line or block scalar the way YAML does (line folding, block
// indentation, escapes), keeping for each character of the value the offset it came from.
// Callers check the decoded text against the parser's value and fall back when they differ, so a
// case this does not know (an explicit indentation indicator, say) costs precision, never a wrong span.

export interface DecodedScalar {
  value: string;
  /** Offset in the source slice of each UTF-16 unit of `value`. */
  offsets: number[];
}

interface Line {
  /** Offset of the line's first character in the source slice. */
  start: number;
  text: string;
  /** Offset of the line break that ends it (the slice length for the last line). */
  breakAt: number;
}

function splitLines(src: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || src[i] === '\n') {
      const end = i > start && src[i - 1] === '\r' && i !== to ? i - 1 : i;
      lines.push({ start, text: src.slice(start, end), breakAt: end });
      start = i + 1;
    }
  }
  return lines;
}

const SPACE = /[ \t]/;

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** Flow scalars (plain, single- or double-quoted) over several lines: folding and escapes. */
function decodeFlow(src: string, style: string): DecodedScalar | undefined {
  const quoted = style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE';
  const from = quoted ? 1 : 0;
  const to = quoted ? src.length - 1 : src.length;
  if (to < from) return undefined;
  const lines = splitLines(src, from, to);
  const value: string[] = [];
  const offsets: number[] = [];
  const emit = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) {
      value.push(s[k]);
      offsets.push(at);
    }
  };
  let pendingBreaks = 0;
  let pendingAt = -1;
  let joined = false; // the previous line ended with an escaped line break
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const first = li === 0;
    const last = li === lines.length - 1;
    let s = 0;
    let e = line.text.length;
    if (!first || !quoted) while (s < e && SPACE.test(line.text[s])) s++;
    const blank = s === e;
    if (!first && !last && blank) {
      pendingBreaks++;
      continue;
    }
    if (!first && !joined) {
      if (pendingBreaks > 0) for (let k = 0; k < pendingBreaks; k++) emit('\n', pendingAt);
      else emit(' ', pendingAt);
    }
    pendingBreaks = 0;
    joined = false;
    // Trailing white space before a line break is not content, unless escaped; in a
    // double-quoted scalar a "\\" right before the break joins the lines without a space.
    let escapedBreak = false;
    if (!last) {
      if (style === 'QUOTE_DOUBLE') {
        let n = 0;
        while (e - 1 - n >= s && line.text[e - 1 - n] === '\\') n++;
        if (n % 2 === 1) {
          escapedBreak = true;
          e--;
        }
      }
      if (!escapedBreak) {
        while (e > s && SPACE.test(line.text[e - 1])) e--;
        // "\\ " is an escaped space: keep it.
        if (style === 'QUOTE_DOUBLE' && e < line.text.length && e > s && line.text[e - 1] === '\\') {
          let n = 0;
          while (e - 1 - n >= s && line.text[e - 1 - n] === '\\') n++;
          if (n % 2 === 1) e++;
        }
      }
    }
    for (let i = s; i < e; i++) {
      const ch = line.text[i];
      const at = line.start + i;
      if (style === 'QUOTE_SINGLE' && ch === "'" && line.text[i + 1] === "'") {
        emit("'", at);
        i++;
      } else if (style === 'QUOTE_DOUBLE' && ch === '\\') {
        const n = line.text[i + 1];
        if (n === undefined) return undefined;
        const width = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
        if (width > 0) {
          const cp = parseInt(line.text.slice(i + 2, i + 2 + width), 16);
          if (!Number.isFinite(cp)) return undefined;
          emit(String.fromCodePoint(cp), at);
          i += 1 + width;
        } else if (Object.hasOwn(SIMPLE_ESCAPES, n)) {
          emit(SIMPLE_ESCAPES[n], at);
          i++;
        } else return undefined;
      } else emit(ch, at);
    }
    joined = escapedBreak;
    pendingAt = line.breakAt;
  }
  return { value: value.join(''), offsets };
}

/** Block scalars (`|` and `>`), with auto-detected indentation and any chomping indicator. */
function decodeBlock(src: string, style: string): DecodedScalar | undefined {
  const headerEnd = src.indexOf('\n');
  if (headerEnd < 0) return { value: '', offsets: [] };
  const header = src.slice(0, headerEnd).replace(/\r$/, '').replace(/\s+#.*$/, '').trim();
  const m = /^[|>]([+-]?)$/.exec(header) ?? /^[|>]([+-]?)$/.exec(header.replace(/\s.*$/, ''));
  if (!m) return undefined; // an explicit indentation indicator: the parent's indentation is not known here
  const chomp = m[1];
  const lines = splitLines(src, headerEnd + 1, src.length);
  if (lines.length && lines[lines.length - 1].text.trim() === '' && src.endsWith('\n')) lines.pop();
  let indent = -1;
  for (const l of lines) {
    if (l.text.trim() !== '') {
      indent = l.text.length - l.text.trimStart().length;
      break;
    }
  }
  if (indent < 0) return undefined;
  const value: string[] = [];
  const offsets: number[] = [];
  const emit = (ch: string, at: number): void => {
    value.push(ch);
    offsets.push(at);
  };
  // Content lines, then the line breaks after the last one (chomping decides how many stay).
  let lastContent = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i].text.trim() !== '') lastContent = i;
  let prevKind: 'none' | 'normal' | 'more' = 'none';
  let emptyRun: Line[] = [];
  let lastBreakAt = -1;
  for (let i = 0; i <= lastContent; i++) {
    const l = lines[i];
    const isEmpty = l.text.trim() === '' && l.text.length <= indent;
    if (isEmpty) {
      emptyRun.push(l);
      continue;
    }
    const body = l.text.slice(indent);
    const kind: 'normal' | 'more' = SPACE.test(body[0] ?? '') ? 'more' : 'normal';
    if (prevKind !== 'none') {
      if (style === 'BLOCK_FOLDED' && prevKind === 'normal' && kind === 'normal') {
        if (emptyRun.length === 0) emit(' ', lastBreakAt);
        else for (const e of emptyRun) emit('\n', e.start);
      } else {
        emit('\n', lastBreakAt);
        for (const e of emptyRun) emit('\n', e.start);
      }
    } else for (const e of emptyRun) emit('\n', e.start);
    emptyRun = [];
    for (let k = 0; k < body.length; k++) emit(body[k], l.start + indent + k);
    prevKind = kind;
    lastBreakAt = l.breakAt;
  }
  if (chomp !== '-' && lastContent >= 0) {
    emit('\n', lastBreakAt);
    if (chomp === '+') for (let i = lastContent + 1; i < lines.length; i++) emit('\n', lines[i].start);
  }
  return { value: value.join(''), offsets };
}

/** The decoded value of a scalar's source slice with per-character offsets, when it can be decoded. */
export function decodeScalarSource(src: string, style: string): DecodedScalar | undefined {
  try {
    if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') return decodeBlock(src, style);
    if (style === 'PLAIN' || style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') return decodeFlow(src, style);
  } catch {
    // A malformed escape or an unexpected layout: the caller falls back.
  }
  return undefined;
}
