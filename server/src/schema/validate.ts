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
import { structureProblems } from './structure';

export type SchemaProblemKind = 'unknown-field' | 'missing-field' | 'invalid-value' | 'unknown-state-type' | 'conflicting-keys';

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

/** What the object at an instance path is, from where it sits (branches of if/then schemas have no name). */
function instanceContext(segs: string[], node: YNode | null): string | undefined {
  const n = segs.length;
  const parentKey = n >= 2 && /^\d+$/.test(segs[n - 1]) ? segs[n - 2] : undefined;
  if ((parentKey === 'states' || parentKey === 'branches') && node && node.kind === 'map') {
    const t = node.pairs.find((p) => p.key.value === 'type')?.value;
    const type = t && t.kind === 'scalar' && typeof t.value === 'string' ? t.value : undefined;
    const known = ['Task', 'Choice', 'Parallel', 'Wait', 'Pass', 'HumanTask', 'EvaluatePolicy', 'Receive', 'Succeed', 'Fail'];
    if (type && known.includes(type)) return `${type}State`;
    return parentKey === 'branches' && node.pairs.some((p) => p.key.value === 'states') ? 'branchWorkflow' : 'state';
  }
  if (parentKey === 'catch') return 'catchEntry';
  if (parentKey === 'choices') return 'choiceRule';
  if (parentKey === 'and' || parentKey === 'or') return 'nestedChoiceRule';
  if (parentKey === 'workflows') return 'workflow';
  if (parentKey === 'migrations') return 'migration';
  if (parentKey === 'activities') return 'activityDeclaration';
  if (parentKey === 'schemas') return 'schemaDeclaration';
  const last = segs[n - 1];
  if (last === 'retries' || last === 'retry') return 'retryPolicy';
  if (last === 'backoff') return 'backoff';
  if (last === 'not') return 'nestedChoiceRule';
  if (last === 'ui') return 'humanTaskUi';
  if (last === 'metadata') return 'metadata';
  if (last === 'spec') return 'spec';
  return undefined;
}

/**
 * Keys that are accepted spellings of another key where they are written (their schema says
 * "Alias of ..."): never offered as suggestions. Decided per mapping, not globally: `errors` is
 * an alias in a catch entry but the canonical key of an activity declaration.
 */
function isAliasProperty(schema: unknown): boolean {
  const d = schema && typeof schema === 'object' ? (schema as Schema).description : undefined;
  return typeof d === 'string' && d.startsWith('Alias of');
}

/** YAML 1.2 has no merge keys: `<<: *base` is an ordinary key whose keys are never merged in. */
const MERGE_KEY_MESSAGE = 'YAML merge keys ("<<") are not part of YAML 1.2, so the keys of the anchor are not merged in; write them out.';

/** Keys a state type's schema has only so that conflicting-transition can explain them. */
const NO_TRANSITION_KEYS: Record<string, string[]> = { ChoiceState: ['next', 'end'], SucceedState: ['next', 'end'], FailState: ['next', 'end'] };

function contextNameOf(def: string | undefined, names: Record<string, string> = CONTEXT_NAMES): string {
  if (!def) return 'this mapping';
  if (names === CONTEXT_NAMES && def.endsWith('State') && def !== 'state') return `a ${def.slice(0, -5)} state`;
  return names[def] ?? 'this mapping';
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

/**
 * A node's span without what a block collection's range runs on to (its last line break and the
 * comments after it, as `yaml` counts them): a finding about the value ends where the value does.
 */
function contentSpan(n: YNode): Span {
  let end = n.span.end;
  let cur: YNode | null = n;
  for (let depth = 0; cur && cur.kind !== 'scalar' && !cur.flow && depth < 1000; depth++) {
    const last: YNode | null = cur.kind === 'map' ? (cur.pairs[cur.pairs.length - 1]?.value ?? null) : (cur.items[cur.items.length - 1] ?? null);
    const lastKey = cur.kind === 'map' ? cur.pairs[cur.pairs.length - 1]?.key : undefined;
    if (!last) {
      if (lastKey && lastKey.span.end > n.span.start) end = lastKey.span.end;
      break;
    }
    end = last.span.end;
    cur = last;
  }
  return end > n.span.start && end <= n.span.end ? { start: n.span.start, end } : n.span;
}

/** Span for "this value is wrong": the value, or its key when nothing is written after the colon (`next:`). */
function valueAnchor(loc: Located): Span {
  const n = loc.node;
  if (n && n.span.end > n.span.start) return contentSpan(n);
  return loc.keySpan ?? n?.span ?? objectAnchor(loc);
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

/** An RFC 3339 date-time as the schema's patterns spell it (the interpreter accepts exactly these). */
const RFC3339_TEXT = '\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})';

const PATTERN_TEXT: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9_-]*$': 'a name that starts with a letter or digit and holds only letters, digits, "_" and "-"',
  '^v[0-9]+$': 'a version of the form "v<N>" (e.g. "v2")',
  '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$': 'a duration such as "30s" or "1h30m" (units ms, s, m, h, d)',
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?$': 'a timestamp such as "2026-01-01T00:00:00Z"',
  [`^(${RFC3339_TEXT}|[\\s\\S]*\\{\\{[\\s\\S]*)$`]: 'an RFC 3339 timestamp such as "2026-01-01T00:00:00Z" or a "{{ ... }}" template',
  ['^(\\s*[0-9]+(\\.[0-9]+)?\\s*|[\\s\\S]*\\{\\{[\\s\\S]*)$']: 'a number of seconds or a "{{ ... }}" template',
  [`^(${RFC3339_TEXT}|\\$[\\s\\S]*)$`]: 'an RFC 3339 timestamp such as "2026-01-01T00:00:00Z" or a path starting with "$"',
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
  return [...mapSchemaErrors(errors, doc.yaml.root, { defName: c.defName, stateDefs: c.stateDefs, contextNames: CONTEXT_NAMES }), ...structureProblems(doc), ...jsonSchemaProblems(doc)];
}

let metaAjv: Ajv | undefined;

/**
 * The JSON Schemas written inline (schema declarations, `input_schema`, `output_schema`), checked
 * against the draft-07 meta-schema: `type: objet` would otherwise silently accept anything.
 */
function jsonSchemaProblems(doc: CascadeDocument): SchemaProblem[] {
  const nodes: YNode[] = [];
  const add = (n: YNode | null | undefined): void => {
    if (n && n.kind === 'map') nodes.push(n);
  };
  for (const s of doc.schemas) add(s.schema?.value);
  for (const a of doc.activities) {
    add(a.inputSchema?.value);
    add(a.outputSchema?.value);
  }
  for (const wf of doc.workflows) {
    add(wf.inputSchema?.value);
    for (const s of wf.allStates) if (s.type === 'Task') add(s.fields.get('input_schema')?.value);
  }
  if (nodes.length === 0) return [];
  metaAjv ??= new Ajv({ allErrors: true, strict: false, verbose: true });
  const out: SchemaProblem[] = [];
  for (const n of nodes) {
    let errors: ErrorObject[] = [];
    try {
      if (!metaAjv.validateSchema(toPlain(n) as object)) errors = metaAjv.errors ?? [];
    } catch {
      continue;
    }
    // Of the branches of an `anyOf` ("a type name, or a list of them"), keep the one that fits the
    // value: its "must be a list" is noise when the value is a misspelt name.
    const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
    errors = errors.filter((e) => !(e.keyword === 'type' && anyOfAt.has(e.instancePath) && errors.some((o) => o.instancePath === e.instancePath && o.keyword !== 'type' && o.keyword !== 'anyOf')));
    errors = errors.filter((e) => !(e.keyword === 'enum' && anyOfAt.has(e.instancePath) && e.data !== null && typeof e.data === 'object'));
    out.push(...mapSchemaErrors(errors, n, { defName: new Map(), contextNames: { $root: 'a JSON Schema' } }));
  }
  return out;
}

/** What the error mapping needs to know about a schema: its definitions by object, and how to name them. */
export interface SchemaNames {
  defName: Map<unknown, string>;
  /** State definitions by state type (the CDL schema only). */
  stateDefs?: Map<string, Schema>;
  /** Words for "in <context>" by definition name. */
  contextNames: Record<string, string>;
}

/** A schema file of schemas/ compiled once, with the names of its definitions. */
export interface CompiledSchemaFile {
  validate: ValidateFunction;
  names: SchemaNames;
}

const compiledFiles = new Map<string, CompiledSchemaFile>();

/** Compiles `schemas/<file>` (draft-07) once; `contextNames` words its definitions in messages. */
export function compileSchemaFile(file: string, contextNames: Record<string, string>): CompiledSchemaFile {
  const hit = compiledFiles.get(file);
  if (hit) return hit;
  const root = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schemas', file), 'utf8')) as Schema;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  const validate = ajv.compile(root);
  const defName = new Map<unknown, string>();
  defName.set(root, '$root');
  for (const [k, v] of Object.entries((root.definitions as Record<string, Schema> | undefined) ?? {})) defName.set(v, k);
  const out = { validate, names: { defName, contextNames } };
  compiledFiles.set(file, out);
  return out;
}

/** Validates a YAML tree against a compiled schema file; problems at exact spans. */
export function validateTree(root: YNode | null, schema: CompiledSchemaFile): SchemaProblem[] {
  let errors: ErrorObject[] = [];
  try {
    if (!schema.validate(toPlain(root))) errors = schema.validate.errors ?? [];
  } catch {
    return [];
  }
  return mapSchemaErrors(errors, root, schema.names);
}

/** Turns ajv errors into problems at the exact span of the offending key or value. */
export function mapSchemaErrors(input: ErrorObject[], root: YNode | null, names: SchemaNames): SchemaProblem[] {
  const c = { defName: names.defName, stateDefs: names.stateDefs ?? new Map<string, Schema>() };
  const contextName = (def: string | undefined): string => contextNameOf(def, names.contextNames);
  const doc = { yaml: { root } };
  let errors = input;
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
  // `next: 7`: the transition rules say that no state "7" exists, which is the finding that helps.
  errors = errors.filter((e) => !(e.keyword === 'type' && c.defName.get(e.parentSchema) === 'stateName' && /\/(next|default|start)$/.test(e.instancePath) && (typeof e.data === 'number' || typeof e.data === 'boolean')));
  // A number where a duration goes is invalid-duration's finding ("a unit is required after "30"").
  errors = errors.filter((e) => !(e.keyword === 'type' && c.defName.get(e.parentSchema) === 'duration' && typeof e.data === 'number'));
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
    const def = instanceContext(segs, loc.node) ?? c.defName.get(parentSchema);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const map = loc.node as YMap;
        const pair = map && map.kind === 'map' ? map.pairs.find((p) => String(p.key.value) === key) : undefined;
        const span = pair ? pair.key.span : objectAnchor(loc);
        const properties = (parentSchema?.properties as Schema | undefined) ?? {};
        const excluded = NO_TRANSITION_KEYS[def ?? ''] ?? [];
        const props = Object.keys(properties).filter((k) => !isAliasProperty(properties[k]) && !excluded.includes(k));
        const suggestion = closest(key, props);
        const where = contextName(def);
        let message: string;
        if (suggestion) message = `Unknown key "${key}" in ${where}; did you mean "${suggestion}"?`;
        else if (key === '<<') message = MERGE_KEY_MESSAGE;
        else if (key === 'next' && def === 'nestedChoiceRule') message = 'A nested rule (under "and", "or" or "not") has no "next"; the "next" of the rule that holds it is taken.';
        else if (def === 'choiceRule' || def === 'nestedChoiceRule') {
          const forms = def === 'choiceRule' ? '"condition", "variable" with a comparator ("stringEquals", "numericGreaterThan", "isPresent", ...), "and", "or", "not", "next", or "default" alone' : '"condition", "variable" with a comparator ("stringEquals", "numericGreaterThan", "isPresent", ...), "and", "or" or "not"';
          message = `Unknown key "${key}" in ${where}; a rule is written with ${forms}.`;
        }
        else {
          const elsewhere = def && def.endsWith('State') ? [...c.stateDefs.entries()].filter(([, s]) => Object.hasOwn((s.properties as Schema) ?? {}, key)).map(([t]) => t) : [];
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
        if (missing === 'type' && def === 'state' && loc.node?.kind === 'map' && c.stateDefs.size > 0) {
          // No type, so no state schema applied: check the keys against every state type's keys
          // here, and say "did you mean "type"?" once instead of "missing type".
          const stateKeys = new Set<string>();
          for (const d of c.stateDefs.values()) for (const [k, v] of Object.entries((d.properties as Schema) ?? {})) if (!isAliasProperty(v)) stateKeys.add(k);
          const allKeys = new Set<string>();
          for (const d of c.stateDefs.values()) for (const k of Object.keys((d.properties as Schema) ?? {})) allKeys.add(k);
          let misspeltType = false;
          for (const pair of loc.node.pairs) {
            const key = String(pair.key.value);
            if (allKeys.has(key)) continue;
            const suggestion = closest(key, ['type']) ?? closest(key, [...stateKeys]);
            if (suggestion === 'type') misspeltType = true;
            push({
              kind: 'unknown-field',
              messageId: suggestion ? 'unknownWithSuggestion' : 'unknown',
              message: suggestion ? `Unknown key "${key}" in a state; did you mean "${suggestion}"?` : key === '<<' ? MERGE_KEY_MESSAGE : `Unknown key "${key}" in a state; no state type has it.`,
              span: pair.key.span,
              suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: pair.key.span, newText: suggestion }] }] : undefined,
            });
          }
          if (misspeltType) break;
        }
        if (loc.node?.kind === 'map' && loc.node.pairs.some((p) => p.key.value === '<<')) break; // the merge key's finding says why
        if (def === 'WaitState' && missing === 'duration') {
          push({ kind: 'missing-field', messageId: 'missingOneOf', message: 'A Wait state needs one of "duration", "seconds" or "until".', span: objectAnchor(loc) });
          break;
        }
        const n = loc.node;
        const nameNode = n && n.kind === 'map' ? n.pairs.find((p) => p.key.value === 'name')?.value : undefined;
        const named = nameNode && nameNode.kind === 'scalar' && nameNode.value !== null && loc.parent?.kind === 'seq' ? ` "${String(nameNode.value)}"` : '';
        push({ kind: 'missing-field', messageId: 'missing', message: `Missing required key "${missing}" in ${named ? where.replace(/^an? /, "") : where}${named}.`, span: objectAnchor(loc) });
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues ?? [];
        const value = loc.node && loc.node.kind === 'scalar' ? loc.node.value : undefined;
        const span = valueAnchor(loc);
        const suggestion = typeof value === 'string' ? closest(value, allowed.map(String)) : undefined;
        const isStateType = loc.key === 'type' && segs.length >= 2 && (segs.includes('states') || segs.includes('branches'));
        if (isStateType && loc.node && loc.node.kind !== 'scalar') {
          // Usually an indentation slip that made the value a mapping or a list.
          push({ kind: 'unknown-state-type', messageId: 'unknownType', message: `The state type must be one of ${quoteList(allowed)}, not ${describeType(loc.node)}.`, span });
        } else if (isStateType) {
          push({
            kind: 'unknown-state-type',
            messageId: suggestion ? 'unknownTypeWithSuggestion' : 'unknownType',
            message: suggestion
              ? `Unknown state type "${String(value)}"; did you mean "${suggestion}"?`
              : value === null || value === undefined
                ? `The state type is empty; use one of ${quoteList(allowed)}.`
                : `Unknown state type ${JSON.stringify(value)}; use one of ${quoteList(allowed)}.`,
            span,
            suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span, newText: suggestion }] }] : undefined,
          });
        } else {
          push({
            kind: 'invalid-value',
            messageId: 'enum',
            message: `Invalid value ${JSON.stringify(value ?? null)} for ${keyLabel(loc)}: use ${quoteList(allowed)}${suggestion && allowed.length > 1 ? `; did you mean "${suggestion}"?` : '.'}`,
            span,
            suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span, newText: suggestion }] }] : undefined,
          });
        }
        break;
      }
      case 'const': {
        const allowed = (e.params as { allowedValue: unknown }).allowedValue;
        push({ kind: 'invalid-value', messageId: 'const', message: `Invalid value for ${keyLabel(loc)}: it must be ${JSON.stringify(allowed)}.`, span: valueAnchor(loc) });
        break;
      }
      case 'type': {
        push({
          kind: 'invalid-value',
          messageId: 'type',
          message: `${loc.key ? `"${loc.key}"` : 'This item'} must be ${expectedType((e.params as { type: unknown }).type)}, not ${describeType(loc.node)}.`,
          span: valueAnchor(loc),
        });
        break;
      }
      case 'pattern': {
        const pattern = (e.params as { pattern: string }).pattern;
        const value = loc.node && loc.node.kind === 'scalar' ? loc.node.value : '';
        const text = PATTERN_TEXT[pattern] ?? (pattern.includes('string|number') ? 'a compact type: string, number, integer, boolean, null, any, object, T[] or T?' : `text matching ${pattern}`);
        let hint = '';
        if (pattern.includes('string|number') && typeof value === 'string') {
          const base = value.replace(/(\[\])+\??\s*$|\?\s*$/, '').trim();
          const s = closest(base, ['string', 'number', 'integer', 'boolean', 'null', 'any', 'object']);
          if (s) hint = ` (did you mean "${value.replace(base, s)}"?)`;
        }
        push({ kind: 'invalid-value', messageId: 'pattern', message: `Invalid value ${JSON.stringify(value)} for ${keyLabel(loc)}: expected ${text}${hint}.`, span: valueAnchor(loc) });
        break;
      }
      case 'minimum':
      case 'maximum': {
        const limit = (e.params as { limit: number }).limit;
        push({ kind: 'invalid-value', messageId: e.keyword, message: `${loc.key ? `"${loc.key}"` : 'This value'} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${limit}.`, span: valueAnchor(loc) });
        break;
      }
      case 'minItems':
      case 'minProperties':
        push({ kind: 'invalid-value', messageId: 'empty', message: `${loc.key ? `"${loc.key}"` : 'This list'} must not be empty.`, span: valueAnchor(loc) });
        break;
      case 'oneOf': {
        const n = loc.node;
        if (n && n.kind === 'map' && def === 'WaitState') {
          const present = n.pairs.filter((p) => ['duration', 'seconds', 'until'].includes(String(p.key.value)));
          const second = present[1];
          push({ kind: 'invalid-value', messageId: 'exclusive', message: 'A Wait state takes exactly one of "duration", "seconds" or "until".', span: second ? second.key.span : objectAnchor(loc) });
        } else if (n && n.kind === 'map') {
          // Only a mapping can have conflicting keys; for anything else the type error says it.
          const label = keyLabel(loc);
          push({ kind: 'invalid-value', messageId: 'exclusive', message: `${label[0].toUpperCase()}${label.slice(1)} has conflicting keys: use only one form.`, span: objectAnchor(loc) });
        }
        break;
      }
      case 'not': {
        // `not: {required: [a, b]}`: two keys that say the same thing in two ways.
        const both = (e.schema as Schema | undefined)?.required;
        const n = loc.node;
        if (!Array.isArray(both) || !n || n.kind !== 'map') break;
        const present = n.pairs.filter((p) => both.includes(String(p.key.value)));
        const where = contextName(def);
        push({
          kind: 'invalid-value',
          messageId: 'exclusive',
          message: `${where[0].toUpperCase()}${where.slice(1)} takes ${quoteList(both)}, not both; keep one.`,
          span: present[1] ? present[1].key.span : objectAnchor(loc),
        });
        break;
      }
      case 'anyOf':
      case 'allOf':
      case 'then':
      case 'else':
        break; // the sub-errors say what is wrong
      default:
        push({ kind: 'invalid-value', messageId: 'invalid', message: `Invalid value for ${keyLabel(loc)}${e.message ? ` (${e.message.replace(/must/g, 'it must')})` : ''}.`, span: valueAnchor(loc) });
    }
  }
  return problems;
}
