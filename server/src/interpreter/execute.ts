// The reference interpreter: runs a workflow of the typed model by spec §5 on a virtual clock.
// The core does no I/O and never sleeps; work (activities, forms, policies, events) is answered
// by a WorkHandler. Memory stays bounded: states entered are counted against a step limit and
// the trace keeps at most `traceLimit` visits.
import { formatDuration } from '../expr/duration';
import type { Span } from '../syntax/types';
import type { YScalar } from '../syntax/yaml-tree';
import { Branch, ChoiceRule, ParallelState, State, Workflow } from '../model/types';
import {
  ErrorValue,
  FatalError,
  MockError,
  PERMANENT_ERRORS,
  STATES_ALL,
  STATES_BRANCH_FAILED,
  STATES_NO_CHOICE_MATCHED,
  STATES_RUNTIME,
  STATES_TASK_FAILED,
  STATES_TIMEOUT,
  StateError,
  runtimeError,
  type FatalReason,
} from './errors';
import { Json, JsonObject, getOwn, isObject, newObject, objectOf, setOwn, setPath, toJson } from './json';
import { ReadEvent, Scope, readPath } from './evaluate';
import { atNode, durationMs, entryDurationMs, entryPath, formatTimestamp, parseClock, parseTimestamp, renderNode, ruleHolds } from './render';
import type { MockAnswer, WorkCall, WorkHandler } from './mocks';

export const DEFAULT_MAX_STEPS = 10_000;
export const DEFAULT_TRACE_LIMIT = 1_000;
/** Default virtual start time when a case gives no `clock`. */
export const DEFAULT_CLOCK = '2026-01-01T00:00:00Z';
export const DEFAULT_EXECUTION_ID = 'execution-1';

/** An edge of the flow graph, as coverage names it. */
export type EdgeKey = 'next' | 'default' | `choice:${number}` | `catch:${number}`;

export interface ExecutionObserver {
  enter?(state: State): void;
  edge?(state: State, edge: EdgeKey): void;
  /** Every context read the execution makes (for checking the static analysis against runs). */
  read?(state: State, read: ReadEvent): void;
}

export interface ExecuteOptions {
  /** `workflow.input`; default `{}`. */
  input?: unknown;
  /** Virtual start time: RFC 3339 text or ms since the epoch. */
  clock?: string | number;
  executionId?: string;
  work: WorkHandler;
  /** States entered before the run stops with a step-limit failure (default 10,000). */
  maxSteps?: number;
  /** Keep a trace of visits (state, input, parameters, attempts, result, output, catch). */
  trace?: boolean;
  traceLimit?: number;
  observer?: ExecutionObserver;
}

export interface AttemptTrace {
  attempt: number;
  /** Backoff delay waited before this attempt. */
  delayMs: number;
  /** When the attempt started, ms after the execution started. */
  at: number;
  tookMs: number;
  outcome: 'returned' | 'threw' | 'timed-out' | 'failed';
  value?: Json;
  error?: ErrorValue;
}

export interface Visit {
  index: number;
  state: string;
  type: string;
  /** `Parallel[branch]` path for states inside branches. */
  branch?: string;
  /** ms after the execution started. */
  at: number;
  input: Json;
  effective?: Json;
  parameters?: Json;
  attempts: AttemptTrace[];
  result?: Json;
  output?: Json;
  waitedMs?: number;
  /** The Choice rule taken (`choices[i]`) or `default`. */
  choice?: string;
  error?: ErrorValue;
  catch?: { index: number; errorEquals: string[]; next: string };
  next?: string;
}

export interface ExecutionResult {
  /** `error` means the run was aborted by a mock problem: a test error, not a workflow result. */
  status: 'succeeded' | 'failed' | 'error';
  output?: Json;
  error?: ErrorValue;
  /** For uncatchable failures: why (undefined read, workflow timeout, step limit, ...) and where. */
  fatal?: { reason: FatalReason; state?: string; path?: string; node?: YScalar; span?: Span; location?: string };
  /** The mock problem that aborted the run. */
  abort?: string;
  /** States entered, in order (a retry is not a new visit). */
  path: string[];
  pathTruncated: boolean;
  /** Attempts of each state's work, summed over its visits. */
  attempts: Map<string, number>;
  startedAt: string;
  durationMs: number;
  steps: number;
  trace: Visit[];
  traceDropped: number;
}

interface ScopeDef {
  states: State[];
  byName: Map<string, State>;
  start?: string;
  /** A single-state branch: its state ends the branch without `end`. */
  single: boolean;
  label?: string;
}

type Step = { end: true; output: Json } | { end: false; next: string; output: Json };

const PATH_LIMIT = 1_000_000;

function scopeOf(states: State[], start: string | undefined, single: boolean, label?: string): ScopeDef {
  const byName = new Map<string, State>();
  for (const s of states) if (s.name && !byName.has(s.name)) byName.set(s.name, s);
  return { states, byName, start, single, label };
}

function boolEntry(e: { value: { kind: string; value?: unknown } | null } | undefined): boolean {
  return !!e && !!e.value && e.value.kind === 'scalar' && e.value.value === true;
}

/** Keys a state's work may be mocked under: its name, then its resource (spec §10). */
export function mockKeysOf(state: State): string[] {
  const keys = [state.name];
  const add = (k: string | undefined): void => {
    if (k && !keys.includes(k)) keys.push(k);
  };
  const str = (n: { value: { kind: string; value?: unknown } | null } | undefined): string | undefined =>
    n?.value?.kind === 'scalar' && typeof n.value.value === 'string' ? n.value.value : undefined;
  switch (state.type) {
    case 'Task':
      add(state.resourceUrn);
      add(str(state.resource));
      if (state.resourceUrn && /:v\d+$/.test(state.resourceUrn)) add(state.resourceUrn.replace(/:v\d+$/, ''));
      break;
    case 'EvaluatePolicy':
      add(str(state.policy));
      break;
    case 'HumanTask':
      add(state.uiSchemaUrn);
      break;
    case 'Receive':
      add(str(state.event));
      break;
    default:
      break;
  }
  return keys;
}

/** The states that do mocked work (spec §5 step 3). */
export function doesWork(state: State): boolean {
  return state.type === 'Task' || state.type === 'HumanTask' || state.type === 'EvaluatePolicy' || state.type === 'Receive';
}

interface RetrySettings {
  maxRetries: number;
  initialMs: number;
  multiplier: number;
  maxMs: number;
}

/** Retry settings with the defaults of spec §5 (3 retries, 1s, x2.0, 60s) when `retries` is present. */
export function retrySettings(state: State): RetrySettings | undefined {
  const r = state.retries;
  if (!r) return undefined;
  const s: RetrySettings = { maxRetries: 3, initialMs: 1000, multiplier: 2, maxMs: 60_000 };
  const scalar = r.entry.value?.kind === 'scalar' ? r.entry.value.value : undefined;
  if (scalar === false || scalar === null) return undefined;
  if (typeof scalar === 'number') s.maxRetries = scalar;
  const num = (e: typeof r.maxAttempts, what: string): number | undefined => {
    if (!e) return undefined;
    const v = e.value?.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw runtimeError(`${what} must be a non-negative number.`, 'invalid-workflow');
    return v;
  };
  s.maxRetries = Math.floor(num(r.maxAttempts, `"max_attempts" of "${state.name}"`) ?? s.maxRetries);
  s.multiplier = num(r.multiplier, `"multiplier" of "${state.name}"`) ?? s.multiplier;
  if (r.initialInterval) s.initialMs = entryDurationMs(r.initialInterval, `"initial_interval" of "${state.name}"`);
  if (r.maxInterval) s.maxMs = entryDurationMs(r.maxInterval, `"max_interval" of "${state.name}"`);
  return s;
}

/** The delay before retry k (0-based): min(initial × multiplier^k, max). */
export function retryDelayMs(s: RetrySettings, k: number): number {
  return Math.min(s.initialMs * Math.pow(s.multiplier, k), s.maxMs);
}

/** Whether a catch entry's `error_equals` holds an error (spec §5). */
export function catchMatches(names: readonly string[], e: StateError): boolean {
  const name = e.value.error;
  for (const n of names) {
    if (n === STATES_ALL || n === name) return true;
    if (n === STATES_TASK_FAILED && e.fromActivity && name !== STATES_TIMEOUT) return true;
    if (n === STATES_BRANCH_FAILED && e.fromBranch) return true;
  }
  return false;
}

export function isRetryable(e: StateError): boolean {
  return !PERMANENT_ERRORS.has(e.value.error) && e.value.error !== STATES_RUNTIME;
}

/**
 * Merges the final contexts of Parallel branches into E, in branch order. Each branch started
 * from E itself and values are never mutated, so a field a branch did not write is the very
 * same object as in E and is skipped: only what a branch wrote lands, objects merged field by field.
 */
export function mergeBranchOutputs(base: Json, outputs: Json[]): Json {
  let merged: Json = base;
  for (const out of outputs) merged = mergeWrites(merged, base, out);
  return merged;
}

function mergeWrites(into: Json, base: Json | undefined, out: Json): Json {
  if (out === base) return into;
  if (!isObject(out) || !isObject(into)) return out;
  const copy = newObject();
  for (const k of Object.keys(into)) setOwn(copy, k, into[k]);
  const b = isObject(base) ? base : undefined;
  for (const k of Object.keys(out)) {
    const v = out[k];
    const was = b ? getOwn(b, k) : undefined;
    if (v === was) continue;
    const cur = getOwn(copy, k);
    setOwn(copy, k, cur !== undefined && isObject(cur) && isObject(v) ? mergeWrites(cur, was, v) : v);
  }
  return copy;
}

function errorObject(e: ErrorValue): JsonObject {
  return objectOf([
    ['error', e.error],
    ['cause', e.cause],
  ]);
}

class Execution {
  now: number;
  readonly start: number;
  readonly deadline?: number;
  readonly deadlineText?: string;
  steps = 0;
  readonly maxSteps: number;
  readonly path: string[] = [];
  pathTruncated = false;
  readonly attempts = new Map<string, number>();
  readonly trace: Visit[] = [];
  traceDropped = 0;
  readonly traceLimit: number;
  readonly root: JsonObject;
  lastState?: State;

  constructor(
    readonly wf: Workflow,
    readonly opts: ExecuteOptions,
  ) {
    const clock = opts.clock ?? DEFAULT_CLOCK;
    const t = typeof clock === 'number' ? clock : parseClock(clock);
    if (t === undefined || !Number.isFinite(t)) throw new RangeError(`The clock ${JSON.stringify(clock)} is not a timestamp such as "2026-01-01T00:00:00Z".`);
    this.start = t;
    this.now = t;
    this.maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
    this.traceLimit = opts.trace ? (opts.traceLimit ?? DEFAULT_TRACE_LIMIT) : 0;
    this.root = objectOf([
      ['execution_id', opts.executionId ?? DEFAULT_EXECUTION_ID],
      ['input', opts.input === undefined ? newObject() : toJson(opts.input)],
      ['started_at', formatTimestamp(t)],
    ]);
    if (wf.timeout) {
      const ms = entryDurationMs(wf.timeout, `The workflow "timeout"`);
      this.deadline = t + ms;
      this.deadlineText = formatDuration(ms);
    }
  }

  advance(ms: number): void {
    if (this.deadline !== undefined && this.now + ms > this.deadline) {
      this.now = this.deadline;
      throw new FatalError({ error: STATES_TIMEOUT, cause: `The workflow "${this.wf.name}" did not finish within its timeout of ${this.deadlineText}.` }, 'workflow-timeout');
    }
    this.now += ms;
  }

  scopeFor(): ScopeDef {
    return scopeOf(this.wf.states, this.wf.start?.name, false);
  }

  branchScope(p: ParallelState, b: Branch): ScopeDef {
    return scopeOf(b.states, b.start?.name ?? b.states[0]?.name, b.single, `${p.name}[${b.name ?? b.index}]`);
  }

  /** Runs the states of one scope from its start; returns the final context. */
  runScope(scope: ScopeDef, input: Json): Json {
    if (!scope.start) throw runtimeError(scope.label ? `Branch "${scope.label}" has no start state.` : `The workflow "${this.wf.name}" has no "start".`, 'invalid-workflow');
    let state = this.resolve(scope, scope.start, undefined);
    let context = input;
    for (;;) {
      const step = this.visit(state, context, scope);
      if (step.end) return step.output;
      state = this.resolve(scope, step.next, state);
      context = step.output;
    }
  }

  resolve(scope: ScopeDef, name: string, from: State | undefined): State {
    const s = scope.byName.get(name);
    if (s) return s;
    const where = scope.label ? ` in branch "${scope.label}"` : '';
    const what = from ? `State "${from.name}" moves to "${name}", which does not exist${where}.` : `The start state "${name}" does not exist${where}.`;
    throw runtimeError(what, 'invalid-workflow');
  }

  enter(state: State): void {
    this.steps++;
    this.lastState = state;
    if (this.steps > this.maxSteps) {
      throw new FatalError(
        { error: STATES_RUNTIME, cause: `The execution reached the step limit of ${this.maxSteps} states entered (at "${state.name}"); a loop that never exits?` },
        'step-limit',
      );
    }
    if (this.path.length < Math.min(PATH_LIMIT, this.maxSteps)) this.path.push(state.name);
    else this.pathTruncated = true;
    this.opts.observer?.enter?.(state);
  }

  newVisit(state: State, input: Json, scope: ScopeDef): Visit | undefined {
    if (this.trace.length >= this.traceLimit) {
      if (this.opts.trace) this.traceDropped++;
      return undefined;
    }
    const v: Visit = { index: this.steps, state: state.name, type: state.type === 'Unknown' ? state.typeName || 'Unknown' : state.type, at: this.now - this.start, input, attempts: [] };
    if (scope.label) v.branch = scope.label;
    this.trace.push(v);
    return v;
  }

  select(value: Json, entry: State['inputPath'], scope: Scope, what: string): Json {
    if (!entry) return value;
    const node = entry.value?.kind === 'scalar' ? entry.value : undefined;
    return atNode(node, () => readPath(entryPath(entry, what), { ...scope, context: value, node }));
  }

  visit(state: State, input: Json, scope: ScopeDef): Step {
    this.enter(state);
    const visit = this.newVisit(state, input, scope);
    const onRead = this.opts.observer?.read ? (r: ReadEvent) => this.opts.observer!.read!(state, r) : undefined;
    const ev: Scope = { context: input, workflow: this.root, onRead };
    const effective = this.select(input, state.inputPath, ev, `"input_path" of "${state.name}"`);
    if (visit && state.inputPath) visit.effective = effective;
    const sc: Scope = { context: effective, workflow: this.root, onRead };
    if (state.type === 'Fail') {
      this.count(state, visit, 0);
      const error = state.error ? renderNode(state.error.value, sc, false) : state.name;
      const cause = state.cause ? renderNode(state.cause.value, sc, false) : '';
      const value = { error: typeof error === 'string' ? error : JSON.stringify(error), cause: typeof cause === 'string' ? cause : JSON.stringify(cause) };
      if (visit) visit.error = value;
      throw new StateError(value, false);
    }
    let output: Json;
    try {
      output = this.work(state, effective, sc, scope, visit);
    } catch (e) {
      if (!(e instanceof StateError)) throw e;
      if (visit) visit.error = e.value;
      const index = state.catches.findIndex((c) => catchMatches(c.errorEquals.map((n) => n.name), e));
      const entry = index >= 0 ? state.catches[index] : undefined;
      if (!entry) throw e;
      if (!entry.next) throw runtimeError(`Catch entry ${index + 1} of "${state.name}" has no "next".`, 'invalid-workflow');
      const caught = entry.result ? setPath(input, entryPath(entry.result, `"result" of catch entry ${index + 1} of "${state.name}"`).segments, errorObject(e.value)) : input;
      this.opts.observer?.edge?.(state, `catch:${index}`);
      if (visit) {
        visit.catch = { index, errorEquals: entry.errorEquals.map((n) => n.name), next: entry.next.name };
        visit.output = caught;
        visit.next = entry.next.name;
      }
      return { end: false, next: entry.next.name, output: caught };
    }
    if (visit) visit.output = output;
    if (state.type === 'Choice') {
      const taken = this.choose(state.choices, state.default?.name, state, sc, visit);
      if (visit) visit.next = taken;
      return { end: false, next: taken, output };
    }
    if (state.type === 'Succeed') return { end: true, output };
    if (state.next) {
      this.opts.observer?.edge?.(state, 'next');
      if (visit) visit.next = state.next.name;
      return { end: false, next: state.next.name, output };
    }
    if (boolEntry(state.end) || scope.single) return { end: true, output };
    throw runtimeError(`State "${state.name}" has neither "next" nor "end: true".`, 'invalid-workflow');
  }

  choose(rules: ChoiceRule[], fallback: string | undefined, state: State, sc: Scope, visit: Visit | undefined): string {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!ruleHolds(rule, sc)) continue;
      if (!rule.next) throw runtimeError(`Choice rule ${i + 1} of "${state.name}" has no "next".`, 'invalid-workflow');
      this.opts.observer?.edge?.(state, `choice:${i}`);
      if (visit) visit.choice = `choices[${i}]`;
      return rule.next.name;
    }
    if (fallback !== undefined) {
      this.opts.observer?.edge?.(state, 'default');
      if (visit) visit.choice = 'default';
      return fallback;
    }
    throw new StateError({ error: STATES_NO_CHOICE_MATCHED, cause: `No choice rule of "${state.name}" matched and it has no "default".` }, false);
  }

  /** Steps 2-5 of spec §5 for one visit: the state's output (errors propagate to the catch). */
  work(state: State, effective: Json, sc: Scope, scope: ScopeDef, visit: Visit | undefined): Json {
    const resultOf = (r: Json): Json => {
      if (visit) visit.result = r;
      const o = state.result ? setPath(effective, entryPath(state.result, `"result" of "${state.name}"`).segments, r) : effective;
      return this.select(o, state.outputPath, sc, `"output_path" of "${state.name}"`);
    };
    switch (state.type) {
      case 'Choice':
      case 'Succeed':
        this.count(state, visit, 0);
        return this.select(effective, state.outputPath, sc, `"output_path" of "${state.name}"`);
      case 'Wait': {
        this.count(state, visit, 0);
        const ms = this.waitMs(state, sc);
        if (visit) visit.waitedMs = ms;
        this.advance(ms);
        return this.select(effective, state.outputPath, sc, `"output_path" of "${state.name}"`);
      }
      case 'Pass': {
        this.count(state, visit, 0);
        const r = state.value ? renderNode(state.value.value, sc, false) : effective;
        return resultOf(r);
      }
      case 'Parallel': {
        const r = this.withRetries(state, visit, () => this.runBranches(state, effective));
        if (state.result) return resultOf(r.outputs);
        if (visit) visit.result = r.outputs;
        return this.select(mergeBranchOutputs(effective, r.outputs), state.outputPath, sc, `"output_path" of "${state.name}"`);
      }
      case 'Task':
      case 'HumanTask':
      case 'EvaluatePolicy':
      case 'Receive': {
        // Rendered within the first attempt, so that a visit that fails there still counts one attempt.
        let request: { parameters: Json | undefined; timeoutMs: number | undefined } | undefined;
        const r = this.withRetries(state, visit, (attempt) => {
          if (!request) {
            request = { parameters: this.request(state, sc), timeoutMs: state.timeout ? entryDurationMs(state.timeout, `"timeout" of "${state.name}"`) : undefined };
            if (visit && request.parameters !== undefined) visit.parameters = request.parameters;
          }
          return this.call(state, request.parameters, attempt, request.timeoutMs);
        });
        return resultOf(r);
      }
      default:
        throw runtimeError(`State "${state.name}" has ${state.typeName ? `an unknown type "${state.typeName}"` : 'no "type"'}; it cannot run.`, 'invalid-workflow');
    }
  }

  count(state: State, visit: Visit | undefined, delayMs: number): void {
    this.attempts.set(state.name, (this.attempts.get(state.name) ?? 0) + 1);
    if (visit) visit.attempts.push({ attempt: visit.attempts.length + 1, delayMs, at: this.now - this.start, tookMs: 0, outcome: 'returned' });
  }

  waitMs(state: Extract<State, { type: 'Wait' }>, sc: Scope): number {
    const rendered = (e: NonNullable<typeof state.duration>): Json => renderNode(e.value, sc, false);
    if (state.duration) return durationMs(rendered(state.duration), `"duration" of "${state.name}"`);
    if (state.seconds) {
      const v = rendered(state.seconds);
      const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
      if (typeof n !== 'number') throw runtimeError(`"seconds" of "${state.name}" must be a number, not ${JSON.stringify(v)}.`, 'invalid-value');
      return durationMs(n, `"seconds" of "${state.name}"`);
    }
    if (state.until) {
      const v = rendered(state.until);
      const t = parseTimestamp(v);
      if (t === undefined) throw runtimeError(`"until" of "${state.name}" must be an RFC 3339 timestamp, not ${JSON.stringify(v)}.`, 'invalid-value');
      return Math.max(0, t - this.now);
    }
    throw runtimeError(`Wait state "${state.name}" needs "duration", "seconds" or "until".`, 'invalid-workflow');
  }

  /** What the work is called with: rendered parameters (and the form or event it waits for). */
  request(state: State, sc: Scope): Json | undefined {
    const params = state.parameters ? renderNode(state.parameters.value, sc, true) : undefined;
    const extra: [string, Json][] = [];
    if (state.type === 'HumanTask') {
      if (state.assignee) extra.push(['assignee', renderNode(state.assignee.value, sc, false)]);
      if (state.ui) extra.push(['ui', renderNode(state.ui.value, sc, false)]);
    } else if (state.type === 'Receive' && state.event) {
      extra.push(['event', renderNode(state.event.value, sc, false)]);
    }
    if (extra.length === 0) return params;
    const o = objectOf(extra);
    if (params !== undefined) setOwn(o, 'parameters', params);
    return o;
  }

  withRetries<T>(state: State, visit: Visit | undefined, run: (attempt: number) => T): T {
    const settings = retrySettings(state);
    let delayMs = 0;
    for (let k = 0; ; k++) {
      this.attempts.set(state.name, (this.attempts.get(state.name) ?? 0) + 1);
      const started = this.now;
      const rec: AttemptTrace | undefined = visit ? { attempt: k + 1, delayMs, at: started - this.start, tookMs: 0, outcome: 'returned' } : undefined;
      if (rec) visit!.attempts.push(rec);
      try {
        const r = run(k + 1);
        if (rec) {
          rec.tookMs = this.now - started;
          if (!(state.type === 'Parallel')) rec.value = r as unknown as Json;
        }
        return r;
      } catch (e) {
        if (rec) {
          rec.tookMs = this.now - started;
          if (e instanceof StateError) {
            rec.outcome = e.value.error === STATES_TIMEOUT && !e.fromActivity ? 'timed-out' : 'threw';
            rec.error = e.value;
          } else rec.outcome = 'failed';
        }
        if (!(e instanceof StateError) || !settings || k >= settings.maxRetries || !isRetryable(e)) throw e;
        delayMs = retryDelayMs(settings, k);
        this.advance(delayMs);
      }
    }
  }

  call(state: State, parameters: Json | undefined, attempt: number, timeoutMs: number | undefined): Json {
    const call: WorkCall = { state: state.name, stateType: state.type, keys: mockKeysOf(state), parameters, attempt, time: this.now };
    const answer: MockAnswer = this.opts.work.call(call);
    if (timeoutMs !== undefined && answer.afterMs > timeoutMs) {
      this.advance(timeoutMs);
      throw new StateError({ error: STATES_TIMEOUT, cause: `State "${state.name}" did not finish within its timeout of ${formatDuration(timeoutMs)}.` }, false);
    }
    this.advance(answer.afterMs);
    if (answer.kind === 'throw') throw new StateError({ error: answer.error.error, cause: answer.error.cause }, true);
    return answer.value;
  }

  /**
   * Runs every branch from a copy of E, all starting at the same virtual time (they run at once).
   * The state takes as long as its slowest branch; if branches fail, it fails with the error of
   * the branch that failed first in virtual time (ties: branch order), at that time.
   */
  runBranches(state: ParallelState, effective: Json): { outputs: Json[] } {
    const t0 = this.now;
    const outputs: Json[] = [];
    let failure: { error: StateError | FatalError; at: number } | undefined;
    let end = t0;
    for (const b of state.branches) {
      this.now = t0;
      try {
        outputs.push(this.runScope(this.branchScope(state, b), effective));
        end = Math.max(end, this.now);
      } catch (e) {
        const timedOut = e instanceof FatalError && e.reason === 'workflow-timeout';
        if (!(e instanceof StateError) && !timedOut) throw e;
        if (!failure || this.now < failure.at) failure = { error: e as StateError | FatalError, at: this.now };
      }
    }
    if (failure) {
      this.now = failure.at;
      throw failure.error instanceof StateError ? failure.error.asBranchFailure() : failure.error;
    }
    this.now = end;
    if (state.timeout) {
      const ms = entryDurationMs(state.timeout, `"timeout" of "${state.name}"`);
      if (end - t0 > ms) {
        this.now = t0 + ms;
        throw new StateError({ error: STATES_TIMEOUT, cause: `State "${state.name}" did not finish within its timeout of ${formatDuration(ms)}.` }, false);
      }
    }
    return { outputs };
  }
}

/** Runs a workflow once. Never throws for anything the workflow or its mocks do. */
export function executeWorkflow(wf: Workflow, opts: ExecuteOptions): ExecutionResult {
  const ex = new Execution(wf, opts);
  const base = (): Omit<ExecutionResult, 'status'> => ({
    path: ex.path,
    pathTruncated: ex.pathTruncated,
    attempts: ex.attempts,
    startedAt: formatTimestamp(ex.start),
    durationMs: ex.now - ex.start,
    steps: ex.steps,
    trace: ex.trace,
    traceDropped: ex.traceDropped,
  });
  const context = objectOf([['workflow', ex.root]]);
  try {
    const output = ex.runScope(ex.scopeFor(), context);
    return { ...base(), status: 'succeeded', output };
  } catch (e) {
    if (e instanceof StateError) return { ...base(), status: 'failed', error: e.value };
    if (e instanceof FatalError) {
      const last = ex.trace[ex.trace.length - 1];
      if (last && !last.error && last.state === ex.lastState?.name) last.error = e.value;
      return { ...base(), status: 'failed', error: e.value, fatal: { reason: e.reason, state: ex.lastState?.name, path: e.path, node: e.node, span: e.span } };
    }
    if (e instanceof MockError) return { ...base(), status: 'error', abort: e.message };
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return { ...base(), status: 'failed', error: { error: STATES_RUNTIME, cause: 'The workflow nests too deeply to run.' }, fatal: { reason: 'invalid-workflow', state: ex.lastState?.name } };
    }
    throw e;
  }
}
