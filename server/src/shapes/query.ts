// The editor's questions about context shapes (no LSP types): the shape at a state, what a path
// resolves to there (type, presence, the states that write it, a path on which it is missing),
// the paths available for completion, and a printable tree (`cascade-lint explain`).
import type { RelatedLocation } from '../syntax/types';
import type { State } from '../model/types';
import type { ContextRead } from '../expr/values';
import { PathAst, formatPath, parseReferencePath } from '../expr/path';
import { parseExpression } from '../expr/template';
import { Ctx, GhostLayer, resolve } from './context';
import type { WorkflowShapes } from './infer';
import { Field, OptionalSite, Shape, UNKNOWN, WriterSet, formatShape, sortedFields, writerList } from './shape';
import { describeWitness } from './describe';
import { Witness, findWitness } from './witness';

export type Phase = 'input' | 'effective' | 'output';

/** The context at a state: its input C, its E (after input_path), or O (after result). */
export function contextAt(ws: WorkflowShapes, state: State, phase: Phase = 'input'): Ctx | undefined {
  const f = ws.facts(state);
  if (!f) return undefined;
  return phase === 'input' ? f.entry : phase === 'effective' ? f.effective : (f.output ?? f.effective);
}

export interface PathInfo {
  path: string;
  /** `always`/`maybe`: there on every / some path; `missing`/`pruned`: on none; `unreached`: the state is not reached. */
  status: 'always' | 'maybe' | 'missing' | 'pruned' | 'unreached';
  shape: Shape;
  /** `formatShape(shape)`, or `undefined` when the path is not there. */
  type: string;
  /** States whose `result` (or a catch's, or a Parallel's list) writes the value, or a value above it. */
  writers: State[];
  /** A path from the start on which the value is missing (maybe), as related locations. */
  missing?: { reason: string; related: RelatedLocation[]; witness?: Witness };
  prunedBy?: GhostLayer;
  optional?: OptionalSite;
}

function parsePath(path: PathAst | string): PathAst | undefined {
  if (typeof path !== 'string') return path;
  const t = path.trim();
  if (t.startsWith('workflow')) {
    const r = parseExpression(t);
    return r.expr?.kind === 'path' ? r.expr.path : undefined;
  }
  return parseReferencePath(t).path;
}

function uniqueStates(ws: WriterSet): State[] {
  return [...new Set(writerList(ws).map((w) => w.state))];
}

function subtreeWriters(shape: Shape, out: Set<State>, budget: { n: number }): void {
  const stack: Shape[] = [shape];
  while (stack.length && budget.n-- > 0) {
    const s = stack.pop()!;
    if (s.kind === 'object') s.fields.forEach((f) => {
      for (const w of writerList(f.writers)) out.add(w.state);
      stack.push(f.shape);
    });
    else if (s.kind === 'array') stack.push(s.items);
  }
}

/** What `path` (text such as `$.customer.id` or `workflow.input.x`, or a parsed path) is at a state. */
export function resolveAt(ws: WorkflowShapes, state: State, path: PathAst | string, phase: Phase = 'effective'): PathInfo | undefined {
  const p = parsePath(path);
  if (!p) return undefined;
  const text = formatPath(p.segments, p.root);
  const ctx = contextAt(ws, state, phase);
  if (!ctx) return { path: text, status: 'unreached', shape: UNKNOWN, type: 'undefined', writers: [] };
  const r = resolve(ctx, p.root, p.segments);
  const writers = new Set<State>();
  for (let i = r.trail.length - 1; i >= 0 && writers.size === 0; i--) for (const s of uniqueStates(r.trail[i].writers)) writers.add(s);
  if (r.status !== 'missing') subtreeWriters(r.shape, writers, { n: 500 });
  if (r.status === 'missing') {
    return { path: text, status: r.ghost ? 'pruned' : 'missing', shape: UNKNOWN, type: 'undefined', writers: [...writers], prunedBy: r.ghost };
  }
  const info: PathInfo = { path: text, status: r.status === 'maybe' ? 'maybe' : 'always', shape: r.shape, type: formatShape(r.shape), writers: [...writers] };
  if (r.status === 'maybe') {
    const read: ContextRead = { workflow: ws.workflow, state, path: p, span: p.span, safe: false, kind: 'template', phase };
    const seg = p.segments[r.maybeAt!];
    const w = findWitness(ws, read, p.segments.slice(0, r.maybeAt! + 1), r.maybeField?.optional);
    const d = describeWitness(ws, w, seg);
    info.missing = { reason: d.reason, related: d.related, witness: w };
    info.optional = r.maybeField?.optional;
  }
  return info;
}

export interface AvailablePath {
  /** `$.customer.id`, `workflow.input.order_id`. */
  path: string;
  type: string;
  presence: 'always' | 'maybe';
  writers: string[];
  depth: number;
}

/** The paths a read can name at a state (for completion), breadth-first, bounded. */
export function availablePaths(ws: WorkflowShapes, state: State, phase: Phase = 'effective', opts: { maxDepth?: number; max?: number } = {}): AvailablePath[] {
  const ctx = contextAt(ws, state, phase);
  if (!ctx) return [];
  const maxDepth = opts.maxDepth ?? 4;
  const max = opts.max ?? 500;
  const out: AvailablePath[] = [];
  type Item = { root: '$' | 'workflow'; segs: PathAst['segments']; f: Field; depth: number; maybe: boolean };
  const queue: Item[] = [];
  const seed = (root: '$' | 'workflow', s: Shape): void => {
    if (s.kind !== 'object') return;
    for (const [k, f] of sortedFields(s)) queue.push({ root, segs: [{ kind: 'field', name: k, span: { start: 0, end: 0 }, quoted: false }], f, depth: 1, maybe: s.maybe.has(k) });
  };
  seed('$', ctx.top);
  seed('workflow', ctx.wf);
  for (let i = 0; i < queue.length && out.length < max; i++) {
    const it = queue[i];
    out.push({ path: formatPath(it.segs, it.root), type: formatShape(it.f.shape, 1), presence: it.maybe ? 'maybe' : 'always', writers: uniqueStates(it.f.writers).map((s) => s.name), depth: it.depth });
    if (it.depth >= maxDepth || it.f.shape.kind !== 'object') continue;
    const parent = it.f.shape;
    for (const [k, f] of sortedFields(parent)) {
      queue.push({ root: it.root, segs: [...it.segs, { kind: 'field', name: k, span: { start: 0, end: 0 }, quoted: false }], f, depth: it.depth + 1, maybe: it.maybe || parent.maybe.has(k) });
    }
  }
  return out;
}

// ------------------------------------------------------------------ explain

function describeField(ws: WorkflowShapes, state: State, phase: Phase, root: '$' | 'workflow', segs: PathAst['segments'], f: Field, maybe: boolean): string {
  const notes: string[] = [];
  const writers = [...new Set(writerList(f.writers).map((w) => `"${w.state.name}"${w.via === 'catch' ? ' (its catch)' : w.via === 'parallel' ? ' (list of branch outputs)' : ''}`))];
  if (writers.length) notes.push(`written by ${writers.join(', ')}`);
  if (maybe) {
    if (f.optional) notes.push(`optional in ${f.optional.where}`);
    else {
      const info = resolveAt(ws, state, { root, rootSpan: { start: 0, end: 0 }, segments: segs, span: { start: 0, end: 0 } }, phase);
      if (info?.missing) notes.push(`may be missing: ${info.missing.reason}`);
    }
  }
  return notes.length ? `  (${notes.join('; ')})` : '';
}

function kindLabel(s: Shape): string {
  if (s.kind === 'object') return s.open ? 'object, open' : 'object';
  if (s.kind === 'array') return s.tuple ? `list of ${s.tuple.length}` : `${formatShape(s.items, 1)}[]`;
  return s.kind;
}

/**
 * The context at a state as an indented tree: each field with its type, `?` when it may be
 * missing, the states that write it, and why it may be missing.
 */
export function explainTree(ws: WorkflowShapes, state: State, phase: Phase = 'input', maxDepth = 6): string {
  const ctx = contextAt(ws, state, phase);
  const where = phase === 'input' ? 'as it enters the state' : phase === 'effective' ? 'after its input_path (what its parameters read)' : 'after its result, before its output_path';
  const head = `Context at "${state.name}" in workflow "${ws.workflow.name}", ${where}:`;
  if (!ctx) return `${head}\n  (not reached from the start: no context)\n`;
  const lines: string[] = [head];
  const walk = (root: '$' | 'workflow', s: Shape, segs: PathAst['segments'], prefix: string, depth: number): void => {
    if (s.kind !== 'object') return;
    const fields = sortedFields(s);
    fields.forEach(([k, f], i) => {
      const last = i === fields.length - 1 && !s.open;
      const here = [...segs, { kind: 'field' as const, name: k, span: { start: 0, end: 0 }, quoted: false }];
      const maybe = s.maybe.has(k);
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${k}${maybe ? '?' : ''}: ${kindLabel(f.shape)}${describeField(ws, state, phase, root, here, f, maybe)}`);
      if (depth < maxDepth) walk(root, f.shape, here, prefix + (last ? '   ' : '│  '), depth + 1);
      else if (f.shape.kind === 'object' && f.shape.fields.size > 0) lines.push(`${prefix}${last ? '   ' : '│  '}└─ …`);
    });
    if (s.open) lines.push(`${prefix}└─ … (open: any other field is accepted)`);
  };
  lines.push(`$${ctx.top.open ? '  (open)' : ''}`);
  walk('$', ctx.top, [], '', 1);
  if (ctx.ghosts && ctx.ghosts.length > 0) {
    const removed = new Map<string, GhostLayer>();
    for (const g of ctx.ghosts) g.keys.forEach((_f, k) => {
      if (!removed.has(k) && !ctx.top.fields.has(k)) removed.set(k, g);
    });
    if (removed.size > 0) {
      lines.push('removed (reading them fails):');
      for (const [k, g] of [...removed].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        lines.push(`   ${k}  (by the ${g.via === 'result' ? '"result: $"' : g.via} of "${g.by.name}")`);
      }
    }
  }
  lines.push('workflow  (the execution root, always available)');
  walk('workflow', ctx.wf, [], '', 1);
  return lines.join('\n') + '\n';
}
