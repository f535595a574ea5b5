// Walks schemas/cdl-v1.schema.json alongside a YAML node chain: which schema describes the
// mapping under the cursor (a state's schema is picked by its `type`), and a key's documentation.
import { cdlSchema } from '../schema/validate';
import { getPair, YNode } from '../syntax/yaml-tree';
import { CascadeDocument, STATE_TYPES } from '../model/types';
import { ChainStep } from './locate';

export type Schema = Record<string, unknown>;

function defs(): Record<string, Schema> {
  return (cdlSchema().definitions ?? {}) as Record<string, Schema>;
}

function deref(s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string'; i++) {
    const name = (cur.$ref as string).replace('#/definitions/', '');
    cur = defs()[name];
  }
  return cur;
}

/** The schema that applies to `node` when `schema` is written for its position. */
export function resolveFor(schema: Schema | undefined, node: YNode | null | undefined): Schema | undefined {
  const d = defs();
  let s = deref(schema);
  if (s === d.branch) s = node && node.kind === 'map' && getPair(node, 'states') && !getPair(node, 'type') ? d.branchWorkflow : d.state;
  if (s === d.state) {
    const t = node && node.kind === 'map' ? getPair(node, 'type')?.value : undefined;
    const type = t && t.kind === 'scalar' ? String(t.value) : '';
    if ((STATE_TYPES as readonly string[]).includes(type)) s = d[`${type}State`] ?? s;
  }
  return s;
}

export function rootSchema(doc: CascadeDocument): Schema | undefined {
  const d = defs();
  switch (doc.kind) {
    case 'application':
      return d.application;
    case 'workflows-fragment':
      return d.workflowsFragment;
    case 'states-fragment':
      return d.statesFragment;
    default:
      return undefined;
  }
}

export function propertySchema(mapSchema: Schema | undefined, key: string): Schema | undefined {
  const props = mapSchema?.properties as Record<string, Schema> | undefined;
  if (props && Object.prototype.hasOwnProperty.call(props, key)) return props[key];
  return undefined;
}

function itemsSchema(seqSchema: Schema | undefined): Schema | undefined {
  const s = deref(seqSchema);
  return s?.items as Schema | undefined;
}

/** The schema of each step of the chain (index-aligned with `steps`), resolved for its node. */
export function schemasAlong(doc: CascadeDocument, steps: ChainStep[]): (Schema | undefined)[] {
  const out: (Schema | undefined)[] = [];
  let cur = resolveFor(rootSchema(doc), steps[0]?.node);
  out.push(cur);
  for (let i = 1; i < steps.length; i++) {
    const st = steps[i];
    const raw = st.key !== undefined ? propertySchema(cur, st.key) : itemsSchema(cur);
    cur = resolveFor(raw, st.node);
    out.push(cur);
  }
  return out;
}

export function describe(s: Schema | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.description === 'string') return s.description;
  return typeof deref(s)?.description === 'string' ? (deref(s)!.description as string) : undefined;
}

/** The keys a mapping with this schema accepts, with their documentation. Aliases are left out. */
export function keysOf(mapSchema: Schema | undefined): { key: string; doc?: string; schema: Schema }[] {
  const props = mapSchema?.properties as Record<string, Schema> | undefined;
  if (!props) return [];
  return Object.entries(props)
    .filter(([, v]) => !(typeof v.description === 'string' && v.description.startsWith('Alias of')))
    .map(([key, v]) => ({ key, doc: describe(v), schema: v }));
}

export function requiredOf(mapSchema: Schema | undefined): string[] {
  return Array.isArray(mapSchema?.required) ? (mapSchema!.required as string[]) : [];
}

/** Literal values a property accepts (enum/const), for value completion. */
export function enumValues(s: Schema | undefined): string[] {
  const r = deref(s);
  if (!r) return [];
  if (Array.isArray(r.enum)) return r.enum.map(String);
  if (r.const !== undefined) return [String(r.const)];
  return [];
}

export function schemaDefinitions(): Record<string, Schema> {
  return defs();
}
