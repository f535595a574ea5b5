// A workflow's flow graph for the editor's graph view: nodes (states, branches nested), edges
// (next, choice rules, default, catch with error names, branch starts, end), as JSON and Mermaid.
import { State, Workflow } from '../model/types';
import { FileAnalysis } from '../analysis/analyze';

export interface GraphNode {
  id: string;
  name: string;
  type: string;
  /** The Parallel state this node is a branch state of. */
  parent?: string;
  terminal: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'start' | 'next' | 'choice' | 'default' | 'catch' | 'branch' | 'end';
  label?: string;
}

export interface WorkflowGraph {
  workflow: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const START_ID = '__start__';
export const END_ID = '__end__';

function isTerminal(s: State): boolean {
  return s.type === 'Succeed' || s.type === 'Fail' || (s.end?.value?.kind === 'scalar' && s.end.value.value === true);
}

export function workflowGraph(wf: Workflow): WorkflowGraph {
  const ids = new Map<State, string>();
  const idOf = (name: string): string => `s_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const used = new Set<string>();
  for (const s of wf.allStates) {
    let id = idOf(s.name || `unnamed_${s.span.start}`);
    while (used.has(id)) id += '_';
    used.add(id);
    ids.set(s, id);
    nodes.push({ id, name: s.name, type: s.typeName, parent: s.parent ? ids.get(s.parent.state) : undefined, terminal: isTerminal(s) });
  }
  const target = (name: string): string | undefined => {
    const s = wf.stateByName.get(name);
    return s ? ids.get(s) : undefined;
  };
  const add = (from: string | undefined, toName: string, kind: GraphEdge['kind'], label?: string): void => {
    const to = target(toName);
    if (from && to) edges.push({ from, to, kind, label });
  };
  if (wf.start) add(START_ID, wf.start.name, 'start');
  for (const s of wf.allStates) {
    const from = ids.get(s)!;
    if (s.next) add(from, s.next.name, 'next');
    if (s.type === 'Choice') {
      s.choices.forEach((r, i) => {
        if (r.next) add(from, r.next.name, 'choice', `rule ${i + 1}`);
      });
      if (s.default) add(from, s.default.name, 'default', 'default');
    }
    for (const c of s.catches) if (c.next) add(from, c.next.name, 'catch', c.errorEquals.map((e) => e.name).join(', ') || 'catch');
    if (s.type === 'Parallel') {
      for (const b of s.branches) {
        const first = b.start ? target(b.start.name) : b.states[0] ? ids.get(b.states[0]) : undefined;
        if (first) edges.push({ from, to: first, kind: 'branch', label: b.name });
      }
    }
    if (isTerminal(s) && !s.parent) edges.push({ from, to: END_ID, kind: 'end' });
  }
  return { workflow: wf.name, nodes, edges };
}

function mermaidLabel(text: string): string {
  return text.replace(/["<>{}[\]|#&;]/g, (c) => `#${c.charCodeAt(0)};`);
}

export function graphToMermaid(g: WorkflowGraph): string {
  const out = ['flowchart TD', `  ${START_ID}(( )):::startNode`, `  ${END_ID}((( ))):::endNode`];
  const byParent = new Map<string | undefined, GraphNode[]>();
  for (const n of g.nodes) {
    const l = byParent.get(n.parent) ?? [];
    l.push(n);
    byParent.set(n.parent, l);
  }
  const shape = (n: GraphNode): string => {
    const label = `"${mermaidLabel(n.name || '(unnamed)')}<br/><small>${mermaidLabel(n.type || '?')}</small>"`;
    if (n.type === 'Choice') return `${n.id}{${label}}`;
    if (n.type === 'Succeed' || n.type === 'Fail') return `${n.id}([${label}])`;
    return `${n.id}[${label}]`;
  };
  const emit = (parent: string | undefined, depth: number): void => {
    for (const n of byParent.get(parent) ?? []) {
      const kids = byParent.get(n.id);
      if (kids && kids.length && depth < 20) {
        out.push(`  ${shape(n)}:::${(n.type || 'unknown').toLowerCase()}`);
        out.push(`  subgraph ${n.id}_branches ["${mermaidLabel(n.name)} branches"]`);
        emit(n.id, depth + 1);
        out.push('  end');
      } else out.push(`  ${shape(n)}:::${(n.type || 'unknown').toLowerCase()}`);
    }
  };
  emit(undefined, 0);
  for (const e of g.edges) {
    const arrow = e.kind === 'catch' ? '-.->' : e.kind === 'branch' ? '==>' : '-->';
    out.push(e.label ? `  ${e.from} ${arrow}|"${mermaidLabel(e.label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  }
  out.push('  classDef startNode fill:#444,stroke:#444', '  classDef endNode fill:#444,stroke:#444', '  classDef fail stroke:#c33,stroke-width:2px', '  classDef succeed stroke:#3a3,stroke-width:2px', '  classDef choice stroke:#c90');
  return out.join('\n');
}

export interface GraphResponse {
  workflows: string[];
  workflow?: string;
  mermaid?: string;
  graph?: WorkflowGraph;
}

/** The graph of the named workflow, else of the workflow containing `offset`, else the first. */
export function graphFor(analysis: FileAnalysis, options: { workflow?: string; offset?: number } = {}): GraphResponse {
  if (!analysis.isCascade) return { workflows: [] };
  const all = analysis.documents.flatMap((d) => d.model.workflows);
  const pick =
    (options.workflow !== undefined ? all.find((w) => w.name === options.workflow) : undefined) ??
    (options.offset !== undefined ? all.find((w) => options.offset! >= w.span.start && options.offset! <= w.span.end) : undefined) ??
    all[0];
  if (!pick) return { workflows: [] };
  const graph = workflowGraph(pick);
  return { workflows: all.map((w) => w.name), workflow: pick.name, mermaid: graphToMermaid(graph), graph };
}
