// Reads of input fields that the current contract no longer has (`removed-input-field`): a read
// of `workflow.input.x` (or `$.workflow.input.x`) whose field is absent from the current contract
// but was in a recorded earlier contract, or that a migration renamed or removed. Following the
// migrations' renames gives the field's new place, for the hint and a suggested edit.
import { Span } from '../../syntax/types';
import { PathSegment, formatPath } from '../../expr/path';
import { ContextRead } from '../../expr/values';
import { MigrationSpec, compareVersions } from '../../model/migrations';
import { ContractType, fieldAt } from './contract-type';
import { ContractHistory, recordedVersions } from './history';

export interface RemovedFieldRead {
  read: ContextRead;
  /** The removed field, dotted from the input (`customer_id`). */
  field: string;
  /** The segment naming it (without its dot). */
  span: Span;
  /** The newest earlier version known to have had it, when recorded. */
  lastVersion?: string;
  /** Where the migrations moved it, and which migration did the last move. */
  newPath?: string[];
  movedBy?: MigrationSpec;
  removedBy?: MigrationSpec;
  /** Replaces the input-relative part of the read with its new place. */
  replace?: { span: Span; text: string };
}

/** The field segments of a read below the input (`workflow.input.a.b` -> a, b), or undefined. */
export function inputFieldSegments(read: ContextRead): PathSegment[] | undefined {
  const segs = read.path.segments;
  const isField = (s: PathSegment | undefined, name: string): boolean => s?.kind === 'field' && s.name === name;
  let rest: PathSegment[];
  if (read.path.root === 'workflow' && isField(segs[0], 'input')) rest = segs.slice(1);
  else if (read.path.root === '$' && isField(segs[0], 'workflow') && isField(segs[1], 'input')) rest = segs.slice(2);
  else return undefined;
  const fields: PathSegment[] = [];
  for (const s of rest) {
    if (s.kind !== 'field') break;
    fields.push(s);
  }
  return fields;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/** Follow a path through the renames of the migrations, oldest first. */
export function traceRenames(path: readonly string[], migrations: readonly MigrationSpec[]): { path: string[]; movedBy?: MigrationSpec; removedBy?: MigrationSpec } {
  const ordered = migrations.filter((m) => m.from && m.to).sort((a, b) => compareVersions(a.from!, b.from!));
  let cur = [...path];
  let movedBy: MigrationSpec | undefined;
  for (const m of ordered) {
    const r = m.renames.find((x) => startsWith(cur, x.from.segments));
    if (r) {
      cur = [...r.to.segments, ...cur.slice(r.from.segments.length)];
      movedBy = m;
      continue;
    }
    const removed = m.removes.find((x) => startsWith(cur, x.segments));
    if (removed) return { path: cur, movedBy, removedBy: m };
  }
  return { path: cur, movedBy };
}

function nameSpan(text: string, seg: PathSegment): Span {
  return text[seg.span.start] === '.' ? { start: seg.span.start + 1, end: seg.span.end } : seg.span;
}

export function findRemovedFieldReads(
  text: string,
  reads: readonly ContextRead[],
  current: ContractType,
  history: ContractHistory | undefined,
  migrations: readonly MigrationSpec[],
): RemovedFieldRead[] {
  const out: RemovedFieldRead[] = [];
  if (current.kind !== 'object') return out;
  const versions = recordedVersions(history).reverse();
  for (const read of reads) {
    if (read.safe) continue;
    const segs = inputFieldSegments(read);
    if (!segs || segs.length === 0) continue;
    const names = segs.map((s) => (s.kind === 'field' ? s.name : ''));
    const r = fieldAt(current, names);
    if (r.field || r.missingAt === undefined || !r.parent) continue;
    const removedPath = names.slice(0, r.missingAt + 1);
    const lastVersion = versions.find((v) => {
      const t = history!.get(v)?.input;
      return t !== undefined && !!fieldAt(t, removedPath).field;
    });
    const traced = traceRenames(names, migrations);
    const named = migrations.some((m) => m.renames.some((x) => startsWith(removedPath, x.from.segments)) || m.removes.some((x) => startsWith(removedPath, x.segments)));
    if (!lastVersion && !named) continue;
    const item: RemovedFieldRead = { read, field: removedPath.join('.'), span: nameSpan(text, segs[r.missingAt]), lastVersion, removedBy: traced.removedBy };
    if (traced.movedBy && !traced.removedBy) {
      const there = fieldAt(current, traced.path);
      // Only name a new place that the current contract has (or that an open object may hold).
      if (there.field || (there.parent?.open ?? false)) {
        item.newPath = traced.path;
        item.movedBy = traced.movedBy;
        const newSegs: PathSegment[] = traced.path.map((name) => ({ kind: 'field', name, span: { start: 0, end: 0 }, quoted: false }));
        item.replace = { span: { start: segs[0].span.start, end: segs[segs.length - 1].span.end }, text: formatPath(newSegs).slice(1) };
      }
    }
    out.push(item);
  }
  return out;
}
