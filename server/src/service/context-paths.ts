// Context paths under the cursor (template reads, bare `$.` parameters, choice variables,
// input/output paths, result targets) and what is known about them: the type from input
// contracts and activity declarations, and the states that write them. This is the part the
// context-shape analysis refines; without it, nothing here claims presence.
import { containsOffset, Span } from '../syntax/types';
import { YNode, getPair } from '../syntax/yaml-tree';
import { State, Workflow } from '../model/types';
import { PathAst, PathSegment, formatPath } from '../expr/path';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { documentValues } from '../analysis/stages';

export interface ContextPathSite {
  workflow: Workflow;
  state: State;
  path: PathAst;
  /** Segments up to and including the one under the cursor (all of them on the root). */
  segmentCount: number;
  /** The span of that prefix. */
  span: Span;
  kind: 'read' | 'write' | 'select';
  /** The read cannot fail (under `default`/`defined`). */
  safe: boolean;
  /** Which context the path names: the state's input, after its input_path, or after its result. */
  phase: 'input' | 'effective' | 'output';
  /** A write: a state's `result`, or a catch's `result` (written only when that catch is taken). */
  role?: 'result' | 'catch-result';
  /** A read: where it is written (a template, a Choice `variable`, ...). */
  readKind?: string;
}

export function contextPathAt(da: DocumentAnalysis, offset: number): ContextPathSite | undefined {
  const values = documentValues(da);
  const sites: { path: PathAst; workflow: Workflow; state: State; kind: ContextPathSite['kind']; safe: boolean; phase: ContextPathSite['phase']; role?: ContextPathSite['role']; readKind?: string }[] = [];
  for (const r of values.reads) {
    if (containsOffset(r.path.span, offset)) sites.push({ path: r.path, workflow: r.workflow, state: r.state, kind: r.kind === 'input_path' || r.kind === 'output_path' ? 'select' : 'read', safe: r.safe, phase: r.phase, readKind: r.kind });
  }
  for (const p of values.paths) {
    if (p.path && (p.role === 'result' || p.role === 'catch-result') && containsOffset(p.path.span, offset)) sites.push({ path: p.path, workflow: p.workflow, state: p.state, kind: 'write', safe: true, phase: 'output', role: p.role });
  }
  // The innermost path wins (a path inside a filter argument inside another expression).
  sites.sort((a, b) => a.path.span.end - a.path.span.start - (b.path.span.end - b.path.span.start));
  const s = sites[0];
  if (!s) return undefined;
  let count = s.path.segments.length;
  let end = s.path.span.end;
  if (containsOffset(s.path.rootSpan, offset) && offset < s.path.rootSpan.end) {
    count = 0;
    end = s.path.rootSpan.end;
  } else {
    for (let i = 0; i < s.path.segments.length; i++) {
      const seg = s.path.segments[i];
      if (offset <= seg.span.end) {
        count = i + 1;
        end = seg.span.end;
        break;
      }
    }
  }
  return { workflow: s.workflow, state: s.state, path: s.path, segmentCount: count, span: { start: s.path.span.start, end }, kind: s.kind, safe: s.safe, phase: s.phase, role: s.role, readKind: s.readKind };
}

export interface Writer {
  state: State;
  /** The written path's span (a `result` value, a catch `result`). */
  span: Span;
  path: PathAst;
  /** A state `result`, or the error object of a catch entry. */
  role: 'result' | 'catch-result';
}

function isPrefix(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind) return false;
    if (x.kind === 'field' && y.kind === 'field' && x.name !== y.name) return false;
    if (x.kind === 'index' && y.kind === 'index' && x.index !== y.index) return false;
  }
  return true;
}

/** States of the workflow whose `result` (or catch `result`) writes the path or a part of it. */
export function writersOf(da: DocumentAnalysis, wf: Workflow, segments: readonly PathSegment[]): Writer[] {
  const out: Writer[] = [];
  for (const p of documentValues(da).paths) {
    if (p.workflow !== wf || !p.path || p.path.root !== '$') continue;
    if (p.role !== 'result' && p.role !== 'catch-result') continue;
    if (isPrefix(p.path.segments, segments) || isPrefix(segments, p.path.segments)) out.push({ state: p.state, span: p.path.span, path: p.path, role: p.role });
  }
  return out;
}

/** Renders a compact type (spec §8.1) or a JSON value node as short text. */
export function renderType(node: YNode | null | undefined, depth = 0): string {
  if (!node) return 'null';
  if (depth > 4) return '…';
  if (node.kind === 'scalar') return node.value === null ? 'null' : String(node.value);
  if (node.kind === 'seq') return `[${node.items.slice(0, 8).map((i) => renderType(i, depth + 1)).join(', ')}${node.items.length > 8 ? ', …' : ''}]`;
  const fields = node.pairs.slice(0, 12).map((p) => `${String(p.key.value)}: ${renderType(p.value, depth + 1)}`);
  return `{ ${fields.join(', ')}${node.pairs.length > 12 ? ', …' : ''} }`;
}

/** The compact type at `segments` below a compact type map node; undefined when not described. */
export function compactTypeAt(node: YNode | null | undefined, segments: readonly PathSegment[]): { type: string; optional: boolean } | undefined {
  let cur: YNode | null | undefined = node;
  let optional = false;
  for (const seg of segments) {
    if (!cur) return undefined;
    if (cur.kind === 'map' && seg.kind === 'field') {
      const p = getPair(cur, seg.name);
      if (!p) return undefined;
      cur = p.value;
      if (cur?.kind === 'scalar' && typeof cur.value === 'string' && cur.value.endsWith('?')) optional = true;
      continue;
    }
    if (cur.kind === 'scalar' && typeof cur.value === 'string' && cur.value.replace(/\?$/, '').endsWith('[]') && seg.kind !== 'field') {
      const elem = cur.value.replace(/\?$/, '').slice(0, -2);
      return { type: elem, optional };
    }
    return undefined;
  }
  return cur ? { type: renderType(cur), optional } : undefined;
}

export interface PathInfo {
  text: string;
  type?: string;
  /** Where the type comes from ("input contract", "declared output of ..."). */
  source?: string;
  open?: boolean;
  writers: Writer[];
  notes: string[];
}

/**
 * What is known about a context path at a state, from declarations alone. `writtenBy`, when the
 * shape analysis knows which states wrote the value that reaches this state, limits the writer
 * whose declaration gives the type (otherwise the first writer of a prefix in the document).
 */
export function describeContextPath(da: DocumentAnalysis, site: ContextPathSite, writtenBy?: readonly string[]): PathInfo {
  const segs = site.path.segments.slice(0, site.segmentCount);
  const text = formatPath(segs, site.path.root);
  const info: PathInfo = { text, writers: [], notes: [] };
  const wf = site.workflow;
  const wfSegs = site.path.root === 'workflow' ? segs : segs[0]?.kind === 'field' && segs[0].name === 'workflow' ? segs.slice(1) : undefined;
  if (wfSegs) {
    if (site.path.root === '$') info.notes.push('`$.workflow` is a copy of the execution root; an `input_path` or `output_path` can remove it, `workflow.*` never goes away.');
    const head = wfSegs[0];
    if (!head) {
      info.type = '{ execution_id: string, input: object, started_at: string }';
      info.source = 'execution root';
    } else if (head.kind === 'field' && (head.name === 'execution_id' || head.name === 'started_at')) {
      info.type = 'string';
      info.source = head.name === 'started_at' ? 'execution root (timestamp)' : 'execution root';
    } else if (head.kind === 'field' && head.name === 'input') {
      if (wf.input?.value) {
        const t = compactTypeAt(wf.input.value, wfSegs.slice(1));
        if (t) {
          info.type = t.type + (t.optional ? ' (optional)' : '');
          info.source = `input contract${wf.version?.value ? ` ${renderType(wf.version.value)}` : ''}`;
        } else info.notes.push('Not a field of the input contract.');
      } else if (wf.inputSchema) {
        info.source = 'input_schema';
      } else {
        info.open = true;
        info.notes.push('The workflow declares no input contract, so any field is accepted below `workflow.input`.');
      }
    }
    return info;
  }
  if (site.path.root !== '$') return info;
  info.writers = writersOf(da, wf, segs);
  // A type from the writer whose result path is a prefix of this path, when its output is declared.
  for (const w of info.writers) {
    if (!isPrefix(w.path.segments, segs)) continue;
    if (writtenBy && !writtenBy.includes(w.state.name)) continue;
    const rest = segs.slice(w.path.segments.length);
    const s = w.state;
    if (w.role === 'catch-result') {
      if (rest.length === 0) info.type = '{ error: string, cause: string }';
      else if (rest.length === 1 && rest[0].kind === 'field' && (rest[0].name === 'error' || rest[0].name === 'cause')) info.type = 'string';
      info.source = `error caught in "${s.name}"`;
      break;
    }
    if (s.type === 'Task' && s.resourceUrn) {
      const decl = da.activities.get(s.resourceUrn);
      if (decl?.output?.value) {
        const t = compactTypeAt(decl.output.value, rest);
        if (t) {
          info.type = t.type + (t.optional ? ' (optional)' : '');
          info.source = `declared output of \`${s.resourceUrn}\``;
        }
        break;
      }
      if (decl?.outputSchema) {
        info.source = `output_schema of \`${s.resourceUrn}\``;
        break;
      }
      info.open = true;
      info.notes.push(`\`${s.resourceUrn}\` declares no output, so its result has an open shape.`);
      break;
    }
    if (s.type === 'Pass' && s.value?.value && rest.length === 0) {
      info.type = renderType(s.value.value);
      info.source = `value of "${s.name}"`;
      break;
    }
  }
  return info;
}
