// Strict mocks (spec §10): answers to work calls, looked up by state name first, then by
// resource. A single mock answers every call; a list is consumed one call at a time. A call
// with no mock or past the end of a list aborts the run; a mock never used is reported after.
import { parseDuration } from '../expr/duration';
import { closest } from '../expr/suggest';
import { MockError, type ErrorValue } from './errors';
import { Json, getOwn, isObject, toJson, typeName } from './json';

export type MockAnswer = { kind: 'return'; value: Json; afterMs: number } | { kind: 'throw'; error: ErrorValue; afterMs: number };

/** One call of a state's work (spec §5 step 3). */
export interface WorkCall {
  state: string;
  stateType: string;
  /** Keys the call may be mocked under, most specific first: the state name, then resources. */
  keys: string[];
  parameters: Json | undefined;
  /** 1-based attempt within the visit. */
  attempt: number;
  /** Virtual time of the call, ms since the epoch. */
  time: number;
}

/** Answers work calls. `call` throws MockError when it has no answer. */
export interface WorkHandler {
  call(call: WorkCall): MockAnswer;
}

interface MockEntry {
  key: string;
  answers: MockAnswer[];
  list: boolean;
  used: number;
  /** States that called it, for messages. */
  callers: Set<string>;
}

export class MockDefinitionError extends Error {}

function parseAnswer(key: string, raw: unknown, index: number | undefined): MockAnswer {
  const where = index === undefined ? `Mock "${key}"` : `Mock "${key}" item ${index + 1}`;
  const v = toJson(raw);
  if (!isObject(v)) throw new MockDefinitionError(`${where} must be a mapping with "return" or "throw", not ${typeName(v)}.`);
  for (const k of Object.keys(v)) {
    if (k !== 'return' && k !== 'throw' && k !== 'after') throw new MockDefinitionError(`${where} has an unknown key "${k}"; use "return", "throw" and "after".`);
  }
  let afterMs = 0;
  const after = getOwn(v, 'after');
  if (after !== undefined) {
    if (typeof after === 'number' && after >= 0) afterMs = after * 1000;
    else if (typeof after === 'string' && parseDuration(after).ms !== undefined) afterMs = parseDuration(after).ms as number;
    else throw new MockDefinitionError(`${where}: "after" must be a duration such as "2d", not ${JSON.stringify(after)}.`);
  }
  const thrown = getOwn(v, 'throw');
  const returned = getOwn(v, 'return');
  if (thrown !== undefined && returned !== undefined) throw new MockDefinitionError(`${where} has both "return" and "throw"; a call does one or the other.`);
  if (thrown !== undefined) {
    const name = isObject(thrown) ? getOwn(thrown, 'error') : thrown;
    const cause = isObject(thrown) ? getOwn(thrown, 'cause') : undefined;
    if (typeof name !== 'string' || name === '') throw new MockDefinitionError(`${where}: "throw" needs an error name, e.g. {error: ServiceUnavailable}.`);
    return { kind: 'throw', error: { error: name, cause: cause === undefined || cause === null ? '' : typeof cause === 'string' ? cause : JSON.stringify(cause) }, afterMs };
  }
  if (returned === undefined && !Object.keys(v).includes('return')) throw new MockDefinitionError(`${where} needs "return" or "throw".`);
  return { kind: 'return', value: returned ?? null, afterMs };
}

/** The mocks of one test case (or of `cascade-lint run --mocks`). */
export class MockTable implements WorkHandler {
  private readonly entries = new Map<string, MockEntry>();

  /** `mocks` is the plain mapping from a test case: key -> mock | list of mocks. */
  constructor(mocks: unknown) {
    const m = toJson(mocks ?? null);
    if (m === null) return;
    if (!isObject(m)) throw new MockDefinitionError(`"mocks" must be a mapping from state names or resource URNs to mocks, not ${typeName(m)}.`);
    for (const key of Object.keys(m)) {
      const raw = m[key];
      const list = Array.isArray(raw);
      const answers = list ? (raw as Json[]).map((r, i) => parseAnswer(key, r, i)) : [parseAnswer(key, raw, undefined)];
      if (answers.length === 0) throw new MockDefinitionError(`Mock list "${key}" is empty; give at least one answer.`);
      this.entries.set(key, { key, answers, list, used: 0, callers: new Set() });
    }
  }

  call(call: WorkCall): MockAnswer {
    const entry = call.keys.map((k) => this.entries.get(k)).find((e) => e !== undefined);
    if (!entry) {
      const by = call.keys.length > 1 ? ` or by resource ${call.keys.slice(1).map((k) => `"${k}"`).join(' or ')}` : '';
      throw new MockError(`No mock for state "${call.state}" (${call.stateType}): add one under "mocks" by state name "${call.state}"${by}.`);
    }
    entry.callers.add(call.state);
    if (!entry.list) {
      entry.used++;
      return entry.answers[0];
    }
    if (entry.used >= entry.answers.length) {
      throw new MockError(`Mock list "${entry.key}" ran out: state "${call.state}" made call ${entry.used + 1} but the list has ${entry.answers.length} answer${entry.answers.length === 1 ? '' : 's'}.`);
    }
    return entry.answers[entry.used++];
  }

  /** Messages for mocks that were never used (or list items left over), naming the state or URN. */
  unused(knownKeys: readonly string[] = []): string[] {
    const out: string[] = [];
    for (const e of this.entries.values()) {
      if (e.used === 0) {
        const known = knownKeys.includes(e.key);
        const near = known ? undefined : closest(e.key, knownKeys);
        const hint = known ? '' : near ? ` (no state or resource is named "${e.key}"; did you mean "${near}"?)` : ' (no state or resource has this name)';
        out.push(`Mock "${e.key}" was never used${hint}.`);
      } else if (e.list && e.used < e.answers.length) {
        const left = e.answers.length - e.used;
        out.push(`Mock list "${e.key}": ${left} of ${e.answers.length} answers ${left === 1 ? 'was' : 'were'} never used (${[...e.callers].map((c) => `"${c}"`).join(', ')} made ${e.used} call${e.used === 1 ? '' : 's'}).`);
      }
    }
    return out;
  }
}
