// Every place a workflow names a state: definitions (`name:`) and references (`start`, `next`,
// choice `next`, `default`, catch `next`, branch `start`). Names are unique per workflow (spec §3).
import { containsOffset, Span } from '../syntax/types';
import { YScalar } from '../syntax/yaml-tree';
import { State, StateRef, Workflow } from '../model/types';
import { DocumentAnalysis } from '../analysis/document-analysis';

export interface StateReference {
  ref: StateRef;
  workflow: Workflow;
  /** The state that holds the reference (absent for the workflow's `start`). */
  from?: State;
  /** The branch `start` of a sub-workflow branch. */
  branchStart?: boolean;
}

export interface StateDefinition {
  state: State;
  workflow: Workflow;
  node: YScalar;
}

export function stateReferences(wf: Workflow): StateReference[] {
  return wf.document ? cachedRefs(wf) : [];
}

const refCache = new WeakMap<Workflow, StateReference[]>();

function cachedRefs(wf: Workflow): StateReference[] {
  let refs = refCache.get(wf);
  if (refs) return refs;
  refs = [];
  if (wf.start && !wf.implicitStart) refs.push({ ref: wf.start, workflow: wf });
  for (const s of wf.allStates) {
    if (s.next) refs.push({ ref: s.next, workflow: wf, from: s });
    if (s.type === 'Choice') {
      for (const r of s.choices) if (r.next) refs.push({ ref: r.next, workflow: wf, from: s });
      if (s.default) refs.push({ ref: s.default, workflow: wf, from: s });
    }
    for (const c of s.catches) if (c.next) refs.push({ ref: c.next, workflow: wf, from: s });
    if (s.type === 'Parallel') {
      for (const b of s.branches) if (!b.single && b.start) refs.push({ ref: b.start, workflow: wf, from: s, branchStart: true });
    }
  }
  refs.sort((a, b) => a.ref.span.start - b.ref.span.start);
  refCache.set(wf, refs);
  return refs;
}

export function stateDefinitions(wf: Workflow): StateDefinition[] {
  const out: StateDefinition[] = [];
  for (const s of wf.allStates) if (s.nameNode && s.name) out.push({ state: s, workflow: wf, node: s.nameNode });
  return out;
}

export type StateNameSite = { kind: 'reference'; reference: StateReference; name: string; span: Span; workflow: Workflow } | { kind: 'definition'; definition: StateDefinition; name: string; span: Span; workflow: Workflow };

/** The state name (reference or definition) under the offset, if any. */
export function stateNameAt(da: DocumentAnalysis, offset: number): StateNameSite | undefined {
  for (const wf of da.model.workflows) {
    if (!containsOffset(wf.span, offset)) continue;
    for (const r of stateReferences(wf)) {
      if (containsOffset(r.ref.span, offset)) return { kind: 'reference', reference: r, name: r.ref.name, span: r.ref.span, workflow: wf };
    }
    for (const d of stateDefinitions(wf)) {
      if (containsOffset(d.node.span, offset)) return { kind: 'definition', definition: d, name: d.state.name, span: d.node.span, workflow: wf };
    }
  }
  return undefined;
}

/** Incoming edges of a state: who names it, and how. */
export function incomingEdges(wf: Workflow, name: string): StateReference[] {
  return stateReferences(wf).filter((r) => r.ref.name === name);
}

export function describeEdge(r: StateReference): string {
  if (!r.from) return 'workflow start';
  if (r.branchStart) return `branch start in "${r.from.name}"`;
  const via = r.ref.via === 'choice' ? 'choice rule' : r.ref.via === 'catch' ? 'catch' : r.ref.via;
  return `"${r.from.name}" (${via})`;
}
