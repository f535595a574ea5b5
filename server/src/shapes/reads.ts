// Every context read of a workflow checked against the context where it happens (C for
// input_path, E for parameters and conditions, O for output_path, narrowed by the guards in
// force): what it finds, and which rule a failure belongs to. Reads under `default`/`defined`
// never fail, so they are never issues.
import type { State } from '../model/types';
import type { ContextRead } from '../expr/values';
import type { PathSegment } from '../expr/path';
import { Ctx, GhostLayer, Resolution, narrow, resolve } from './context';
import type { WorkflowShapes } from './infer';
import type { Field, Shape } from './shape';

export type ReadRule = 'undefined-context-path' | 'maybe-undefined-context-path' | 'pruned-context-path' | 'unknown-input-field' | 'unknown-property';

export interface ReadIssue {
  rule: ReadRule;
  read: ContextRead;
  state: State;
  /** The context the read was resolved in (narrowed by its guards). */
  ctx: Ctx;
  resolution: Resolution;
  /** The segment the finding marks: the first missing one, or the first that may be absent. */
  index: number;
  segment: PathSegment;
  /** The value that lacks the segment (missing) or the field that may be absent (maybe). */
  container?: Shape;
  field?: Field;
  ghost?: GhostLayer;
}

/** The context a read of this phase sees at this state, with the read's guards applied. */
export function contextForRead(ws: WorkflowShapes, read: ContextRead): Ctx | undefined {
  const f = ws.facts(read.state);
  if (!f) return undefined;
  let ctx = read.phase === 'input' ? f.entry : read.phase === 'output' ? (f.output ?? f.effective) : f.effective;
  const guard = ws.plan(read.state)?.guards.get(read.span.start);
  if (guard) ctx = narrow(ctx, guard.values());
  return ctx;
}

function classify(read: ContextRead, r: Resolution): ReadRule {
  const i = r.missingAt!;
  if (r.ghost) return 'pruned-context-path';
  const c = r.container;
  if (c?.kind === 'object' && c.origin.kind === 'value') return 'unknown-property';
  // An index the selected list (the context itself) does not have.
  if (c && c.kind !== 'object') return 'unknown-property';
  if (read.path.root === '$' && i === 0) return 'undefined-context-path';
  if (c?.kind === 'object') {
    if (c.origin.kind === 'context') return 'undefined-context-path';
    if (c.origin.kind === 'input') return 'unknown-input-field';
  }
  return 'unknown-property';
}

function firstWildcard(segs: readonly PathSegment[]): number {
  const i = segs.findIndex((s) => s.kind === 'wildcard');
  return i < 0 ? Infinity : i;
}

/** Issues of one read, or undefined when it is fine (or cannot be judged). */
export function checkRead(ws: WorkflowShapes, read: ContextRead): ReadIssue | undefined {
  if (read.safe) return undefined;
  const ctx = contextForRead(ws, read);
  if (!ctx) return undefined;
  const segs = read.path.segments;
  const r = resolve(ctx, read.path.root, segs);
  if (r.status === 'missing') {
    const i = r.missingAt!;
    // Below `[*]` an empty list reads nothing: when unsure, do not report.
    if (i > firstWildcard(segs)) return undefined;
    return { rule: classify(read, r), read, state: read.state, ctx, resolution: r, index: i, segment: segs[i], container: r.container, ghost: r.ghost };
  }
  if (r.status === 'maybe') {
    const i = r.maybeAt!;
    return { rule: 'maybe-undefined-context-path', read, state: read.state, ctx, resolution: r, index: i, segment: segs[i], field: r.maybeField };
  }
  return undefined;
}

/**
 * Input fields that a migration of the workflow renames or removes (dotted, input-relative):
 * a read of one is `removed-input-field` (spec §9), which names the new place.
 */
function migratedFields(ws: WorkflowShapes): string[] {
  const out: string[] = [];
  for (const m of ws.workflow.migrations) {
    const rn = m.rename?.value;
    if (rn?.kind === 'map') for (const p of rn.pairs) out.push(String(p.key.value ?? ''));
    const rm = m.remove?.value;
    if (rm?.kind === 'seq') for (const i of rm.items) if (i.kind === 'scalar' && i.value !== null) out.push(String(i.value));
  }
  return out;
}

function inputRelative(read: ContextRead, upTo: number): string | undefined {
  const segs = read.path.segments;
  const skip = read.path.root === 'workflow' ? 1 : 2;
  const names: string[] = [];
  for (let i = skip; i <= upTo && i < segs.length; i++) {
    const s = segs[i];
    if (s.kind !== 'field') return undefined;
    names.push(s.name);
  }
  return names.join('.');
}

/** Every issue of a workflow's reads, in source order. */
export function checkReads(ws: WorkflowShapes): ReadIssue[] {
  const out: ReadIssue[] = [];
  const migrated = ws.workflow.migrations.length > 0 ? migratedFields(ws) : [];
  for (const s of ws.workflow.allStates) {
    const plan = ws.plan(s);
    if (!plan || !ws.facts(s)) continue;
    for (const read of plan.reads) {
      const issue = checkRead(ws, read);
      if (!issue) continue;
      if (issue.rule === 'unknown-input-field' && migrated.length > 0) {
        const f = inputRelative(read, issue.index);
        if (f !== undefined && migrated.some((m) => f === m || f.startsWith(m + '.') || m.startsWith(f + '.'))) continue;
      }
      out.push(issue);
    }
  }
  return out.sort((a, b) => a.read.span.start - b.read.span.start);
}
