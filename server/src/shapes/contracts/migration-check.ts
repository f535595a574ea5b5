// What is wrong with a workflow's migrations (spec §9), as problems for `invalid-migration`.
// Needs only the current file: versions that do not go forward or go past the workflow's version,
// two migrations from one version, a chain with a gap, targets and defaults that the current
// contract does not have. With the previous contracts also: renames and removals of fields the
// `from` contract does not have, and what the migrated `from` input still lacks for `to`.
import { Span, RelatedLocation } from '../../syntax/types';
import { MigrationSpec, compareVersions, versionNumber, FieldPath } from '../../model/migrations';
import { closest } from '../../expr/suggest';
import { ContractType, acceptsValue, describeType, fieldAt, fieldPaths, literalType } from './contract-type';
import { diffContractTypes } from './diff';
import { migrateType } from './migrate-type';
import { ContractHistory } from './history';

export type MigrationProblemId =
  | 'notForward'
  | 'beyondVersion'
  | 'duplicateFrom'
  | 'gap'
  | 'notCurrent'
  | 'badPath'
  | 'duplicateTarget'
  | 'renameSourceUnknown'
  | 'removeUnknown'
  | 'targetUnknown'
  | 'setUnknown'
  | 'setTypeMismatch'
  | 'requiredUnset'
  | 'mayBeUnset'
  | 'typeUnhandled';

export interface MigrationProblem {
  messageId: MigrationProblemId;
  data: Record<string, string>;
  span: Span;
  related?: RelatedLocation[];
}

export interface MigrationCheckInput {
  /** The workflow's (well-formed) version and its current input type. */
  version: string;
  current?: ContractType;
  migrations: readonly MigrationSpec[];
  history?: ContractHistory;
}

function didYouMean(name: string, candidates: string[]): string {
  const c = closest(name, candidates);
  return c ? `; did you mean "${c}"?` : '.';
}

/** Is the field at `path` definitely absent? (Not when an open object or `any` is on the way.) */
function definitelyAbsent(t: ContractType, path: readonly string[]): boolean {
  const r = fieldAt(t, path);
  if (r.field) return false;
  if (r.parent && r.missingAt !== undefined) return !r.parent.open;
  // A non-object on the way: absent unless it is any/unknown.
  const at = r.missingAt ?? 0;
  const before = at === 0 ? t : fieldAt(t, path.slice(0, at)).field?.type;
  return !!before && before.kind !== 'any' && before.kind !== 'unknown' && before.kind !== 'union';
}

export function checkMigrations(input: MigrationCheckInput): MigrationProblem[] {
  const out: MigrationProblem[] = [];
  const current = versionNumber(input.version);
  const anchor = (spec: MigrationSpec, key: 'to' | 'from'): Span => {
    const e = spec.migration[key];
    return e ? e.valueSpan : (spec.migration.node.pairs[0]?.key.span ?? spec.migration.span);
  };
  // Versions: forward, not past the workflow's version.
  const usable: MigrationSpec[] = [];
  for (const m of input.migrations) {
    for (const b of m.badPaths) out.push({ messageId: 'badPath', data: { path: b.text }, span: b.span });
    if (!m.from || !m.to) continue;
    if (versionNumber(m.from)! >= versionNumber(m.to)!) {
      out.push({ messageId: 'notForward', data: { from: m.from, to: m.to }, span: anchor(m, 'to') });
      continue;
    }
    if (current !== undefined && versionNumber(m.to)! > current) {
      out.push({ messageId: 'beyondVersion', data: { to: m.to, version: input.version }, span: anchor(m, 'to') });
      continue;
    }
    usable.push(m);
  }
  // One migration per `from`.
  const byFrom = new Map<string, MigrationSpec>();
  const chain: MigrationSpec[] = [];
  for (const m of usable) {
    const first = byFrom.get(m.from!);
    if (first) {
      out.push({ messageId: 'duplicateFrom', data: { from: m.from! }, span: anchor(m, 'from'), related: [{ span: anchor(first, 'from'), message: `the first migration from "${m.from}"` }] });
      continue;
    }
    byFrom.set(m.from!, m);
    chain.push(m);
  }
  // The chain: every migration must end where another starts, or at the workflow's version.
  if (current !== undefined) {
    for (const m of chain) {
      if (m.to === input.version || byFrom.has(m.to!)) continue;
      const later = chain.filter((n) => versionNumber(n.from!)! > versionNumber(m.to!)!).sort((a, b) => compareVersions(a.from!, b.from!));
      if (later.length) out.push({ messageId: 'gap', data: { from: m.from!, to: m.to!, next: later[0].from! }, span: anchor(m, 'to'), related: [{ span: anchor(later[0], 'from'), message: `the next migration starts at "${later[0].from}"` }] });
      else out.push({ messageId: 'notCurrent', data: { from: m.from!, to: m.to!, version: input.version }, span: anchor(m, 'to') });
    }
  }
  // Fields, against the `from` and `to` contracts where they are known.
  for (const m of chain) {
    const toType = m.to === input.version ? input.current : input.history?.get(m.to!)?.input;
    const fromType = input.history?.get(m.from!)?.input;
    const reported = new Set<string>();
    const targets = new Map<string, FieldPath>();
    for (const r of m.renames) {
      const prev = targets.get(r.to.text);
      if (prev) out.push({ messageId: 'duplicateTarget', data: { path: r.to.text }, span: r.to.span, related: [{ span: prev.span, message: `"${r.to.text}" is also written here` }] });
      targets.set(r.to.text, r.to);
    }
    if (toType && toType.kind !== 'unknown') {
      const known = fieldPaths(toType);
      for (const r of m.renames) {
        if (definitelyAbsent(toType, r.to.segments)) {
          out.push({ messageId: 'targetUnknown', data: { path: r.to.text, to: m.to!, suggestion: didYouMean(r.to.text, known) }, span: r.to.span });
          reported.add(r.to.text);
        }
      }
      for (const s of m.sets) {
        const f = fieldAt(toType, s.path.segments).field;
        if (!f) {
          if (definitelyAbsent(toType, s.path.segments)) {
            out.push({ messageId: 'setUnknown', data: { path: s.path.text, to: m.to!, suggestion: didYouMean(s.path.text, known) }, span: s.path.span });
            reported.add(s.path.text);
          }
        } else if (!acceptsValue(f.type, s.value)) {
          out.push({ messageId: 'setTypeMismatch', data: { path: s.path.text, actual: describeType(literalType(s.value)), expected: describeType(f.type), to: m.to! }, span: s.valueNode?.span ?? s.path.span });
          reported.add(s.path.text);
        }
      }
      if (!fromType) {
        // Without the old contract, one thing is still certain: removing a field `to` requires.
        for (const r of m.removes) {
          const f = fieldAt(toType, r.segments).field;
          if (f?.required && !m.sets.some((s) => s.path.text === r.text)) {
            out.push({ messageId: 'requiredUnset', data: { path: r.text, from: m.from!, to: m.to! }, span: r.span });
            reported.add(r.text);
          }
        }
      }
    }
    if (!fromType || fromType.kind === 'unknown') continue;
    const fromKnown = fieldPaths(fromType);
    for (const r of m.renames) {
      if (definitelyAbsent(fromType, r.from.segments)) out.push({ messageId: 'renameSourceUnknown', data: { path: r.from.text, from: m.from!, suggestion: didYouMean(r.from.text, fromKnown) }, span: r.from.span });
    }
    for (const r of m.removes) {
      if (definitelyAbsent(fromType, r.segments)) out.push({ messageId: 'removeUnknown', data: { path: r.text, from: m.from!, suggestion: didYouMean(r.text, fromKnown) }, span: r.span });
    }
    if (!toType || toType.kind === 'unknown') continue;
    const migrated = migrateType(fromType, m);
    if (!migrated) continue;
    for (const c of diffContractTypes(migrated, toType, { detectRenames: false })) {
      if (reported.has(c.path) || [...reported].some((p) => c.path.startsWith(p + '.'))) continue;
      const related = c.span ? [{ span: c.span, message: `"${c.path}" in the "${m.to}" contract` }] : [];
      if (c.kind === 'required-added') out.push({ messageId: 'requiredUnset', data: { path: c.path, from: m.from!, to: m.to! }, span: anchor(m, 'to'), related });
      else if (c.kind === 'made-required') out.push({ messageId: 'mayBeUnset', data: { path: c.path, from: m.from!, to: m.to! }, span: anchor(m, 'to'), related });
      else if (c.kind === 'type-changed' || c.kind === 'enum-narrowed') out.push({ messageId: 'typeUnhandled', data: { change: c.description, from: m.from!, to: m.to! }, span: anchor(m, 'to'), related });
      else continue;
      reported.add(c.path);
    }
  }
  return out;
}
