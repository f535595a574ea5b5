// Error flow (spec §5, §8): for every state, the errors its work can raise, which of them its own
// catch entries handle, and which leave it (into the enclosing Parallel, or out of the workflow).
// An activity without a declaration can raise any name: that part of a set is the open error ANY.
import { ActivityDeclaration, CatchEntry, ParallelState, State } from '../model/types';
import { FlowGraph, FlowScope } from './flow-graph';
import { reachableFrom } from './queries';

/** Stands for "any error name an activity may raise" in an open set. */
export const ANY_ERROR = '*';

export const STATES_ALL = 'States.ALL';
export const STATES_TASK_FAILED = 'States.TaskFailed';
export const STATES_TIMEOUT = 'States.Timeout';
export const STATES_BRANCH_FAILED = 'States.BranchFailed';
export const STATES_NO_CHOICE_MATCHED = 'States.NoChoiceMatched';
export const STATES_RUNTIME = 'States.Runtime';
export const BUILTIN_ERRORS: readonly string[] = [STATES_ALL, STATES_TASK_FAILED, STATES_TIMEOUT, STATES_BRANCH_FAILED, STATES_NO_CHOICE_MATCHED, STATES_RUNTIME];
/** Names that match a family of errors rather than one name. */
export const ERROR_MATCHERS: readonly string[] = [STATES_ALL, STATES_TASK_FAILED, STATES_BRANCH_FAILED];
export const PERMANENT_ERRORS: readonly string[] = ['ValidationError', 'AuthorizedError', 'NotFoundError', 'InvalidInput'];
export const TRANSIENT_ERRORS: readonly string[] = ['ServiceUnavailable', 'TimeoutError', 'NetworkError', 'ConnectionError'];

/** The state types whose work calls out of the engine (spec §3.1). */
export const EXTERNAL_TYPES: readonly string[] = ['Task', 'EvaluatePolicy', 'HumanTask', 'Receive'];
/** The state types that take `catch`. */
export const CATCHING_TYPES: readonly string[] = ['Task', 'Parallel', 'HumanTask', 'EvaluatePolicy', 'Receive'];
const TIMEOUT_TYPES = ['Task', 'HumanTask', 'Receive'];

/**
 * How an error arose: an activity (or other outside work) raised it, the state's `timeout` ran out,
 * a Fail state named it, or a Choice found no matching rule.
 */
export type ErrorKind = 'activity' | 'timeout' | 'fail' | 'no-choice';

export interface RaisedError {
  /** The error name, or ANY_ERROR for "any name" (an undeclared activity). */
  name: string;
  kind: ErrorKind;
  /** The state whose work raised it. */
  source: State;
  /** True once it has left a branch into its Parallel (what States.BranchFailed matches). */
  fromBranch: boolean;
}

export interface StateErrors {
  /** Errors the state's work can raise (for a Parallel: what leaves its branches), before catches. */
  raised: RaisedError[];
  /** True when `raised` is exact: no ANY_ERROR in it. */
  closed: boolean;
  /** The errors each catch entry handles first, by entry index. */
  handled: Map<number, RaisedError[]>;
  /** Errors no catch entry of the state handles: they leave the state. */
  escaping: RaisedError[];
  /** Where the activity's errors were declared, when they were. */
  declaration?: ActivityDeclaration;
}

export interface ErrorFlow {
  of(state: State): StateErrors;
  /**
   * The errors leaving `state` that no enclosing Parallel's catch handles either, so that they
   * end the workflow, each with the states (innermost first) they pass through on the way out.
   */
  reachingEnd(state: State): RaisedError[];
  /** The Parallel states around `state`, innermost first. */
  enclosing(state: State): ParallelState[];
}

/** Does a catch name match an error? (spec §5: `States.ALL` any, `States.TaskFailed` any activity error). */
export function catchNameMatches(name: string, e: RaisedError): boolean {
  if (name === STATES_ALL) return true;
  if (name === STATES_TASK_FAILED) return e.kind === 'activity';
  if (name === STATES_BRANCH_FAILED) return e.fromBranch;
  if (name === STATES_RUNTIME) return false;
  if (e.name === ANY_ERROR) return false; // a named entry handles only part of "any error"
  return name === e.name;
}

/** Can `name`, written in a catch, ever match something in `raised`? */
export function canOccur(name: string, raised: RaisedError[]): boolean {
  if (name === STATES_ALL) return raised.length > 0;
  return raised.some((e) => catchNameMatches(name, e) || (e.name === ANY_ERROR && !name.startsWith('States.')));
}

export function entryCatches(entry: CatchEntry, e: RaisedError): boolean {
  return entry.errorEquals.some((n) => catchNameMatches(n.name, e));
}

/** The declared activity for a resource URN: exact, else ignoring a `:v<N>` version on either side. */
export function findActivity(urn: string | undefined, activities: ReadonlyMap<string, ActivityDeclaration>): ActivityDeclaration | undefined {
  if (!urn) return undefined;
  const exact = activities.get(urn);
  if (exact) return exact;
  const bare = urn.replace(/:v\d+$/, '');
  if (bare !== urn && activities.get(bare)) return activities.get(bare);
  for (const [k, v] of activities) if (k.replace(/:v\d+$/, '') === bare) return v;
  return undefined;
}

function declaresErrors(d: ActivityDeclaration): boolean {
  return d.node.pairs.some((p) => p.key.value === 'errors');
}

/** The errors a state's own work raises (a Parallel's come from its branches, added later). */
function ownErrors(s: State, activities: ReadonlyMap<string, ActivityDeclaration>): { raised: RaisedError[]; declaration?: ActivityDeclaration } {
  const raised: RaisedError[] = [];
  const add = (name: string, kind: ErrorKind): void => {
    if (!raised.some((e) => e.name === name && e.kind === kind)) raised.push({ name, kind, source: s, fromBranch: false });
  };
  let declaration: ActivityDeclaration | undefined;
  if (EXTERNAL_TYPES.includes(s.type)) {
    declaration = s.type === 'Task' ? findActivity(s.resourceUrn, activities) : undefined;
    if (declaration && declaresErrors(declaration)) {
      for (const e of declaration.errors) if (e.name !== STATES_RUNTIME) add(e.name, 'activity');
    } else {
      add(STATES_TASK_FAILED, 'activity');
      add(ANY_ERROR, 'activity');
    }
  }
  if (s.timeout && TIMEOUT_TYPES.includes(s.type)) add(STATES_TIMEOUT, 'timeout');
  if (s.type === 'Fail') {
    const v = s.error?.value;
    if (v && v.kind === 'scalar' && v.value !== null && String(v.value) !== '') add(String(v.value), 'fail');
  }
  if (s.type === 'Choice' && !s.default) add(STATES_NO_CHOICE_MATCHED, 'no-choice');
  return { raised, declaration };
}

function applyCatches(s: State, raised: RaisedError[]): { handled: Map<number, RaisedError[]>; escaping: RaisedError[] } {
  const handled = new Map<number, RaisedError[]>();
  const escaping: RaisedError[] = [];
  for (const e of raised) {
    const entry = s.catches.find((c) => entryCatches(c, e));
    if (!entry) {
      escaping.push(e);
      continue;
    }
    let l = handled.get(entry.index);
    if (!l) handled.set(entry.index, (l = []));
    l.push(e);
  }
  return { handled, escaping };
}

/** States of a branch scope that can run: reachable from its start, or all of them without one. */
function runnable(g: FlowGraph, scope: FlowScope): State[] {
  if (!scope.start) return scope.states;
  const r = reachableFrom(g, scope);
  return scope.states.filter((s) => r.has(s));
}

export function computeErrorFlow(g: FlowGraph, activities: ReadonlyMap<string, ActivityDeclaration>): ErrorFlow {
  const info = new Map<State, StateErrors>();
  // Deepest scopes first, so that a Parallel sees what leaves its branches (no recursion).
  const scopes = [...g.scopes].sort((a, b) => b.depth - a.depth);
  for (const scope of scopes) {
    for (const s of scope.states) {
      const own = ownErrors(s, activities);
      const raised = own.raised;
      if (s.type === 'Parallel') {
        for (const b of g.branchScopes(s)) {
          for (const inner of runnable(g, b)) {
            for (const e of info.get(inner)?.escaping ?? []) {
              if (!raised.some((x) => x.name === e.name && x.kind === e.kind && x.source === e.source)) raised.push({ ...e, fromBranch: true });
            }
          }
        }
      }
      const { handled, escaping } = applyCatches(s, raised);
      info.set(s, { raised, closed: !raised.some((e) => e.name === ANY_ERROR), handled, escaping, declaration: own.declaration });
    }
  }
  const empty: StateErrors = { raised: [], closed: true, handled: new Map(), escaping: [] };
  const of = (s: State): StateErrors => info.get(s) ?? empty;
  const enclosing = (s: State): ParallelState[] => {
    const out: ParallelState[] = [];
    let scope = g.scopeOf(s);
    while (scope.parallel && out.length < 10_000) {
      out.push(scope.parallel);
      scope = g.scopeOf(scope.parallel);
    }
    return out;
  };
  const reachingEnd = (s: State): RaisedError[] => {
    let errs = of(s).escaping;
    for (const p of enclosing(s)) {
      if (!errs.length) break;
      errs = errs.filter((e) => !p.catches.some((c) => entryCatches(c, { ...e, fromBranch: true })));
    }
    return errs;
  };
  return { of, reachingEnd, enclosing };
}

/** A readable list of error names, joined with `conjunction`: `"A", "B" or any other error`. */
export function describeErrors(errors: RaisedError[], conjunction = 'or', max = 6): string {
  const names = [...new Set(errors.map((e) => e.name))];
  const any = names.includes(ANY_ERROR);
  const named = names.filter((n) => n !== ANY_ERROR && !(any && n === STATES_TASK_FAILED)).map((n) => `"${n}"`);
  const shown = named.slice(0, max);
  if (named.length > max) shown.push(`${named.length - max} more`);
  if (any) shown.push(named.length ? 'any other error' : 'any error');
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}
