// Spans <-> LSP ranges and findings -> diagnostics. Ranges are computed with the LineIndex of
// the analysed text, so they always match the document version the analysis came from.
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver';
import { Finding, Span } from '../syntax/types';
import { LineIndex } from '../syntax/line-index';
import { ruleDocsUrl } from '../analysis/docs-url';

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toSpan(lines: LineIndex, range: Range): Span {
  const a = lines.offsetAt(range.start);
  const b = lines.offsetAt(range.end);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const SOURCE = 'cascade-lint';

export function toDiagnostic(uri: string, lines: LineIndex, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: toRange(lines, f.span),
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    source: SOURCE,
    message: f.hint ? `${f.message}\n${f.hint}` : f.message,
    data: { messageId: f.messageId },
  };
  if (f.related.length) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: toRange(lines, r.span) }, message: r.message }));
  if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/** Drop snippet syntax for clients that do not support it: `${1:x}` -> x, `$1`/`$0` -> ''. */
export function plainSnippet(s: string): string {
  let out = s;
  for (let i = 0; i < 5; i++) out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1');
  return out.replace(/\$\d+/g, '').replace(/\\\$/g, '$');
}

/** Markdown to readable plain text for clients without markdown hovers. */
export function plainMarkdown(s: string): string {
  return s.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}
