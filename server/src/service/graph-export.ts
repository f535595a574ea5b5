// The flow graph of a workflow as text: Mermaid (pastes into GitHub Markdown), Graphviz DOT and
// JSON. Shared by `cascade-lint graph` and the language server's graph view. Node ids are
// generated (s0, s1, ...), so no state name, however odd, can break the syntax; labels are escaped.
import { ChoiceRule, State, Workflow } from '../model/types';
import { FlowEdge, FlowGraph, FlowScope } from '../graph/flow-graph';
import { reachableInWorkflow } from '../graph/queries';
import { LineIndex } from '../syntax/line-index';
import { Span } from '../syntax/types';

export type GraphFormat = 'mermaid' | 'dot' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json'];

export interface GraphExportOptions {
  /** For JSON: 1-based line/column next to each span. */
  lines?: LineIndex;
  /** Longest label text before it is cut with "…" (choice conditions, error lists). */
  maxLabel?: number;
}

const COMPARATOR_SYMBOLS: Record<string, string> = {
  stringEquals: '==', numericEquals: '==', booleanEquals: '==', timestampEquals: '==',
  stringLessThan: '<', numericLessThan: '<', timestampLessThan: '<',
  stringGreaterThan: '>', numericGreaterThan: '>', timestampGreaterThan: '>',
  stringLessThanEquals: '<=', numericLessThanEquals: '<=', timestampLessThanEquals: '<=',
  stringGreaterThanEquals: '>=', numericGreaterThanEquals: '>=', timestampGreaterThanEquals: '>=',
  stringMatches: 'matches',
};

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? '';
}

/** A one-line reading of a choice rule: its condition, or `variable op operand`, or and/or/not of those. */
export function describeChoiceRule(rule: ChoiceRule, depth = 0): string {
  if (depth > 3) return '…';
  const cond = rule.condition?.value;
  if (cond && cond.kind === 'scalar') {
    const t = scalarText(cond.value).trim();
    const m = /^\{\{([\s\S]*)\}\}$/.exec(t);
    return (m ? m[1] : t).trim();
  }
  const variable = rule.variable?.value && rule.variable.value.kind === 'scalar' ? scalarText(rule.variable.value.value) : undefined;
  const comp = rule.comparators[0];
  if (variable !== undefined && comp) {
    const operand = comp.value && comp.value.kind === 'scalar' ? comp.value.value : undefined;
    const sym = COMPARATOR_SYMBOLS[comp.canonical];
    if (sym) return `${variable} ${sym} ${typeof operand === 'string' && !operand.startsWith('$') ? JSON.stringify(operand) : scalarText(operand)}`;
    const what = comp.canonical.replace(/^is/, '').toLowerCase();
    return operand === false ? `${variable} is not ${what}` : `${variable} is ${what}`;
  }
  const list = (rules: ChoiceRule[] | undefined, op: string): string | undefined =>
    rules ? rules.map((r) => `(${describeChoiceRule(r, depth + 1)})`).join(` ${op} `) : undefined;
  const both = list(rule.and, 'and') ?? list(rule.or, 'or');
  if (both !== undefined) return both;
  if (rule.not) return `not (${describeChoiceRule(rule.not, depth + 1)})`;
  return `rule ${rule.index + 1}`;
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(oneLine);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : oneLine;
}

/** The label of an edge: the rule's condition, "default", or the caught error names. */
export function edgeLabel(e: FlowEdge, max = 40): string {
  switch (e.kind) {
    case 'choice':
      return truncate(e.rule ? describeChoiceRule(e.rule) : '', max);
    case 'default':
      return 'default';
    case 'catch':
      return truncate((e.errors ?? []).join(', ') || 'catch', max);
    default:
      return '';
  }
}

/** Everything an exporter needs, computed once: ids, reachability, scope nesting. */
interface Prepared {
  g: FlowGraph;
  wf: Workflow;
  id: Map<State, string>;
  scopeId: Map<FlowScope, string>;
  reached: Set<State> | undefined;
  /** Missing targets, by name: one "missing" node each. */
  missing: Map<string, string>;
  edges: FlowEdge[];
}

function prepare(g: FlowGraph): Prepared {
  const id = new Map<State, string>();
  g.workflow.allStates.forEach((s, i) => id.set(s, `s${i}`));
  const scopeId = new Map<FlowScope, string>();
  g.scopes.forEach((sc, i) => scopeId.set(sc, sc.kind === 'workflow' ? 'root' : `b${i}`));
  const missing = new Map<string, string>();
  for (const e of g.edges) if (!e.to && !missing.has(e.toName)) missing.set(e.toName, `m${missing.size}`);
  return { g, wf: g.workflow, id, scopeId, reached: g.root.start ? reachableInWorkflow(g) : undefined, missing, edges: g.edges };
}

const pad = (depth: number): string => '  '.repeat(depth + 1);

function branchTitle(b: FlowScope): string {
  const br = b.branch;
  if (!br) return 'branch';
  return br.single || !br.name ? `branch ${br.index + 1}` : `branch ${br.name}`;
}

interface NestedVisitor {
  state(s: State, depth: number): void;
  openParallel(s: State, depth: number): void;
  openBranch(b: FlowScope, depth: number): void;
  close(depth: number): void;
}

/** Visits a scope's states in document order, opening and closing each Parallel and branch; iterative. */
function walkNested(g: FlowGraph, scope: FlowScope, depth: number, v: NestedVisitor): void {
  type Item = { kind: 'state'; s: State; depth: number } | { kind: 'branch'; b: FlowScope; depth: number } | { kind: 'close'; depth: number };
  const stack: Item[] = scope.states.map((s): Item => ({ kind: 'state', s, depth })).reverse();
  while (stack.length) {
    const it = stack.pop()!;
    if (it.kind === 'close') { v.close(it.depth); continue; }
    if (it.kind === 'branch') {
      v.openBranch(it.b, it.depth);
      const items: Item[] = it.b.states.map((s): Item => ({ kind: 'state', s, depth: it.depth + 1 }));
      items.push({ kind: 'close', depth: it.depth });
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
      continue;
    }
    if (it.s.type !== 'Parallel') { v.state(it.s, it.depth); continue; }
    v.openParallel(it.s, it.depth);
    const items: Item[] = g.branchScopes(it.s).map((b): Item => ({ kind: 'branch', b, depth: it.depth + 1 }));
    items.push({ kind: 'close', depth: it.depth });
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
}

function isUnreachable(p: Prepared, s: State): boolean {
  return !!p.reached && !p.reached.has(s);
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/**
 * Text safe inside a quoted Mermaid label: quotes and the characters Mermaid or the HTML label
 * renderer would read (`#`, `<`, `>`, `&`, `|`, backticks, `;`) become numeric entity codes.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '#' || ch === '<' || ch === '>' || ch === '&' || ch === '|' || ch === '`' || ch === ';' || ch === '\\' || ch === '{' || ch === '}' || ch === '[' || ch === ']' || ch === '*' || ch === '_' || ch === '~') out += `#${cp};`;
    else if (cp < 32 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) out += ' ';
    else out += ch;
  }
  return out;
}

function mermaidNode(id: string, s: State, label: string): string {
  const q = `"${mermaidText(label)}"`;
  switch (s.type) {
    case 'Choice':
      return `${id}{${q}}`;
    case 'Succeed':
    case 'Fail':
      return `${id}([${q}])`;
    case 'Wait':
      return `${id}[/${q}/]`;
    case 'HumanTask':
      return `${id}[[${q}]]`;
    case 'Receive':
      return `${id}>${q}]`;
    case 'EvaluatePolicy':
      return `${id}{{${q}}}`;
    case 'Pass':
      return `${id}(${q})`;
    default:
      return `${id}[${q}]`;
  }
}

function stateLabel(s: State): string {
  const name = s.name || '(unnamed)';
  return s.type === 'Unknown' ? `${name} (${s.typeName || 'no type'})` : name;
}

export function toMermaid(g: FlowGraph, options: GraphExportOptions = {}): string {
  const p = prepare(g);
  const max = options.maxLabel ?? 40;
  const lines: string[] = [];
  lines.push(`%% Flow graph of workflow "${mermaidComment(g.workflow.name)}" (cascade-lint graph)`);
  lines.push('flowchart TD');
  const classes = new Map<string, string[]>();
  const addClass = (cls: string, id: string): void => {
    let l = classes.get(cls);
    if (!l) classes.set(cls, (l = []));
    l.push(id);
  };
  // Scopes nest as subgraphs; an explicit work list keeps deep nesting off the call stack.
  const node = (s: State): string => {
    const sid = p.id.get(s)!;
    if (isUnreachable(p, s)) addClass('unreachable', sid);
    else if (s.type === 'Succeed') addClass('succeed', sid);
    else if (s.type === 'Fail') addClass('fail', sid);
    else if (g.isTerminal(s)) addClass('terminal', sid);
    return mermaidNode(sid, s, stateLabel(s));
  };
  const emitScope = (scope: FlowScope, depth: number): void => {
    walkNested(g, scope, depth, {
      state: (s, d) => lines.push(`${pad(d)}${node(s)}`),
      openParallel: (s, d) => {
        const sid = p.id.get(s)!;
        if (isUnreachable(p, s)) addClass('unreachable', sid);
        lines.push(`${pad(d)}subgraph ${sid}["${mermaidText(`${s.name || '(unnamed)'} (Parallel)`)}"]`);
        lines.push(`${pad(d)}  direction TB`);
      },
      openBranch: (b, d) => {
        const bid = p.scopeId.get(b)!;
        if (b.parallel && isUnreachable(p, b.parallel)) addClass('unreachable', bid);
        lines.push(`${pad(d)}subgraph ${bid}["${mermaidText(branchTitle(b))}"]`);
      },
      close: (d) => lines.push(`${pad(d)}end`),
    });
  };
  lines.push('  start0(("start"))');
  emitScope(g.root, 0);
  for (const [name, mid] of p.missing) {
    lines.push(`  ${mid}["${mermaidText(`${truncate(name, max)} (missing)`)}"]`);
    addClass('missing', mid);
  }
  // Edges.
  const linkStyles: { index: number; style: string }[] = [];
  let linkCount = 0;
  if (g.root.start) {
    lines.push(`  start0 --> ${p.id.get(g.root.start)}`);
    linkCount++;
  }
  for (const e of p.edges) {
    const from = p.id.get(e.from)!;
    const to = e.to ? p.id.get(e.to)! : p.missing.get(e.toName)!;
    const label = edgeLabel(e, max);
    if (e.kind === 'catch') lines.push(`  ${from} -.->|"${mermaidText(label)}"| ${to}`);
    else if (label) lines.push(`  ${from} -->|"${mermaidText(label)}"| ${to}`);
    else lines.push(`  ${from} --> ${to}`);
    if (e.escapes || !e.to) linkStyles.push({ index: linkCount, style: 'stroke:#d73a49,stroke-width:2px' });
    linkCount++;
  }
  lines.push('  classDef terminal stroke-width:3px');
  lines.push('  classDef succeed fill:#dcffe4,stroke:#22863a,stroke-width:3px');
  lines.push('  classDef fail fill:#ffdce0,stroke:#cb2431,stroke-width:3px');
  lines.push('  classDef unreachable fill:#eeeeee,stroke:#999999,color:#888888,stroke-dasharray:4 3');
  lines.push('  classDef missing fill:#fff5b1,stroke:#d73a49,stroke-dasharray:4 3');
  for (const [cls, ids] of classes) lines.push(`  class ${ids.join(',')} ${cls}`);
  for (const l of linkStyles) lines.push(`  linkStyle ${l.index} ${l.style}`);
  return lines.join('\n') + '\n';
}

function mermaidComment(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/%%/g, '% %');
}

// ---------------------------------------------------------------------------------------------
// DOT

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

const DOT_SHAPES: Record<string, string> = {
  Task: 'box', Choice: 'diamond', Wait: 'parallelogram', Pass: 'box', HumanTask: 'box3d', EvaluatePolicy: 'hexagon',
  Receive: 'cds', Succeed: 'oval', Fail: 'oval', Unknown: 'box',
};

export function toDot(g: FlowGraph, options: GraphExportOptions = {}): string {
  const p = prepare(g);
  const max = options.maxLabel ?? 40;
  const out: string[] = [];
  out.push(`// Flow graph of workflow ${dotString(g.workflow.name)} (cascade-lint graph)`);
  out.push(`digraph ${dotString(g.workflow.name || 'workflow')} {`);
  out.push('  compound=true;');
  out.push('  node [fontname="Helvetica", style="rounded,filled", fillcolor="white"];');
  out.push('  edge [fontname="Helvetica", fontsize=10];');
  out.push('  start0 [label="start", shape=circle, width=0.3, fillcolor="black", fontcolor="white"];');
  // A Parallel is a cluster; edges to and from it attach to an invisible anchor inside (lhead/ltail).
  const anchor = new Map<State, string>();
  const emit = (scope: FlowScope, depth: number): void => {
    walkNested(g, scope, depth, {
      state: (s, d) => {
        const sid = p.id.get(s)!;
        const attrs = [`label=${dotString(stateLabel(s))}`, `shape=${DOT_SHAPES[s.type] ?? 'box'}`];
        if (isUnreachable(p, s)) attrs.push('fillcolor="#eeeeee"', 'color="#999999"', 'fontcolor="#888888"', 'style="rounded,filled,dashed"');
        else if (s.type === 'Succeed') attrs.push('fillcolor="#dcffe4"', 'peripheries=2');
        else if (s.type === 'Fail') attrs.push('fillcolor="#ffdce0"', 'peripheries=2');
        else if (g.isTerminal(s)) attrs.push('peripheries=2');
        out.push(`${pad(d)}${sid} [${attrs.join(', ')}];`);
      },
      openParallel: (s, d) => {
        const sid = p.id.get(s)!;
        const grey = isUnreachable(p, s);
        out.push(`${pad(d)}subgraph cluster_${sid} {`);
        out.push(`${pad(d)}  label=${dotString(`${s.name || '(unnamed)'} (Parallel)`)}; style="rounded${grey ? ',dashed' : ''}"; color=${grey ? '"#999999"' : '"#444444"'};`);
        out.push(`${pad(d)}  ${sid} [label="", shape=point, width=0.05, style=invis];`);
        anchor.set(s, `cluster_${sid}`);
      },
      openBranch: (b, d) => {
        out.push(`${pad(d)}subgraph cluster_${p.scopeId.get(b)} {`);
        out.push(`${pad(d)}  label=${dotString(branchTitle(b))}; style="dashed"; color="#888888";`);
      },
      close: (d) => out.push(`${pad(d)}}`),
    });
  };
  emit(g.root, 0);
  for (const [name, mid] of p.missing) out.push(`  ${mid} [label=${dotString(`${truncate(name, max)} (missing)`)}, shape=box, style="dashed,filled", fillcolor="#fff5b1", color="#d73a49"];`);
  if (g.root.start) out.push(`  start0 -> ${p.id.get(g.root.start)}${g.root.start.type === 'Parallel' ? ` [lhead=${anchor.get(g.root.start)}]` : ''};`);
  for (const e of p.edges) {
    const from = p.id.get(e.from)!;
    const to = e.to ? p.id.get(e.to)! : p.missing.get(e.toName)!;
    const attrs: string[] = [];
    const label = edgeLabel(e, max);
    if (label) attrs.push(`label=${dotString(label)}`);
    if (e.kind === 'catch') attrs.push('style=dashed');
    if (e.kind === 'default') attrs.push('style=bold');
    if (e.escapes || !e.to) attrs.push('color="#d73a49"');
    if (e.from.type === 'Parallel') attrs.push(`ltail=${anchor.get(e.from)}`);
    if (e.to?.type === 'Parallel') attrs.push(`lhead=${anchor.get(e.to)}`);
    out.push(`  ${from} -> ${to}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// JSON

export interface GraphJson {
  workflow: string;
  start: string | null;
  states: {
    id: string;
    name: string;
    type: string;
    scope: string;
    terminal: boolean;
    reachable: boolean | null;
    span: Span;
    line?: number;
    column?: number;
  }[];
  scopes: { id: string; kind: 'workflow' | 'branch'; parallel: string | null; branch: string | null; start: string | null; states: string[] }[];
  edges: { from: string; to: string | null; toName: string; kind: string; label: string; errors?: string[]; ruleIndex?: number; catchIndex?: number; escapes: boolean; span: Span; line?: number; column?: number }[];
}

export function toGraphJson(g: FlowGraph, options: GraphExportOptions = {}): GraphJson {
  const p = prepare(g);
  const pos = (span: Span): { line?: number; column?: number } => {
    if (!options.lines) return {};
    const at = options.lines.positionAt(span.start);
    return { line: at.line + 1, column: at.character + 1 };
  };
  return {
    workflow: g.workflow.name,
    start: g.root.start ? p.id.get(g.root.start)! : null,
    states: g.workflow.allStates.map((s) => ({
      id: p.id.get(s)!,
      name: s.name,
      type: s.type === 'Unknown' ? s.typeName || 'Unknown' : s.type,
      scope: p.scopeId.get(g.scopeOf(s))!,
      terminal: g.isTerminal(s),
      reachable: p.reached ? p.reached.has(s) : null,
      span: s.anchor,
      ...pos(s.anchor),
    })),
    scopes: g.scopes.map((sc) => ({
      id: p.scopeId.get(sc)!,
      kind: sc.kind,
      parallel: sc.parallel ? p.id.get(sc.parallel)! : null,
      branch: sc.branch ? (sc.branch.name ?? null) : null,
      start: sc.start ? p.id.get(sc.start)! : null,
      states: sc.states.map((s) => p.id.get(s)!),
    })),
    edges: p.edges.map((e) => ({
      from: p.id.get(e.from)!,
      to: e.to ? p.id.get(e.to)! : null,
      toName: e.toName,
      kind: e.kind,
      label: edgeLabel(e, options.maxLabel ?? 80),
      ...(e.errors ? { errors: e.errors } : {}),
      ...(e.ruleIndex !== undefined ? { ruleIndex: e.ruleIndex } : {}),
      ...(e.catchIndex !== undefined ? { catchIndex: e.catchIndex } : {}),
      escapes: !!e.escapes,
      span: e.span,
      ...pos(e.span),
    })),
  };
}

export function exportGraph(g: FlowGraph, format: GraphFormat, options: GraphExportOptions = {}): string {
  if (format === 'dot') return toDot(g, options);
  if (format === 'json') return JSON.stringify(toGraphJson(g, options), null, 2) + '\n';
  return toMermaid(g, options);
}
