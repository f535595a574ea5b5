// The three ways an execution stops short: a state error (retried and caught by the rules of
// spec §5), an uncatchable failure (States.Runtime, the workflow timeout, the step limit), and
// a mock problem, which is a test error rather than a result of the workflow.
import type { Span } from '../syntax/types';
import type { YScalar } from '../syntax/yaml-tree';

// One list of built-in and platform error names, shared with the static error flow.
export { STATES_ALL, STATES_TASK_FAILED, STATES_TIMEOUT, STATES_BRANCH_FAILED, STATES_NO_CHOICE_MATCHED, STATES_RUNTIME } from '../graph/errors';
import { PERMANENT_ERRORS as PERMANENT_LIST, STATES_RUNTIME } from '../graph/errors';

/** Platform errors that are never retried (spec §5). */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set(PERMANENT_LIST);

export interface ErrorValue {
  error: string;
  /** Always a string; empty when the error came without one. */
  cause: string;
}

/** A catchable error raised by a state. */
export class StateError extends Error {
  constructor(
    readonly value: ErrorValue,
    /** Raised by an activity (a mock's `throw`), which `States.TaskFailed` matches. */
    readonly fromActivity: boolean,
    /** Came out of a Parallel branch, which `States.BranchFailed` matches at the Parallel state. */
    readonly fromBranch = false,
  ) {
    super(`${value.error}${value.cause ? `: ${value.cause}` : ''}`);
  }

  asBranchFailure(): StateError {
    return new StateError(this.value, this.fromActivity, true);
  }
}

/** Why an uncatchable failure happened (the property test tells undefined reads apart). */
export type FatalReason = 'undefined-read' | 'invalid-value' | 'invalid-workflow' | 'workflow-timeout' | 'step-limit';

/** An error no retry or catch handles: it ends the execution as failed. */
export class FatalError extends Error {
  /** The YAML scalar whose evaluation failed, when known. */
  node?: YScalar;
  /** The failing part of that scalar's string value (offsets into the value, not the file). */
  span?: Span;

  constructor(
    readonly value: ErrorValue,
    readonly reason: FatalReason,
    /** For undefined reads: the path as written, e.g. `$.customer.name`. */
    readonly path?: string,
  ) {
    super(`${value.error}: ${value.cause}`);
  }
}

export function runtimeError(cause: string, reason: FatalReason = 'invalid-value', path?: string): FatalError {
  return new FatalError({ error: STATES_RUNTIME, cause }, reason, path);
}

/** A call with no mock, or a mock list that ran out: the execution is aborted, the case fails. */
export class MockError extends Error {}
