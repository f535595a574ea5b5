// Document outline (workflows -> states, branches nested under their Parallel state, then the
// declarations) and folding ranges for every multi-line mapping, list and comment block.
import { Span } from '../syntax/types';
import { YNode } from '../syntax/yaml-tree';
import { State } from '../model/types';
import { FileAnalysis } from '../analysis/analyze';

export type SymbolKind = 'workflow' | 'state' | 'branch' | 'activity' | 'schema';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The state type, for states. */
  stateType?: string;
  span: Span;
  selectionSpan: Span;
  children: OutlineSymbol[];
}

function stateSymbol(s: State): OutlineSymbol {
  const children: OutlineSymbol[] = [];
  if (s.type === 'Parallel') {
    for (const b of s.branches) {
      if (b.single) children.push(...b.states.filter((x) => !x.parent || x.parent.branch === b).map(stateSymbol));
      else children.push({ name: b.name ?? `branch ${b.index + 1}`, kind: 'branch', span: b.span, selectionSpan: b.nameNode?.span ?? b.span, children: b.states.map(stateSymbol) });
    }
  }
  return { name: s.name || '(unnamed state)', detail: s.typeName || undefined, kind: 'state', stateType: s.typeName, span: s.span, selectionSpan: s.nameNode?.span ?? s.anchor, children };
}

export function documentSymbols(analysis: FileAnalysis): OutlineSymbol[] {
  if (!analysis.isCascade) return [];
  const out: OutlineSymbol[] = [];
  for (const da of analysis.documents) {
    for (const wf of da.model.workflows) {
      out.push({ name: wf.name || '(unnamed workflow)', detail: `${wf.allStates.length} state${wf.allStates.length === 1 ? '' : 's'}`, kind: 'workflow', span: wf.span, selectionSpan: wf.anchor, children: wf.states.map(stateSymbol) });
    }
    for (const a of da.model.activities) out.push({ name: a.urn || '(activity)', detail: 'activity', kind: 'activity', span: a.span, selectionSpan: a.urnNode?.span ?? a.span, children: [] });
    for (const s of da.model.schemas) out.push({ name: s.urn || '(schema)', detail: 'schema', kind: 'schema', span: s.span, selectionSpan: s.urnNode?.span ?? s.span, children: [] });
  }
  return out;
}

export interface FoldingSpan {
  span: Span;
  kind?: 'comment' | 'region';
}

const MAX_FOLDS = 20_000;

export function foldingSpans(analysis: FileAnalysis): FoldingSpan[] {
  const out: FoldingSpan[] = [];
  const text = analysis.file.text;
  const multiLine = (s: Span): boolean => text.slice(s.start, s.end).trimEnd().includes('\n');
  for (const d of analysis.file.parsed.documents) {
    const stack: YNode[] = d.root ? [d.root] : [];
    while (stack.length > 0 && out.length < MAX_FOLDS) {
      const n = stack.pop()!;
      if (n.kind === 'map') {
        for (const p of n.pairs) {
          if (p.value && p.value.kind !== 'scalar') {
            const span = { start: p.key.span.start, end: p.value.span.end };
            if (multiLine(span)) out.push({ span });
            stack.push(p.value);
          } else if (p.value && p.value.kind === 'scalar' && multiLine(p.span)) out.push({ span: p.span });
        }
      } else if (n.kind === 'seq') {
        for (const i of n.items) {
          if (i.kind !== 'scalar' && multiLine(i.span)) out.push({ span: i.span });
          stack.push(i);
        }
      }
    }
  }
  // Runs of two or more whole-line comments.
  const lines = analysis.file.lines;
  let runStart = -1;
  let runEnd = -1;
  for (const c of analysis.file.parsed.comments) {
    const line = lines.positionAt(c.span.start).line;
    const wholeLine = /^\s*$/.test(text.slice(lines.lineStart(line), c.span.start));
    if (!wholeLine) continue;
    if (runStart >= 0 && line === lines.positionAt(runEnd).line + 1) runEnd = c.span.end;
    else {
      if (runStart >= 0 && lines.positionAt(runEnd).line > lines.positionAt(runStart).line) out.push({ span: { start: runStart, end: runEnd }, kind: 'comment' });
      runStart = c.span.start;
      runEnd = c.span.end;
    }
  }
  if (runStart >= 0 && lines.positionAt(runEnd).line > lines.positionAt(runStart).line) out.push({ span: { start: runStart, end: runEnd }, kind: 'comment' });
  return out.sort((a, b) => a.span.start - b.span.start);
}
