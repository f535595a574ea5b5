// Cached per-document stages that several rules share: schema problems (and, as they land,
// parsed values, flow graphs and shapes). Each is computed once per document version.
import { DocumentAnalysis } from './document-analysis';
import { SchemaProblem, validateDocument } from '../schema/validate';

export function schemaProblems(a: DocumentAnalysis): SchemaProblem[] {
  return a.cached('schemaProblems', () => validateDocument(a.model));
}
