// Hover documentation: context paths (type, where it comes from, who writes it), state names
// (type, description, incoming edges), resource URNs (declared input/output/errors), keys (the
// schema's documentation), state types, error names and template filters.
import { containsOffset, Span } from '../syntax/types';
import { YScalar } from '../syntax/yaml-tree';
import { ActivityDeclaration, State, Workflow } from '../model/types';
import { walkExpr } from '../expr/template';
import { FileAnalysis } from '../analysis/analyze';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { documentValues } from '../analysis/stages';
import { chainAt, documentAt, stateAt } from './locate';
import { describe, propertySchema, schemasAlong } from './schema-nav';
import { describeEdge, incomingEdges, stateNameAt } from './state-refs';
import { contextPathAt, describeContextPath, renderType } from './context-paths';
import { BUILTIN_ERRORS, FILTER_DOCS, stateTypeDoc } from './vocabulary';
import { ContextShapes } from './shapes-port';
import { shapeQueries } from './shapes-adapter';

export interface HoverResult {
  span: Span;
  /** Markdown. */
  contents: string;
}

export interface ServiceOptions {
  /** Context-shape queries; default: the shape analysis of shapes/. */
  shapes?: ContextShapes;
}

export function hoverAt(analysis: FileAnalysis, offset: number, options: ServiceOptions = {}): HoverResult | null {
  if (!analysis.isCascade) return null;
  const da = documentAt(analysis, offset);
  if (!da) return null;
  return contextPathHover(da, offset, options) ?? stateNameHover(da, offset) ?? urnHover(da, offset) ?? filterHover(da, offset) ?? structuralHover(da, offset);
}

function contextPathHover(da: DocumentAnalysis, offset: number, options: ServiceOptions): HoverResult | null {
  const site = contextPathAt(da, offset);
  if (!site) return null;
  // A catch's `result` is written only when that catch is taken: the state's output (its normal
  // completion) says nothing about it.
  const catchWrite = site.role === 'catch-result';
  const shape = catchWrite ? undefined : safely(() => (options.shapes ?? shapeQueries).describe(da, site));
  // Where the shape analysis has the value here, its writers are the ones that reach this state
  // (not every state of the workflow whose result covers the path, later ones included).
  // A write site is written by its own state.
  const reached = shape && (shape.presence === 'always' || shape.presence === 'maybe') ? [...new Set([...(shape.writers ?? []), ...(site.kind === 'write' ? [site.state.name] : [])])] : undefined;
  const info = describeContextPath(da, site, reached);
  const lines: string[] = [];
  const verb = site.kind === 'write' ? 'written' : site.kind === 'select' ? 'selected' : 'read';
  lines.push(`\`${info.text}\` — context path ${verb} in "${site.state.name}"`);
  lines.push('');
  const type = shape?.type ?? info.type;
  if (type) lines.push(`**Type:** \`${type}\`${info.source ? ` (${info.source})` : ''}`);
  else if (info.source) lines.push(`**From:** ${info.source}`);
  const safeRead = site.safe && site.kind === 'read' ? (site.readKind === 'variable' ? ' (an `isPresent` test: never fails)' : ' (read under `default`/`defined`: never fails)') : '';
  if (catchWrite) lines.push(`**Here:** set when this catch is taken (the error and its cause)`);
  else if (shape?.presence) lines.push(`**Here:** ${shape.presence === 'always' ? 'always present' : shape.presence === 'maybe' ? 'maybe absent' : shape.presence === 'never' ? 'not set' : 'unknown'}${safeRead}`);
  else if (info.open) lines.push('**Shape:** open (not described)');
  const writers = reached ?? (shape?.writers?.length ? shape.writers : info.writers.map((w) => w.state.name));
  if (writers.length) lines.push(`**Written by:** ${[...new Set(writers)].map((n) => `"${n}"`).join(', ')}`);
  for (const n of [...(shape?.notes ?? []), ...info.notes]) lines.push('', n);
  return { span: site.span, contents: lines.join('\n') };
}

/** A shape query that fails must not take the declarations-only answer with it. */
export function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

export function stateSummary(wf: Workflow, s: State): string {
  const lines = [`**${s.name}** · \`${s.typeName || '(no type)'}\`${s.parent ? ` · branch of "${s.parent.state.name}"` : ''}`];
  if (s.description) lines.push('', s.description);
  const detail: string[] = [];
  if (s.type === 'Task' && s.resourceUrn) detail.push(`resource \`${s.resourceUrn}\``);
  if (s.result?.value) detail.push(`result \`${renderType(s.result.value)}\``);
  if (s.next) detail.push(`next "${s.next.name}"`);
  if (s.end?.value && s.end.value.kind === 'scalar' && s.end.value.value === true) detail.push(s.parent ? 'ends its branch' : 'ends the workflow');
  else if (s.parent?.branch.single) detail.push('a single-state branch: ends its branch');
  if (detail.length) lines.push('', detail.join(' · '));
  const incoming = incomingEdges(wf, s.name).map(describeEdge);
  // A single-state branch is entered by its Parallel state; no name refers to it.
  if (s.parent?.branch.single) incoming.unshift(`branch start in "${s.parent.state.name}"`);
  lines.push('', incoming.length ? `**Incoming:** ${incoming.join(', ')}` : '**Incoming:** none');
  return lines.join('\n');
}

function stateNameHover(da: DocumentAnalysis, offset: number): HoverResult | null {
  const site = stateNameAt(da, offset);
  if (!site) return null;
  const target = site.workflow.stateByName.get(site.name);
  if (!target) return { span: site.span, contents: `State "${site.name}" does not exist in workflow "${site.workflow.name}".` };
  return { span: site.span, contents: stateSummary(site.workflow, target) };
}

export function activitySummary(urn: string, decl: ActivityDeclaration | undefined): string {
  const lines = [`\`${urn}\``];
  if (!decl) {
    lines.push('', 'No declaration: its result has an open shape and it may raise any error.');
    return lines.join('\n');
  }
  if (decl.description) lines.push('', decl.description);
  lines.push('');
  const row = (label: string, v: string | undefined): void => {
    if (v !== undefined) lines.push(`**${label}:** \`${v}\``, '');
  };
  row('Input', decl.input?.value ? renderType(decl.input.value) : decl.inputSchema ? 'input_schema' : undefined);
  row('Output', decl.output?.value ? renderType(decl.output.value) : decl.outputSchema ? 'output_schema' : undefined);
  if (decl.errors.length) lines.push(`**Errors:** ${decl.errors.map((e) => `\`${e.name}\``).join(', ')}`, '');
  if (decl.source) lines.push(`Declared in \`${decl.source}\``);
  return lines.join('\n').trimEnd();
}

/** The URN string under the cursor: a resource/policy/schema URN, or the bare name of `action:`. */
export function urnAt(da: DocumentAnalysis, offset: number): { urn: string; node: YScalar; state?: State } | undefined {
  for (const u of documentValues(da).urns) {
    if (containsOffset(u.node.span, offset)) return { urn: u.text, node: u.node, state: u.state };
  }
  const s = stateAt(da, offset);
  if (s && s.type === 'Task' && s.resource && s.resource.key === 'action' && s.resourceUrn && s.resource.value?.kind === 'scalar' && containsOffset(s.resource.value.span, offset)) {
    return { urn: s.resourceUrn, node: s.resource.value, state: s };
  }
  return undefined;
}

function urnHover(da: DocumentAnalysis, offset: number): HoverResult | null {
  const u = urnAt(da, offset);
  if (!u) return null;
  if (u.urn.startsWith('urn:cascade:schema:') || da.schemas.has(u.urn)) {
    const decl = da.schemas.get(u.urn);
    const text = decl?.schema?.value ? `\`${u.urn}\`\n\n**Schema:** \`${renderType(decl.schema.value)}\`` : `\`${u.urn}\`\n\nNo schema declaration with this URN.`;
    return { span: u.node.span, contents: text };
  }
  return { span: u.node.span, contents: activitySummary(u.urn, da.activities.get(u.urn)) };
}

function filterHover(da: DocumentAnalysis, offset: number): HoverResult | null {
  for (const t of documentValues(da).templates) {
    if (!containsOffset(t.node.span, offset)) continue;
    for (const part of t.parsed.parts) {
      if (part.kind !== 'expr' || !part.expr) continue;
      let hit: HoverResult | null = null;
      walkExpr(part.expr, (e) => {
        if (e.kind === 'filter' && containsOffset(e.nameSpan, offset)) {
          const doc = FILTER_DOCS[e.name];
          hit = { span: e.nameSpan, contents: doc ? `**${e.name}** (filter)\n\n${doc.doc}` : `Unknown filter "${e.name}".` };
        }
      });
      if (hit) return hit;
    }
  }
  return null;
}

function structuralHover(da: DocumentAnalysis, offset: number): HoverResult | null {
  const chain = chainAt(da.model.yaml.root, offset);
  if (chain.steps.length === 0) return null;
  const schemas = schemasAlong(da.model, chain.steps);
  if (chain.onKey) {
    const parent = schemas[schemas.length - 1];
    const key = String(chain.onKey.key.value ?? '');
    const doc = describe(propertySchema(parent, key));
    if (!doc) return null;
    return { span: chain.onKey.key.span, contents: `**${key}**\n\n${doc}` };
  }
  const last = chain.steps[chain.steps.length - 1];
  if (last.node.kind !== 'scalar') return null;
  const value = String(last.node.value ?? '');
  if (last.key === 'type') {
    const doc = stateTypeDoc(value);
    if (doc) return { span: last.node.span, contents: `**${value}** (state type)\n\n${doc}` };
  }
  const errorList = chain.steps.some((s) => s.key === 'error_equals' || s.key === 'errors' || s.key === 'error') && chain.steps.some((s) => s.key === 'catch' || s.key === 'retries');
  if (errorList || last.key === 'error_equals' || last.key === 'errors' || (last.key === 'error' && chain.steps.some((s) => s.key === 'catch'))) {
    const doc = BUILTIN_ERRORS[value];
    return { span: last.node.span, contents: doc ? `**${value}** (error)\n\n${doc}` : `**${value}** (error)\n\nA domain error: an activity declares it in \`errors\`.` };
  }
  // A value: the documentation of its key.
  if (last.key !== undefined) {
    const doc = describe(propertySchema(schemas[schemas.length - 2], last.key));
    if (doc) return { span: last.node.span, contents: `**${last.key}**\n\n${doc}` };
  }
  return null;
}
