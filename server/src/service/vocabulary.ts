// Names the editor offers and explains: built-in error names (spec §5), template filters (§4)
// and state types (§3.1, documented by the schema).
import { STATE_TYPES } from '../model/types';
import { KNOWN_FILTERS } from '../expr/template';
import { schemaDefinitions } from './schema-nav';

export const BUILTIN_ERRORS: Record<string, string> = {
  'States.ALL': 'Catches any error. Only alone in its list, and only in the last catch entry.',
  'States.TaskFailed': 'Any error an activity raised, except a timeout.',
  'States.Timeout': 'The state (or the whole workflow) outlasted its `timeout`.',
  'States.BranchFailed': 'A branch of a Parallel state failed.',
  'States.NoChoiceMatched': 'No choice rule was true and the Choice state has no `default`.',
  'States.Runtime': 'A runtime failure such as reading an undefined path; never retried, never caught.',
  ValidationError: 'Platform error, permanent: never retried.',
  AuthorizedError: 'Platform error, permanent: never retried.',
  NotFoundError: 'Platform error, permanent: never retried.',
  InvalidInput: 'Platform error, permanent: never retried.',
  ServiceUnavailable: 'Platform error, transient: retried.',
  TimeoutError: 'Platform error, transient: retried.',
  NetworkError: 'Platform error, transient: retried.',
  ConnectionError: 'Platform error, transient: retried.',
};

export const FILTER_DOCS: Record<string, { doc: string; snippet?: string }> = {
  default: { doc: 'The argument when the left side is undefined or null; a read under `default` never fails.', snippet: "default: ${1:''}" },
  defined: { doc: 'True when the path exists; never fails.' },
  length: { doc: 'Length of a string, array or object.' },
  upcase: { doc: 'The string in upper case.' },
  downcase: { doc: 'The string in lower case.' },
  json: { doc: 'The value rendered as JSON text.' },
  keys: { doc: 'The keys of an object, as an array.' },
  first: { doc: 'The first element of an array.' },
  last: { doc: 'The last element of an array.' },
  join: { doc: 'The elements of an array joined with the separator.', snippet: "join: ${1:', '}" },
};

export function filterNames(): readonly string[] {
  return KNOWN_FILTERS;
}

export function stateTypeDoc(type: string): string | undefined {
  const d = schemaDefinitions()[`${type}State`];
  return typeof d?.description === 'string' ? d.description : undefined;
}

export function stateTypes(): readonly string[] {
  return STATE_TYPES;
}
