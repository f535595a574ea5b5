// Templates (`text {{ expr }} text`) and the expression grammar of spec §4, with exact spans.
// Total and bounded: any string yields parts plus errors; nesting past MAX_EXPRESSION_DEPTH is an error.

import type { Span } from '../syntax/types';
import { exprError, quote, type ExprError } from './errors';
import { scanPathSegments, type PathAst, type PathSegment } from './path';
import { codePointLength, describeCharAt, isNameStartAt, isWhitespace, scanName, scanQuoted } from './scan';
import { closest } from './suggest';

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; span: Span }
  | { kind: 'path'; path: PathAst; span: Span }
  | { kind: 'not'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span; opSpan: Span }
  | { kind: 'filter'; input: Expr; name: string; nameSpan: Span; args: Expr[]; span: Span }
  | { kind: 'array'; items: Expr[]; span: Span };

export type TemplatePart =
  | { kind: 'text'; text: string; span: Span }
  | {
      kind: 'expr';
      source: string;
      expr?: Expr;
      /** From `{{` to `}}` inclusive (to the end of the string when unclosed). */
      span: Span;
      /** Between the braces, whitespace included. */
      innerSpan: Span;
      /** False for a `{{` with no matching `}}`. */
      closed: boolean;
    };

export interface ParsedTemplate {
  parts: TemplatePart[];
  errors: ExprError[];
  /** The string contains `{{`. */
  isTemplate: boolean;
  /** The string, ignoring surrounding whitespace, is exactly one closed `{{ }}` (its value keeps its JSON type). */
  whole: boolean;
}

export const KNOWN_FILTERS: readonly string[] = Object.freeze([
  'default',
  'defined',
  'length',
  'upcase',
  'downcase',
  'json',
  'keys',
  'first',
  'last',
  'join',
]);

/** Deepest nesting accepted, both in the parser's recursion and in the resulting tree. */
export const MAX_EXPRESSION_DEPTH = 200;

const KEYWORDS = new Set(['or', 'and', 'not', 'in', 'true', 'false', 'null']);
const WORD_LITERALS = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const VALUE_EXPECTED = 'a value (a path such as "$.name", a string, a number, true, false, null, "(" or "[")';
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

type Token =
  | { t: 'punct'; v: string; start: number; end: number }
  | { t: 'ident'; v: string; start: number; end: number }
  | { t: 'dollar'; start: number; end: number }
  | { t: 'number'; v: number; start: number; end: number }
  | { t: 'string'; v: string; start: number; end: number }
  | { t: 'eof'; start: number; end: number }
  | { t: 'bad'; message: string; start: number; end: number };

class ExpressionParser {
  private pos = 0;
  private cached: Token | undefined;
  private last: Token | undefined;
  private depth = 0;
  /** Tree depth of each node built, to cap chains as well as nesting. */
  private readonly depths = new Map<Expr, number>();
  /** Extent of a node including the parentheses written around it. */
  private readonly extents = new Map<Expr, Span>();
  error: ExprError | undefined;

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  private span(start: number, end: number): Span {
    return { start: start + this.base, end: Math.max(start, end) + this.base };
  }

  private fail(message: string, start: number, end: number): undefined {
    if (!this.error) this.error = exprError(message, start + this.base, end + this.base);
    return undefined;
  }

  // ---- tokens ----

  peek(): Token {
    if (!this.cached) this.cached = this.lex();
    return this.cached;
  }

  private consume(): Token {
    const tok = this.peek();
    this.pos = tok.end;
    this.cached = undefined;
    this.last = tok;
    return tok;
  }

  private lex(): Token {
    const text = this.text;
    let i = this.pos;
    while (isWhitespace(text, i)) i++;
    if (i >= text.length) return { t: 'eof', start: text.length, end: text.length };
    const c = text[i];
    const two = text.slice(i, i + 2);
    const punct = (v: string): Token => ({ t: 'punct', v, start: i, end: i + v.length });
    const bad = (message: string, len = codePointLength(text, i)): Token => ({ t: 'bad', message, start: i, end: i + len });
    switch (c) {
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case ':':
        return punct(c);
      case '|':
        return punct(two === '||' ? '||' : '|');
      case '&':
        return two === '&&' ? punct('&&') : bad('Unexpected "&"; use "&&" or "and" for a logical and.');
      case '=':
        return two === '==' ? punct('==') : bad('Unexpected "="; use "==" to compare.');
      case '!':
        return punct(two === '!=' ? '!=' : '!');
      case '<':
      case '>':
        return punct(text[i + 1] === '=' ? c + '=' : c);
      case '$':
        return { t: 'dollar', start: i, end: i + 1 };
      case '.':
        return bad('Unexpected "."; write a path without spaces, e.g. "$.a.b", and a number with a leading digit, e.g. "0.5".');
      case "'":
      case '"': {
        const q = scanQuoted(text, i);
        if (!q.terminated) {
          return bad(`Unterminated string; close it with ${c === '"' ? "'\"'" : `"'"`}.`, text.length - i);
        }
        return { t: 'string', v: q.value, start: i, end: q.end };
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      const value = Number(m[0]);
      if (!Number.isFinite(value)) return bad(`Number ${quote(m[0])} is out of range.`, m[0].length);
      return { t: 'number', v: value, start: i, end: i + m[0].length };
    }
    if (isNameStartAt(text, i)) {
      const end = scanName(text, i);
      return { t: 'ident', v: text.slice(i, end), start: i, end };
    }
    if (c === '{' || c === '}') return bad(`Unexpected ${JSON.stringify(c)}; templates cannot be nested.`);
    return bad(`Unexpected character ${describeCharAt(text, i)}.`);
  }

  private describe(tok: Token): string {
    switch (tok.t) {
      case 'eof':
        return 'the end of the expression';
      case 'string':
        return 'a string';
      default:
        return quote(this.text.slice(tok.start, tok.end));
    }
  }

  /** Reports `expected` at `tok`; at the end of input, marks `anchor` (or the last token) instead. */
  private expected(expected: string, tok: Token, anchor?: { start: number; end: number }): undefined {
    if (tok.t === 'bad') return this.fail(tok.message, tok.start, tok.end);
    if (tok.t === 'eof') {
      const at = anchor ?? this.last ?? tok;
      return this.fail(`Expected ${expected} but found the end of the expression.`, at.start, at.end);
    }
    return this.fail(`Expected ${expected} but found ${this.describe(tok)}.`, tok.start, tok.end);
  }

  private isWord(tok: Token, word: string): boolean {
    return tok.t === 'ident' && tok.v === word;
  }

  private isPunct(tok: Token, v: string): boolean {
    return tok.t === 'punct' && tok.v === v;
  }

  // ---- tree building ----

  private extent(e: Expr): Span {
    return this.extents.get(e) ?? e.span;
  }

  private build<E extends Expr>(node: E, children: Expr[]): E | undefined {
    let d = 0;
    for (const c of children) d = Math.max(d, this.depths.get(c) ?? 1);
    this.depths.set(node, d + 1);
    if (d + 1 > MAX_EXPRESSION_DEPTH) {
      return this.fail(
        `Expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels); split it up.`,
        node.span.start - this.base,
        node.span.end - this.base,
      );
    }
    return node;
  }

  private binary(op: BinaryOp, left: Expr, right: Expr, opTok: Token): Expr | undefined {
    const span = { start: this.extent(left).start, end: this.extent(right).end };
    return this.build({ kind: 'binary', op, left, right, span, opSpan: this.span(opTok.start, opTok.end) }, [left, right]);
  }

  private enter(tok: Token): boolean {
    this.depth++;
    if (this.depth > MAX_EXPRESSION_DEPTH) {
      this.fail(`Expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels); split it up.`, tok.start, tok.end);
      return false;
    }
    return true;
  }

  // ---- grammar ----

  parseExpr(): Expr | undefined {
    return this.parseOr();
  }

  private parseOr(): Expr | undefined {
    return this.parseChain(() => this.parseAnd(), '||', 'or');
  }

  private parseAnd(): Expr | undefined {
    return this.parseChain(() => this.parseNot(), '&&', 'and');
  }

  /** A left-associative chain `operand (op operand)*` where op is written as a symbol or a word. */
  private parseChain(operand: () => Expr | undefined, op: '||' | '&&', word: string): Expr | undefined {
    let left = operand();
    while (left && (this.isPunct(this.peek(), op) || this.isWord(this.peek(), word))) {
      const opTok = this.consume();
      const right = operand();
      if (!right) return undefined;
      left = this.binary(op, left, right, opTok);
    }
    return left;
  }

  private parseNot(): Expr | undefined {
    const tok = this.peek();
    if (!(this.isPunct(tok, '!') || this.isWord(tok, 'not'))) return this.parseCompare();
    this.consume();
    if (!this.enter(tok)) return undefined;
    const operand = this.parseNot();
    this.depth--;
    if (!operand) return undefined;
    return this.build({ kind: 'not', operand, span: this.span(tok.start, this.extent(operand).end - this.base) }, [operand]);
  }

  private parseCompare(): Expr | undefined {
    const left = this.parsePipe();
    if (!left) return undefined;
    const tok = this.peek();
    const isCompare = (tok.t === 'punct' && COMPARE_OPS.has(tok.v)) || this.isWord(tok, 'in');
    if (!isCompare) return left;
    this.consume();
    const right = this.parsePipe();
    if (!right) return undefined;
    return this.binary((tok.t === 'punct' ? tok.v : 'in') as BinaryOp, left, right, tok);
  }

  private parsePipe(): Expr | undefined {
    let input = this.parsePrimary();
    while (input && this.isPunct(this.peek(), '|')) {
      const bar = this.consume();
      const nameTok = this.peek();
      if (nameTok.t !== 'ident' || KEYWORDS.has(nameTok.v)) {
        return this.expected('a filter name after "|" (such as "default" or "length")', nameTok, bar);
      }
      this.consume();
      const args: Expr[] = [];
      let end = nameTok.end + this.base;
      if (this.isPunct(this.peek(), ':')) {
        let sep = this.consume();
        for (;;) {
          if (this.peek().t === 'eof') return this.expected(`an argument for "${nameTok.v}"`, this.peek(), sep);
          const arg = this.parsePrimary();
          if (!arg) return undefined;
          args.push(arg);
          end = this.extent(arg).end;
          if (!this.isPunct(this.peek(), ',')) break;
          sep = this.consume();
        }
      }
      const node: Expr = {
        kind: 'filter',
        input,
        name: nameTok.v,
        nameSpan: this.span(nameTok.start, nameTok.end),
        args,
        span: { start: this.extent(input).start, end },
      };
      input = this.build(node, [input, ...args]);
    }
    return input;
  }

  private parsePrimary(): Expr | undefined {
    const tok = this.peek();
    switch (tok.t) {
      case 'number':
      case 'string':
        this.consume();
        return this.build({ kind: 'literal', value: tok.v, span: this.span(tok.start, tok.end) }, []);
      case 'dollar':
        this.consume();
        return this.parsePath('$', tok);
      case 'ident':
        return this.parseWord(tok);
      case 'punct':
        if (tok.v === '(') return this.parseGroup(tok);
        if (tok.v === '[') return this.parseArray(tok);
        return this.expected(VALUE_EXPECTED, tok);
      default:
        return this.expected(VALUE_EXPECTED, tok);
    }
  }

  private parseWord(tok: Extract<Token, { t: 'ident' }>): Expr | undefined {
    if (WORD_LITERALS.has(tok.v)) {
      this.consume();
      const value = WORD_LITERALS.get(tok.v) as boolean | null;
      return this.build({ kind: 'literal', value, span: this.span(tok.start, tok.end) }, []);
    }
    if (tok.v === 'workflow') {
      this.consume();
      return this.parsePath('workflow', tok);
    }
    if (KEYWORDS.has(tok.v)) return this.expected(VALUE_EXPECTED, tok);
    const near = closest(tok.v, ['workflow', 'true', 'false', 'null']);
    if (near) return this.fail(`Unknown name ${quote(tok.v)}; did you mean "${near}"?`, tok.start, tok.end);
    const rest = scanPathSegments(this.text, tok.end, this.text.length, 'expression');
    const end = rest.error ? tok.end : rest.end;
    const written = this.text.slice(tok.start, end);
    return this.fail(
      `Unknown name ${quote(tok.v)}; a path starts with "$" or "workflow" (did you mean ${quote('$.' + written, 80)}?).`,
      tok.start,
      end,
    );
  }

  private parsePath(root: '$' | 'workflow', rootTok: Token): Expr | undefined {
    const text = this.text;
    if (root === '$' && isNameStartAt(text, rootTok.end)) {
      const nameEnd = scanName(text, rootTok.end);
      return this.fail(
        `Expected "." or "[" after "$"; did you mean ${quote('$.' + text.slice(rootTok.end, nameEnd))}?`,
        rootTok.end,
        nameEnd,
      );
    }
    const scan = scanPathSegments(text, rootTok.end, text.length, 'expression');
    if (scan.error) return this.fail(scan.error.message, scan.error.span.start, scan.error.span.end);
    this.pos = scan.end;
    this.cached = undefined;
    const segments: PathSegment[] = scan.segments.map((s) => ({ ...s, span: this.span(s.span.start, s.span.end) }));
    const span = this.span(rootTok.start, scan.end);
    const path: PathAst = { root, rootSpan: this.span(rootTok.start, rootTok.end), segments, span };
    return this.build({ kind: 'path', path, span: { ...span } }, []);
  }

  private parseGroup(open: Token): Expr | undefined {
    this.consume();
    if (!this.enter(open)) return undefined;
    const inner = this.parseExpr();
    this.depth--;
    if (!inner) return undefined;
    const close = this.peek();
    if (!this.isPunct(close, ')')) return this.expected('")" to close "("', close, open);
    this.consume();
    this.extents.set(inner, this.span(open.start, close.end));
    return inner;
  }

  private parseArray(open: Token): Expr | undefined {
    this.consume();
    if (!this.enter(open)) return undefined;
    const items: Expr[] = [];
    let close = this.peek();
    if (!this.isPunct(close, ']')) {
      for (;;) {
        const item = this.parseExpr();
        if (!item) return undefined;
        items.push(item);
        close = this.peek();
        if (this.isPunct(close, ']')) break;
        if (!this.isPunct(close, ',')) return this.expected('"," or "]" in the array', close, open);
        this.consume();
      }
    }
    this.consume();
    this.depth--;
    return this.build({ kind: 'array', items, span: this.span(open.start, close.end) }, items);
  }

  finish(expr: Expr): ExprError | undefined {
    const tok = this.peek();
    if (tok.t === 'eof' || this.error) return this.error;
    if (tok.t === 'bad') return this.fail(tok.message, tok.start, tok.end) ?? this.error;
    if (this.isPunct(tok, ')')) this.fail('Unexpected ")" without a matching "(".', tok.start, tok.end);
    else if (this.isPunct(tok, ']')) this.fail('Unexpected "]" without a matching "[".', tok.start, tok.end);
    else {
      this.fail(
        `Unexpected ${this.describe(tok)} after ${quote(this.text.slice(this.extent(expr).start - this.base, this.extent(expr).end - this.base))}; expected an operator ("==", "!=", "<", ">", "in", "and", "or", "|") or the end of the expression.`,
        tok.start,
        tok.end,
      );
    }
    return this.error;
  }
}

/** Parses one expression (the inside of `{{ }}`); spans are offset by `base`. */
export function parseExpression(text: string, base = 0): { expr?: Expr; errors: ExprError[] } {
  const offset = Number.isFinite(base) ? base : 0;
  if (text.trim() === '') {
    return { errors: [exprError('Empty expression; write a value such as "$.name".', offset, offset + text.length)] };
  }
  const parser = new ExpressionParser(text, offset);
  const expr = parser.parseExpr();
  const error = expr ? parser.finish(expr) : parser.error;
  if (error || !expr) {
    return { errors: [error ?? exprError('Invalid expression.', offset, offset + text.length)] };
  }
  return { expr, errors: [] };
}

/**
 * Offset of the `}}` that ends a template whose inside starts at `from`, or -1.
 * `unterminated` remembers, per quote character, the first offset whose string ran to the end:
 * any later string opened with that quote runs to the end as well (its quote was escaped in the
 * earlier scan, so both scans read the same escapes from there on). Without the memo, many
 * templates with unterminated strings would make this quadratic.
 */
function findTemplateEnd(text: string, from: number, unterminated: Map<string, number>): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const known = unterminated.get(c);
      const q = known !== undefined && known < i ? undefined : scanQuoted(text, i);
      // An unterminated string would swallow the rest: fall back to the first "}}".
      if (!q || !q.terminated) {
        if (known === undefined) unterminated.set(c, i);
        return text.indexOf('}}', from);
      }
      i = q.end;
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i;
    i++;
  }
  return -1;
}

/** Splits a string into text and `{{ expr }}` parts and parses each expression. */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: ExprError[] = [];
  const pushText = (start: number, end: number) => {
    if (end > start) parts.push({ kind: 'text', text: text.slice(start, end), span: { start, end } });
  };
  const unterminated = new Map<string, number>();
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open < 0) break;
    pushText(pos, open);
    const innerStart = open + 2;
    const close = findTemplateEnd(text, innerStart, unterminated);
    if (close < 0) {
      errors.push(exprError('Unclosed template "{{"; close it with "}}".', open, text.length));
      parts.push({
        kind: 'expr',
        source: text.slice(innerStart),
        span: { start: open, end: text.length },
        innerSpan: { start: innerStart, end: text.length },
        closed: false,
      });
      pos = text.length;
      break;
    }
    const source = text.slice(innerStart, close);
    const part: Extract<TemplatePart, { kind: 'expr' }> = {
      kind: 'expr',
      source,
      span: { start: open, end: close + 2 },
      innerSpan: { start: innerStart, end: close },
      closed: true,
    };
    if (source.trim() === '') {
      errors.push(exprError('Empty template "{{ }}"; write an expression such as "{{ $.name }}".', open, close + 2));
    } else {
      const r = parseExpression(source, innerStart);
      if (r.expr) part.expr = r.expr;
      errors.push(...r.errors);
    }
    parts.push(part);
    pos = close + 2;
  }
  pushText(pos, text.length);
  const exprParts = parts.filter((p) => p.kind === 'expr');
  const whole =
    exprParts.length === 1 &&
    exprParts[0].kind === 'expr' &&
    exprParts[0].closed &&
    parts.every((p) => p.kind === 'expr' || p.text.trim() === '');
  return { parts, errors, isTemplate: text.includes('{{'), whole };
}

function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'literal':
    case 'path':
      return [];
    case 'not':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'filter':
      return [e.input, ...e.args];
    case 'array':
      return e.items;
  }
}

/** Visits every node, parents before children, children in source order (iterative: no recursion). */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    visit(e);
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Filters not in KNOWN_FILTERS, each with the span of its name, in source order. */
export function findUnknownFilters(expr: Expr): { name: string; span: Span; args: number }[] {
  const out: { name: string; span: Span; args: number }[] = [];
  walkExpr(expr, (e) => {
    if (e.kind === 'filter' && !KNOWN_FILTERS.includes(e.name)) out.push({ name: e.name, span: e.nameSpan, args: e.args.length });
  });
  // A chain visits its last filter first; report in source order.
  return out.sort((a, b) => a.span.start - b.span.start);
}

export interface PathRead {
  path: PathAst;
  span: Span;
  /** The path is the direct input of a `default` or `defined` filter, so reading it never fails. */
  safe: boolean;
}

/** Every path the expression reads, in source order. */
export function collectPathReads(expr: Expr): PathRead[] {
  const out: PathRead[] = [];
  const stack: { e: Expr; safe: boolean }[] = [{ e: expr, safe: false }];
  while (stack.length > 0) {
    const { e, safe } = stack.pop() as { e: Expr; safe: boolean };
    if (e.kind === 'path') {
      out.push({ path: e.path, span: e.span, safe });
      continue;
    }
    const children = childrenOf(e);
    const guarded = e.kind === 'filter' && (e.name === 'default' || e.name === 'defined');
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ e: children[i], safe: guarded && i === 0 });
    }
  }
  return out;
}
