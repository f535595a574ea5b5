// Compares an execution with a test case's `expect` (spec §10) and words each difference as
// a line a person can act on: status, error, path, output subset, attempts, virtual duration.
import { formatDuration, parseDuration } from '../expr/duration';
import type { ExecutionResult } from './execute';
import type { ExpectDef } from './test-file';
import { Json, deepEqual, getOwn, hasOwn, isObject, stringify } from './json';

const MAX_SHOWN = 200;

export function show(v: Json | undefined): string {
  if (v === undefined) return '(nothing)';
  const s = stringify(v);
  return s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN - 1) + '…' : s;
}

function label(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Subset match: objects recursively (every expected key must match, extra actual keys are
 * fine); arrays and scalars exactly. Appends one line per difference.
 */
export function subsetDiff(expected: Json | undefined, actual: Json | undefined, path: string, out: string[], limit = 20): void {
  if (out.length >= limit) return;
  if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push(`${path}: expected an object like ${show(expected)}, got ${show(actual)}`);
      return;
    }
    for (const k of Object.keys(expected)) {
      const p = label(path, k);
      if (!hasOwn(actual, k)) {
        if (out.length < limit) out.push(`${p}: expected ${show(expected[k])}, but it is missing`);
        continue;
      }
      subsetDiff(expected[k], getOwn(actual, k), p, out, limit);
    }
    return;
  }
  if (!deepEqual(expected, actual)) out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

function pathLines(expected: string[], actual: string[], truncated: boolean): string[] {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const head =
    i < expected.length && i < actual.length
      ? `path: differs at step ${i + 1}: expected "${expected[i]}", got "${actual[i]}"`
      : i < expected.length
        ? `path: ended after ${actual.length} state${actual.length === 1 ? '' : 's'}; expected "${expected[i]}" next`
        : `path: went on after "${expected[expected.length - 1] ?? '(start)'}" to "${actual[i]}"`;
  const fmt = (p: string[]): string => (p.length > 60 ? [...p.slice(0, 60), `… (${p.length - 60} more)`] : p).join(' → ');
  return [head, `  expected: ${fmt(expected)}`, `  actual:   ${fmt(actual)}${truncated ? ' … (truncated)' : ''}`];
}

export function describeOutcome(r: ExecutionResult): string {
  if (r.status === 'succeeded') return 'succeeded';
  if (r.status === 'error') return `aborted (${r.abort})`;
  return `failed with ${r.error?.error}${r.error?.cause ? `: ${r.error.cause}` : ''}${r.fatal?.location ? ` (at ${r.fatal.location})` : ''}`;
}

export interface SnapshotCheck {
  /** The case's recorded snapshot, when it has one. */
  recorded?: Json;
  has: boolean;
  /** Snapshots are being rewritten: the output is recorded instead of compared. */
  updating: boolean;
}

/** Every way the result differs from `expect` (empty: the case passes). */
export function compareExpectations(expect: ExpectDef, r: ExecutionResult, snapshot: SnapshotCheck): string[] {
  const out: string[] = [];
  if (expect.status && expect.status !== r.status) out.push(`status: expected ${expect.status}, got ${describeOutcome(r)}`);
  if (expect.error) {
    const got = r.error;
    const nameOk = got?.error === expect.error.error;
    const causeOk = expect.error.cause === undefined || got?.cause === expect.error.cause;
    if (!got) out.push(`error: expected ${expect.error.error}, but the execution ${describeOutcome(r)}`);
    else if (!nameOk || !causeOk) {
      const want = expect.error.cause === undefined ? expect.error.error : `${expect.error.error} (cause ${JSON.stringify(expect.error.cause)})`;
      out.push(`error: expected ${want}, got ${got.error} (cause ${JSON.stringify(got.cause)})`);
    }
  }
  if (expect.path && (expect.path.length !== r.path.length || expect.path.some((p, i) => p !== r.path[i]))) out.push(...pathLines(expect.path, r.path, r.pathTruncated));
  if (expect.hasOutput) {
    if (expect.output === 'snapshot') {
      if (!snapshot.updating) {
        if (!snapshot.has) out.push('output: no snapshot is recorded for this case; run with --update-snapshots to record one');
        else if (!deepEqual(snapshot.recorded ?? null, r.output ?? null)) {
          const lines: string[] = [];
          subsetDiff(snapshot.recorded ?? null, r.output ?? null, 'output', lines);
          if (lines.length === 0 && isObject(r.output)) {
            const extra = Object.keys(r.output).filter((k) => !isObject(snapshot.recorded) || !hasOwn(snapshot.recorded, k));
            lines.push(`output: has keys the snapshot does not: ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
          }
          out.push(`output differs from the snapshot (run with --update-snapshots to accept it):`, ...lines.map((l) => `  ${l}`));
        }
      }
    } else if (r.output === undefined) {
      out.push(`output: expected ${show(expect.output)}, but the execution ${describeOutcome(r)} without an output`);
    } else subsetDiff(expect.output, r.output, 'output', out);
  }
  if (expect.states) {
    for (const name of Object.keys(expect.states)) {
      const want = expect.states[name].attempts;
      if (want === undefined) continue;
      const got = r.attempts.get(name) ?? 0;
      if (got !== want) out.push(`states.${name}.attempts: expected ${want}, got ${got}${got === 0 ? ' (the state was never entered)' : ''}`);
    }
  }
  if (expect.duration !== undefined) {
    const want = parseDuration(expect.duration).ms;
    if (want === undefined) out.push(`duration: ${JSON.stringify(expect.duration)} is not a duration such as "1h30m"`);
    else if (Math.abs(want - r.durationMs) > 1e-6) out.push(`duration: expected ${formatDuration(want)}, got ${formatDuration(r.durationMs)} (virtual)`);
  }
  return out;
}
