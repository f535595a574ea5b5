// Cached per-document stages that several rules share: schema problems (and, as they land,
// parsed values, flow graphs and shapes). Each is computed once per document version.
import { DocumentAnalysis } from './document-analysis';
import { SchemaProblem, validateDocument } from '../schema/validate';
import { DocumentValues, collectValues } from '../expr/values';

export function schemaProblems(a: DocumentAnalysis): SchemaProblem[] {
  return a.cached('schemaProblems', () => validateDocument(a.model));
}

export function documentValues(a: DocumentAnalysis): DocumentValues {
  return a.cached('values', () => collectValues(a.model, a.file.text));
}
