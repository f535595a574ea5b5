// Cached per-document stages that several rules share: schema problems, flow graphs (and, as
// they land, parsed values and shapes). Each is computed once per document version.
import { DocumentAnalysis } from './document-analysis';
import { SchemaProblem, validateDocument } from '../schema/validate';
import { Workflow } from '../model/types';
import { FlowGraph, buildFlowGraph } from '../graph/flow-graph';

export function schemaProblems(a: DocumentAnalysis): SchemaProblem[] {
  return a.cached('schemaProblems', () => validateDocument(a.model));
}

/** The flow graph of one workflow of this document, built once per document version. */
export function flowGraph(a: DocumentAnalysis, wf: Workflow): FlowGraph {
  return a.cached(`flowGraph:${wf.index}`, () => buildFlowGraph(wf));
}
