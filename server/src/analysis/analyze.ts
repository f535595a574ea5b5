// The one pipeline: parse -> model -> (schema, values, graph, shapes on demand) -> rules ->
// suppressions -> sorted, de-duplicated findings. Total: any text yields findings, never a throw.
import { ParsedText, parseYaml } from '../syntax/yaml-tree';
import { LineIndex } from '../syntax/line-index';
import { Finding, Severity, Span } from '../syntax/types';
import { buildDocument, isCascadeFile } from '../model/build';
import { DocumentAnalysis, FileContext, Catalogue } from './document-analysis';
import { EffectiveRule } from './config';
import { Rule, RuleContext, RuleVisitor, formatMessage } from './rule';
import { isSuppressed, parseDirectives } from './suppressions';
import { ALL_RULES } from '../../../rules';
import type { PreviousContracts } from '../shapes/contracts/history';

export const MAX_FILE_CHARS = 5 * 1024 * 1024;

export function tooLargeMessage(size: number): string {
  return `The file is too large to analyse (${(size / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_FILE_CHARS / (1024 * 1024)} MB).`;
}

export interface AnalyzeOptions {
  fileName: string;
  /** Effective rules for this file; default: every recommended rule at its default severity. */
  rules?: Map<string, EffectiveRule>;
  catalogue?: Catalogue;
  /** Analyse even when the file does not look like a Cascade file (explicit CLI paths). */
  force?: boolean;
  /**
   * The recorded input contracts of this file's workflows, from the contracts file or a git
   * baseline (spec §9). Without them the contract rules check only what the file itself shows.
   */
  previousContracts?: PreviousContracts;
  /** A decoding problem found by the caller (binary, invalid UTF-8). */
  decodeProblem?: { message: string; span: Span };
  /** The rule implementations to run (default: the registry, ALL_RULES). */
  ruleSet?: readonly Rule[];
  /** The text already parsed (parseYaml of this very text), to skip parsing it again. */
  parsed?: ParsedText;
}

export interface FileAnalysis {
  file: FileContext;
  isCascade: boolean;
  documents: DocumentAnalysis[];
  findings: Finding[];
  /** Bugs contained while analysing (a rule that threw); the CLI exits 3 on these. */
  internalErrors: string[];
}

export function recommendedRules(rules: readonly Rule[] = ALL_RULES): Map<string, EffectiveRule> {
  const m = new Map<string, EffectiveRule>();
  for (const r of rules) if (r.meta.recommended) m.set(r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } });
  return m;
}

export function rulesById(): Map<string, Rule> {
  return new Map(ALL_RULES.map((r) => [r.meta.id, r]));
}

function fileLevelFinding(ruleId: string, message: string, span: Span): Finding {
  return { ruleId, messageId: 'fileProblem', message, severity: 'error', span, related: [] };
}

export function analyzeText(text: string, options: AnalyzeOptions): FileAnalysis {
  const rules = options.rules ?? recommendedRules();
  const catalogue = options.catalogue ?? { activities: [], schemas: [] };
  const internalErrors: string[] = [];
  const lines = new LineIndex(text);
  const emptyParsed = { text, documents: [], problems: [], comments: [] };
  if (options.decodeProblem) {
    return {
      file: { text, fileName: options.fileName, lines, parsed: emptyParsed, catalogue },
      isCascade: true,
      documents: [],
      findings: [fileLevelFinding('yaml-syntax', options.decodeProblem.message, options.decodeProblem.span)],
      internalErrors,
    };
  }
  if (text.length > MAX_FILE_CHARS) {
    return {
      file: { text, fileName: options.fileName, lines, parsed: emptyParsed, catalogue },
      isCascade: true,
      documents: [],
      findings: [fileLevelFinding('yaml-syntax', tooLargeMessage(text.length), { start: 0, end: 0 })],
      internalErrors,
    };
  }
  const parsedText = options.parsed?.text === text ? options.parsed : parseYaml(text);
  // An empty file still gets one (empty) document, so that it gets a finding.
  const parsed: ParsedText =
    parsedText.documents.length > 0
      ? parsedText
      : {
          text,
          problems: parsedText.problems,
          documents: [{ root: null, span: { start: 0, end: text.length }, contentStart: 0 }],
          get comments() {
            return parsedText.comments;
          },
        };
  const file: FileContext = { text, fileName: options.fileName, lines, parsed, catalogue, previousContracts: options.previousContracts };
  const isCascade = options.force === true || isCascadeFile(options.fileName, parsed);
  const result: FileAnalysis = { file, isCascade, documents: [], findings: [], internalErrors };
  if (!isCascade) return result;

  const raw: Finding[] = [];
  const active: { rule: Rule; setting: EffectiveRule }[] = [];
  const ruleSet = options.ruleSet ?? ALL_RULES;
  for (const rule of ruleSet) {
    const setting = rules.get(rule.meta.id);
    if (setting) active.push({ rule, setting });
  }

  parsed.documents.forEach((yd, index) => {
    const model = buildDocument(yd, index);
    const da = new DocumentAnalysis(file, model);
    result.documents.push(da);
    for (const { rule, setting } of active) {
      const ctx: RuleContext = {
        ruleId: rule.meta.id,
        options: setting.options,
        text,
        fileName: options.fileName,
        document: model,
        analysis: da,
        report(d) {
          const template = rule.meta.messages[d.messageId] ?? d.messageId;
          const sev = reportSeverity(d.severity, setting.severity, rule.meta.defaultSeverity);
          raw.push({
            ruleId: rule.meta.id,
            messageId: d.messageId,
            message: formatMessage(template, d.data),
            severity: sev,
            span: d.span,
            related: d.related ?? [],
            hint: d.hint,
            fix: d.fix,
            suggestions: d.suggestions,
            unnecessary: d.unnecessary,
          });
        },
      };
      try {
        const v: RuleVisitor = rule.create(ctx);
        v.document?.(model);
        for (const wf of model.workflows) {
          v.workflow?.(wf);
          if (v.state) for (const s of wf.allStates) v.state(s, wf);
        }
        v.documentEnd?.(model);
      } catch (e) {
        internalErrors.push(`rule "${rule.meta.id}" failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  });

  // Lexing the comments costs a second pass over the text: skip it when no directive can be there.
  const directives = text.includes('cascade-lint-') ? parseDirectives(parsed.comments, lines) : [];
  const kept: Finding[] = [];
  for (const f of raw) {
    const line = lines.positionAt(f.span.start).line;
    if (f.ruleId !== 'unused-suppression' && isSuppressed(directives, f.ruleId, line)) continue;
    kept.push(f);
  }
  const unused = rules.get('unused-suppression');
  if (unused) {
    const known = new Set(ruleSet.map((r) => r.meta.id));
    for (const d of directives) {
      const directive = d.kind === 'file' ? 'cascade-lint-disable-file' : 'cascade-lint-disable-next-line';
      if (d.ids.length === 0 && !d.usedAll) {
        kept.push({ ruleId: 'unused-suppression', messageId: 'unused', message: `Unused "${directive}" directive: no finding is reported here.`, severity: unused.severity, span: d.span, related: [], fix: { title: 'Remove the unused directive', edits: [removeCommentEdit(text, d.span)] } });
      }
      for (const i of d.ids) {
        if (!known.has(i.id)) {
          kept.push({ ruleId: 'unused-suppression', messageId: 'unknownRule', message: `Unknown rule "${i.id}" in "${directive}".`, severity: unused.severity, span: i.span, related: [] });
        } else if (!i.used) {
          kept.push({ ruleId: 'unused-suppression', messageId: 'unused', message: `Unused "${directive}" for "${i.id}": no such finding is reported here.`, severity: unused.severity, span: i.span, related: [] });
        }
      }
    }
  }
  result.findings = sortAndDedupe(kept);
  return result;
}

function removeCommentEdit(text: string, span: Span): { span: Span; newText: string } {
  // Remove the whole line when the comment is alone on it.
  let s = span.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s === 0 || text[s - 1] === '\n') {
    let e = span.end;
    if (text[e] === '\r') e++;
    if (text[e] === '\n') e++;
    return { span: { start: s, end: e }, newText: '' };
  }
  return { span: { start: s, end: span.end }, newText: '' };
}

function severityRank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

/**
 * The severity of one report. A rule may report some messages below its configured severity
 * (always honoured), or above its default one (`missing-envelope` is info for a fragment but an
 * error for an empty file); the higher one is honoured only while the user has left the rule at
 * its default severity, so that `--rule id:warn` still caps what the rule reports.
 */
export function reportSeverity(requested: Severity | undefined, configured: Severity, ruleDefault: Severity): Severity {
  if (!requested) return configured;
  if (severityRank(requested) < severityRank(configured)) return requested;
  if (severityRank(requested) > severityRank(configured) && configured === ruleDefault) return requested;
  return configured;
}

export function sortAndDedupe(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const f of sorted) {
    const k = `${f.ruleId}\0${f.span.start}\0${f.span.end}\0${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}
