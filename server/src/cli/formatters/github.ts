// GitHub Actions workflow commands: one `::error ...::message` line per finding.
import { LintResult, pos1 } from '../result';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: LintResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const s = pos1(r.lines, f.span.start);
      const e = pos1(r.lines, f.span.end);
      const cmd = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [`file=${escapeProperty(r.relPath)}`, `line=${s.line}`, `col=${s.column}`, `endLine=${e.line}`, `endColumn=${e.column}`, `title=${escapeProperty(f.ruleId)}`];
      lines.push(`::${cmd} ${props.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
