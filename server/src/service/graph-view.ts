// The `cascade/graph` answer for the editor's graph view: one workflow's flow graph (graph/,
// cached per document version) as Mermaid and as JSON, via the exporters `cascade-lint graph`
// uses, so the editor and the CLI draw the same graph.
import { FileAnalysis } from '../analysis/analyze';
import { flowGraph } from '../analysis/stages';
import { GraphJson, toGraphJson, toMermaid } from './graph-export';

export interface GraphResponse {
  /** Every workflow of the file, for a picker. */
  workflows: string[];
  workflow?: string;
  mermaid?: string;
  graph?: GraphJson;
}

/** The graph of the named workflow, else of the workflow containing `offset`, else the first. */
export function graphFor(analysis: FileAnalysis, options: { workflow?: string; offset?: number } = {}): GraphResponse {
  if (!analysis.isCascade) return { workflows: [] };
  const all = analysis.documents.flatMap((da) => da.model.workflows.map((wf) => ({ da, wf })));
  const pick =
    (options.workflow !== undefined ? all.find((x) => x.wf.name === options.workflow) : undefined) ??
    (options.offset !== undefined ? all.find((x) => options.offset! >= x.wf.span.start && options.offset! <= x.wf.span.end) : undefined) ??
    all[0];
  if (!pick) return { workflows: [] };
  const g = flowGraph(pick.da, pick.wf);
  const lines = analysis.file.lines;
  return { workflows: all.map((x) => x.wf.name), workflow: pick.wf.name, mermaid: toMermaid(g, { lines }), graph: toGraphJson(g, { lines }) };
}
