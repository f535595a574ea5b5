// Validates each document against schemas/cdl-v1.schema.json (ajv, compiled once) and turns
// every ajv error into a problem at the exact span of the offending key or value, with a
// message a person can act on. Raw ajv messages and JSON pointers never reach the user.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { YMap, YNode, toPlain } from '../syntax/yaml-tree';
import { Fix, Span } from '../syntax/types';
import { CascadeDocument } from '../model/types';
import { packageRoot } from '../analysis/package-root';
import { closest } from '../expr/suggest';

export type SchemaProblemKind = 'unknown-field' | 'missing-field' | 'invalid-value' | 'unknown-state-type';

export interface SchemaProblem {
  kind: SchemaProblemKind;
  messageId: string;
  message: string;
  span: Span;
  suggestions?: Fix[];
}

type Schema = Record<string, unknown>;

interface Compiled {
  root: Schema;
  byDoc: Record<'application' | 'workflows-fragment' | 'states-fragment', ValidateFunction>;
  defName: Map<unknown, string>;
  stateDefs: Map<string, Schema>;
}

let compiled: Compiled | undefined;

export function cdlSchema(): Schema {
  return compile().root;
}

function compile(): Compiled {
  if (compiled) return compiled;
  const root = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schemas', 'cdl-v1.schema.json'), 'utf8')) as Schema;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  ajv.addSchema(root, 'cdl');
  const get = (def: string): ValidateFunction => ajv.getSchema(`cdl#/definitions/${def}`)!;
  const defs = root.definitions as Record<string, Schema>;
  const defName = new Map<unknown, string>();
  for (const [k, v] of Object.entries(defs)) defName.set(v, k);
  const stateDefs = new Map<string, Schema>();
  for (const [k, v] of Object.entries(defs)) if (k.endsWith('State') && k !== 'state') stateDefs.set(k.slice(0, -'State'.length), v);
  compiled = { root, byDoc: { application: get('application'), 'workflows-fragment': get('workflowsFragment'), 'states-fragment': get('statesFragment') }, defName, stateDefs };
  return compiled;
}

const CONTEXT_NAMES: Record<string, string> = {
  application: 'the application',
  metadata: '"metadata"',
  spec: '"spec"',
  workflowsFragment: 'a workflows fragment',
  statesFragment: 'a states fragment',
  workflow: 'a workflow',
  branchWorkflow: 'a branch',
  branch: 'a branch',
  state: 'a state',
  humanTaskUi: '"ui"',
  choiceRule: 'a choice rule',
  nestedChoiceRule: 'a nested choice rule',
  catchEntry: 'a catch entry',
  retryPolicy: '"retries"',
  backoff: '"backoff"',
  activityDeclaration: 'an activity declaration',
  schemaDeclaration: 'a schema declaration',
  policyDeclaration: 'a policy declaration',
  migration: 'a migration',
};

function contextName(def: string | undefined): string {
  if (!def) return 'this mapping';
  if (def.endsWith('State') && def !== 'state') return `a ${def.slice(0, -5)} state`;
  return CONTEXT_NAMES[def] ?? 'this mapping';
}

function decodePointer(p: string): string[] {
  if (!p) return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Located {
  node: YNode | null;
  /** The key whose value this node is, when it is a mapping value. */
  keySpan?: Span;
  key?: string;
  parent?: YNode;
}

function locate(root: YNode | null, segments: string[]): Located {
  let cur: Located = { node: root };
  for (const seg of segments) {
    const n = cur.node;
    if (!n) return cur;
    if (n.kind === 'map') {
      const pair = n.pairs.find((p) => String(p.key.value) === seg);
      if (!pair) return cur;
      cur = { node: pair.value, keySpan: pair.key.span, key: seg, parent: n };
    } else if (n.kind === 'seq') {
      const item = n.items[Number(seg)];
      if (!item) return cur;
      cur = { node: item, parent: n };
    } else return cur;
  }
  return cur;
}

/** Span for "something is wrong with this whole object": a state's name, else its key, else its first key. */
function objectAnchor(loc: Located): Span {
  const n = loc.node;
  if (n && n.kind === 'map') {
    const name = n.pairs.find((p) => p.key.value === 'name');
    if (name?.value && name.value.kind === 'scalar' && loc.parent?.kind === 'seq') return name.value.span;
    if (loc.keySpan) return loc.keySpan;
    if (n.pairs[0]) return n.pairs[0].key.span;
    return n.span;
  }
  return loc.keySpan ?? n?.span ?? { start: 0, end: 0 };
}

function describeType(node: YNode | null): string {
  if (!node) return 'nothing';
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

const TYPE_WORDS: Record<string, string> = { string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'null' };

function expectedType(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  const words = list.map((x) => TYPE_WORDS[String(x)] ?? String(x));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function quoteList(values: unknown[]): string {
  const q = values.map((v) => JSON.stringify(v));
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

const PATTERN_TEXT: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9_-]*$': 'a name that starts with a letter or digit and holds only letters, digits, "_" and "-"',
  '^v[0-9]+$': 'a version of the form "v<N>" (e.g. "v2")',
};

function keyLabel(loc: Located): string {
  return loc.key ? `"${loc.key}"` : 'this item';
}

export function validateDocument(doc: CascadeDocument): SchemaProblem[] {
  if (doc.kind !== 'application' && doc.kind !== 'workflows-fragment' && doc.kind !== 'states-fragment') return [];
  const c = compile();
  const validate = c.byDoc[doc.kind];
  const data = toPlain(doc.yaml.root);
  let errors: ErrorObject[] = [];
  try {
    if (!validate(data)) errors = validate.errors ?? [];
  } catch {
    return [];
  }
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const push = (p: SchemaProblem): void => {
    const k = `${p.kind}:${p.span.start}:${p.span.end}:${p.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    problems.push(p);
  };
  errors = errors.filter((e) => e.keyword !== 'if');
  // A bad retry count is invalid-retry's finding (it knows what the count means); do not say it twice.
  errors = errors.filter((e) => !((e.keyword === 'minimum' || e.keyword === 'type') && /\/(retries|retry)\/(max_attempts|maxAttempts)$/.test(e.instancePath)));
  // A misspelt required key shows up twice: `required` and `additionalProperties`. Keep one.
  const unknownAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const l = unknownAt.get(e.instancePath) ?? [];
      l.push((e.params as { additionalProperty: string }).additionalProperty);
      unknownAt.set(e.instancePath, l);
    }
  }
  for (const e of errors) {
    const segs = decodePointer(e.instancePath);
    const loc = locate(doc.yaml.root, segs);
    const parentSchema = e.parentSchema as Schema | undefined;
    const def = c.defName.get(parentSchema);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const map = loc.node as YMap;
        const pair = map && map.kind === 'map' ? map.pairs.find((p) => String(p.key.value) === key) : undefined;
        const span = pair ? pair.key.span : objectAnchor(loc);
        const props = Object.keys((parentSchema?.properties as Schema | undefined) ?? {});
        const suggestion = closest(key, props);
        const where = contextName(def);
        let message: string;
        if (suggestion) message = `Unknown key "${key}" in ${where}; did you mean "${suggestion}"?`;
        else {
          const elsewhere = def && def.endsWith('State') ? [...c.stateDefs.entries()].filter(([, s]) => key in ((s.properties as Schema) ?? {})).map(([t]) => t) : [];
          message = elsewhere.length
            ? `Key "${key}" does not belong to ${where}; it is a key of ${elsewhere.slice(0, 3).join(', ')} states.`
            : `Unknown key "${key}" in ${where}; valid keys are ${quoteList(props.slice(0, 24))}.`;
        }
        push({
          kind: 'unknown-field',
          messageId: suggestion ? 'unknownWithSuggestion' : 'unknown',
          message,
          span,
          suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span, newText: suggestion }] }] : undefined,
        });
        break;
      }
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        const unknown = unknownAt.get(e.instancePath) ?? [];
        if (unknown.some((u) => closest(u, [missing]) === missing)) break; // reported as a misspelling
        const where = contextName(def);
        const n = loc.node;
        const nameNode = n && n.kind === 'map' ? n.pairs.find((p) => p.key.value === 'name')?.value : undefined;
        const named = nameNode && nameNode.kind === 'scalar' && nameNode.value !== null && loc.parent?.kind === 'seq' ? ` "${String(nameNode.value)}"` : '';
        push({ kind: 'missing-field', messageId: 'missing', message: `Missing required key "${missing}" in ${named ? where.replace(/^an? /, "") : where}${named}.`, span: objectAnchor(loc) });
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues ?? [];
        const value = loc.node && loc.node.kind === 'scalar' ? loc.node.value : undefined;
        const span = loc.node ? loc.node.span : objectAnchor(loc);
        const suggestion = typeof value === 'string' ? closest(value, allowed.map(String)) : undefined;
        const isStateType = loc.key === 'type' && segs.length >= 2 && (segs.includes('states') || segs.includes('branches'));
        if (isStateType) {
          push({
            kind: 'unknown-state-type',
            messageId: suggestion ? 'unknownTypeWithSuggestion' : 'unknownType',
            message: suggestion ? `Unknown state type "${String(value)}"; did you mean "${suggestion}"?` : `Unknown state type ${JSON.stringify(value ?? null)}; use one of ${quoteList(allowed)}.`,
            span,
            suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span, newText: suggestion }] }] : undefined,
          });
        } else {
          push({
            kind: 'invalid-value',
            messageId: 'enum',
            message: `Invalid value ${JSON.stringify(value ?? null)} for ${keyLabel(loc)}: use ${quoteList(allowed)}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
            span,
            suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span, newText: suggestion }] }] : undefined,
          });
        }
        break;
      }
      case 'const': {
        const allowed = (e.params as { allowedValue: unknown }).allowedValue;
        push({ kind: 'invalid-value', messageId: 'const', message: `Invalid value for ${keyLabel(loc)}: it must be ${JSON.stringify(allowed)}.`, span: loc.node?.span ?? objectAnchor(loc) });
        break;
      }
      case 'type': {
        push({
          kind: 'invalid-value',
          messageId: 'type',
          message: `${loc.key ? `"${loc.key}"` : 'This item'} must be ${expectedType((e.params as { type: unknown }).type)}, not ${describeType(loc.node)}.`,
          span: loc.node?.span ?? objectAnchor(loc),
        });
        break;
      }
      case 'pattern': {
        const pattern = (e.params as { pattern: string }).pattern;
        const value = loc.node && loc.node.kind === 'scalar' ? loc.node.value : '';
        const text = PATTERN_TEXT[pattern] ?? (pattern.includes('string|number') ? 'a compact type: string, number, integer, boolean, null, any, object, T[] or T?' : `text matching ${pattern}`);
        push({ kind: 'invalid-value', messageId: 'pattern', message: `Invalid value ${JSON.stringify(value)} for ${keyLabel(loc)}: expected ${text}.`, span: loc.node?.span ?? objectAnchor(loc) });
        break;
      }
      case 'minItems':
      case 'minProperties':
        push({ kind: 'invalid-value', messageId: 'empty', message: `${loc.key ? `"${loc.key}"` : 'This list'} must not be empty.`, span: loc.node?.span ?? objectAnchor(loc) });
        break;
      case 'oneOf': {
        const n = loc.node;
        if (n && n.kind === 'map' && def === 'WaitState') {
          const present = n.pairs.filter((p) => ['duration', 'seconds', 'until'].includes(String(p.key.value)));
          const second = present[1];
          push({ kind: 'invalid-value', messageId: 'exclusive', message: 'A Wait state takes exactly one of "duration", "seconds" or "until".', span: second ? second.key.span : objectAnchor(loc) });
        } else {
          push({ kind: 'invalid-value', messageId: 'exclusive', message: `${keyLabel(loc)} has conflicting keys: use only one form.`, span: objectAnchor(loc) });
        }
        break;
      }
      case 'anyOf':
      case 'allOf':
      case 'then':
      case 'else':
        break; // the sub-errors say what is wrong
      default:
        push({ kind: 'invalid-value', messageId: 'invalid', message: `Invalid value for ${keyLabel(loc)}${e.message ? ` (${e.message.replace(/must/g, 'it must')})` : ''}.`, span: loc.node?.span ?? objectAnchor(loc) });
    }
  }
  return problems;
}
