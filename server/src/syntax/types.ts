// Core value types shared by every layer: spans (half-open UTF-16 offsets) and findings.
// Line/column never appear here; they exist only at the edges (CLI output, LSP).

export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  span: Span;
  message: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  span: Span;
  related: RelatedLocation[];
  hint?: string;
  /** Applied by --fix and offered as a quick fix. */
  fix?: Fix;
  /** Offered only as a quick fix (did-you-mean), never applied by --fix. */
  suggestions?: Fix[];
  /** Marks text that is dead (unreachable states): LSP tag Unnecessary. */
  unnecessary?: boolean;
}

export function spanOf(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

export function containsOffset(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
