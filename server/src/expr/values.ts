// Every value of a document that has its own little language, parsed with absolute spans:
// reference paths, templates (and the context reads inside them), bare `$.` parameters,
// durations and URNs. Computed once per document; rules, shapes, the editor and the
// interpreter all read the same parse.
import { YNode, YScalar, scalarCharOffsets } from '../syntax/yaml-tree';
import { Span } from '../syntax/types';
import { CascadeDocument, ChoiceRule, Entry, State, Workflow, CatchEntry } from '../model/types';
import { ExprError } from './errors';
import { PathAst, parseReferencePath } from './path';
import { Expr, ParsedTemplate, collectPathReads, parseTemplate } from './template';
import { parseDuration } from './duration';
import { Urn, parseUrn } from './urn';

export type PathRole = 'result' | 'input_path' | 'output_path' | 'variable' | 'operand' | 'catch-result';

/** A value that must be a reference path (spec §4). */
export interface PathValue {
  role: PathRole;
  workflow: Workflow;
  state: State;
  node: YScalar;
  text: string;
  path?: PathAst;
  error?: ExprError;
  catchEntry?: CatchEntry;
  rule?: ChoiceRule;
  /** For comparator operands: the comparator entry. */
  entry?: Entry;
}

export type TemplateRole = 'parameter' | 'condition' | 'wait' | 'value' | 'other';

export interface TemplateValue {
  role: TemplateRole;
  workflow: Workflow;
  state: State;
  node: YScalar;
  text: string;
  parsed: ParsedTemplate;
  rule?: ChoiceRule;
}

/** When a read happens: on the state's input C, on E (after input_path), or on O (after result). */
export type ReadPhase = 'input' | 'effective' | 'output';

export interface ContextRead {
  workflow: Workflow;
  state: State;
  path: PathAst;
  span: Span;
  /** Under `default`/`defined`: never fails. */
  safe: boolean;
  kind: 'template' | 'bare' | 'variable' | 'operand' | 'input_path' | 'output_path';
  phase: ReadPhase;
  /** The Choice rule a variable/condition belongs to (for narrowing). */
  rule?: ChoiceRule;
}

export interface BarePathValue {
  workflow: Workflow;
  state: State;
  node: YScalar;
  text: string;
  path?: PathAst;
  error?: ExprError;
}

export interface DurationValue {
  node: YScalar;
  text: string;
  ms?: number;
  error?: ExprError;
  entry: Entry;
  state?: State;
  workflow?: Workflow;
}

export type UrnRole = 'resource' | 'policy' | 'ui-schema' | 'input-schema' | 'activity-declaration' | 'schema-declaration';

export interface UrnValue {
  role: UrnRole;
  node: YScalar;
  text: string;
  urn?: Urn;
  error?: ExprError;
  state?: State;
}

export interface DocumentValues {
  paths: PathValue[];
  templates: TemplateValue[];
  barePaths: BarePathValue[];
  reads: ContextRead[];
  durations: DurationValue[];
  urns: UrnValue[];
}

type Mapper = (i: number) => number;

// Parsers return spans relative to the string they read; these typed walks replace each span
// by its absolute one. Typed rather than a generic object walk: this runs for every value of a
// document, and a generic walk (key lists, a visited set) cost as much as the parsing itself.
// Each holder gets a fresh span object, so a span object shared by two holders is never
// mapped twice.

function mapSpan(s: Span, map: Mapper): Span {
  const start = map(s.start);
  const end = s.end > s.start ? map(s.end - 1) + 1 : start;
  return { start, end: end > start ? end : start };
}

function mapError(e: ExprError, map: Mapper): void {
  e.span = mapSpan(e.span, map);
}

function mapPath(p: PathAst, map: Mapper): void {
  p.rootSpan = mapSpan(p.rootSpan, map);
  p.span = mapSpan(p.span, map);
  for (const seg of p.segments) seg.span = mapSpan(seg.span, map);
}

function mapExpr(root: Expr, map: Mapper): void {
  const stack: Expr[] = [root];
  // Expressions are bounded by MAX_EXPRESSION_DEPTH and by the string's length.
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    e.span = mapSpan(e.span, map);
    switch (e.kind) {
      case 'literal':
        break;
      case 'path':
        mapPath(e.path, map);
        break;
      case 'not':
        stack.push(e.operand);
        break;
      case 'binary':
        e.opSpan = mapSpan(e.opSpan, map);
        stack.push(e.left, e.right);
        break;
      case 'filter':
        e.nameSpan = mapSpan(e.nameSpan, map);
        stack.push(e.input, ...e.args);
        break;
      case 'array':
        stack.push(...e.items);
        break;
    }
  }
}

function mapTemplate(t: ParsedTemplate, map: Mapper): void {
  for (const part of t.parts) {
    part.span = mapSpan(part.span, map);
    if (part.kind === 'expr') {
      part.innerSpan = mapSpan(part.innerSpan, map);
      if (part.expr) mapExpr(part.expr, map);
    }
  }
  for (const e of t.errors) mapError(e, map);
}

function mapUrn(u: Urn, map: Mapper): void {
  u.typeSpan = mapSpan(u.typeSpan, map);
  u.nameSpan = mapSpan(u.nameSpan, map);
  if (u.versionSpan) u.versionSpan = mapSpan(u.versionSpan, map);
}

const STRUCTURAL_KEYS = new Set([
  'name', 'type', 'next', 'end', 'default', 'resource', 'action', 'policy', 'engine', 'catch', 'retries', 'branches', 'choices',
  'input_path', 'output_path', 'result', 'timeout', 'description', 'input_schema', 'ui', 'duration',
]);

/** A `parameters` string that is exactly a path starting with `$.` (spec §4, bare paths). */
export const BARE_PATH = /^\$\.\S*$/;

class Collector {
  out: DocumentValues = { paths: [], templates: [], barePaths: [], reads: [], durations: [], urns: [] };
  constructor(private readonly text: string) {}

  offsets(node: YScalar): Mapper {
    return scalarCharOffsets(this.text, node);
  }

  pathValue(entry: Entry | undefined, role: PathRole, wf: Workflow, state: State, extra: Partial<PathValue> = {}): PathValue | undefined {
    const node = entry?.value;
    if (!node || node.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
    const text = node.value;
    const r = parseReferencePath(text);
    const map = this.offsets(node);
    if (r.path) mapPath(r.path, map);
    if (r.error) mapError(r.error, map);
    const pv: PathValue = { role, workflow: wf, state, node, text, path: r.path, error: r.error, ...extra };
    this.out.paths.push(pv);
    return pv;
  }

  template(node: YScalar, role: TemplateRole, wf: Workflow, state: State, phase: ReadPhase, rule?: ChoiceRule): void {
    const text = node.value as string;
    const parsed = parseTemplate(text);
    mapTemplate(parsed, this.offsets(node));
    this.out.templates.push({ role, workflow: wf, state, node, text, parsed, rule });
    for (const part of parsed.parts) {
      if (part.kind !== 'expr' || !part.expr) continue;
      for (const r of collectPathReads(part.expr)) {
        this.out.reads.push({ workflow: wf, state, path: r.path, span: r.span, safe: r.safe, kind: 'template', phase, rule });
      }
    }
  }

  /** Walk a value subtree: templates everywhere, bare `$.` strings when `bare`. */
  scan(node: YNode | null, role: TemplateRole, wf: Workflow, state: State, bare: boolean): void {
    const stack: (YNode | null)[] = [node];
    let budget = 200_000;
    while (stack.length > 0 && budget-- > 0) {
      const n = stack.pop();
      if (!n) continue;
      if (n.kind === 'map') for (let i = n.pairs.length - 1; i >= 0; i--) stack.push(n.pairs[i].value);
      else if (n.kind === 'seq') for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
      else if (typeof n.value === 'string') {
        if (n.value.includes('{{')) this.template(n, role, wf, state, 'effective');
        else if (bare && BARE_PATH.test(n.value)) {
          const r = parseReferencePath(n.value);
          const map = this.offsets(n);
          if (r.path) mapPath(r.path, map);
          if (r.error) mapError(r.error, map);
          this.out.barePaths.push({ workflow: wf, state, node: n, text: n.value, path: r.path, error: r.error });
          if (r.path) this.out.reads.push({ workflow: wf, state, path: r.path, span: r.path.span, safe: false, kind: 'bare', phase: 'effective' });
        }
      }
    }
  }

  duration(entry: Entry | undefined, state?: State, workflow?: Workflow): void {
    const node = entry?.value;
    if (!entry || !node || node.kind !== 'scalar') return;
    // A bare number (`timeout: 30`) is a duration without its unit: checked as written.
    const text = typeof node.value === 'string' ? node.value : typeof node.value === 'number' && node.style === 'PLAIN' ? this.text.slice(node.span.start, node.span.end) : undefined;
    if (text === undefined || text.includes('{{')) return;
    const r = parseDuration(text);
    if (r.error) mapError(r.error, this.offsets(node));
    this.out.durations.push({ node, text, ms: r.ms, error: r.error, entry, state, workflow });
  }

  urn(node: YNode | null | undefined, role: UrnRole, state?: State): void {
    if (!node || node.kind !== 'scalar' || typeof node.value !== 'string') return;
    const r = parseUrn(node.value, role === 'policy' ? 'policy' : role === 'resource' || role === 'activity-declaration' ? 'activity' : 'schema');
    const map = this.offsets(node);
    if (r.urn) mapUrn(r.urn, map);
    if (r.error) mapError(r.error, map);
    this.out.urns.push({ role, node, text: node.value, urn: r.urn, error: r.error, state });
  }

  rule(rule: ChoiceRule, wf: Workflow, state: State, top: ChoiceRule): void {
    const stack: ChoiceRule[] = [rule];
    let budget = 10_000;
    while (stack.length > 0 && budget-- > 0) {
      const r = stack.pop()!;
      const cond = r.condition?.value;
      if (cond && cond.kind === 'scalar' && typeof cond.value === 'string') this.template(cond, 'condition', wf, state, 'effective', top);
      const v = this.pathValue(r.variable, 'variable', wf, state, { rule: top });
      if (v?.path) this.out.reads.push({ workflow: wf, state, path: v.path, span: v.path.span, safe: r.comparators.some((c) => c.key === 'isPresent'), kind: 'variable', phase: 'effective', rule: top });
      for (const c of r.comparators) {
        const n = c.value;
        if (n && n.kind === 'scalar' && typeof n.value === 'string' && n.value.startsWith('$')) {
          const o = this.pathValue(c, 'operand', wf, state, { rule: top, entry: c });
          if (o?.path) this.out.reads.push({ workflow: wf, state, path: o.path, span: o.path.span, safe: false, kind: 'operand', phase: 'effective', rule: top });
        }
      }
      for (const sub of [...(r.and ?? []), ...(r.or ?? []), ...(r.not ? [r.not] : [])]) stack.push(sub);
    }
  }

  state(s: State, wf: Workflow): void {
    const ip = this.pathValue(s.inputPath, 'input_path', wf, s);
    if (ip?.path) this.out.reads.push({ workflow: wf, state: s, path: ip.path, span: ip.path.span, safe: false, kind: 'input_path', phase: 'input' });
    this.pathValue(s.result, 'result', wf, s);
    const op = this.pathValue(s.outputPath, 'output_path', wf, s);
    if (op?.path) this.out.reads.push({ workflow: wf, state: s, path: op.path, span: op.path.span, safe: false, kind: 'output_path', phase: 'output' });
    for (const c of s.catches) this.pathValue(c.result, 'catch-result', wf, s, { catchEntry: c });
    this.duration(s.timeout, s, wf);
    if (s.retries) {
      this.duration(s.retries.initialInterval, s, wf);
      this.duration(s.retries.maxInterval, s, wf);
    }
    switch (s.type) {
      case 'Task':
        if (s.resource && s.resource.key === 'resource') this.urn(s.resource.value, 'resource', s);
        break;
      case 'EvaluatePolicy':
        this.urn(s.policy?.value, 'policy', s);
        break;
      case 'HumanTask': {
        const ui = s.ui?.value;
        if (ui?.kind === 'map') this.urn(ui.pairs.find((p) => p.key.value === 'schema')?.value, 'ui-schema', s);
        break;
      }
      case 'Wait':
        this.duration(s.duration, s, wf);
        break;
      case 'Choice':
        for (const r of s.choices) this.rule(r, wf, s, r);
        break;
      default:
        break;
    }
    const inputSchema = s.fields.get('input_schema')?.value;
    if (inputSchema?.kind === 'scalar') this.urn(inputSchema, 'input-schema', s);
    // Templates and bare paths in every other value of the state.
    for (const [key, e] of s.fields) {
      if (STRUCTURAL_KEYS.has(key)) continue;
      if (s.type === 'Parallel' && key === 'branches') continue;
      const role: TemplateRole = key === 'parameters' ? 'parameter' : key === 'value' ? 'value' : key === 'seconds' || key === 'until' ? 'wait' : 'other';
      this.scan(e.value, role, wf, s, key === 'parameters');
    }
    // HumanTask ui may carry templates besides its schema URN.
    if (s.type === 'HumanTask' && s.ui?.value?.kind === 'map') {
      for (const p of s.ui.value.pairs) if (p.key.value !== 'schema' && p.key.value !== 'target') this.scan(p.value, 'other', wf, s, false);
    }
  }
}

export function collectValues(doc: CascadeDocument, text: string): DocumentValues {
  const c = new Collector(text);
  for (const wf of doc.workflows) {
    c.duration(wf.timeout, undefined, wf);
    const is = wf.inputSchema?.value;
    if (is?.kind === 'scalar') c.urn(is, 'input-schema');
    for (const s of wf.allStates) c.state(s, wf);
  }
  for (const a of doc.activities) c.urn(a.urnNode, 'activity-declaration');
  for (const s of doc.schemas) c.urn(s.urnNode, 'schema-declaration');
  return c.out;
}
