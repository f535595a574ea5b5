// A migration applied to a contract type instead of a value: the type of every input of the
// `from` version after the migration ran. Comparing it with the `to` contract shows what the
// migration leaves wrong (a required field nobody sets, a value of the old type left in place).
// It follows `applyMigration` in model/migrations.ts step by step: renames, removes, then sets.
import { MigrationSpec } from '../../model/migrations';
import { ContractField, ContractType, ObjectType, fieldAt, literalType, makeUnion } from './contract-type';

function copyObject(t: ObjectType): ObjectType {
  return { kind: 'object', open: t.open, fields: new Map([...t.fields].map(([k, f]) => [k, { ...f, type: f.type.kind === 'object' ? copyObject(f.type) : f.type }])) };
}

function deleteField(root: ObjectType, path: readonly string[]): ContractField | undefined {
  const parent = path.length === 1 ? root : fieldAt(root, path.slice(0, -1)).field?.type;
  if (parent?.kind !== 'object') return undefined;
  const f = parent.fields.get(path[path.length - 1]);
  parent.fields.delete(path[path.length - 1]);
  return f;
}

/** Write a field, creating intermediate (closed, required) objects; false when a non-object is in the way. */
function writeField(root: ObjectType, path: readonly string[], field: ContractField): boolean {
  let o = root;
  for (let i = 0; i < path.length - 1; i++) {
    const existing = o.fields.get(path[i]);
    if (!existing) {
      const created: ObjectType = { kind: 'object', fields: new Map(), open: false };
      o.fields.set(path[i], { type: created, required: field.required });
      o = created;
    } else if (existing.type.kind === 'object') {
      if (field.required) existing.required = true;
      o = existing.type;
    } else return false;
  }
  o.fields.set(path[path.length - 1], { type: field.type, required: field.required });
  return true;
}

/** The type of `from` inputs after the migration; undefined when `from` is not an object type. */
export function migrateType(from: ContractType, spec: MigrationSpec): ObjectType | undefined {
  if (from.kind !== 'object') return undefined;
  const t = copyObject(from);
  const moved = spec.renames.map((r) => ({ r, field: fieldAt(t, r.from.segments).field }));
  for (const m of moved) if (m.field) deleteField(t, m.r.from.segments);
  for (const m of moved) if (m.field) writeField(t, m.r.to.segments, m.field);
  for (const r of spec.removes) deleteField(t, r.segments);
  for (const s of spec.sets) {
    const existing = fieldAt(t, s.path.segments).field;
    const lit = literalType(s.value);
    if (!existing) writeField(t, s.path.segments, { type: lit, required: true });
    else if (!existing.required) {
      existing.required = true;
      existing.type = makeUnion([existing.type, lit]);
    }
  }
  return t;
}
