// Coverage of a workflow by test executions: which states were entered and which edges of the
// flow graph (next, each Choice rule, default, each catch entry) were taken. Every state and
// edge is registered up front, so what was never taken can be listed.
import { State, Workflow } from '../model/types';
import type { EdgeKey, ExecutionObserver } from './execute';

export interface EdgeInfo {
  from: string;
  to: string;
  /** `next`, `choice:<i>`, `default` or `catch:<i>`. */
  key: EdgeKey;
  kind: 'next' | 'choice' | 'default' | 'catch';
  index?: number;
}

/** Every edge of a workflow, in document order. */
export function workflowEdges(wf: Workflow): EdgeInfo[] {
  const out: EdgeInfo[] = [];
  for (const s of wf.allStates) {
    if (!s.name) continue;
    if (s.next && s.type !== 'Choice' && s.type !== 'Succeed' && s.type !== 'Fail') out.push({ from: s.name, to: s.next.name, key: 'next', kind: 'next' });
    if (s.type === 'Choice') {
      s.choices.forEach((r, i) => {
        if (r.next) out.push({ from: s.name, to: r.next.name, key: `choice:${i}`, kind: 'choice', index: i });
      });
      if (s.default) out.push({ from: s.name, to: s.default.name, key: 'default', kind: 'default' });
    }
    s.catches.forEach((c, i) => {
      if (c.next && s.type !== 'Fail') out.push({ from: s.name, to: c.next.name, key: `catch:${i}`, kind: 'catch', index: i });
    });
  }
  return out;
}

export function describeEdge(e: EdgeInfo): string {
  const label = e.kind === 'choice' ? `choices[${e.index}]` : e.kind === 'catch' ? `catch[${e.index}]` : e.kind;
  return `${e.from} --${label}--> ${e.to}`;
}

export interface WorkflowCoverage {
  file: string;
  workflow: string;
  states: { total: number; covered: number; missed: string[] };
  edges: { total: number; covered: number; missed: (EdgeInfo & { label: string })[] };
  /** How many executions were recorded. */
  runs: number;
}

class Tracker {
  readonly states: string[];
  readonly edges: EdgeInfo[];
  readonly entered = new Set<string>();
  readonly taken = new Set<string>();
  runs = 0;
  constructor(
    readonly file: string,
    readonly wf: Workflow,
  ) {
    this.states = [];
    for (const s of wf.allStates) if (s.name && !this.states.includes(s.name)) this.states.push(s.name);
    this.edges = workflowEdges(wf);
  }
}

/** Collects coverage across many executions, per workflow (file + workflow name). */
export class CoverageCollector {
  private readonly trackers = new Map<string, Tracker>();

  private tracker(file: string, wf: Workflow): Tracker {
    const key = `${file}\0${wf.document.index}\0${wf.name}`;
    let t = this.trackers.get(key);
    if (!t) {
      t = new Tracker(file, wf);
      this.trackers.set(key, t);
    }
    return t;
  }

  /** Registers a workflow (so that it is reported even when no case reached a state). */
  register(file: string, wf: Workflow): void {
    this.tracker(file, wf);
  }

  /** An observer for one execution of `wf`. */
  observer(file: string, wf: Workflow): ExecutionObserver {
    const t = this.tracker(file, wf);
    t.runs++;
    return {
      enter: (s: State) => t.entered.add(s.name),
      edge: (s: State, e: EdgeKey) => t.taken.add(`${s.name}\0${e}`),
    };
  }

  report(): WorkflowCoverage[] {
    const out: WorkflowCoverage[] = [];
    for (const t of this.trackers.values()) {
      const missedStates = t.states.filter((s) => !t.entered.has(s));
      const missedEdges = t.edges.filter((e) => !t.taken.has(`${e.from}\0${e.key}`)).map((e) => ({ ...e, label: describeEdge(e) }));
      out.push({
        file: t.file,
        workflow: t.wf.name,
        states: { total: t.states.length, covered: t.states.length - missedStates.length, missed: missedStates },
        edges: { total: t.edges.length, covered: t.edges.length - missedEdges.length, missed: missedEdges },
        runs: t.runs,
      });
    }
    return out.sort((a, b) => a.file.localeCompare(b.file) || a.workflow.localeCompare(b.workflow));
  }
}

function percent(covered: number, total: number): string {
  return total === 0 ? '100.0%' : `${((covered / total) * 100).toFixed(1)}%`;
}

/** The coverage table and the list of what was never taken. `rel` shortens file names. */
export function formatCoverage(report: WorkflowCoverage[], rel: (file: string) => string = (f) => f): string {
  const rows = report.map((c) => [`${rel(c.file)} ${c.workflow}`, `${c.states.covered}/${c.states.total}`, percent(c.states.covered, c.states.total), `${c.edges.covered}/${c.edges.total}`, percent(c.edges.covered, c.edges.total)]);
  const header = ['workflow', 'states', '', 'edges', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const lines = ['Coverage', line(header), ...rows.map(line)];
  const missed: string[] = [];
  for (const c of report) {
    for (const s of c.states.missed) missed.push(`  ${c.workflow}: state "${s}" was never entered`);
    for (const e of c.edges.missed) missed.push(`  ${c.workflow}: edge ${e.label} was never taken`);
  }
  lines.push(missed.length ? 'Never taken:' : 'Every state and edge was taken.');
  lines.push(...missed);
  return lines.join('\n') + '\n';
}

export function coverageJson(report: WorkflowCoverage[], rel: (file: string) => string = (f) => f): string {
  return JSON.stringify(
    {
      workflows: report.map((c) => ({
        file: rel(c.file),
        workflow: c.workflow,
        runs: c.runs,
        states: c.states,
        edges: { total: c.edges.total, covered: c.edges.covered, missed: c.edges.missed.map((e) => ({ from: e.from, to: e.to, kind: e.kind, index: e.index, label: e.label })) },
      })),
    },
    null,
    2,
  );
}
