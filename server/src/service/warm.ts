// Computes, ahead of the first request, the lazily cached stages that hover, completion and
// navigation read, so that the first hover after an edit costs what every other one does.
import { FileAnalysis } from '../analysis/analyze';
import { documentValues, workflowShapes } from '../analysis/stages';
import { stateReferences } from './state-refs';

export function warmForEditing(analysis: FileAnalysis): void {
  if (!analysis.isCascade) return;
  for (const da of analysis.documents) {
    documentValues(da);
    for (const wf of da.model.workflows) {
      stateReferences(wf);
      try {
        workflowShapes(da, wf);
      } catch {
        // the context rules report their own failures; the editor falls back to declarations
      }
    }
  }
}
