// The rule contract, modelled on ESLint's: `meta` describes the rule (id, kind, severity,
// messages, options, docs with examples that run as tests) and `create` returns a visitor.
import { Fix, RelatedLocation, Severity, Span } from '../syntax/types';
import type { CascadeDocument, State, Workflow } from '../model/types';
import type { DocumentAnalysis } from './document-analysis';

export type RuleKind = 'problem' | 'suggestion' | 'style';

export interface RuleDocs {
  description: string;
  /** Annotated YAML examples (carets under the text) that run as tests. */
  valid: string[];
  invalid: string[];
  /**
   * For rules that compare with earlier input contracts: the earlier version of the file the
   * examples are compared with, as `--baseline HEAD` would read it.
   */
  previous?: string;
}

export interface RuleMeta {
  id: string;
  kind: RuleKind;
  defaultSeverity: Severity;
  /** On in `recommended`. Every rule is on in `all`. */
  recommended: boolean;
  summary: string;
  messages: Record<string, string>;
  optionsSchema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  fixable?: boolean;
  docs: RuleDocs;
}

export interface ReportDescriptor {
  messageId: string;
  /** Values substituted for `{{name}}` in the message template. */
  data?: Record<string, string | number>;
  span: Span;
  related?: RelatedLocation[];
  hint?: string;
  fix?: Fix;
  suggestions?: Fix[];
  unnecessary?: boolean;
  /** Override the configured severity (e.g. a sub-message that is informational). */
  severity?: Severity;
}

export interface RuleContext {
  readonly ruleId: string;
  readonly options: Record<string, unknown>;
  readonly text: string;
  readonly fileName: string;
  readonly document: CascadeDocument;
  /** Shared, cached reasoning for this document (values, graph, shapes, schema problems). */
  readonly analysis: DocumentAnalysis;
  report(d: ReportDescriptor): void;
}

export interface RuleVisitor {
  document?(doc: CascadeDocument): void;
  workflow?(wf: Workflow): void;
  state?(state: State, wf: Workflow): void;
  documentEnd?(doc: CascadeDocument): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (Object.prototype.hasOwnProperty.call(data, k) ? String(data[k]) : m));
}
