// ESLint's JSON shape; info findings carry severity 1 and "level": "info" and are not warnings.
import { Fix } from '../../syntax/types';
import { LintResult, counts, pos1 } from '../result';

export function mergeFix(fix: Fix, text: string): { range: [number, number]; text: string } {
  const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  const start = edits[0].span.start;
  const end = edits[edits.length - 1].span.end;
  let out = '';
  let at = start;
  for (const e of edits) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return { range: [start, end], text: out };
}

export function toEslintJson(results: LintResult[]): unknown[] {
  return results.map((r) => {
    const c = counts(r.findings);
    const messages = r.findings.map((f) => {
      const s = pos1(r.lines, f.span.start);
      const e = pos1(r.lines, f.span.end);
      const m: Record<string, unknown> = {
        ruleId: f.ruleId,
        severity: f.severity === 'error' ? 2 : 1,
        message: f.message,
        line: s.line,
        column: s.column,
        endLine: e.line,
        endColumn: e.column,
        messageId: f.messageId,
      };
      if (f.severity === 'info') m.level = 'info';
      if (f.fix && f.fix.edits.length > 0) m.fix = mergeFix(f.fix, r.text);
      if (f.suggestions?.length) m.suggestions = f.suggestions.map((s) => ({ desc: s.title, fix: mergeFix(s, r.text) }));
      if (f.hint) m.hint = f.hint;
      if (f.related.length) {
        m.related = f.related.map((x) => {
          const p = pos1(r.lines, x.span.start);
          const pe = pos1(r.lines, x.span.end);
          return { message: x.message, line: p.line, column: p.column, endLine: pe.line, endColumn: pe.column };
        });
      }
      return m;
    });
    const out: Record<string, unknown> = {
      filePath: r.filePath,
      messages,
      suppressedMessages: [],
      errorCount: c.errors,
      fatalErrorCount: 0,
      warningCount: c.warnings,
      infoCount: c.infos,
      fixableErrorCount: c.fixableErrors,
      fixableWarningCount: c.fixableWarnings,
      usedDeprecatedRules: [],
    };
    if (r.output !== undefined) out.output = r.output;
    return out;
  });
}

export function formatJson(results: LintResult[]): string {
  return JSON.stringify(toEslintJson(results));
}
