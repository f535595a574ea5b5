// Builds the typed model from parsed YAML documents. Total: a half-written document yields
// a model for the parts that are intact; what is missing is simply absent (schema rules report it).
import { ParsedText, YDocument, YMap, YNode, YScalar, getPair } from '../syntax/yaml-tree';
import { Span } from '../syntax/types';
import {
  ActivityDeclaration,
  AliasUse,
  Branch,
  CascadeDocument,
  CatchEntry,
  ChoiceRule,
  Entry,
  ErrorName,
  KeyConflict,
  Migration,
  RetryPolicy,
  SchemaDeclaration,
  State,
  STATE_TYPES,
  StateRef,
  Workflow,
} from './types';

export const STATE_KEY_ALIASES: Record<string, string> = {
  result_path: 'result',
  resultPath: 'result',
  inputPath: 'input_path',
  outputPath: 'output_path',
  retry: 'retries',
  action: 'resource',
};
export const RETRY_KEY_ALIASES: Record<string, string> = {
  maxAttempts: 'max_attempts',
  initialInterval: 'initial_interval',
  maxInterval: 'max_interval',
};
export const CATCH_KEY_ALIASES: Record<string, string> = {
  error: 'error_equals',
  errors: 'error_equals',
  errorEquals: 'error_equals',
  result_path: 'result',
  resultPath: 'result',
};

export const CHOICE_COMPARATORS = [
  'stringEquals', 'stringLessThan', 'stringGreaterThan', 'stringLessThanEquals', 'stringGreaterThanEquals', 'stringMatches',
  'numericEquals', 'numericLessThan', 'numericGreaterThan', 'numericLessThanEquals', 'numericGreaterThanEquals',
  'booleanEquals',
  'timestampEquals', 'timestampLessThan', 'timestampGreaterThan', 'timestampLessThanEquals', 'timestampGreaterThanEquals',
  'isNull', 'isPresent', 'isString', 'isNumeric', 'isBoolean', 'isTimestamp',
] as const;

const CASCADE_NAME = /\.(cascade|cdl)\.ya?ml$/i;

export function hasCascadeFileName(fileName: string): boolean {
  return CASCADE_NAME.test(fileName);
}

/** Spec §1: a Cascade file by name, or by `apiVersion: cascade.io/...` in its first document. */
export function isCascadeFile(fileName: string, parsed: ParsedText): boolean {
  if (hasCascadeFileName(fileName)) return true;
  if (!/\.ya?ml$/i.test(fileName) && fileName !== '' && !fileName.startsWith('untitled')) return false;
  const first = parsed.documents.find((d) => d.root !== null);
  if (!first || !first.root || first.root.kind !== 'map') return false;
  const api = getPair(first.root, 'apiVersion');
  const v = api?.value;
  return !!v && v.kind === 'scalar' && typeof v.value === 'string' && v.value.startsWith('cascade.io/');
}

function valueSpan(node: YNode | null, fallback: Span): Span {
  return node ? node.span : { start: fallback.end, end: fallback.end };
}

class Builder {
  aliasUses: AliasUse[] = [];
  keyConflicts: KeyConflict[] = [];

  fields(map: YMap, aliases: Record<string, string>): Map<string, Entry> {
    const out = new Map<string, Entry>();
    for (const pair of map.pairs) {
      const key = String(pair.key.value ?? '');
      // Own properties only: `constructor` or `__proto__` is an ordinary key, not Object.prototype's.
      const canonical = Object.hasOwn(aliases, key) ? aliases[key] : key;
      const entry: Entry = {
        key,
        canonical,
        keyNode: pair.key,
        value: pair.value,
        pair,
        span: pair.span,
        keySpan: pair.key.span,
        valueSpan: valueSpan(pair.value, pair.key.span),
      };
      const existing = out.get(canonical);
      if (existing) {
        if (existing.key !== key) this.keyConflicts.push({ first: existing, second: entry, canonical });
        continue; // a literal duplicate is reported by duplicate-key; first wins
      }
      if (canonical !== key) this.aliasUses.push({ entry, canonical });
      out.set(canonical, entry);
    }
    return out;
  }

  stateRef(entry: Entry | undefined, via: StateRef['via']): StateRef | undefined {
    if (!entry || !entry.value || entry.value.kind !== 'scalar' || entry.value.value === null) return undefined;
    return { name: String(entry.value.value), node: entry.value, span: entry.value.span, via };
  }

  errorNames(entry: Entry | undefined): ErrorName[] {
    if (!entry || !entry.value) return [];
    const nodes: YNode[] = entry.value.kind === 'seq' ? entry.value.items : [entry.value];
    const out: ErrorName[] = [];
    for (const n of nodes) if (n.kind === 'scalar' && n.value !== null) out.push({ name: String(n.value), node: n, span: n.span });
    return out;
  }

  retry(entry: Entry | undefined): RetryPolicy | undefined {
    if (!entry) return undefined;
    const node = entry.value && entry.value.kind === 'map' ? entry.value : null;
    const policy: RetryPolicy = { entry, node, flat: false };
    if (!node) return policy;
    const f = this.fields(node, RETRY_KEY_ALIASES);
    policy.maxAttempts = f.get('max_attempts');
    policy.backoff = f.get('backoff');
    const b = policy.backoff?.value && policy.backoff.value.kind === 'map' ? this.fields(policy.backoff.value, RETRY_KEY_ALIASES) : undefined;
    const pick = (k: string): Entry | undefined => b?.get(k) ?? f.get(k);
    policy.initialInterval = pick('initial_interval');
    policy.maxInterval = pick('max_interval');
    policy.multiplier = pick('multiplier');
    policy.flat = !!(f.get('initial_interval') || f.get('max_interval') || f.get('multiplier'));
    return policy;
  }

  catches(entry: Entry | undefined): CatchEntry[] {
    if (!entry || !entry.value || entry.value.kind !== 'seq') return [];
    const out: CatchEntry[] = [];
    entry.value.items.forEach((item, index) => {
      if (item.kind !== 'map') return;
      const f = this.fields(item, CATCH_KEY_ALIASES);
      const errorsEntry = f.get('error_equals');
      out.push({
        node: item,
        span: item.span,
        index,
        errorsEntry,
        errorEquals: this.errorNames(errorsEntry),
        next: this.stateRef(f.get('next'), 'catch'),
        result: f.get('result'),
        fields: f,
      });
    });
    return out;
  }

  choiceRule(node: YNode, index: number): ChoiceRule | undefined {
    if (node.kind !== 'map') return undefined;
    const f = this.fields(node, {});
    const rule: ChoiceRule = {
      node,
      span: node.span,
      index,
      fields: f,
      next: this.stateRef(f.get('next'), 'choice'),
      condition: f.get('condition'),
      variable: f.get('variable'),
      comparators: [],
    };
    for (const c of CHOICE_COMPARATORS) {
      const e = f.get(c);
      if (e) rule.comparators.push(e);
    }
    const list = (k: string): ChoiceRule[] | undefined => {
      const e = f.get(k);
      if (!e || !e.value || e.value.kind !== 'seq') return e ? [] : undefined;
      return e.value.items.map((n, i) => this.choiceRule(n, i)).filter((r): r is ChoiceRule => !!r);
    };
    rule.and = list('and');
    rule.or = list('or');
    const notEntry = f.get('not');
    if (notEntry?.value) rule.not = this.choiceRule(notEntry.value, 0);
    if (f.has('default') && f.size === 1) rule.defaultItem = this.stateRef(f.get('default'), 'default');
    return rule;
  }

  state(node: YNode, workflow: Workflow, parent: State['parent'], sink: State[]): State | undefined {
    if (node.kind !== 'map') return undefined;
    const f = this.fields(node, STATE_KEY_ALIASES);
    const nameEntry = f.get('name');
    const nameNode = nameEntry?.value?.kind === 'scalar' ? nameEntry.value : undefined;
    const typeEntry = f.get('type');
    const typeName = typeEntry?.value?.kind === 'scalar' && typeEntry.value.value !== null ? String(typeEntry.value.value) : '';
    const known = (STATE_TYPES as readonly string[]).includes(typeName);
    const str = (e: Entry | undefined): string | undefined =>
      e?.value?.kind === 'scalar' && e.value.value !== null ? String(e.value.value) : undefined;
    // The type-specific fields are added to this object (Object.assign) rather than spread into
    // a copy: copying its twenty fields for every state was a third of the model's build time.
    const base = {
      node,
      span: node.span,
      name: nameNode && nameNode.value !== null ? String(nameNode.value) : '',
      nameNode,
      anchor: nameNode ? nameNode.span : node.pairs[0]?.key.span ?? node.span,
      typeName,
      typeEntry,
      fields: f,
      workflow,
      parent,
      next: this.stateRef(f.get('next'), 'next'),
      end: f.get('end'),
      description: str(f.get('description')),
      inputPath: f.get('input_path'),
      outputPath: f.get('output_path'),
      result: f.get('result'),
      catches: this.catches(f.get('catch')),
      retries: this.retry(f.get('retries')),
      timeout: f.get('timeout'),
      parameters: f.get('parameters'),
    };
    let state: State;
    switch (known ? typeName : 'Unknown') {
      case 'Task': {
        const resource = f.get('resource');
        let resourceUrn = str(resource);
        if (resource && resource.key === 'action' && resourceUrn && !resourceUrn.startsWith('urn:')) resourceUrn = `urn:cascade:activity:${resourceUrn}`;
        state = Object.assign(base, { type: 'Task' as const, resource, resourceUrn });
        break;
      }
      case 'Choice': {
        const choices: ChoiceRule[] = [];
        let defaultRef = this.stateRef(f.get('default'), 'default');
        const ce = f.get('choices');
        if (ce?.value?.kind === 'seq') {
          ce.value.items.forEach((n, i) => {
            const r = this.choiceRule(n, i);
            if (!r) return;
            if (r.defaultItem) defaultRef = defaultRef ?? r.defaultItem;
            else choices.push(r);
          });
        }
        state = Object.assign(base, { type: 'Choice' as const, choices, default: defaultRef });
        break;
      }
      case 'Parallel': {
        const p = Object.assign(base, { type: 'Parallel' as const, branches: [] as Branch[] });
        state = p;
        sink.push(state);
        const be = f.get('branches');
        if (be?.value?.kind === 'seq') {
          be.value.items.forEach((bn, index) => {
            if (bn.kind !== 'map') return;
            // Peek without recording aliases: a single-state branch is read as a state below.
            const isWorkflow = !!getPair(bn, 'states') && !getPair(bn, 'type');
            const bf = isWorkflow ? this.fields(bn, {}) : undefined;
            const statesEntry = bf?.get('states');
            const bnameValue = getPair(bn, 'name')?.value;
            const bnameNode = bnameValue?.kind === 'scalar' ? bnameValue : undefined;
            const branch: Branch = {
              node: bn,
              span: bn.span,
              index,
              single: !isWorkflow,
              name: bnameNode && bnameNode.value !== null ? String(bnameNode.value) : undefined,
              nameNode: bnameNode,
              states: [],
            };
            p.branches.push(branch);
            if (isWorkflow) {
              branch.start = this.stateRef(bf?.get('start'), 'start');
              if (statesEntry?.value?.kind === 'seq') {
                for (const sn of statesEntry.value.items) {
                  const s = this.state(sn, workflow, { state: p, branch }, sink);
                  if (s) branch.states.push(s);
                }
              }
            } else {
              // A single-state branch reuses the fields already read; aliases were recorded once.
              const s = this.state(bn, workflow, { state: p, branch }, sink);
              if (s) {
                branch.states.push(s);
                branch.start = s.name ? { name: s.name, node: s.nameNode!, span: s.anchor, via: 'start' } : undefined;
              }
            }
          });
        }
        return state;
      }
      case 'Wait':
        state = Object.assign(base, { type: 'Wait' as const, duration: f.get('duration'), seconds: f.get('seconds'), until: f.get('until') });
        break;
      case 'Pass':
        state = Object.assign(base, { type: 'Pass' as const, value: f.get('value') });
        break;
      case 'HumanTask': {
        const ui = f.get('ui');
        const schema = ui?.value?.kind === 'map' ? getPair(ui.value, 'schema')?.value : undefined;
        state = Object.assign(base, { type: 'HumanTask' as const, ui, assignee: f.get('assignee'), uiSchemaUrn: schema?.kind === 'scalar' && typeof schema.value === 'string' ? schema.value : undefined });
        break;
      }
      case 'EvaluatePolicy':
        state = Object.assign(base, { type: 'EvaluatePolicy' as const, policy: f.get('policy'), engine: f.get('engine') });
        break;
      case 'Receive':
        state = Object.assign(base, { type: 'Receive' as const, event: f.get('event') });
        break;
      case 'Succeed':
        state = Object.assign(base, { type: 'Succeed' as const });
        break;
      case 'Fail':
        state = Object.assign(base, { type: 'Fail' as const, error: f.get('error'), cause: f.get('cause') });
        break;
      default:
        state = Object.assign(base, { type: 'Unknown' as const });
    }
    sink.push(state);
    return state;
  }

  workflow(node: YMap, doc: CascadeDocument, index: number, fragment: boolean): Workflow {
    const f = this.fields(node, {});
    const nameEntry = f.get('name');
    const nameNode = nameEntry?.value?.kind === 'scalar' ? nameEntry.value : undefined;
    const wf: Workflow = {
      node,
      span: node.span,
      anchor: nameNode ? nameNode.span : node.pairs[0]?.key.span ?? node.span,
      name: nameNode && nameNode.value !== null ? String(nameNode.value) : fragment ? '(fragment)' : '',
      nameNode,
      description: f.get('description')?.value?.kind === 'scalar' ? String((f.get('description')!.value as YScalar).value) : undefined,
      start: this.stateRef(f.get('start'), 'start'),
      timeout: f.get('timeout'),
      version: f.get('version'),
      input: f.get('input'),
      inputSchema: f.get('input_schema'),
      migrations: [],
      states: [],
      allStates: [],
      stateByName: new Map(),
      fields: f,
      implicitStart: false,
      document: doc,
      index,
    };
    const me = f.get('migrations');
    if (me?.value?.kind === 'seq') {
      for (const m of me.value.items) {
        if (m.kind !== 'map') continue;
        const mf = this.fields(m, {});
        const mig: Migration = { node: m, span: m.span, from: mf.get('from'), to: mf.get('to'), rename: mf.get('rename'), set: mf.get('set'), remove: mf.get('remove') };
        wf.migrations.push(mig);
      }
    }
    const se = f.get('states');
    if (se?.value?.kind === 'seq') {
      for (const sn of se.value.items) {
        const s = this.state(sn, wf, undefined, wf.allStates);
        if (s) wf.states.push(s);
      }
    }
    // Document order for allStates (Parallel pushes itself before its branches).
    wf.allStates.sort((a, b) => a.span.start - b.span.start);
    for (const s of wf.allStates) if (s.name && !wf.stateByName.has(s.name)) wf.stateByName.set(s.name, s);
    if (!wf.start && fragment && wf.states[0]?.name) {
      wf.implicitStart = true;
      const first = wf.states[0];
      wf.start = { name: first.name, node: first.nameNode!, span: first.anchor, via: 'start' };
    }
    return wf;
  }

  activity(node: YNode, source?: string): ActivityDeclaration | undefined {
    if (node.kind !== 'map') return undefined;
    const f = this.fields(node, {});
    const urnEntry = f.get('urn');
    const urnNode = urnEntry?.value?.kind === 'scalar' ? urnEntry.value : undefined;
    const desc = f.get('description')?.value;
    return {
      node,
      span: node.span,
      urn: urnNode && urnNode.value !== null ? String(urnNode.value) : '',
      urnNode,
      input: f.get('input'),
      output: f.get('output'),
      inputSchema: f.get('input_schema'),
      outputSchema: f.get('output_schema'),
      errors: this.errorNames(f.get('errors')),
      description: desc?.kind === 'scalar' && desc.value !== null ? String(desc.value) : undefined,
      source,
    };
  }

  schema(node: YNode, source?: string): SchemaDeclaration | undefined {
    if (node.kind !== 'map') return undefined;
    const f = this.fields(node, {});
    const urnEntry = f.get('urn');
    const urnNode = urnEntry?.value?.kind === 'scalar' ? urnEntry.value : undefined;
    return { node, span: node.span, urn: urnNode && urnNode.value !== null ? String(urnNode.value) : '', urnNode, schema: f.get('schema'), source };
  }
}

function classify(root: YNode | null): CascadeDocument['kind'] {
  // A `---` with nothing after it parses as a null scalar: an empty document, not a wrong one.
  if (!root || (root.kind === 'scalar' && root.value === null && root.span.end === root.span.start)) return 'empty';
  if (root.kind !== 'map') return 'not-cascade';
  if (getPair(root, 'apiVersion') || getPair(root, 'kind') || getPair(root, 'spec') || getPair(root, 'metadata')) return 'application';
  if (getPair(root, 'workflows')) return 'workflows-fragment';
  if (getPair(root, 'states')) return 'states-fragment';
  return 'not-cascade';
}

/** Build the model of one YAML document. */
export function buildDocument(yaml: YDocument, index: number): CascadeDocument {
  const b = new Builder();
  const root = yaml.root && yaml.root.kind === 'map' ? yaml.root : null;
  const doc: CascadeDocument = {
    index,
    kind: classify(yaml.root),
    yaml,
    root,
    workflows: [],
    activities: [],
    schemas: [],
    aliasUses: b.aliasUses,
    keyConflicts: b.keyConflicts,
  };
  if (!root) return doc;
  const top = b.fields(root, {});
  const addWorkflows = (e: Entry | undefined, fragment: boolean): void => {
    if (e?.value?.kind !== 'seq') return;
    e.value.items.forEach((n) => {
      if (n.kind === 'map') doc.workflows.push(b.workflow(n, doc, doc.workflows.length, fragment));
    });
  };
  if (doc.kind === 'application') {
    doc.apiVersion = top.get('apiVersion');
    doc.kindEntry = top.get('kind');
    doc.metadata = top.get('metadata');
    const md = doc.metadata?.value;
    if (md?.kind === 'map') {
      const n = getPair(md, 'name')?.value;
      if (n?.kind === 'scalar' && n.value !== null) doc.name = String(n.value);
    }
    const spec = top.get('spec')?.value;
    if (spec?.kind === 'map') {
      const sf = b.fields(spec, {});
      addWorkflows(sf.get('workflows'), false);
      const acts = sf.get('activities')?.value;
      if (acts?.kind === 'seq') for (const a of acts.items) { const d = b.activity(a); if (d) doc.activities.push(d); }
      const schemas = sf.get('schemas')?.value;
      if (schemas?.kind === 'seq') for (const s of schemas.items) { const d = b.schema(s); if (d) doc.schemas.push(d); }
    }
  } else if (doc.kind === 'workflows-fragment') {
    addWorkflows(top.get('workflows'), true);
  } else if (doc.kind === 'states-fragment') {
    doc.workflows.push(b.workflow(root, doc, 0, true));
  }
  return doc;
}

/** Activity/schema declarations from a catalogue file (config `activities:` globs). */
export function buildCatalogue(parsed: ParsedText, source: string): { activities: ActivityDeclaration[]; schemas: SchemaDeclaration[] } {
  const b = new Builder();
  const activities: ActivityDeclaration[] = [];
  const schemas: SchemaDeclaration[] = [];
  for (const d of parsed.documents) {
    const root = d.root;
    if (!root) continue;
    let acts: YNode | null | undefined;
    let sch: YNode | null | undefined;
    if (root.kind === 'seq') acts = root;
    else if (root.kind === 'map') {
      const spec = getPair(root, 'spec')?.value;
      const holder = spec && spec.kind === 'map' ? spec : root;
      acts = getPair(holder, 'activities')?.value;
      sch = getPair(holder, 'schemas')?.value;
    }
    if (acts?.kind === 'seq') for (const a of acts.items) { const x = b.activity(a, source); if (x) activities.push(x); }
    if (sch?.kind === 'seq') for (const s of sch.items) { const x = b.schema(s, source); if (x) schemas.push(x); }
  }
  return { activities, schemas };
}
