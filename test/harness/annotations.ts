// Annotated fixtures: expected findings written as YAML comments under the text they mark.
//     next: LoadOrdrs
//     #     ^^^^^^^^^ error[unknown-transition-target]: state "LoadOrdrs" does not exist
// Carets mark the columns of the nearest line above that is not an annotation. `~L:C` after the carets gives a
// 1-based end when the span ends on another line; `@C` gives a 1-based start column where carets
// cannot stand (column 1, where the `#` is). Matching is on severity, rule id and span;
// the message text is for the reader (rewritten by CASCADE_UPDATE_FIXTURES=1).
// Lines `#   -> L:C message` right under an annotation list the finding's related locations
// (1-based line:column, message); when written, they must match exactly and in order.
import { Finding } from '../../server/src/syntax/types';
import { LineIndex } from '../../server/src/syntax/line-index';

const RELATED = /^\s*#\s*->\s*(\d+):(\d+)\s(.*)$/;
/** Rules whose related locations the rewrite switch writes out (the witness paths). */
const RELATED_RULES = new Set(['maybe-undefined-context-path', 'undefined-context-path', 'pruned-context-path']);

const ANNOTATION = /^(\s*)#(\s*)(\^+)(?:@(\d+))?(~(\d+):(\d+))?\s+(error|warning|info)\[([a-z0-9-]+)\](?::\s?(.*))?$/;

export interface Expected {
  line: number;
  startCol: number;
  endLine: number;
  endCol: number;
  severity: string;
  ruleId: string;
  message: string;
  /** `L:C message` (1-based), when the fixture lists them. */
  related?: string[];
}

export interface Split {
  /** The text without annotation lines (what is analysed). */
  clean: string;
  expected: Expected[];
  eol: string;
}

export function isAnnotation(line: string): boolean {
  return ANNOTATION.test(line);
}

export function splitAnnotations(text: string): Split {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const clean: string[] = [];
  const expected: Expected[] = [];
  for (const line of lines) {
    const rel = RELATED.exec(line);
    if (rel && expected.length > 0 && clean.length - 1 === expected[expected.length - 1].line) {
      const last = expected[expected.length - 1];
      (last.related ??= []).push(`${rel[1]}:${rel[2]} ${rel[3]}`);
      continue;
    }
    const m = ANNOTATION.exec(line);
    if (!m) {
      clean.push(line);
      continue;
    }
    const target = clean.length - 1;
    const caretStart = m[1].length + 1 + m[2].length;
    const startCol = m[4] ? Number(m[4]) - 1 : caretStart;
    const len = m[3].length;
    const endLine = m[5] ? Number(m[6]) - 1 : target;
    const endCol = m[5] ? Number(m[7]) - 1 : startCol + len;
    expected.push({ line: Math.max(0, target), startCol, endLine, endCol, severity: m[8], ruleId: m[9], message: m[10] ?? '' });
  }
  return { clean: clean.join(eol), expected, eol };
}

export function toExpected(f: Finding, lines: LineIndex): Expected {
  const s = lines.positionAt(f.span.start);
  const e = lines.positionAt(f.span.end);
  const related = f.related.map((r) => {
    const p = lines.positionAt(r.span.start);
    return `${p.line + 1}:${p.character + 1} ${r.message}`;
  });
  return { line: s.line, startCol: s.character, endLine: e.line, endCol: e.character, severity: f.severity, ruleId: f.ruleId, message: f.message, related };
}

function same(a: Expected, b: Expected): boolean {
  if (a.ruleId !== b.ruleId || a.severity !== b.severity || a.line !== b.line || a.startCol !== b.startCol) return false;
  if (a.endLine !== b.endLine) return false;
  // A single caret stands for an empty span or a one-character one.
  return a.endCol === b.endCol || (Math.abs(a.endCol - b.endCol) === 1 && Math.min(a.endCol, b.endCol) === a.startCol);
}

export function describe(e: Expected): string {
  const related = e.related && e.related.length > 0 && RELATED_RULES.has(e.ruleId) ? ` related [${e.related.join(' | ')}]` : '';
  return `${e.line + 1}:${e.startCol + 1}-${e.endLine + 1}:${e.endCol + 1} ${e.severity}[${e.ruleId}] ${e.message}${related}`;
}

/** Exhaustive comparison: the unexpected and the missing, as readable lines. */
export function compare(expected: Expected[], actual: Expected[]): { unexpected: string[]; missing: string[] } {
  const left = [...actual];
  const missing: string[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => same(e, a) && (!e.related || JSON.stringify(e.related) === JSON.stringify(a.related ?? [])));
    if (i >= 0) left.splice(i, 1);
    else missing.push(describe(e));
  }
  return { unexpected: left.map(describe), missing };
}

/** Re-annotate clean text with actual findings (the rewrite switch). */
export function annotate(clean: string, actual: Expected[], eol: string): string {
  const lines = clean.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    for (const a of actual.filter((x) => x.line === i)) {
      const multi = a.endLine !== a.line;
      const len = Math.max(1, multi ? line.length - a.startCol : a.endCol - a.startCol);
      const end = multi ? `~${a.endLine + 1}:${a.endCol + 1}` : '';
      let ann: string;
      if (a.startCol === 0) ann = '#' + '^'.repeat(len) + '@1';
      else {
        const indent = Math.min(a.startCol - 1, line.length - line.trimStart().length);
        ann = ' '.repeat(indent) + '#' + ' '.repeat(a.startCol - indent - 1) + '^'.repeat(len);
      }
      out.push(`${ann}${end} ${a.severity}[${a.ruleId}]: ${a.message.replace(/\r?\n/g, ' ')}`);
      if (RELATED_RULES.has(a.ruleId)) for (const r of a.related ?? []) out.push(`${' '.repeat(Math.max(0, ann.indexOf('#')))}#   -> ${r.replace(/\r?\n/g, ' ')}`);
    }
  });
  return out.join(eol);
}
