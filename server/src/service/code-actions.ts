// Code actions over the findings of an analysis: each finding's fix and suggestions, fixes the
// editor derives from the model (add `end: true`, a catch skeleton, a Choice `default`), a
// `cascade-lint-disable-next-line` comment for any finding, and fix-all for canonical keys.
import { Finding, Span, TextEdit } from '../syntax/types';
import { YNode } from '../syntax/yaml-tree';
import { State, Workflow } from '../model/types';
import { FileAnalysis } from '../analysis/analyze';
import { documentAt, stateAt } from './locate';

export type ActionKind = 'quickfix' | 'source.fixAll.cascade';

export interface CodeActionItem {
  title: string;
  kind: ActionKind;
  edits: TextEdit[];
  /** The findings this action resolves (for the client's diagnostic link). */
  findings: Finding[];
  isPreferred?: boolean;
}

export const FIX_ALL_KIND: ActionKind = 'source.fixAll.cascade';
const FIX_ALL_RULES = new Set(['prefer-canonical-keys']);

function intersects(f: Span, r: Span): boolean {
  return f.start <= r.end && r.start <= f.end;
}

/** Whether an action of `kind` is wanted when the client asks only for `only` kinds. */
export function kindMatches(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function codeActionsAt(analysis: FileAnalysis, range: Span, only?: readonly string[]): CodeActionItem[] {
  if (!analysis.isCascade) return [];
  const out: CodeActionItem[] = [];
  if (kindMatches('quickfix', only)) {
    const here = analysis.findings.filter((f) => intersects(f.span, range));
    for (const f of here) {
      if (f.fix && f.fix.edits.length) out.push({ title: f.fix.title, kind: 'quickfix', edits: f.fix.edits, findings: [f], isPreferred: true });
      for (const s of f.suggestions ?? []) if (s.edits.length) out.push({ title: s.title, kind: 'quickfix', edits: s.edits, findings: [f], isPreferred: !f.fix && (f.suggestions?.length ?? 0) === 1 });
      out.push(...derivedFixes(analysis, f));
    }
    const fixAll = fixAllEdits(analysis);
    if (here.some((f) => FIX_ALL_RULES.has(f.ruleId)) && fixAll.findings.length > 1) {
      out.push({ title: `Fix all canonical keys in the file (${fixAll.findings.length})`, kind: 'quickfix', edits: fixAll.edits, findings: fixAll.findings });
    }
    for (const f of here) {
      const d = disableEdit(analysis, f);
      if (d) out.push({ title: `Disable ${f.ruleId} for this line`, kind: 'quickfix', edits: [d], findings: [f] });
    }
  }
  if (kindMatches(FIX_ALL_KIND, only) && only && only.length > 0) {
    const all = fixAllEdits(analysis);
    if (all.edits.length) out.push({ title: 'Fix all canonical keys', kind: FIX_ALL_KIND, edits: all.edits, findings: all.findings });
  }
  return out;
}

/** Non-overlapping edits of every fixable canonical-key finding (what `--fix` would apply for them). */
export function fixAllEdits(analysis: FileAnalysis): { edits: TextEdit[]; findings: Finding[] } {
  const edits: TextEdit[] = [];
  const findings: Finding[] = [];
  for (const f of analysis.findings) {
    if (!FIX_ALL_RULES.has(f.ruleId) || !f.fix || f.fix.edits.length === 0) continue;
    const clash = f.fix.edits.some((e) => edits.some((c) => e.span.start < c.span.end && c.span.start < e.span.end));
    if (clash) continue;
    edits.push(...f.fix.edits);
    findings.push(f);
  }
  return { edits, findings };
}

// ---- fixes derived from the model ----

const NON_TERMINAL = new Set(['Task', 'Parallel', 'Wait', 'Pass', 'HumanTask', 'EvaluatePolicy', 'Receive']);

function derivedFixes(analysis: FileAnalysis, f: Finding): CodeActionItem[] {
  const da = documentAt(analysis, f.span.start);
  if (!da) return [];
  const state = stateAt(da, f.span.start);
  if (!state || state.node.flow) return [];
  const out: CodeActionItem[] = [];
  if (f.ruleId === 'missing-transition' && NON_TERMINAL.has(state.type) && !state.next && !state.end && !(state.parent && state.parent.branch.single)) {
    const e = appendToState(analysis, state, ['end: true']);
    if (e) out.push({ title: 'Add "end: true"', kind: 'quickfix', edits: [e], findings: [f] });
  }
  if (f.ruleId === 'missing-catch' && !state.fields.has('catch')) {
    const target = fallbackTarget(state.workflow, state);
    const e = appendToState(analysis, state, ['catch:', '  - error_equals: [States.ALL]', `    next: ${target}`]);
    if (e) out.push({ title: 'Add a catch skeleton', kind: 'quickfix', edits: [e], findings: [f] });
  }
  if (f.ruleId === 'choice-without-default' && state.type === 'Choice' && !state.default) {
    const e = appendToState(analysis, state, [`default: ${fallbackTarget(state.workflow, state)}`]);
    if (e) out.push({ title: 'Add "default" to the Choice', kind: 'quickfix', edits: [e], findings: [f] });
  }
  return out;
}

/** A Fail state to go to, else a Succeed state, else a placeholder the user must replace. */
function fallbackTarget(wf: Workflow, except: State): string {
  const scope = except.parent ? except.parent.branch.states : wf.states;
  const pick = scope.find((s) => s.type === 'Fail' && s !== except) ?? scope.find((s) => s.type === 'Succeed' && s !== except);
  return pick?.name ?? 'HandleError';
}

/** Insert lines as new keys at the end of a block-mapping state, at its key indentation. */
function appendToState(analysis: FileAnalysis, state: State, lines: string[]): TextEdit | undefined {
  const text = analysis.file.text;
  const first = state.node.pairs[0];
  if (!first) return undefined;
  const col = analysis.file.lines.positionAt(first.key.span.start).character;
  const indent = ' '.repeat(col);
  const last = state.node.pairs[state.node.pairs.length - 1];
  let at = lastContentEnd(last.value) ?? last.key.span.end;
  at = Math.max(at, last.key.span.end);
  // After a block scalar the value ends with its newline: insert on the next line.
  const body = lines.map((l) => indent + l).join('\n');
  if (text[at - 1] === '\n') return { span: { start: at, end: at }, newText: body + '\n' };
  // Continue to the end of the line (a trailing comment stays where it is).
  const lineEnd = analysis.file.lines.lineEnd(analysis.file.lines.positionAt(at).line);
  return { span: { start: lineEnd, end: lineEnd }, newText: '\n' + body };
}

function lastContentEnd(n: YNode | null): number | undefined {
  return n ? n.span.end : undefined;
}

// ---- suppressions ----

const DIRECTIVE_LINE = /^(\s*)#\s*cascade-lint-disable-next-line\b([^]*)$/;

/** An edit that adds `# cascade-lint-disable-next-line <rule>` above the finding's line. */
export function disableEdit(analysis: FileAnalysis, f: Finding): TextEdit | undefined {
  const lines = analysis.file.lines;
  const text = analysis.file.text;
  const line = lines.positionAt(f.span.start).line;
  if (insideMultiLineScalar(analysis, f.span.start, line)) return undefined;
  // Extend a directive that already sits right above the line.
  if (line > 0) {
    const prev = lines.lineText(line - 1);
    const m = DIRECTIVE_LINE.exec(prev);
    if (m) {
      const body = m[2];
      const dash = body.indexOf('--');
      const ids = (dash >= 0 ? body.slice(0, dash) : body).trim();
      if (ids.split(/[\s,]+/).includes(f.ruleId)) return undefined;
      const start = lines.lineStart(line - 1);
      const idsEnd = start + prev.length - body.length + (dash >= 0 ? body.slice(0, dash).trimEnd().length : body.trimEnd().length);
      return { span: { start: idsEnd, end: idsEnd }, newText: ids ? `, ${f.ruleId}` : ` ${f.ruleId}` };
    }
  }
  const start = lines.lineStart(line);
  const lineText = text.slice(start, lines.lineEnd(line));
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { span: { start, end: start }, newText: `${indent}# cascade-lint-disable-next-line ${f.ruleId}${eol}` };
}

function insideMultiLineScalar(analysis: FileAnalysis, offset: number, line: number): boolean {
  const lines = analysis.file.lines;
  for (const d of analysis.file.parsed.documents) {
    const stack: YNode[] = d.root ? [d.root] : [];
    let budget = 200_000;
    while (stack.length > 0 && budget-- > 0) {
      const n = stack.pop()!;
      if (offset < n.span.start || offset > n.span.end) continue;
      if (n.kind === 'scalar') {
        if (lines.positionAt(n.span.start).line < line) return true;
      } else if (n.kind === 'map') for (const p of n.pairs) {
        stack.push(p.key);
        if (p.value) stack.push(p.value);
      } else for (const i of n.items) stack.push(i);
    }
  }
  return false;
}
