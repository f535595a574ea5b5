// URNs `urn:cascade:<type>:<name>[:v<N>]` (spec §4) with spans for type, name and version.
// Total: every input yields either a URN or one error marking the bad segment.

import type { Span } from '../syntax/types';
import { exprError, quote, type ExprError } from './errors';
import { closest } from './suggest';

export const URN_TYPES: readonly string[] = Object.freeze(['activity', 'action', 'service', 'waitFor', 'policy', 'schema']);
/** The URN types a Task `resource` may name. */
export const TASK_RESOURCE_TYPES: readonly string[] = Object.freeze(['activity', 'action', 'service', 'waitFor']);

export interface Urn {
  type: string;
  name: string;
  version?: string;
  typeSpan: Span;
  nameSpan: Span;
  versionSpan?: Span;
}

const EXAMPLE = '"urn:cascade:activity:load_customer"';
const NAME = /^[\p{L}\p{Nd}_.-]+$/u;

function listTypes(): string {
  const quoted = URN_TYPES.map((t) => `"${t}"`);
  return quoted.slice(0, -1).join(', ') + ' or ' + quoted[quoted.length - 1];
}

interface Segment {
  text: string;
  start: number;
  end: number;
}

/** Parses `urn:cascade:<type>:<name>[:v<N>]`; `expected` is the type the place takes (for hints). */
export function parseUrn(text: string, expected = 'activity'): { urn?: Urn; error?: ExprError } {
  const len = text.length;
  const fail = (message: string, start: number, end: number) => ({ error: exprError(message, start, end) });
  if (len === 0) return fail(`A URN is empty; write "urn:cascade:<type>:<name>", e.g. ${EXAMPLE}.`, 0, 0);
  if (text.trim() !== text) {
    if (text.trim() === '') return fail(`A URN is blank; write "urn:cascade:<type>:<name>", e.g. ${EXAMPLE}.`, 0, len);
    const lead = len - text.trimStart().length;
    return lead > 0
      ? fail('A URN cannot start with whitespace; remove it.', 0, lead)
      : fail('A URN cannot end with whitespace; remove it.', text.trimEnd().length, len);
  }

  const segments: Segment[] = [];
  let start = 0;
  for (let i = 0; i <= len; i++) {
    if (i === len || text[i] === ':') {
      segments.push({ text: text.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  // An empty segment is marked by the ":" before it, so that the marker is visible.
  const mark = (s: Segment): [number, number] => (s.start === s.end && s.start > 0 ? [s.start - 1, s.start] : [s.start, s.end]);

  const [scheme, nid, type, name, version] = segments;
  if (scheme.text !== 'urn') {
    if (segments.length === 1) {
      const article = /^[aeiou]/.test(expected) ? 'an' : 'a';
      const hint = NAME.test(text) ? `; for ${article} ${expected} write "urn:cascade:${expected}:${text}"` : `, e.g. ${EXAMPLE}`;
      return fail(`A URN must start with "urn:cascade:"${hint}.`, 0, len);
    }
    return fail(`A URN must start with "urn:cascade:", e.g. ${EXAMPLE}.`, ...mark(scheme));
  }
  if (!nid) return fail(`A URN must start with "urn:cascade:", e.g. ${EXAMPLE}.`, 0, len);
  if (nid.text !== 'cascade') {
    const near = closest(nid.text, ['cascade']);
    const hint = near ? ` (did you mean "cascade"?)` : '';
    return fail(`A URN must start with "urn:cascade:"${hint}, e.g. ${EXAMPLE}.`, ...mark(nid));
  }
  if (!type) return fail(`A URN needs a type and a name after "urn:cascade", e.g. ${EXAMPLE}.`, 0, len);
  if (type.text === '') return fail(`A URN needs a type after "urn:cascade:": ${listTypes()}.`, ...mark(type));
  if (!URN_TYPES.includes(type.text)) {
    const near = closest(type.text, URN_TYPES);
    const hint = near ? ` (did you mean "${near}"?)` : '';
    return fail(`Unknown URN type ${quote(type.text)}; use ${listTypes()}${hint}.`, type.start, type.end);
  }
  if (!name) return fail(`A URN needs a name after "urn:cascade:${type.text}:", e.g. ${EXAMPLE}.`, 0, len);
  if (name.text === '') return fail(`A URN needs a name after "urn:cascade:${type.text}:", e.g. ${EXAMPLE}.`, ...mark(name));
  if (!NAME.test(name.text)) {
    return fail(`URN name ${quote(name.text)} may contain only letters, digits, "_", "-" and ".".`, name.start, name.end);
  }
  const urn: Urn = {
    type: type.text,
    name: name.text,
    typeSpan: { start: type.start, end: type.end },
    nameSpan: { start: name.start, end: name.end },
  };
  if (version) {
    if (version.text === '') return fail('A URN version is empty; write it as ":v<N>", e.g. ":v2".', ...mark(version));
    if (!/^v\d+$/.test(version.text)) {
      const digits = /^(?:v|version|ver)?[-_]?(\d+)$/i.exec(version.text)?.[1];
      const hint = digits !== undefined ? `; did you mean "v${digits}"?` : ', e.g. "v2".';
      return fail(`A URN version is written "v<N>", not ${quote(version.text)}${hint}`, version.start, version.end);
    }
    urn.version = version.text;
    urn.versionSpan = { start: version.start, end: version.end };
  }
  if (segments.length > 5) {
    const extra = segments[5].start - 1;
    return fail(`Unexpected ${quote(text.slice(extra))} after the URN version; the form is "urn:cascade:<type>:<name>[:v<N>]".`, extra, len);
  }
  return { urn };
}

/** The canonical text of a URN. */
export function formatUrn(urn: Pick<Urn, 'type' | 'name' | 'version'>): string {
  return `urn:cascade:${urn.type}:${urn.name}${urn.version ? ':' + urn.version : ''}`;
}

/** snake_case: lowercase words of letters and digits joined by single underscores. */
export function isSnakeCase(name: string): boolean {
  return /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name);
}

/**
 * A snake_case spelling of a name, for the `urn-name-case` autofix ("loadCustomer" -> "load_customer").
 * Written as one pass over the characters: regexes over runs of capitals backtrack quadratically.
 */
export function toSnakeCase(name: string): string {
  const isUpper = (c: string) => c >= 'A' && c <= 'Z';
  const isLower = (c: string) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (!isUpper(c) && !isLower(c)) {
      if (word) words.push(word);
      word = '';
      continue;
    }
    const prev = i > 0 ? name[i - 1] : '';
    const next = i + 1 < name.length ? name[i + 1] : '';
    // A capital starts a word after a lowercase letter or digit ("loadCustomer"), or when it
    // begins a capitalised word after an acronym ("HTTPRequest" -> "http", "request").
    const boundary = isUpper(c) && word !== '' && (isLower(prev) || (isUpper(prev) && next >= 'a' && next <= 'z'));
    if (boundary) {
      words.push(word);
      word = '';
    }
    word += c.toLowerCase();
  }
  if (word) words.push(word);
  return words.join('_');
}
