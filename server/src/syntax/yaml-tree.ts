// Parses YAML text into a small span-carrying tree (YNode) per document. Never throws:
// every problem becomes a SyntaxProblem. Aliases are expanded under a node budget and the
// depth is capped, so alias bombs and deep nesting cost bounded time and memory.
import * as YAML from 'yaml';
import { Span } from './types';

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
  comments: YComment[];
}

export const MAX_ALIAS_EXPANSION = 100_000;
export const MAX_DEPTH = 500;

function cleanMessage(message: string): string {
  let first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  if (first.endsWith(':')) first = first.slice(0, -1);
  if (first === 'Maximum call stack size exceeded') first = 'Nesting is too deep to parse';
  return first.endsWith('.') ? first : first + '.';
}

class Converter {
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
    if (YAML.isAlias(node)) {
      // Alias.resolve walks the whole document; a self-referencing anchor resolves the same
      // alias node thousands of times, so remember each alias's target.
      let target = this.aliasTargets.get(node);
      if (target === undefined) {
        target = node.resolve(this.doc) ?? null;
        this.aliasTargets.set(node, target);
      }
      if (!target) return null;
      const here = aliasSpan ?? rangeSpan(node);
      if (this.expanded > MAX_ALIAS_EXPANSION) {
        this.aliasLimitHit = true;
        return null;
      }
      return this.convert(target, depth + 1, here);
    }
    this.expanded++;
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      this.aliasLimitHit = true;
      return null;
    }
    const span = aliasSpan ?? rangeSpan(node);
    if (YAML.isScalar(node)) {
      return { kind: 'scalar', span, value: scalarValue(node.value), style: String(node.type ?? 'PLAIN') };
    }
    if (YAML.isMap(node)) {
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
      return { kind: 'map', span, pairs, flow: !!node.flow };
    }
    if (YAML.isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        if (this.aliasLimitHit) break;
        const c = this.convert(item, depth + 1, aliasSpan);
        items.push(c ?? { kind: 'scalar', span, value: null, style: 'PLAIN' });
      }
      return { kind: 'seq', span, items, flow: !!node.flow };
    }
    if (YAML.isPair(node)) return this.convert(node.value, depth, aliasSpan);
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

function checkDuplicates(node: YNode | null, problems: SyntaxProblem[]): void {
  // Iterative walk: the tree is depth-capped, but aliases can make it wide.
  const stack: (YNode | null)[] = [node];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_ALIAS_EXPANSION * 2) {
    const n = stack.pop();
    visited++;
    if (!n) continue;
    if (n.kind === 'map') {
      const seen = new Map<string, YScalar>();
      for (const p of n.pairs) {
        const k = String(p.key.value);
        const first = seen.get(k);
        if (first && first.span.start !== p.key.span.start) {
          problems.push({
            kind: 'duplicate-key',
            message: `Key "${k}" is defined twice in this mapping; only the first is used.`,
            span: p.key.span,
            related: [{ span: first.span, message: `first definition of "${k}"` }],
          });
        } else if (!first) {
          seen.set(k, p.key);
        }
        stack.push(p.value);
      }
    } else if (n.kind === 'seq') {
      for (const i of n.items) stack.push(i);
    }
  }
}

function collectComments(text: string): YComment[] {
  const comments: YComment[] = [];
  try {
    let offset = 0;
    for (const token of new YAML.Lexer().lex(text)) {
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

/** Parse every YAML document of a text. Never throws. */
export function parseYaml(text: string): ParsedText {
  const problems: SyntaxProblem[] = [];
  const documents: YDocument[] = [];
  let docs: YAML.Document.Parsed[] = [];
  try {
    const parsed = YAML.parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false });
    docs = Array.isArray(parsed) ? parsed : [];
    if (!Array.isArray(parsed)) {
      for (const e of (parsed as { errors?: YAML.YAMLError[] }).errors ?? []) {
        problems.push({ kind: 'yaml-syntax', message: cleanMessage(e.message), span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) } });
      }
    }
  } catch (e) {
    problems.push({ kind: 'yaml-syntax', message: cleanMessage(e instanceof Error ? e.message : String(e)), span: { start: 0, end: 0 } });
  }
  for (const doc of docs) {
    for (const e of doc.errors) {
      problems.push({ kind: 'yaml-syntax', message: cleanMessage(e.message), span: visibleSpan(text, e.pos[0], e.pos[1]) });
    }
    const conv = new Converter(doc, problems);
    let root: YNode | null = null;
    try {
      root = conv.convert(doc.contents, 0, null);
    } catch (e) {
      problems.push({ kind: 'yaml-syntax', message: cleanMessage(e instanceof Error ? e.message : String(e)), span: rangeSpan(doc.contents) });
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
    checkDuplicates(root, problems);
    const range = (doc as unknown as { range: [number, number, number] }).range;
    documents.push({ root, span: { start: range[0], end: range[2] }, contentStart: root ? root.span.start : range[0] });
  }
  return { text, documents, problems, comments: collectComments(text) };
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
 * Plain JSON value of a node, with null-prototype objects so that `__proto__`,
 * `constructor` and `prototype` stay ordinary keys.
 */
export function toPlain(node: YNode | null | undefined): unknown {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map((i) => toPlain(i));
  const obj: Record<string, unknown> = Object.create(null);
  for (const p of node.pairs) {
    const k = String(p.key.value);
    if (!Object.prototype.hasOwnProperty.call(obj, k)) Object.defineProperty(obj, k, { value: toPlain(p.value), enumerable: true, writable: true, configurable: true });
  }
  return obj;
}

/**
 * The source offset of each character of a scalar's string value, so that a finding about
 * part of a value (a path segment, a filter) can mark exactly that part.
 */
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
  // Block and multi-line scalars: find each line of the value in order.
  const map: number[] = [];
  let from = 0;
  const lines = value.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const at = line.length > 0 ? src.indexOf(line, from) : -1;
    const lineBase = at >= 0 ? at : from;
    for (let k = 0; k < line.length; k++) map.push(base + Math.min(lineBase + k, src.length));
    if (li < lines.length - 1) map.push(base + Math.min(lineBase + line.length, src.length));
    if (at >= 0) from = at + line.length;
  }
  return (i) => (map.length === 0 ? base : map[Math.min(i, map.length - 1)] + (i >= map.length ? 1 : 0));
}
