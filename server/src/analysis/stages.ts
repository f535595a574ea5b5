// Cached per-document stages that several rules share: schema problems, parsed values, flow
// graphs (and, as they land, shapes). Each is computed once per document version.
import { DocumentAnalysis } from './document-analysis';
import { SchemaProblem, validateDocument } from '../schema/validate';
import { DocumentValues, collectValues } from '../expr/values';
import { Workflow } from '../model/types';
import { FlowGraph, buildFlowGraph } from '../graph/flow-graph';

export function schemaProblems(a: DocumentAnalysis): SchemaProblem[] {
  return a.cached('schemaProblems', () => validateDocument(a.model));
}

export function documentValues(a: DocumentAnalysis): DocumentValues {
  return a.cached('values', () => collectValues(a.model, a.file.text));
}

/** The flow graph of one workflow of this document, built once per document version. */
export function flowGraph(a: DocumentAnalysis, wf: Workflow): FlowGraph {
  return a.cached(`flowGraph:${wf.index}`, () => buildFlowGraph(wf));
}
