// A fast path for the YAML that Cascade files are almost always written in: one document of
// block mappings and sequences, single-line plain and quoted scalars, single-line flow
// collections and comments. It builds the span tree (YNode) in one pass over the text, with
// exactly the values, styles and spans the `yaml` library gives (see parseYaml), at a fraction
// of its cost, so that the analysis of a large workflow is not dominated by parsing.
//
// Anything outside that subset (anchors, aliases, tags, block scalars, multi-line scalars,
// several documents, directives, tabs, CR, BOM, control characters, empty values, errors of any
// kind...) makes it give up, and the caller parses the text with the `yaml` library instead.
// A differential test (test/syntax/fast-yaml.test.ts) checks both agree on real files and on
// thousands of random mutations of them.
import type { Span } from './types';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree';

export interface FastParse {
  root: YNode;
  /** The document's span: from the start of the line of its first content to the end of the text. */
  span: Span;
  /** Every mapping, for the duplicate-key check the caller runs. */
  maps: YMap[];
}

/** Thrown (never escapes this module) when the text leaves the supported subset. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

function bail(): never {
  throw UNSUPPORTED;
}

// Characters that end the fast path wherever they appear: tabs, CR, BOM, other control characters,
// and the document markers' and directives' line starts are checked separately.
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f\r\ufeff\u2028\u2029\x85]/;
/** The same, CR allowed (checked apart: only as part of CRLF). */
const UNSUPPORTED_BUT_CR = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\ufeff\u2028\u2029\x85]/;
/** `---` / `...` at a line start (several documents) or `%` (a directive). */
const DOCUMENT_MARKERS = /^(?:---|\.\.\.|%)/m;

// Core schema scalars (yaml 2.x, schema/core): tried in the library's order.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value `yaml`'s core schema gives a plain scalar. */
export function plainValue(s: string): string | number | boolean | null {
  const c = s.length ? s.charCodeAt(0) : 0;
  // Only strings starting with one of these characters can be anything but a string.
  // 0-9 + - . ~ n N t T f F
  if (!(c >= 48 && c <= 57) && c !== 43 && c !== 45 && c !== 46 && c !== 126 && c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70 && s.length) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

const SP = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const DQ = 34;
const SQ = 39;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const PIPE = 124;
const GT = 62;

/** Characters that cannot start a plain scalar here (YAML c-indicators, minus `-`, handled apart). */
function isIndicator(c: number): boolean {
  // ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 63 || c === COLON || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === HASH || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === SQ || c === DQ || c === 37 || c === 64 || c === 96;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

class FastParser {
  private pos = 0;
  /** Indent of the content line the cursor is on; -1 at the end of the text. */
  private ind = -1;
  /** Where the last node parsed ends, its line's comment and line break included (yaml's range[2]). */
  private end2 = 0;
  private depth = 0;
  /**
   * The deepest indent of a comment line in the gap before the current content line (-1: none).
   * `yaml` counts such comments into the range of the collection they follow when the gap closes
   * it, in ways that depend on indents and node types: the fast path gives up there instead.
   */
  private gapComment = -1;
  readonly maps: YMap[] = [];
  private readonly n: number;

  constructor(
    private readonly t: string,
    /** The text had CRLF line breaks (turned into " \n" in `t`: same offsets). */
    private readonly crlf = false,
  ) {
    this.n = t.length;
  }

  parse(): FastParse {
    this.nextContentLine(0);
    if (this.ind < 0) bail(); // no content: an empty document
    const lineStart = this.pos - this.ind;
    const root = this.blockNode(this.ind);
    if (this.ind >= 0) bail(); // content after the root (less indented than it)
    return { root, span: { start: lineStart, end: this.n }, maps: this.maps };
  }

  /**
   * From the start of a line (`from`), skip blank and comment-only lines; leave the cursor on the
   * first character of the next content line and its indent in `ind` (-1 at the end).
   */
  private nextContentLine(from: number): void {
    const t = this.t;
    let p = from;
    this.gapComment = -1;
    for (;;) {
      let q = p;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (q >= this.n) {
        this.pos = this.n;
        this.ind = -1;
        return;
      }
      const c = t.charCodeAt(q);
      if (c === NL) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        if (q - p > this.gapComment) this.gapComment = q - p;
        const nl = t.indexOf('\n', q);
        if (nl < 0) {
          this.pos = this.n;
          this.ind = -1;
          return;
        }
        p = nl + 1;
        continue;
      }
      this.pos = q;
      this.ind = q - p;
      return;
    }
  }

  /** After a node's last character on its line: spaces, an optional comment, the line break. */
  private lineTail(p: number): number {
    const t = this.t;
    let q = p;
    while (q < this.n && t.charCodeAt(q) === SP) q++;
    if (q >= this.n) return this.n;
    const c = t.charCodeAt(q);
    if (c === HASH) {
      if (q === p) bail(); // `#` right after a value is not a comment
      const nl = t.indexOf('\n', q);
      return nl < 0 ? this.n : nl + 1;
    }
    if (c === NL) return q + 1;
    return bail();
  }

  private blockNode(indent: number): YNode {
    if (++this.depth > 100) bail();
    const t = this.t;
    const c = t.charCodeAt(this.pos);
    let node: YNode;
    if (c === DASH && this.blankAt(this.pos + 1)) node = this.blockSeq(indent);
    else if (this.keyEnd(this.pos) >= 0) node = this.blockMap(indent);
    else node = bail(); // a scalar on a line of its own
    this.depth--;
    return node;
  }

  /** A plain scalar can start at `p`: not an indicator, not `- ` (a sequence entry). */
  private plainStart(p: number): void {
    const c = this.t.charCodeAt(p);
    if (isIndicator(c) || (c === DASH && this.blankAt(p + 1))) bail();
  }

  /** Space, line break or end of text at `p`. */
  private blankAt(p: number): boolean {
    if (p >= this.n) return true;
    const c = this.t.charCodeAt(p);
    return c === SP || c === NL;
  }

  /**
   * When a plain implicit key starts at `p` (this line has `key:` followed by a space or line
   * break), the offset of its `:`; else -1.
   */
  private keyEnd(p: number): number {
    const t = this.t;
    const c0 = t.charCodeAt(p);
    if (isIndicator(c0) || c0 === DASH) return -1;
    for (let q = p; q < this.n; q++) {
      const c = t.charCodeAt(q);
      if (c === NL) return -1;
      if (c === COLON && this.blankAt(q + 1)) return q;
      if (c === HASH && t.charCodeAt(q - 1) === SP) return -1;
    }
    return -1;
  }

  private scalar(start: number, end: number, value: string | number | boolean | null, style: string): YScalar {
    return { kind: 'scalar', span: { start, end }, value, style };
  }

  private blockMap(indent: number): YMap {
    const t = this.t;
    const pairs: YPair[] = [];
    const start = this.pos;
    for (;;) {
      // The cursor is on a key at column `indent`.
      const colon = this.keyEnd(this.pos);
      if (colon < 0) bail();
      let ke = colon;
      while (ke > this.pos && t.charCodeAt(ke - 1) === SP) ke--;
      if (colon - this.pos > 1000) bail();
      const keyText = t.slice(this.pos, ke);
      const key = this.scalar(this.pos, ke, plainValue(keyText), 'PLAIN');
      let p = colon + 1;
      while (p < this.n && t.charCodeAt(p) === SP) p++;
      let value: YNode;
      const c = p < this.n ? t.charCodeAt(p) : NL;
      if (c === NL || c === HASH) {
        if (c === HASH && p === colon + 1) bail();
        const after = this.lineTail(p);
        this.nextContentLine(after);
        if (this.ind > indent) value = this.blockNode(this.ind);
        else if (this.ind === indent && t.charCodeAt(this.pos) === DASH && this.blankAt(this.pos + 1)) value = this.blockSeq(indent);
        else return bail(); // an empty value
      } else {
        this.pos = p;
        value = this.inlineValue(indent);
      }
      pairs.push({ key, value, span: { start: key.span.start, end: Math.max(value.span.end, key.span.end) } });
      if (this.ind < indent) {
        if (this.gapComment >= indent) bail();
        break;
      }
      if (this.ind > indent) bail();
      if (t.charCodeAt(this.pos) === DASH && this.blankAt(this.pos + 1)) bail();
    }
    const map: YMap = { kind: 'map', span: { start, end: this.end2 }, pairs, flow: false };
    this.maps.push(map);
    return map;
  }

  private blockSeq(indent: number): YSeq {
    const t = this.t;
    const items: YNode[] = [];
    const start = this.pos;
    for (;;) {
      // The cursor is on a `-` at column `indent`.
      const lineStart = this.pos - indent;
      let p = this.pos + 1;
      while (p < this.n && t.charCodeAt(p) === SP) p++;
      const c = p < this.n ? t.charCodeAt(p) : NL;
      let item: YNode;
      if (c === NL || c === HASH) {
        if (c === HASH && p === this.pos + 1) bail();
        this.nextContentLine(this.lineTail(p));
        if (this.ind > indent) item = this.blockNode(this.ind);
        else return bail(); // an empty item
      } else {
        this.pos = p;
        const col = p - lineStart;
        if (++this.depth > 100) bail();
        if (c === DASH && this.blankAt(p + 1)) item = this.blockSeq(col);
        else if (this.keyEnd(p) >= 0) item = this.blockMap(col);
        else item = this.inlineValue(indent);
        this.depth--;
      }
      items.push(item);
      if (this.ind < indent) {
        if (this.gapComment >= indent) bail();
        break;
      }
      if (this.ind > indent) bail();
      if (!(t.charCodeAt(this.pos) === DASH && this.blankAt(this.pos + 1))) {
        // A key after a compact sequence.
        if (this.gapComment >= indent) bail();
        break;
      }
    }
    return { kind: 'seq', span: { start, end: this.end2 }, items, flow: false };
  }

  /**
   * A value that starts on the current line after `key: ` or `- `: a flow collection, a quoted
   * or a plain scalar, all on this line. Leaves the cursor on the next content line, which must
   * not be more indented than `parentIndent` (else the value would go on: unsupported).
   */
  private inlineValue(parentIndent: number): YNode {
    const t = this.t;
    const p = this.pos;
    const c = t.charCodeAt(p);
    let node: YNode;
    let end: number;
    if (c === LBRACKET || c === LBRACE) {
      node = this.flow(p);
      end = node.span.end;
    } else if (c === DQ || c === SQ) {
      node = this.quoted(p);
      end = node.span.end;
    } else if (c === PIPE || c === GT) {
      return this.blockScalar(p, parentIndent);
    } else {
      this.plainStart(p);
      // A plain scalar: to the end of the line or a comment; `: ` inside would be a nested map.
      let q = p;
      let last = p;
      for (; q < this.n; q++) {
        const ch = t.charCodeAt(q);
        if (ch === NL) break;
        if (ch === HASH && t.charCodeAt(q - 1) === SP) break;
        if (ch === COLON && this.blankAt(q + 1)) bail();
        if (ch !== SP) last = q + 1;
      }
      node = this.scalar(p, last, plainValue(t.slice(p, last)), 'PLAIN');
      end = last;
    }
    this.end2 = this.lineTail(end);
    this.nextContentLine(this.end2);
    if (this.ind > parentIndent) bail();
    return node;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `p`, with clip or strip
   * chomping, content indented more than `parentIndent`, no indentation indicator, no leading
   * blank lines and (folded) no more-indented lines. Leaves the cursor on the next content line.
   */
  private blockScalar(p: number, parentIndent: number): YScalar {
    const t = this.t;
    // Block scalars keep trailing spaces: with the CR of CRLF turned into one, not here.
    if (this.crlf) bail();
    const literal = t.charCodeAt(p) === PIPE;
    let q = p + 1;
    let strip = false;
    if (t.charCodeAt(q) === DASH) {
      strip = true;
      q++;
    }
    // Keep chomping, indentation indicators, anything else on the header line but a comment: not here.
    const afterHeader = this.lineTail(q);
    if (afterHeader >= this.n) bail();
    // The first content line sets the indent.
    let ls = afterHeader;
    let i = ls;
    while (i < this.n && t.charCodeAt(i) === SP) i++;
    const indent = i - ls;
    if (i >= this.n || t.charCodeAt(i) === NL || indent <= parentIndent) bail();
    const lines: string[] = [];
    let end = ls;
    let pendingEmpty = 0;
    for (;;) {
      // `ls` is a line start inside the scalar (or just past it).
      let j = ls;
      while (j < this.n && j - ls < indent && t.charCodeAt(j) === SP) j++;
      if (j >= this.n) break;
      const c = t.charCodeAt(j);
      if (c === NL) {
        // An empty line (spaces up to the indent at most).
        pendingEmpty++;
        ls = j + 1;
        continue;
      }
      if (j - ls < indent) break; // a less indented line ends the scalar
      const nl = t.indexOf('\n', j);
      const lineEnd = nl < 0 ? this.n : nl;
      const text = t.slice(j, lineEnd);
      if (!literal && text.charCodeAt(0) === SP) bail(); // folded, more indented: not here
      if (/^ *$/.test(text)) bail(); // spaces beyond the indent on a blank line
      for (; pendingEmpty > 0; pendingEmpty--) lines.push('');
      lines.push(text);
      end = nl < 0 ? this.n : nl + 1;
      if (nl < 0) break;
      ls = nl + 1;
    }
    let value: string;
    if (literal) value = lines.join('\n');
    else {
      value = '';
      let prevEmpty = true;
      for (const l of lines) {
        if (l === '') {
          value += '\n';
          prevEmpty = true;
          continue;
        }
        if (!prevEmpty) value += ' ';
        value += l;
        prevEmpty = false;
      }
    }
    if (!strip) value += '\n';
    const node = this.scalar(p, end, value, literal ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED');
    this.end2 = end;
    this.nextContentLine(end);
    if (this.ind > parentIndent && this.ind < indent) bail();
    return node;
  }

  /** A single-line quoted scalar starting at `p`. */
  private quoted(p: number): YScalar {
    const t = this.t;
    const q = t.charCodeAt(p);
    let i = p + 1;
    if (q === DQ) {
      for (; i < this.n; i++) {
        const ch = t.charCodeAt(i);
        if (ch === DQ) break;
        if (ch === BACKSLASH || ch === NL) bail();
      }
      if (i >= this.n) bail();
      return this.scalar(p, i + 1, t.slice(p + 1, i), 'QUOTE_DOUBLE');
    }
    let doubled = false;
    for (; i < this.n; i++) {
      const ch = t.charCodeAt(i);
      if (ch === NL) bail();
      if (ch === SQ) {
        if (t.charCodeAt(i + 1) === SQ) {
          doubled = true;
          i++;
          continue;
        }
        break;
      }
    }
    if (i >= this.n) bail();
    const raw = t.slice(p + 1, i);
    return this.scalar(p, i + 1, doubled ? raw.replace(/''/g, "'") : raw, 'QUOTE_SINGLE');
  }

  /** A flow collection that opens and closes on this line. */
  private flow(open: number): YMap | YSeq {
    if (++this.depth > 100) bail();
    const t = this.t;
    const isMap = t.charCodeAt(open) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    let p = open + 1;
    const items: YNode[] = [];
    const pairs: YPair[] = [];
    for (;;) {
      p = this.skipSpaces(p);
      if (t.charCodeAt(p) === close) {
        if (items.length || pairs.length) bail(); // a trailing comma
        break;
      }
      if (isMap) {
        const key = this.flowScalar(p, true);
        p = key.span.end;
        if (t.charCodeAt(p) !== COLON || !(this.blankAt(p + 1) || isFlowIndicator(t.charCodeAt(p + 1)))) bail();
        p = this.skipSpaces(p + 1);
        const value = this.flowNode(p);
        pairs.push({ key, value, span: { start: key.span.start, end: Math.max(value.span.end, key.span.end) } });
        p = value.span.end;
      } else {
        const item = this.flowNode(p);
        items.push(item);
        p = item.span.end;
      }
      p = this.skipSpaces(p);
      const c = t.charCodeAt(p);
      if (c === COMMA) {
        p++;
        const q = this.skipSpaces(p);
        if (t.charCodeAt(q) === close) bail(); // a trailing comma
        continue;
      }
      if (c === close) break;
      bail();
    }
    this.depth--;
    const span = { start: open, end: p + 1 };
    if (isMap) {
      const map: YMap = { kind: 'map', span, pairs, flow: true };
      this.maps.push(map);
      return map;
    }
    return { kind: 'seq', span, items, flow: true };
  }

  private skipSpaces(p: number): number {
    const t = this.t;
    while (p < this.n && t.charCodeAt(p) === SP) p++;
    if (p >= this.n || t.charCodeAt(p) === NL) bail(); // a flow collection over several lines
    return p;
  }

  private flowNode(p: number): YNode {
    const c = this.t.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return this.flow(p);
    return this.flowScalar(p, false);
  }

  /** A quoted or plain scalar inside a flow collection (a map key when `key`). */
  private flowScalar(p: number, key: boolean): YScalar {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === DQ || c === SQ) {
      if (key) bail();
      return this.quoted(p);
    }
    this.plainStart(p);
    let q = p;
    let last = p;
    for (; q < this.n; q++) {
      const ch = t.charCodeAt(q);
      if (ch === NL || isFlowIndicator(ch)) break;
      if (ch === HASH && t.charCodeAt(q - 1) === SP) bail();
      if (ch === COLON) {
        const next = q + 1 < this.n ? t.charCodeAt(q + 1) : NL;
        if (next === SP || next === NL || isFlowIndicator(next)) {
          if (!key) bail(); // an implicit pair inside a flow sequence, or `a: b: c`
          break;
        }
      }
      if (ch !== SP) last = q + 1;
    }
    if (last === p) bail();
    return this.scalar(p, last, plainValue(t.slice(p, last)), 'PLAIN');
  }
}

/**
 * The span tree of a text in the supported subset, or undefined when the text needs the full
 * YAML parser. Never throws.
 */
export function fastParseYaml(text: string): FastParse | undefined {
  if (text.length === 0 || DOCUMENT_MARKERS.test(text)) return undefined;
  let source = text;
  let crlf = false;
  if (UNSUPPORTED_CHARS.test(text)) {
    // CRLF line breaks (Windows): each CR becomes a space, which every construct of the subset
    // but block scalars ignores at the end of a line, so values and offsets stay the same.
    if (UNSUPPORTED_BUT_CR.test(text) || /\r(?!\n)/.test(text)) return undefined;
    source = text.replace(/\r/g, ' ');
    crlf = true;
  }
  try {
    return new FastParser(source, crlf).parse();
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    // A bug here must not cost the user a result: the full parser takes over.
    return undefined;
  }
}
