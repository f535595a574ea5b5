// Reference paths (`$.a['b'][0]`) and the path segments shared with template expressions.
// Total: every input yields either a PathAst or one ExprError whose span marks the offending part.

import type { Span } from '../syntax/types';
import { exprError, quote, type ExprError } from './errors';
import {
  codePointLength,
  describeCharAt,
  findBracketEnd,
  isDigit,
  isNameStartAt,
  isWhitespace,
  scanDigits,
  scanName,
  scanQuoted,
} from './scan';

export type { ExprError } from './errors';

export type PathSegment =
  | { kind: 'field'; name: string; span: Span; quoted: boolean }
  | { kind: 'index'; index: number; span: Span }
  | { kind: 'wildcard'; span: Span };

export interface PathAst {
  root: '$' | 'workflow';
  rootSpan: Span;
  segments: PathSegment[];
  span: Span;
}

/** 'reference': a path naming exactly one node. 'expression': a template path, `[*]` allowed. */
export type PathMode = 'reference' | 'expression';

const REFERENCE_ALLOWED = `use "$.name", "$['name']" or "$[0]" segments`;
const EXPRESSION_ALLOWED = `use ".name", "['name']", "[0]" or "[*]" segments`;

function allowed(mode: PathMode): string {
  return mode === 'reference' ? REFERENCE_ALLOWED : EXPRESSION_ALLOWED;
}

function where(mode: PathMode): string {
  return mode === 'reference' ? 'in a reference path' : 'in an expression path';
}

export interface SegmentScan {
  segments: PathSegment[];
  /** Offset just past the last segment read (where the caller continues). */
  end: number;
  error?: ExprError;
}

/**
 * Reads `.name`, `['name']`, `["name"]`, `[index]` (and `[*]` in expression mode) segments
 * starting at `pos`, stopping at the first character that is neither `.` nor `[`.
 */
export function scanPathSegments(text: string, pos: number, end: number, mode: PathMode): SegmentScan {
  const segments: PathSegment[] = [];
  let i = pos;
  while (i < end) {
    const c = text[i];
    if (c === '.') {
      const r = scanDotSegment(text, i, end, mode);
      if ('error' in r) return { segments, end: i, error: r.error };
      segments.push(r.segment);
      i = r.segment.span.end;
    } else if (c === '[') {
      const r = scanBracketSegment(text, i, end, mode);
      if ('error' in r) return { segments, end: i, error: r.error };
      segments.push(r.segment);
      i = r.segment.span.end;
    } else {
      break;
    }
  }
  return { segments, end: i };
}

type SegmentResult = { segment: PathSegment } | { error: ExprError };

function scanDotSegment(text: string, dot: number, end: number, mode: PathMode): SegmentResult {
  const next = dot + 1;
  if (next < end && text[next] === '.') {
    return {
      error: exprError(`Recursive descent ".." is not allowed ${where(mode)}; ${allowed(mode)}.`, dot, next + 1),
    };
  }
  if (next < end && text[next] === '*') {
    const message =
      mode === 'reference'
        ? `Wildcard ".*" is not allowed in a reference path; ${REFERENCE_ALLOWED}.`
        : `Write the wildcard as "[*]", not ".*"; ${EXPRESSION_ALLOWED}.`;
    return { error: exprError(message, dot, next + 1) };
  }
  if (isDigit(text, next, end)) {
    const digitsEnd = scanDigits(text, next, end);
    const digits = text.slice(next, digitsEnd);
    return {
      error: exprError(
        `Segment ".${digits}" is not a name; write an index as "[${digits}]" or a name as "['${digits}']".`,
        dot,
        digitsEnd,
      ),
    };
  }
  const nameEnd = scanName(text, next, end);
  if (nameEnd === next) {
    return {
      error: exprError(`Expected a name after "." but found ${describeCharAt(text, next, end)}; ${allowed(mode)}.`, dot, next),
    };
  }
  return { segment: { kind: 'field', name: text.slice(next, nameEnd), span: { start: dot, end: nameEnd }, quoted: false } };
}

function scanBracketSegment(text: string, open: number, end: number, mode: PathMode): SegmentResult {
  const i = open + 1;
  const c = i < end ? text[i] : '';
  const groupEnd = () => findBracketEnd(text, open, end);
  const fail = (message: string, start = open, stop = groupEnd()): SegmentResult => ({
    error: exprError(message, start, stop),
  });

  if (c === '') return fail(`Unclosed "[" ${where(mode)}; ${allowed(mode)}.`, open, end);
  if (c === "'" || c === '"') {
    const q = scanQuoted(text, i, end);
    if (!q.terminated) return fail(`Unterminated quoted name ${where(mode)}; end it with the same quote and "]".`, open, end);
    if (q.end >= end || text[q.end] !== ']') {
      return fail(`Expected "]" after the quoted name but found ${describeCharAt(text, q.end, end)}.`, open, Math.min(end, q.end + codePointLength(text, q.end)));
    }
    if (q.value === '') return fail(`Empty name "[${c}${c}]" ${where(mode)}; ${allowed(mode)}.`, open, q.end + 1);
    return { segment: { kind: 'field', name: q.value, span: { start: open, end: q.end + 1 }, quoted: true } };
  }
  if (c === '*') {
    if (i + 1 < end && text[i + 1] === ']') {
      if (mode === 'reference') {
        return fail(`Wildcard "[*]" is not allowed in a reference path; ${REFERENCE_ALLOWED}.`, open, i + 2);
      }
      return { segment: { kind: 'wildcard', span: { start: open, end: i + 2 } } };
    }
    return fail(`Expected "]" after "[*" but found ${describeCharAt(text, i + 1, end)}.`, open, Math.min(end, i + 1 + codePointLength(text, i + 1)));
  }
  if (c === '?') {
    return fail(`Filter "[?(...)]" is not allowed ${where(mode)}; ${allowed(mode)}.`);
  }
  if (c === ']') return fail(`Empty brackets "[]" ${where(mode)}; ${allowed(mode)}.`, open, i + 1);
  if (isDigit(text, i, end)) {
    const digitsEnd = scanDigits(text, i, end);
    if (digitsEnd < end && text[digitsEnd] === ']') {
      const index = Number(text.slice(i, digitsEnd));
      if (!Number.isSafeInteger(index)) return fail(`Index ${quote(text.slice(i, digitsEnd))} is too large.`, open, digitsEnd + 1);
      return { segment: { kind: 'index', index, span: { start: open, end: digitsEnd + 1 } } };
    }
  }
  const stop = groupEnd();
  const group = text.slice(open, stop);
  const inner = group.slice(1, group.endsWith(']') ? -1 : undefined);
  if (!group.endsWith(']')) return fail(`Unclosed "[" ${where(mode)}; ${allowed(mode)}.`, open, end);
  if (inner.includes(':')) return fail(`Slice ${quote(group)} is not allowed ${where(mode)}; ${allowed(mode)}.`, open, stop);
  if (inner.includes(',')) return fail(`Union ${quote(group)} is not allowed ${where(mode)}; ${allowed(mode)}.`, open, stop);
  if (/^-\d+$/.test(inner)) {
    return fail(`Negative index ${quote(group)} is not allowed ${where(mode)}; use a non-negative index such as "[0]".`, open, stop);
  }
  if (isNameStartAt(text, i, end) && scanName(text, i, end) === stop - 1) {
    return fail(`A name in brackets must be quoted: write "['${inner}']" or ".${inner}".`, open, stop);
  }
  return fail(`Invalid segment ${quote(group)} ${where(mode)}; ${allowed(mode)}.`, open, stop);
}

const LOOKS_LIKE_PATH = /^[\p{L}_][\p{L}\p{Nd}_-]*(\.[\p{L}_][\p{L}\p{Nd}_-]*|\[\d+\]|\['[^'\\]*'\]|\["[^"\\]*"\])*$/u;

/** Parses a reference path (spec §4): `$` then `.name`, `['name']`, `["name"]` or `[index]`. */
export function parseReferencePath(text: string): { path?: PathAst; error?: ExprError } {
  const len = text.length;
  if (len === 0) {
    return { error: exprError('A reference path is empty; write "$" for the whole context or "$.name" for a field.', 0, 0) };
  }
  if (isWhitespace(text, 0)) {
    const trimmed = text.trimStart();
    const wsEnd = len - trimmed.length;
    return { error: exprError('A reference path cannot start with whitespace; remove it and start with "$".', 0, wsEnd) };
  }
  if (text.startsWith('{{')) {
    // Trimmed by hand: a regex like /\s*\}\}\s*$/ backtracks quadratically on long blanks.
    const body = text.trimEnd();
    const closed = body.length >= 4 && body.endsWith('}}');
    const inner = closed ? body.slice(2, -2).trim() : '';
    // `inner` starts with "$" when it is tried, so this never recurses more than once.
    const hint =
      closed && inner.startsWith('$') && parseReferencePath(inner).path
        ? `; did you mean ${quote(inner, 80)}?`
        : ', e.g. "$.name".';
    return { error: exprError(`A reference path is written without "{{ }}"${hint}`, 0, len) };
  }
  if (text[0] !== '$') {
    const trimmed = text.trimEnd();
    let message: string;
    if (LOOKS_LIKE_PATH.test(trimmed)) {
      message = `A reference path must start with "$"; did you mean ${quote('$.' + trimmed, 80)}?`;
    } else if (trimmed.startsWith('[') && parseReferencePath('$' + trimmed).path) {
      message = `A reference path must start with "$"; did you mean ${quote('$' + trimmed, 80)}?`;
    } else {
      message = 'A reference path must start with "$", e.g. "$.name", "$[\'name\']" or "$[0]".';
    }
    return { error: exprError(message, 0, len) };
  }
  if (isNameStartAt(text, 1)) {
    const nameEnd = scanName(text, 1);
    const name = text.slice(1, nameEnd);
    return { error: exprError(`Expected "." or "[" after "$"; did you mean ${quote('$.' + name)}?`, 1, nameEnd) };
  }
  const scan = scanPathSegments(text, 1, len, 'reference');
  if (scan.error) return { error: scan.error };
  const pos = scan.end;
  if (pos < len) {
    const rest = text.slice(pos);
    if (rest.trim() === '') {
      return { error: exprError('A reference path cannot end with whitespace; remove it.', pos, len) };
    }
    if (isWhitespace(text, pos)) {
      let wsEnd = pos;
      while (isWhitespace(text, wsEnd)) wsEnd++;
      return { error: exprError(`Whitespace is not allowed inside a reference path; ${REFERENCE_ALLOWED}.`, pos, wsEnd) };
    }
    return {
      error: exprError(
        `Unexpected ${describeCharAt(text, pos)} in a reference path; ${REFERENCE_ALLOWED}.`,
        pos,
        pos + codePointLength(text, pos),
      ),
    };
  }
  return {
    path: { root: '$', rootSpan: { start: 0, end: 1 }, segments: scan.segments, span: { start: 0, end: len } },
  };
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function quoteName(name: string): string {
  const escaped = name.replace(/[\\'\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c);
  return `['${escaped}']`;
}

/** Canonical text of a path: `.name` for plain names, `['name']` otherwise, `[0]`, `[*]`. */
export function formatPath(segments: readonly PathSegment[], root: '$' | 'workflow' = '$'): string {
  let out: string = root;
  for (const s of segments) {
    if (s.kind === 'field') out += PLAIN_NAME.test(s.name) ? '.' + s.name : quoteName(s.name);
    else if (s.kind === 'index') out += `[${s.index}]`;
    else out += '[*]';
  }
  return out;
}

/** A key that is equal for two paths exactly when they name the same node (spelling aside). */
export function pathKey(path: Pick<PathAst, 'root' | 'segments'>): string {
  return formatPath(path.segments, path.root);
}
