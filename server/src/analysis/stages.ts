// Cached per-document stages that several rules share: schema problems, parsed values, flow
// graphs and context shapes. Each is computed once per document version.
import { DocumentAnalysis } from './document-analysis';
import { SchemaProblem, validateDocument } from '../schema/validate';
import { DocumentValues, collectValues } from '../expr/values';
import { Workflow } from '../model/types';
import { FlowGraph, buildFlowGraph } from '../graph/flow-graph';
import { WorkflowShapes, inferShapes } from '../shapes/infer';
import { ReadIssue, checkReads } from '../shapes/reads';
import { ErrorFlow, computeErrorFlow } from '../graph/errors';

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

/** The context shapes of one workflow (spec §5 dataflow), inferred once per document version. */
export function workflowShapes(a: DocumentAnalysis, wf: Workflow): WorkflowShapes {
  return a.cached(`shapes:${wf.index}`, () => inferShapes(wf, flowGraph(a, wf), documentValues(a), { activities: a.activities, schemas: a.schemas }));
}

/** Every context read of one workflow checked against its shapes (shared by the context rules). */
export function contextReadIssues(a: DocumentAnalysis, wf: Workflow): ReadIssue[] {
  return a.cached(`readIssues:${wf.index}`, () => checkReads(workflowShapes(a, wf)));
}

/** The error flow of one workflow: what each state raises, handles and lets escape (spec §5, §8). */
export function errorFlow(a: DocumentAnalysis, wf: Workflow): ErrorFlow {
  return a.cached(`errorFlow:${wf.index}`, () => computeErrorFlow(flowGraph(a, wf), a.activities));
}
