// Parses YAML text into a small span-carrying tree (YNode) per document. Never throws:
// every problem becomes a SyntaxProblem. Aliases are expanded under a node budget and the
// depth is capped, so alias bombs and deep nesting cost bounded time and memory.
import * as YAML from 'yaml';
// Direct references: through the `import *` namespace each call would go via a getter.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { Span } from './types';
import { decodeScalarSource } from './scalar-source';
import { fastParseYaml } from './fast-yaml';

export interface YScalar {
  kind: 'scalar';
  span: Span;
  value: string | number | boolean | null;
  /** The YAML scalar style: PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  style: string;
}
export interface YPair {
  key: YScalar;
  value: YNode | null;
  span: Span;
}
export interface YMap {
  kind: 'map';
  span: Span;
  pairs: YPair[];
  flow: boolean;
}
export interface YSeq {
  kind: 'seq';
  span: Span;
  items: YNode[];
  flow: boolean;
}
export type YNode = YScalar | YMap | YSeq;

export type SyntaxProblemKind = 'yaml-syntax' | 'duplicate-key';
export interface SyntaxProblem {
  kind: SyntaxProblemKind;
  message: string;
  span: Span;
  related?: { span: Span; message: string }[];
}

export interface YDocument {
  root: YNode | null;
  span: Span;
  /** Offset where the document's content starts (after `---`). */
  contentStart: number;
}

export interface YComment {
  span: Span;
  text: string;
}

export interface ParsedText {
  text: string;
  documents: YDocument[];
  problems: SyntaxProblem[];
  /**
   * Every comment of the text. Computed on first read (it costs a second lexing pass, and
   * most analyses only need it when the text holds a suppression directive).
   */
  readonly comments: YComment[];
}

/** Nodes that alias expansion may add to a document (the copies, not the anchored originals). */
export const MAX_ALIAS_EXPANSION = 100_000;
export const MAX_DEPTH = 500;
/** YAML documents analysed per file; the rest are reported once and skipped. */
export const MAX_DOCUMENTS = 1000;

function cleanMessage(message: string): string {
  let first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  if (first.endsWith(':')) first = first.slice(0, -1);
  if (first === 'Maximum call stack size exceeded') first = 'Nesting is too deep to parse';
  return first.endsWith('.') ? first : first + '.';
}

class Converter {
  /** Nodes created inside alias expansions; the anchored originals are not counted. */
  expanded = 0;
  aliasLimitHit = false;
  depthLimitHit: Span | null = null;
  private readonly aliasTargets = new Map<YAML.Alias, unknown>();
  constructor(
    private readonly doc: YAML.Document.Parsed,
    private readonly problems: SyntaxProblem[],
  ) {}

  convert(node: unknown, depth: number, aliasSpan: Span | null): YNode | null {
    if (node == null) return null;
    if (depth > MAX_DEPTH) {
      if (!this.depthLimitHit) this.depthLimitHit = rangeSpan(node);
      return null;
    }
    if (isAlias(node)) {
      // Alias.resolve walks the whole document; a self-referencing anchor resolves the same
      // alias node thousands of times, so remember each alias's target.
      let target = this.aliasTargets.get(node);
      if (target === undefined) {
        target = node.resolve(this.doc) ?? null;
        this.aliasTargets.set(node, target);
      }
      if (!target) {
        // `yaml` only notices an alias without an anchor when converting to JS; say so here.
        if (aliasSpan === null) this.problems.push({ kind: 'yaml-syntax', message: `Unknown alias "*${node.source}": no anchor "&${node.source}" is defined before it.`, span: rangeSpan(node) });
        return null;
      }
      const here = aliasSpan ?? rangeSpan(node);
      if (this.expanded > MAX_ALIAS_EXPANSION) {
        this.aliasLimitHit = true;
        return null;
      }
      return this.convert(target, depth + 1, here);
    }
    // Only copies made by alias expansion count against the budget: a large document without
    // aliases is bounded by the file size limit instead (a 5,000-state workflow has ~150k nodes).
    if (aliasSpan !== null && ++this.expanded > MAX_ALIAS_EXPANSION) {
      this.aliasLimitHit = true;
      return null;
    }
    const span = aliasSpan ?? rangeSpan(node);
    if (isScalar(node)) {
      return { kind: 'scalar', span, value: scalarValue(node.value), style: String(node.type ?? 'PLAIN') };
    }
    if (isMap(node)) {
      const pairs: YPair[] = [];
      for (const item of node.items) {
        if (this.aliasLimitHit) break;
        const keyNode = this.convert(item.key, depth + 1, aliasSpan);
        const key: YScalar =
          keyNode && keyNode.kind === 'scalar'
            ? keyNode
            : { kind: 'scalar', span: keyNode ? keyNode.span : span, value: keyNode ? '[complex key]' : '', style: 'PLAIN' };
        const value = this.convert(item.value, depth + 1, aliasSpan);
        const end = value ? value.span.end : key.span.end;
        pairs.push({ key, value, span: { start: key.span.start, end: Math.max(end, key.span.end) } });
      }
      // Duplicates are reported where they are written, not once more per alias that copies them.
      if (aliasSpan === null && pairs.length > 1) reportDuplicates(pairs, this.problems);
      return { kind: 'map', span, pairs, flow: !!node.flow };
    }
    if (isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        if (this.aliasLimitHit) break;
        const c = this.convert(item, depth + 1, aliasSpan);
        items.push(c ?? { kind: 'scalar', span, value: null, style: 'PLAIN' });
      }
      return { kind: 'seq', span, items, flow: !!node.flow };
    }
    if (isPair(node)) return this.convert(node.value, depth, aliasSpan);
    return null;
  }
}

function scalarValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** An error span that covers at least one visible character (not a bare end of file or line). */
function visibleSpan(text: string, start: number, end: number): Span {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  if (e > s) return { start: s, end: e };
  if (s >= text.length || text[s] === '\n' || text[s] === '\r') {
    while (s > 0 && /\s/.test(text[s - 1])) s--;
    if (s > 0) s--;
  }
  e = Math.min(text.length, s + 1);
  return { start: s, end: e };
}

function rangeSpan(node: unknown): Span {
  const r = (node as { range?: [number, number, number] | null }).range;
  if (!r) return { start: 0, end: 0 };
  return { start: r[0], end: Math.max(r[0], r[1]) };
}

function reportDuplicates(pairs: YPair[], problems: SyntaxProblem[]): void {
  // Most mappings are small: a quadratic scan allocates nothing; a Map for the large ones.
  const duplicate = (p: YPair, first: YScalar): void => {
    const k = String(p.key.value);
    problems.push({
      kind: 'duplicate-key',
      message: `Key "${k}" is defined twice in this mapping; only the first is used.`,
      span: p.key.span,
      related: [{ span: first.span, message: `first definition of "${k}"` }],
    });
  };
  if (pairs.length <= 16) {
    for (let i = 1; i < pairs.length; i++) {
      const k = String(pairs[i].key.value);
      for (let j = 0; j < i; j++) {
        if (String(pairs[j].key.value) === k) {
          duplicate(pairs[i], pairs[j].key); // j, scanning up, is the first definition
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<string, YScalar>();
  for (const p of pairs) {
    const k = String(p.key.value);
    const first = seen.get(k);
    if (first) duplicate(p, first);
    else seen.set(k, p.key);
  }
}

function collectComments(text: string): YComment[] {
  const comments: YComment[] = [];
  try {
    let offset = 0;
    for (const token of new YAML.Lexer().lex(yamlSource(text))) {
      // Lexer tokens are raw source slices, except control characters for doc/flow markers.
      if (token.length > 0 && token[0] === '#') comments.push({ span: { start: offset, end: offset + token.length }, text: token });
      if (token.length === 1 && token.charCodeAt(0) < 0x20 && !/[\t\n\r]/.test(token)) continue;
      offset += token.length;
    }
  } catch {
    // Comments are only used for suppressions; a lexer failure leaves them out.
  }
  return comments;
}

/**
 * YAML 1.2 counts a lone CR as a line break, as LineIndex does, but `yaml` does not. Turning
 * each lone CR into LF keeps every offset (same length), so spans stay exact for the original.
 */
function yamlSource(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false } as const;

/** Parse every YAML document of a text. Never throws. */
export function parseYaml(text: string): ParsedText {
  const fast = fastParseYaml(text);
  if (fast) {
    const problems: SyntaxProblem[] = [];
    for (const m of fast.maps) if (m.pairs.length > 1) reportDuplicates(m.pairs, problems);
    problems.sort((a, b) => a.span.start - b.span.start);
    return parsedText(text, [{ root: fast.root, span: fast.span, contentStart: fast.root.span.start }], problems);
  }
  return parseYamlFully(text);
}

function parsedText(text: string, documents: YDocument[], problems: SyntaxProblem[]): ParsedText {
  let comments: YComment[] | undefined;
  return {
    text,
    documents,
    problems,
    get comments(): YComment[] {
      return (comments ??= collectComments(text));
    },
  };
}

/** Parse with the `yaml` library: every YAML document, any YAML. Never throws. */
export function parseYamlFully(text: string): ParsedText {
  const problems: SyntaxProblem[] = [];
  const documents: YDocument[] = [];
  const docs: YAML.Document.Parsed[] = [];
  try {
    // What parseAllDocuments does, but streamed, so that a file of a million tiny documents
    // stops at MAX_DOCUMENTS instead of holding them all (seconds and gigabytes).
    const source = yamlSource(text);
    const composer = new YAML.Composer(PARSE_OPTIONS);
    for (const doc of composer.compose(new YAML.Parser().parse(source))) {
      if (docs.length === MAX_DOCUMENTS) {
        const at = (doc as unknown as { range: [number, number, number] }).range[0];
        problems.push({ kind: 'yaml-syntax', message: `The file has more than ${MAX_DOCUMENTS} YAML documents; only the first ${MAX_DOCUMENTS} are analysed.`, span: visibleSpan(text, at, at + 3) });
        break;
      }
      docs.push(doc as YAML.Document.Parsed);
    }
    // Errors outside any document (a stray directive, say) only show in the stream info.
    if (docs.length === 0) {
      for (const e of composer.streamInfo().errors) problems.push({ kind: 'yaml-syntax', message: cleanMessage(e.message), span: visibleSpan(text, e.pos[0], e.pos[1]) });
    }
  } catch (e) {
    problems.push({ kind: 'yaml-syntax', message: cleanMessage(e instanceof Error ? e.message : String(e)), span: { start: 0, end: 0 } });
  }
  for (const doc of docs) {
    const conv = new Converter(doc, problems);
    let root: YNode | null = null;
    try {
      root = conv.convert(doc.contents, 0, null);
    } catch (e) {
      problems.push({ kind: 'yaml-syntax', message: cleanMessage(e instanceof Error ? e.message : String(e)), span: rangeSpan(doc.contents) });
    }
    for (const e of doc.errors) {
      if (e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message)) {
        // `yaml` reports an unclosed quote where the text ends; point at the opening quote.
        const quote = e.message.charAt(16) === '"' ? 'double' : 'single';
        const opening = findOpenQuote(root, e.pos[0]);
        problems.push({ kind: 'yaml-syntax', message: `Unclosed ${quote}-quoted string: the closing quote is missing.`, span: opening ?? visibleSpan(text, e.pos[0], e.pos[1]) });
        continue;
      }
      // `yaml` turns its own stack overflow on deep nesting into RESOURCE_EXHAUSTION, at a depth
      // that depends on the stack size. When our depth cap already reported the nesting, that
      // second report would only be noise (and not reproducible across machines).
      if (e.code === 'RESOURCE_EXHAUSTION' && conv.depthLimitHit) continue;
      problems.push({ kind: 'yaml-syntax', message: cleanMessage(e.message), span: visibleSpan(text, e.pos[0], e.pos[1]) });
    }
    if (conv.aliasLimitHit) {
      problems.push({
        kind: 'yaml-syntax',
        message: `Aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; the document is not analysed further.`,
        span: rangeSpan(doc.contents),
      });
      root = null;
    }
    if (conv.depthLimitHit) {
      problems.push({ kind: 'yaml-syntax', message: `Nesting deeper than ${MAX_DEPTH} levels is not analysed.`, span: conv.depthLimitHit });
    }
    const range = (doc as unknown as { range: [number, number, number] }).range;
    documents.push({ root, span: { start: range[0], end: range[2] }, contentStart: root ? root.span.start : range[0] });
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  return parsedText(text, documents, problems);
}

/** The opening quote of the quoted scalar that runs up to `offset` (an unclosed string). */
function findOpenQuote(root: YNode | null, offset: number): Span | undefined {
  const stack: YNode[] = root ? [root] : [];
  let best: Span | undefined;
  for (let visited = 0; stack.length > 0 && visited < 1_000_000; visited++) {
    const n = stack.pop()!;
    if (n.kind === 'scalar') {
      if (n.style.startsWith('QUOTE') && n.span.start < offset && n.span.end >= offset && (!best || n.span.start > best.start)) best = { start: n.span.start, end: n.span.start + 1 };
    } else if (n.kind === 'map') {
      for (const p of n.pairs) {
        stack.push(p.key);
        if (p.value) stack.push(p.value);
      }
    } else stack.push(...n.items);
  }
  return best;
}

/** The map value for a key, or undefined. First occurrence wins, as duplicate-key reports. */
export function getPair(map: YMap, key: string): YPair | undefined {
  for (const p of map.pairs) if (p.key.value === key) return p;
  return undefined;
}

export function scalarString(node: YNode | null | undefined): string | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Objects made by `new PlainObject()` inherit nothing: their prototype is an empty object with a
 * null prototype. So `__proto__`, `constructor` and `prototype` are only ever own, ordinary
 * keys, as with Object.create(null), but V8 keeps these objects in its fast (shaped) mode,
 * where Object.create(null) objects are dictionaries: schema validation walks them 2x faster.
 */
const PlainObject = function PlainObject(this: object) {} as unknown as new () => Record<string, unknown>;
PlainObject.prototype = Object.freeze(Object.create(null)) as Record<string, unknown>;

/** Plain JSON value of a node; objects inherit nothing (see PlainObject). */
export function toPlain(node: YNode | null | undefined): unknown {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map((i) => toPlain(i));
  const obj = new PlainObject();
  for (const p of node.pairs) {
    const k = String(p.key.value);
    // No inherited `__proto__` setter on the chain: plain assignment makes an own property.
    if (!(k in obj)) obj[k] = toPlain(p.value);
  }
  return obj;
}

/**
 * The source offset of each character of a scalar's string value, so that a finding about
 * part of a value (a path segment, a filter) can mark exactly that part.
 */
/** Maps each character of `line` to the next matching source character from `from`; returns the end. */
function alignFolded(src: string, line: string, from: number, base: number, map: number[]): number {
  let p = from;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === ' ' && p < src.length && src[p] !== ' ' && /\s/.test(src[p])) {
      map.push(base + p);
      while (p < src.length && /\s/.test(src[p])) p++;
      continue;
    }
    let q = p;
    while (q < src.length && src[q] !== c) q++;
    if (q >= src.length) {
      map.push(base + Math.min(p, src.length));
      continue;
    }
    map.push(base + q);
    p = q + 1;
  }
  return p;
}

export function scalarCharOffsets(text: string, node: YScalar): (i: number) => number {
  const value = typeof node.value === 'string' ? node.value : String(node.value);
  const src = text.slice(node.span.start, node.span.end);
  const base = node.span.start;
  if (node.style === 'PLAIN' && src === value) return (i) => base + i;
  if ((node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE') && src.slice(1, -1) === value) return (i) => base + 1 + i;
  if (node.style === 'QUOTE_DOUBLE' && !src.includes('\n')) {
    // Walk escapes so that offsets after an escape stay exact.
    const map: number[] = [];
    for (let j = 1; j < src.length - 1; j++) {
      if (src[j] === '\\') {
        const n = src[j + 1];
        const width = n === 'x' ? 4 : n === 'u' ? 6 : n === 'U' ? 10 : 2;
        map.push(base + j);
        if (n === 'u' || n === 'U') {
          const cp = parseInt(src.slice(j + 2, j + width), 16);
          if (cp > 0xffff) map.push(base + j);
        }
        j += width - 1;
      } else map.push(base + j);
    }
    if (map.length === value.length) return (i) => map[Math.min(i, map.length - 1)] ?? base;
  }
  if (node.style === 'QUOTE_SINGLE' && !src.includes('\n')) {
    const map: number[] = [];
    for (let j = 1; j < src.length - 1; j++) {
      map.push(base + j);
      if (src[j] === "'" && src[j + 1] === "'") j++;
    }
    if (map.length === value.length) return (i) => map[Math.min(i, map.length - 1)] ?? base;
  }
  // Block and multi-line scalars: decode the source as YAML does (folding, indentation, escapes).
  const decoded = decodeScalarSource(src, node.style);
  if (decoded && decoded.value === value && decoded.offsets.length > 0) {
    const offs = decoded.offsets;
    return (i) => (i < offs.length ? base + offs[i] : base + offs[offs.length - 1] + 1);
  }
  // Otherwise find each line of the value in order.
  const map: number[] = [];
  let from = 0;
  const lines = value.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const at = line.length > 0 ? src.indexOf(line, from) : -1;
    if (at < 0 && line.length > 0) {
      // A folded line (`>`, multi-line plain or quoted): its spaces stand for line breaks and
      // indentation of the source. Align character by character.
      from = alignFolded(src, line, from, base, map);
      if (li < lines.length - 1) map.push(base + Math.min(from, src.length));
      continue;
    }
    const lineBase = at >= 0 ? at : from;
    for (let k = 0; k < line.length; k++) map.push(base + Math.min(lineBase + k, src.length));
    if (li < lines.length - 1) map.push(base + Math.min(lineBase + line.length, src.length));
    if (at >= 0) from = at + line.length;
  }
  return (i) => (map.length === 0 ? base : map[Math.min(i, map.length - 1)] + (i >= map.length ? 1 : 0));
}
