// Words for the context findings: witness paths as related locations, where a path is written,
// whether the writer runs before or after the read, and the nearest name for a did-you-mean.
// Pure functions over the inferred shapes; the rules only choose what to report.
import type { Fix, RelatedLocation, Span } from '../syntax/types';
import type { ParallelState, State } from '../model/types';
import type { FlowScope } from '../graph/flow-graph';
import { Ctx, resolve } from './context';
import type { PMap } from './pmap';
import { PathSegment, formatPath } from '../expr/path';
import { closest } from '../expr/suggest';
import type { WorkflowShapes } from './infer';
import { overlaps } from './infer';
import type { ReadIssue } from './reads';
import type { Field, Shape, WriterSet } from './shape';
import { sortedFields, writerList } from './shape';
import { Step, Witness, findWitness, reachSteps, runsAfter } from './witness';

/**
 * What a finding about a path segment marks: the name of a `.name` segment (without its dot, as
 * `removed-input-field` does), the whole of a `['name']` or `[0]` segment.
 */
export function markOf(seg: PathSegment): Span {
  return seg.kind === 'field' && !seg.quoted && seg.span.end > seg.span.start + 1 ? { start: seg.span.start + 1, end: seg.span.end } : seg.span;
}

/** An edit that renames a segment, keeping its style (a plain name replaces only the name). */
function renameEdit(seg: PathSegment, name: string): { span: Span; newText: string } {
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name);
  if (seg.kind === 'field' && !seg.quoted && plain) return { span: markOf(seg), newText: name };
  return { span: seg.span, newText: segmentText(seg, name) };
}

export function q(s: string): string {
  return JSON.stringify(s);
}

export function branchName(step: Extract<Step, { kind: 'branch' | 'merge' }>): string {
  const b = step.scope.branch;
  return b?.name ?? `#${(b?.index ?? 0) + 1}`;
}

export function stepText(ws: WorkflowShapes, step: Step): string {
  switch (step.kind) {
    case 'start':
      return `the execution starts at ${q(step.state.name)}`;
    case 'branch':
      return `${q(step.parallel.name)} runs branch ${q(branchName(step))}`;
    case 'merge':
      return `${q(step.state.name)} ends branch ${q(branchName(step))} of ${q(step.parallel.name)}`;
    case 'edge': {
      const e = step.edge;
      const from = q(e.from.name);
      const to = q(e.toName);
      switch (e.kind) {
        case 'choice':
          return `${from} takes rule ${(e.ruleIndex ?? 0) + 1} to ${to}`;
        case 'default':
          return `${from} takes its default to ${to}`;
        case 'catch':
          return `${from} fails and its catch goes to ${to}`;
        default:
          return `${from} goes to ${to}`;
      }
    }
  }
}

export function stepSpan(ws: WorkflowShapes, step: Step): Span {
  switch (step.kind) {
    case 'start':
      return ws.workflow.start && !ws.workflow.implicitStart ? ws.workflow.start.span : step.state.anchor;
    case 'branch':
      return step.scope.startRef?.span ?? step.state.anchor;
    case 'merge':
      return step.state.anchor;
    case 'edge':
      return step.edge.span;
  }
}

/** The path a read names up to segment `i` (inclusive), as the user would write it. */
export function pathText(root: '$' | 'workflow', segs: readonly PathSegment[], i: number): string {
  return formatPath(segs.slice(0, i + 1), root);
}

export interface Described {
  messageId: string;
  data: Record<string, string>;
  span: Span;
  related: RelatedLocation[];
  hint?: string;
  suggestions?: Fix[];
}

// ------------------------------------------------------------------ maybe-undefined

function fieldName(seg: PathSegment): string {
  return seg.kind === 'field' ? seg.name : seg.kind === 'index' ? `[${seg.index}]` : '[*]';
}

/** Reason and related locations for a value missing on some paths. */
export function describeWitness(ws: WorkflowShapes, w: Witness | undefined, seg: PathSegment): { reason: string; related: RelatedLocation[] } {
  if (!w) return { reason: 'it is not set on every path that reaches this state', related: [] };
  const related: RelatedLocation[] = [];
  w.steps.forEach((s, i) => {
    if (i === w.origin && w.cause === 'pruned' && w.ghost) {
      related.push({ span: w.ghost.span, message: `${q(w.ghost.by.name)} keeps only ${q(w.ghost.selected)} with its ${w.ghost.via}, which removes it` });
    }
    const text = stepText(ws, s);
    related.push({ span: stepSpan(ws, s), message: i === w.origin && w.cause !== 'optional' && w.cause !== 'unknown' ? `not set when ${text}` : text });
  });
  let reason: string;
  switch (w.cause) {
    case 'path':
      reason = w.origin >= 0 ? `it is not set when ${stepText(ws, w.steps[w.origin])}` : 'it is not set on every path that reaches this state';
      break;
    case 'pruned':
      reason = `${q(w.ghost!.by.name)} removes it with its ${w.ghost!.via} on some paths`;
      break;
    case 'optional':
      reason = `${q(fieldName(seg))} is optional in ${w.optional!.where}`;
      related.push({ span: w.optional!.span, message: `${q(fieldName(seg))} is optional here` });
      break;
    case 'merge':
      reason = w.origin >= 0 && w.steps[w.origin]?.kind !== 'edge' ? `it is not set when ${stepText(ws, w.steps[w.origin])}` : `not every branch of ${q(w.parallel!.name)} sets it`;
      break;
    default:
      reason = 'it is not set on every path that reaches this state';
  }
  return { reason, related };
}

export function describeMaybe(ws: WorkflowShapes, issue: ReadIssue): Described {
  const { read, index, segment } = issue;
  const segs = read.path.segments;
  const w = findWitness(ws, read, segs.slice(0, index + 1), issue.field?.optional) ?? (issue.field?.optional ? { steps: [], origin: -1, cause: 'optional' as const, optional: issue.field.optional } : undefined);
  const { reason, related } = describeWitness(ws, w, segment);
  return {
    messageId: 'maybe',
    data: { path: pathText(read.path.root, segs, index), reason },
    span: markOf(segment),
    related,
    hint: 'Read it with "| default: …", test it with "| defined" in a Choice first, or set it on every path.',
  };
}

// ------------------------------------------------------------------ writers and order

export interface WriteSite {
  state: State;
  span: Span;
  via: 'result' | 'catch';
}

/** Every state of the workflow whose `result` (or a catch's `result`) writes at, above or below the path. */
export function writesOf(ws: WorkflowShapes, segs: readonly PathSegment[]): WriteSite[] {
  const out: WriteSite[] = [];
  for (const s of ws.workflow.allStates) {
    const p = ws.plan(s);
    if (!p) continue;
    const r = p.result?.path;
    if (s.result && r && r.segments.length > 0 && overlaps(r.segments, segs)) out.push({ state: s, span: p.result!.node.span, via: 'result' });
    for (const [, c] of p.catchResults) {
      if (c.path && c.path.segments.length > 0 && overlaps(c.path.segments, segs)) out.push({ state: s, span: c.node.span, via: 'catch' });
    }
  }
  return out;
}

export function listNames(names: string[]): string {
  const u = [...new Set(names)].map(q);
  if (u.length <= 1) return u[0] ?? '';
  if (u.length <= 3) return `${u.slice(0, -1).join(', ')} and ${u[u.length - 1]}`;
  return `${u.slice(0, 2).join(', ')} and ${u.length - 2} more`;
}

// ------------------------------------------------------------------ did-you-mean

function segmentText(seg: PathSegment, name: string): string {
  return seg.kind === 'field' && seg.quoted ? `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `.${name}` : `['${name}']`;
}

export function keysOf(shape: Shape | undefined): string[] {
  return shape?.kind === 'object' ? sortedFields(shape).map(([k]) => k) : [];
}

/** The nearest key of the container, as a did-you-mean (text and a quick fix replacing the segment). */
export function nearest(issue: ReadIssue, candidates: string[]): { text: string; fix: Fix } | undefined {
  const seg = issue.segment;
  if (seg.kind !== 'field') return undefined;
  const others = candidates.filter((c) => c !== seg.name);
  const near = closest(seg.name, others) ?? others.find((c) => isTransposition(seg.name, c));
  if (!near) return splitName(issue);
  const segs = [...issue.read.path.segments];
  segs[issue.index] = { ...seg, name: near };
  const text = pathText(issue.read.path.root, segs, issue.index);
  return { text, fix: { title: `Change to ${q(text)}`, edits: [renameEdit(seg, near)] } };
}

/** Two names that differ by one swap of adjacent letters ("nmae" / "name"). */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * `customer_id` where the shape has `customer.id` (a flat name that a contract nested, as in the
 * state-management guide's V2 -> V3 change): suggest the nested path.
 */
function splitName(issue: ReadIssue): { text: string; fix: Fix } | undefined {
  const seg = issue.segment;
  const c = issue.container;
  if (seg.kind !== 'field' || c?.kind !== 'object') return undefined;
  for (let i = seg.name.indexOf('_'); i > 0; i = seg.name.indexOf('_', i + 1)) {
    const head = c.fields.get(seg.name.slice(0, i))?.shape;
    const tail = seg.name.slice(i + 1);
    if (head?.kind === 'object' && head.fields.has(tail)) {
      const segs = [...issue.read.path.segments];
      segs.splice(issue.index, 1, { ...seg, name: seg.name.slice(0, i) }, { ...seg, name: tail });
      const text = pathText(issue.read.path.root, segs, issue.index + 1);
      return { text, fix: { title: `Change to ${q(text)}`, edits: [{ span: seg.span, newText: segmentText(seg, seg.name.slice(0, i)) + segmentText(seg, tail) }] } };
    }
  }
  return undefined;
}

// ------------------------------------------------------------------ undefined / pruned / unknown

export function describeUndefined(ws: WorkflowShapes, issue: ReadIssue): Described {
  const { read, index, segment, state } = issue;
  const segs = read.path.segments;
  const path = pathText(read.path.root, segs, index);
  const related: RelatedLocation[] = [];
  const suggestions: Fix[] = [];
  let suggest = '.';
  const near = nearest(issue, keysOf(issue.container));
  if (near) {
    suggest = `; did you mean ${q(near.text)}?`;
    suggestions.push(near.fix);
  } else if (index === 0 && segment.kind === 'field' && read.path.root === '$') {
    const input = ws.initial.wf.fields.get('input')?.shape;
    const hit = keysOf(input).includes(segment.name) ? segment.name : closest(segment.name, keysOf(input));
    if (hit) {
      const text = formatPath([{ kind: 'field', name: 'input', span: markOf(segment), quoted: false }, { ...segment, name: hit }, ...segs.slice(1)], 'workflow');
      suggest = `; did you mean ${q(text)}?`;
      suggestions.push({ title: `Change to ${q(text)}`, edits: [{ span: { start: read.path.span.start, end: segment.span.end }, newText: formatPath([{ kind: 'field', name: 'input', span: markOf(segment), quoted: false }, { ...segment, name: hit }], 'workflow') }] });
    }
  }
  const item = branchItem(ws, issue);
  if (item) {
    if (!near && item.elsewhere !== undefined) {
      const moved = [...segs.slice(0, index + 1)];
      moved[index - 1] = { ...segs[index - 1], index: item.elsewhere } as PathSegment;
      const text = pathText(read.path.root, moved, index);
      suggest = `; did you mean ${q(text)}?`;
      suggestions.push({ title: `Change to ${q(text)}`, edits: [{ span: segs[index - 1].span, newText: `[${item.elsewhere}]` }] });
    }
    related.push({ span: item.scope.startRef?.span ?? item.parallel.anchor, message: `branch ${q(item.branch)} of ${q(item.parallel.name)} starts here` });
    return {
      messageId: 'notInBranch',
      data: { path, item: q(pathText(read.path.root, segs, index - 1)), branch: q(item.branch), parallel: q(item.parallel.name), fields: fieldList(keysOf(issue.container)), suggest },
      span: markOf(segment),
      related,
      suggestions,
    };
  }
  // Writes of the container (or above it) did not write this key: they are not its writers.
  const writes = writesOf(ws, segs.slice(0, index + 1)).filter((w) => !writesAbove(ws, w, index));
  const listed = read.path.root === '$' ? inResultList(ws, writes, state) : undefined;
  if (listed) {
    const text = formatPath([...listed.list, { kind: 'index', index: listed.index, span: read.path.span }, ...segs.slice(0, index + 1)], '$');
    suggest = `; did you mean ${q(text)}?`;
    suggestions.length = 0;
    suggestions.push({ title: `Change to ${q(text)}`, edits: [{ span: { start: read.path.span.start, end: segment.span.end }, newText: text }] });
    for (const w of writes) related.push({ span: w.span, message: `${q(w.state.name)} writes ${q(path)} here` });
    const scope = ws.graph.branchScopes(listed.parallel)[listed.index];
    const branch = scope?.branch?.name ?? `#${listed.index + 1}`;
    return { messageId: 'inList', data: { path, branch: q(branch), parallel: q(listed.parallel.name), list: q(formatPath(listed.list, '$')), suggest }, span: markOf(segment), related, suggestions };
  }
  for (const w of writes) related.push({ span: w.span, message: `${q(w.state.name)} writes ${q(path)} here${w.via === 'catch' ? ' (when it fails)' : ''}` });
  const names = listNames(writes.map((w) => w.state.name));
  if (writes.length === 0) return { messageId: 'notWritten', data: { path, suggest }, span: markOf(segment), related, suggestions };
  if (writes.every((w) => w.state === state)) return { messageId: 'selfWritten', data: { path, suggest }, span: markOf(segment), related, suggestions };
  const after = runsAfter(ws, state);
  const plural = new Set(writes.map((w) => w.state)).size > 1;
  if (writes.every((w) => after.has(w.state) && !runsAfter(ws, w.state).has(state))) {
    return { messageId: 'writtenAfter', data: { path, writers: names, verb: plural ? 'run' : 'runs', suggest }, span: markOf(segment), related, suggestions };
  }
  const sibling = writes.map((w) => siblingBranch(w.state, state)).find((p) => p);
  if (sibling && writes.every((w) => siblingBranch(w.state, state) === sibling)) {
    return { messageId: 'otherBranch', data: { path, writers: names, parallel: q(sibling.name), suggest }, span: markOf(segment), related, suggestions };
  }
  const single = new Set(writes.map((w) => w.state));
  if (single.size === 1) {
    const x = writes[0].state;
    if (runsAfter(ws, x, true).has(state) && !runsAfter(ws, x, false).has(state)) {
      return { messageId: 'writtenOnFailure', data: { path, writers: names, writer: q(x.name), suggest }, span: markOf(segment), related, suggestions };
    }
  }
  return { messageId: 'notReaching', data: { path, writers: names, suggest }, span: markOf(segment), related, suggestions };
}

/**
 * Every write is made in one branch of a Parallel state that stores its branches' outputs as a
 * list (its `result`) which reaches `reader`: the value is in that list, at the branch's index.
 */
function inResultList(ws: WorkflowShapes, writes: WriteSite[], reader: State): { parallel: ParallelState; list: readonly PathSegment[]; index: number } | undefined {
  let found: { p: ParallelState; index: number } | undefined;
  for (const w of writes) {
    const at = w.state.parent;
    if (!at || w.via !== 'result' || ws.plan(w.state)?.outputPath) return undefined;
    const index = ws.graph.branchScopes(at.state).findIndex((b) => b.branch === at.branch);
    if (index < 0 || (found && (found.p !== at.state || found.index !== index))) return undefined;
    found = { p: at.state, index };
  }
  if (!found) return undefined;
  const list = ws.plan(found.p)?.result?.path?.segments;
  if (!found.p.result || !list || list.length === 0 || !runsAfter(ws, found.p, false).has(reader)) return undefined;
  return { parallel: found.p, list, index: found.index };
}

/** A write whose path names the value `index` segments down or one of its ancestors. */
function writesAbove(ws: WorkflowShapes, w: WriteSite, index: number): boolean {
  const p = ws.plan(w.state);
  const r = w.via === 'result' ? p?.result?.path : [...(p?.catchResults.values() ?? [])].find((c) => c.node.span.start === w.span.start)?.path;
  return !!r && r.segments.length <= index;
}

function fieldList(keys: string[]): string {
  return keys.length === 0 ? 'no fields' : keys.length <= 8 ? keys.map(q).join(', ') : `${keys.slice(0, 8).map(q).join(', ')}, …`;
}

/**
 * The read names a key of one item of a Parallel state's list of branch outputs (`$.quotes[1].x`):
 * that item is the final context of one branch. `elsewhere` is another item that has the key.
 */
function branchItem(ws: WorkflowShapes, issue: ReadIssue): { parallel: ParallelState; scope: FlowScope; branch: string; elsewhere?: number } | undefined {
  const { read, index, segment } = issue;
  const segs = read.path.segments;
  const at = segs[index - 1];
  if (index < 1 || read.path.root !== '$' || at?.kind !== 'index' || segment.kind !== 'field') return undefined;
  const list = resolve(issue.ctx, '$', segs, index - 1);
  if (list.status === 'missing' || list.shape.kind !== 'array' || !list.shape.tuple) return undefined;
  let writers: WriterSet | undefined;
  if (index === 1) writers = selectedField(issue.ctx)?.writers;
  else if (list.trail.length === index - 1) writers = list.trail[list.trail.length - 1].writers;
  const writer = writers ? writerList(writers).find((w) => w.via === 'parallel') : undefined;
  if (!writer || writer.state.type !== 'Parallel') return undefined;
  const parallel = writer.state;
  const scope = ws.graph.branchScopes(parallel)[at.index];
  if (!scope) return undefined;
  const tuple = list.shape.tuple;
  const elsewhere = tuple.findIndex((t, i) => i !== at.index && t.kind === 'object' && t.fields.has(segment.name));
  const branch = scope.branch?.name ?? `#${at.index + 1}`;
  return { parallel, scope, branch, elsewhere: elsewhere >= 0 ? elsewhere : undefined };
}

/** The field whose value an input_path/output_path made the whole context (a selected list). */
function selectedField(ctx: Ctx): Field | undefined {
  const g = ctx.ghosts?.[0];
  if (!g || g.via === 'result' || g.selectedSegments.length === 0) return undefined;
  let fields: PMap<Field> | undefined = g.keys;
  let f: Field | undefined;
  for (const seg of g.selectedSegments) {
    if (seg.kind !== 'field' || !fields) return undefined;
    f = fields.get(seg.name);
    fields = f?.shape.kind === 'object' ? f.shape.fields : undefined;
  }
  return f;
}

export function describePruned(ws: WorkflowShapes, issue: ReadIssue): Described {
  const { read, index, segment } = issue;
  const g = issue.ghost!;
  const segs = read.path.segments;
  const path = pathText(read.path.root, segs, index);
  const suggestions: Fix[] = [];
  let suggest = '.';
  let text: string | undefined;
  if (g.selectedSegments.length > 0 && isPrefixSegs(g.selectedSegments, segs)) text = formatPath(segs.slice(g.selectedSegments.length), '$');
  else if (segment.kind === 'field' && segment.name === 'workflow' && index === 0) text = formatPath(segs.slice(1), 'workflow');
  if (text) {
    suggest = `; did you mean ${q(text)}?`;
    suggestions.push({ title: `Change to ${q(text)}`, edits: [{ span: read.path.span, newText: text }] });
  }
  const related: RelatedLocation[] = [{ span: g.span, message: g.via === 'result' ? `${q(g.by.name)} replaces the whole context here` : `${q(g.by.name)} keeps only ${q(g.selected)} here` }];
  if (g.via === 'result') return { messageId: 'replaced', data: { path, state: q(g.by.name), suggest }, span: markOf(segment), related, suggestions };
  return { messageId: 'pruned', data: { path, state: q(g.by.name), key: g.via, selected: q(g.selected), suggest }, span: markOf(segment), related, suggestions };
}

/** The Parallel state in two different branches of which `a` and `b` are, if any. */
function siblingBranch(a: State, b: State): ParallelState | undefined {
  const chain = (s: State): { p: ParallelState; branch: unknown }[] => {
    const out: { p: ParallelState; branch: unknown }[] = [];
    for (let x: State | undefined = s, g = 0; x?.parent && g < 1000; x = x.parent.state, g++) out.push({ p: x.parent.state, branch: x.parent.branch });
    return out;
  };
  const ca = chain(a);
  for (const y of chain(b)) {
    const hit = ca.find((x) => x.p === y.p);
    if (hit) return hit.branch !== y.branch ? y.p : undefined;
  }
  return undefined;
}

function isPrefixSegs(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  if (a.length > b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return x.kind === y.kind && (x.kind !== 'field' || x.name === (y as typeof x).name) && (x.kind !== 'index' || x.index === (y as typeof x).index);
  });
}

function originText(shape: Shape | undefined): string {
  if (shape?.kind !== 'object') return '';
  const o = shape.origin;
  switch (o.kind) {
    case 'activity':
      return ` (the declared output of ${q(o.urn)})`;
    case 'schema':
      return ` (the form schema ${q(o.urn)})`;
    case 'literal':
      return ` (the value of ${q(o.state)})`;
    case 'error':
      return ' (the error object a catch writes)';
    default:
      return '';
  }
}

function originSpan(shape: Shape | undefined): Span | undefined {
  if (shape?.kind !== 'object') return undefined;
  const o = shape.origin;
  return 'span' in o ? o.span : undefined;
}

export function describeUnknownProperty(ws: WorkflowShapes, issue: ReadIssue): Described {
  const { read, index, segment } = issue;
  const segs = read.path.segments;
  const parent = index === 0 ? read.path.root : pathText(read.path.root, segs, index - 1);
  const c = issue.container;
  const related: RelatedLocation[] = [];
  const span = originSpan(c);
  if (span) related.push({ span, message: `the shape of ${q(parent)} is declared here` });
  if (c?.kind === 'array' && segment.kind === 'index') {
    return { messageId: 'index', data: { parent, index: String(segment.index), count: String(c.tuple?.length ?? 0) }, span: markOf(segment), related };
  }
  if (c?.kind === 'object' && c.origin.kind === 'value') {
    return { messageId: 'notObject', data: { parent: '$', name: fieldName(segment), type: c.origin.type }, span: markOf(segment), related: [] };
  }
  if (c && c.kind !== 'object') {
    return { messageId: 'notObject', data: { parent, name: fieldName(segment), type: c.kind === 'array' ? 'a list' : c.kind === 'null' ? 'null' : `a ${c.kind}` }, span: markOf(segment), related };
  }
  const keys = keysOf(c);
  const near = nearest(issue, keys);
  const shown = keys.length === 0 ? 'no fields' : keys.length <= 8 ? keys.map(q).join(', ') : `${keys.slice(0, 8).map(q).join(', ')}, …`;
  return {
    messageId: 'unknown',
    data: { name: fieldName(segment), parent, origin: originText(c), fields: shown, suggest: near ? `; did you mean ${q(near.text)}?` : '.' },
    span: markOf(segment),
    related,
    suggestions: near ? [near.fix] : undefined,
  };
}

export function describeUnknownInput(ws: WorkflowShapes, issue: ReadIssue): Described {
  const { read, index, segment } = issue;
  const segs = read.path.segments;
  const path = pathText(read.path.root, segs, index);
  const near = nearest(issue, keysOf(issue.container));
  const wf = ws.workflow;
  const decl = wf.input ?? wf.inputSchema;
  const related: RelatedLocation[] = decl ? [{ span: decl.keySpan, message: `the input contract of ${q(wf.name)} is declared here` }] : [];
  return {
    messageId: 'unknown',
    data: { path, workflow: q(wf.name), suggest: near ? `; did you mean ${q(near.text)}?` : '.' },
    span: markOf(segment),
    related,
    suggestions: near ? [near.fix] : undefined,
  };
}

export { reachSteps, runsAfter };
