// The default human format: findings grouped by file, `line:col severity message rule-id`,
// a code frame with the span underlined, related locations and hints, then a summary.
import { LintResult, counts, pos1 } from '../result';
import { LineIndex } from '../../syntax/line-index';
import { Span } from '../../syntax/types';
import { layOutLine } from './display-width';

export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const wrap = (a: number, b: number) => (s: string) => `\u001b[${a}m${s}\u001b[${b}m`;
export const ANSI: Colors = { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
const id = (s: string): string => s;
export const PLAIN: Colors = { red: id, yellow: id, blue: id, dim: id, bold: id, underline: id };

/**
 * A code frame: one line of context before, the span's lines with carets under them. Carets
 * are placed by display column (wide characters 2, combining marks 0, tabs to the next stop),
 * so that they line up in a terminal.
 */
export function codeFrame(lines: LineIndex, span: Span, c: Colors): string {
  const a = lines.positionAt(span.start);
  const b = lines.positionAt(span.end);
  const last = Math.min(b.line, a.line + 4);
  const first = Math.max(0, a.line - 1);
  const width = String(last + 1).length;
  const out: string[] = [];
  for (let l = first; l <= last; l++) {
    const line = layOutLine(lines.lineText(l));
    const marked = l >= a.line && l <= b.line;
    out.push(`${marked ? c.red('>') : ' '} ${c.dim(String(l + 1).padStart(width) + ' |')} ${line.text}`);
    if (marked) {
      // An offset inside the line break (a span ending at "\r" of "\r\n") counts as the line's end.
      const column = (character: number): number => line.columns[Math.min(character, line.columns.length - 1)];
      const from = l === a.line ? column(a.character) : 0;
      let to = l === b.line ? column(b.character) : line.width;
      if (to <= from) to = from + 1;
      out.push(`  ${' '.repeat(width)} ${c.dim('|')} ${' '.repeat(from)}${c.red('^'.repeat(Math.min(to - from, 200)))}`);
    }
  }
  return out.map((s) => '    ' + s).join('\n');
}

export function formatStylish(results: LintResult[], c: Colors, opts: { frames?: boolean } = {}): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const r of results) {
    if (r.findings.length === 0) continue;
    out.push('', c.underline(r.relPath));
    for (const f of r.findings) {
      const p = pos1(r.lines, f.span.start);
      const sev = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info');
      out.push(`  ${c.dim(`${p.line}:${p.column}`)}  ${sev}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (opts.frames !== false) out.push('', codeFrame(r.lines, f.span, c), '');
      for (const x of f.related) {
        const q = pos1(r.lines, x.span.start);
        out.push(`    ${c.dim(`${q.line}:${q.column}`)}  ${c.dim('related:')} ${x.message}`);
      }
      if (f.hint) out.push(`    ${c.dim('hint:')} ${f.hint}`);
      if (f.related.length || f.hint) out.push('');
    }
    const n = counts(r.findings);
    errors += n.errors;
    warnings += n.warnings;
    infos += n.infos;
    fixable += n.fixableErrors + n.fixableWarnings;
  }
  const total = errors + warnings + infos;
  if (total === 0) return '';
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary = `${errors ? '✖' : '⚠'} ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  out.push('', errors ? c.red(c.bold(summary)) : c.yellow(c.bold(summary)));
  if (fixable) out.push(c.dim(`  ${plural(fixable, 'problem')} potentially fixable with the \`--fix\` option.`));
  return out.join('\n') + '\n';
}
