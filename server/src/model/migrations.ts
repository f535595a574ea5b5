// Input-contract versions and migrations (spec §9) as plain data: `v<N>` parsing, the
// migrations of a workflow with the spans of every path they name, the chain that upgrades an
// input from one version to another, and the pure function that applies a migration to a value.
// The linter, the hover and the interpreter share these, so they agree on what a chain means.
import { YNode, YScalar, toPlain } from '../syntax/yaml-tree';
import { Span } from '../syntax/types';
import { Entry, Migration, Workflow } from './types';

/** The version of a workflow without `version:` (spec §2). */
export const DEFAULT_CONTRACT_VERSION = 'v1';

const VERSION = /^v(0|[1-9][0-9]*)$/;

/** The number of a well-formed version (`v3` -> 3), else undefined. */
export function versionNumber(version: string | undefined): number | undefined {
  if (version === undefined) return undefined;
  const m = VERSION.exec(version);
  return m ? Number(m[1]) : undefined;
}

export function isVersion(version: string): boolean {
  return VERSION.test(version);
}

export function compareVersions(a: string, b: string): number {
  return (versionNumber(a) ?? -1) - (versionNumber(b) ?? -1);
}

/** A workflow's contract version as written (`v1` when absent), and whether it is well-formed. */
export function workflowVersion(wf: Workflow): { version: string; valid: boolean; entry?: Entry } {
  const e = wf.version;
  if (!e) return { version: DEFAULT_CONTRACT_VERSION, valid: true };
  const v = e.value?.kind === 'scalar' && e.value.value !== null ? String(e.value.value) : '';
  return { version: v, valid: typeof (e.value as YScalar | null)?.value === 'string' && isVersion(v), entry: e };
}

/** A dotted field path written in a migration (`customer.id`). */
export interface FieldPath {
  text: string;
  segments: string[];
  span: Span;
}

export interface MigrationPathProblem {
  span: Span;
  text: string;
}

export interface RenameStep {
  from: FieldPath;
  to: FieldPath;
}

export interface SetStep {
  path: FieldPath;
  value: unknown;
  valueNode: YNode | null;
}

/** One migration of a workflow, read from the model. */
export interface MigrationSpec {
  migration: Migration;
  index: number;
  /** Well-formed `from`/`to` versions (undefined when missing or malformed). */
  from?: string;
  to?: string;
  renames: RenameStep[];
  sets: SetStep[];
  removes: FieldPath[];
  /** Paths that are not dotted names (`customer..id`, `.x`). */
  badPaths: MigrationPathProblem[];
}

/** What a migration does, without spans: the form the interpreter applies. */
export interface MigrationSteps {
  from: string;
  to: string;
  renames: [string[], string[]][];
  sets: [string[], unknown][];
  removes: string[][];
}

/** `a.b.c` -> ['a','b','c']; undefined for an empty segment or an empty path. */
export function parseFieldPath(text: string): string[] | undefined {
  if (text.trim() === '') return undefined;
  const parts = text.split('.');
  return parts.every((p) => p.length > 0 && p.trim() === p) ? parts : undefined;
}

function versionOf(e: Entry | undefined): string | undefined {
  const n = e?.value;
  return n?.kind === 'scalar' && typeof n.value === 'string' && isVersion(n.value) ? n.value : undefined;
}

/** The migrations of a workflow, in document order. */
export function readMigrations(wf: Workflow): MigrationSpec[] {
  return wf.migrations.map((m, index) => {
    const spec: MigrationSpec = { migration: m, index, from: versionOf(m.from), to: versionOf(m.to), renames: [], sets: [], removes: [], badPaths: [] };
    const path = (node: YScalar | null | undefined): FieldPath | undefined => {
      if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
      const text = String(node.value);
      const segments = parseFieldPath(text);
      if (!segments) {
        spec.badPaths.push({ span: node.span, text });
        return undefined;
      }
      return { text, segments, span: node.span };
    };
    const rename = m.rename?.value;
    if (rename?.kind === 'map') {
      for (const p of rename.pairs) {
        const from = path(p.key);
        const to = p.value?.kind === 'scalar' ? path(p.value) : undefined;
        if (from && to) spec.renames.push({ from, to });
      }
    }
    const set = m.set?.value;
    if (set?.kind === 'map') {
      for (const p of set.pairs) {
        const at = path(p.key);
        if (at) spec.sets.push({ path: at, value: toPlain(p.value), valueNode: p.value });
      }
    }
    const remove = m.remove?.value;
    if (remove?.kind === 'seq') {
      for (const item of remove.items) {
        if (item.kind !== 'scalar') continue;
        const at = path(item);
        if (at) spec.removes.push(at);
      }
    }
    return spec;
  });
}

export function migrationSteps(spec: MigrationSpec): MigrationSteps | undefined {
  if (!spec.from || !spec.to) return undefined;
  return {
    from: spec.from,
    to: spec.to,
    renames: spec.renames.map((r) => [r.from.segments, r.to.segments]),
    sets: spec.sets.map((s) => [s.path.segments, s.value]),
    removes: spec.removes.map((r) => r.segments),
  };
}

export type ChainResult<T> = { steps: T[] } | { error: string; at: string };

/**
 * The migrations that upgrade an input of version `from` to version `to`, one after the other.
 * Strict: every version on the way must have a migration starting there (a gap is an error,
 * as `invalid-migration` reports it statically).
 */
export function planMigrationChain<T extends { from?: string; to?: string }>(migrations: readonly T[], from: string, to: string): ChainResult<T> {
  const start = versionNumber(from);
  const end = versionNumber(to);
  if (start === undefined) return { error: `"${from}" is not a contract version; write "v<N>", e.g. "v1"`, at: from };
  if (end === undefined) return { error: `"${to}" is not a contract version`, at: to };
  if (start > end) return { error: `the input version "${from}" is newer than the workflow's version "${to}"`, at: from };
  const steps: T[] = [];
  let at = from;
  for (let guard = 0; at !== to && guard <= migrations.length; guard++) {
    const current = versionNumber(at)!;
    const next = migrations.find((m) => m.from === at && m.to !== undefined && versionNumber(m.to)! > current && versionNumber(m.to)! <= end);
    if (!next) {
      const later = migrations.filter((m) => m.from !== undefined && versionNumber(m.from)! > current).map((m) => m.from!);
      return {
        error: `there is no migration from "${at}"${at === from ? '' : ` (reached from "${from}")`}${later.length ? `; the next one starts at "${later.sort(compareVersions)[0]}"` : ''}`,
        at,
      };
    }
    steps.push(next);
    at = next.to!;
  }
  return at === to ? { steps } : { error: `the migrations from "${from}" do not reach "${to}"`, at };
}

// ---- applying a migration to a value -----------------------------------------------------

const MAX_DEPTH = 1_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function define(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A deep copy with null-prototype objects, so that `__proto__` and friends stay plain keys. */
export function copyValue(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error('The value is nested too deeply.');
  if (Array.isArray(v)) return v.map((x) => copyValue(x, depth + 1));
  if (isObject(v)) {
    const o: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(v)) define(o, k, copyValue(v[k], depth + 1));
    return o;
  }
  return v;
}

function getAt(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const k of path) {
    if (!isObject(v)) return undefined;
    v = own(v, k);
  }
  return v;
}

function deleteAt(root: unknown, path: readonly string[]): void {
  const parent = getAt(root, path.slice(0, -1));
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, path[path.length - 1])) delete parent[path[path.length - 1]];
}

/** Write `value` at `path`, creating missing intermediate objects; an error text when a non-object is in the way. */
function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): string | undefined {
  let o = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    const next = own(o, k);
    if (next === undefined || next === null) {
      const created: Record<string, unknown> = Object.create(null);
      define(o, k, created);
      o = created;
    } else if (isObject(next)) {
      o = next;
    } else {
      return `"${path.slice(0, i + 1).join('.')}" is ${Array.isArray(next) ? 'an array' : typeof next}, not an object`;
    }
  }
  define(o, path[path.length - 1], value);
  return undefined;
}

export interface MigrationResult {
  value: unknown;
  /** What could not be done (a rename target under a non-object); the rest was applied. */
  problems: string[];
}

/**
 * Apply one migration to an input (a copy is returned; the argument is never changed):
 * every `rename` reads its source from the input as it came in (so swaps work), then the sources
 * are deleted and the targets written, creating intermediate objects; then `remove`; then `set`
 * writes each default where the field is absent.
 */
export function applyMigration(input: unknown, steps: MigrationSteps): MigrationResult {
  const problems: string[] = [];
  if (!isObject(input)) return { value: copyValue(input), problems: [`the input is ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}, not an object`] };
  const value = copyValue(input) as Record<string, unknown>;
  const moved = steps.renames.map(([from, to]) => ({ from, to, v: getAt(value, from) }));
  for (const m of moved) if (m.v !== undefined) deleteAt(value, m.from);
  for (const m of moved) {
    if (m.v === undefined) continue;
    const err = setAt(value, m.to, m.v);
    if (err) problems.push(`cannot rename "${m.from.join('.')}" to "${m.to.join('.')}": ${err}`);
  }
  for (const r of steps.removes) deleteAt(value, r);
  for (const [path, v] of steps.sets) {
    if (getAt(value, path) !== undefined) continue;
    const err = setAt(value, path, copyValue(v));
    if (err) problems.push(`cannot set "${path.join('.')}": ${err}`);
  }
  return { value, problems };
}

/** Apply a chain of migrations in order; problems of every step are collected. */
export function applyMigrationChain(input: unknown, chain: readonly MigrationSteps[]): MigrationResult {
  let value = input;
  const problems: string[] = [];
  for (const step of chain) {
    const r = applyMigration(value, step);
    value = r.value;
    problems.push(...r.problems.map((p) => `migration from "${step.from}" to "${step.to}": ${p}`));
  }
  return { value, problems };
}
