// The contract diff: every difference between an older and a newer input contract, classified by
// spec §9 as breaking (a value the old contract accepted is refused, or a field the workflow relied
// on is gone) or compatible (a new optional field, a widened type). Each change carries its span
// in the newer file (the field's key, or the nearest enclosing key that still exists) and says
// what the old side was, since the old file is not open next to it.
import { Span } from '../../syntax/types';
import { ContractField, ContractType, ObjectType, Scalar, accepts, describeType, typesEqual } from './contract-type';

export type BreakingKind = 'field-removed' | 'field-renamed' | 'type-changed' | 'made-required' | 'required-added' | 'enum-narrowed' | 'closed';
export type CompatibleKind = 'optional-added' | 'type-widened' | 'made-optional' | 'enum-widened' | 'opened';
export type ChangeKind = BreakingKind | CompatibleKind;

const BREAKING: ReadonlySet<ChangeKind> = new Set<ChangeKind>(['field-removed', 'field-renamed', 'type-changed', 'made-required', 'required-added', 'enum-narrowed', 'closed']);

export interface ContractChange {
  kind: ChangeKind;
  breaking: boolean;
  /** Field path in the newer contract (`customer.id`, `tags[]`); '' for the whole input. */
  path: string;
  /** One clause for a message: `field "customer_id" (string) was removed`. */
  description: string;
  /** Where the change shows in the newer file, when it was read from one. */
  span?: Span;
  /** For renames: the old path (the change's `path` is the new one). */
  renamedFrom?: string;
}

export interface DiffOptions {
  /** Pair a removed field with an added field of the same type as a rename (default true). */
  detectRenames?: boolean;
  /** Span for changes of the top level (the `input` key). */
  rootSpan?: Span;
}

const MAX_DEPTH = 32;

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function quoteList(values: Scalar[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function valuesOf(t: ContractType): Scalar[] | undefined {
  if (t.kind === 'enum') return t.values;
  if (t.kind === 'boolean') return [true, false];
  if (t.kind === 'null') return [null];
  return undefined;
}

class Differ {
  out: ContractChange[] = [];
  constructor(private readonly options: DiffOptions) {}

  add(kind: ChangeKind, path: string, description: string, span: Span | undefined, renamedFrom?: string): void {
    this.out.push({ kind, breaking: BREAKING.has(kind), path, description, span, renamedFrom });
  }

  types(older: ContractType, newer: ContractType, path: string, span: Span | undefined, depth: number): void {
    if (depth > MAX_DEPTH || older.kind === 'unknown' || newer.kind === 'unknown') return;
    const what = path ? `field "${path}"` : 'the input';
    if (older.kind === 'object' && newer.kind === 'object') return this.objects(older, newer, path, span, depth);
    if (older.kind === 'array' && newer.kind === 'array') return this.types(older.items, newer.items, path ? `${path}[]` : '[]', span, depth + 1);
    if (typesEqual(older, newer)) return;
    const wider = accepts(newer, older);
    const narrower = accepts(older, newer);
    if (older.kind === 'enum' || newer.kind === 'enum') {
      const ov = valuesOf(older);
      const nv = valuesOf(newer);
      if (ov && nv) {
        const key = (v: Scalar): string => typeof v + ':' + String(v);
        const gone = ov.filter((v) => !nv.some((w) => key(w) === key(v)));
        const added = nv.filter((v) => !ov.some((w) => key(w) === key(v)));
        if (gone.length) this.add('enum-narrowed', path, `${what} no longer accepts ${quoteList(gone)}`, span);
        else if (added.length) this.add('enum-widened', path, `${what} also accepts ${quoteList(added)}`, span);
        return;
      }
      if (narrower && !wider) return this.add('enum-narrowed', path, `${what} is narrowed from ${describeType(older)} to ${describeType(newer)}`, span);
    }
    if (wider) this.add('type-widened', path, `${what} is widened from ${describeType(older)} to ${describeType(newer)}`, span);
    else this.add('type-changed', path, `${what} changed type from ${describeType(older)} to ${describeType(newer)}`, span);
  }

  objects(older: ObjectType, newer: ObjectType, path: string, span: Span | undefined, depth: number): void {
    const where = path ? `"${path}"` : 'the input';
    if (older.open && !newer.open) this.add('closed', path, `${where} no longer accepts fields other than ${newer.fields.size ? [...newer.fields.keys()].map((k) => `"${k}"`).join(', ') : 'none'}`, span);
    else if (!older.open && newer.open) this.add('opened', path, `${where} now accepts other fields`, span);
    const removed: [string, ContractField][] = [...older.fields].filter(([k]) => !newer.fields.has(k));
    const added: [string, ContractField][] = [...newer.fields].filter(([k]) => !older.fields.has(k));
    const renamed = new Map<string, string>();
    if (this.options.detectRenames !== false) {
      for (const [k, f] of removed) {
        const same = added.filter(([a, g]) => ![...renamed.values()].includes(a) && g.required === f.required && typesEqual(g.type, f.type));
        const sameOld = removed.filter(([, h]) => h.required === f.required && typesEqual(h.type, f.type));
        // Only an unambiguous pair is a rename; anything else stays removed + added.
        if (same.length === 1 && sameOld.length === 1) renamed.set(k, same[0][0]);
      }
    }
    for (const [k, f] of removed) {
      const to = renamed.get(k);
      if (to !== undefined) {
        this.add('field-renamed', join(path, to), `field "${join(path, k)}" (${describeType(f.type)}) was renamed to "${join(path, to)}"`, newer.fields.get(to)!.keySpan ?? span, join(path, k));
      } else {
        this.add('field-removed', join(path, k), `field "${join(path, k)}" (${describeType(f.type)}${f.required ? '' : ', optional'}) was removed`, span);
      }
    }
    const renamedTargets = new Set(renamed.values());
    for (const [k, g] of added) {
      if (renamedTargets.has(k)) continue;
      const p = join(path, k);
      if (g.required) this.add('required-added', p, `required field "${p}" (${describeType(g.type)}) was added`, g.keySpan ?? span);
      else this.add('optional-added', p, `optional field "${p}" (${describeType(g.type)}) was added`, g.keySpan ?? span);
    }
    for (const [k, g] of newer.fields) {
      const f = older.fields.get(k);
      if (!f) continue;
      const p = join(path, k);
      const at = g.keySpan ?? span;
      if (!f.required && g.required) this.add('made-required', p, `field "${p}" is now required (it was optional)`, at);
      else if (f.required && !g.required) this.add('made-optional', p, `field "${p}" is now optional (it was required)`, at);
      this.types(f.type, g.type, p, at, depth + 1);
    }
  }
}

/** Every change from `older` to `newer`, in field order; nothing where either side is unknown. */
export function diffContractTypes(older: ContractType | undefined, newer: ContractType | undefined, options: DiffOptions = {}): ContractChange[] {
  if (!older || !newer) return [];
  const d = new Differ(options);
  d.types(older, newer, '', options.rootSpan, 0);
  return d.out;
}

export function breakingChanges(changes: readonly ContractChange[]): ContractChange[] {
  return changes.filter((c) => c.breaking);
}

/** The changes as one clause list for a message, shortened after `max`. */
export function describeChanges(changes: readonly ContractChange[], max = 4): string {
  const shown = changes.slice(0, max).map((c) => c.description);
  if (changes.length > max) shown.push(`${changes.length - max} more`);
  return shown.join('; ');
}
