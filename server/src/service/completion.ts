// Completion from the text before the cursor and the document's structure: context paths after
// `$`/`workflow`, filters after `|`, state names after next/default/start, state types, error
// names, resource URNs, enum values, the keys valid in the mapping being written (by its
// indentation, since a half-typed key rarely parses) and snippets for new states.
import { containsOffset, Span } from '../syntax/types';
import { YMap, YNode, YSeq } from '../syntax/yaml-tree';
import { State, Workflow } from '../model/types';
import { PathSegment, scanPathSegments } from '../expr/path';
import { FileAnalysis } from '../analysis/analyze';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { chainAt, ChainStep, documentAt, stateAt, workflowAt } from './locate';
import { enumValues, keysOf, propertySchema, requiredOf, resolveFor, Schema, schemasAlong } from './schema-nav';
import { BUILTIN_ERRORS, FILTER_DOCS, filterNames, stateTypeDoc, stateTypes } from './vocabulary';
import { compactTypeAt, renderType, writersOf } from './context-paths';
import { ServiceOptions, safely } from './hover';
import { shapeQueries } from './shapes-adapter';

export type CompletionKind = 'state' | 'key' | 'type' | 'error' | 'filter' | 'field' | 'snippet' | 'value' | 'urn';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert (a snippet with $1 placeholders when `snippet`); default: the label. */
  insertText?: string;
  snippet?: boolean;
  /** The text replaced: the word typed so far (absent: the result's `replace`). */
  replace?: Span;
  sortText?: string;
  filterText?: string;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** The text replaced by the items that name none of their own. */
  replace?: Span;
  /** Items depend on more typing than the client can filter (paths): ask again. */
  isIncomplete?: boolean;
}

const EMPTY: CompletionResult = { items: [] };

export function completionsAt(analysis: FileAnalysis, offset: number, options: ServiceOptions = {}): CompletionResult {
  if (!analysis.isCascade) return EMPTY;
  const da = documentAt(analysis, offset);
  if (!da) return EMPTY;
  const text = analysis.file.text;
  const lines = analysis.file.lines;
  const line = lines.positionAt(offset).line;
  const lineStart = lines.lineStart(line);
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before.replace(/(["'])(?:(?!\1).)*\1/g, ''))) return EMPTY; // in a comment

  const inTemplate = before.lastIndexOf('{{') > before.lastIndexOf('}}');
  if (inTemplate) {
    const expr = before.slice(before.lastIndexOf('{{') + 2);
    const filter = /\|\s*([A-Za-z_]*)$/.exec(expr);
    if (filter) return { items: filterItems(offset, filter[1].length) };
    const path = pathBeforeCursor(expr);
    if (path) return pathItems(da, offset, path, options);
    if (/(^|[\s(\[,!=<>])([A-Za-z_]*)$/.test(expr)) {
      const word = /([A-Za-z_]*)$/.exec(expr)![1];
      return { items: rootItems(offset, word.length) };
    }
    return EMPTY;
  }

  const keyValue = /^(\s*)(-\s+)?([A-Za-z_$][\w$-]*|"[^"]*"|'[^']*')\s*:\s+(.*)$/.exec(before) ?? /^(\s*)(-\s+)?([A-Za-z_$][\w$-]*)\s*:()$/.exec(before);
  if (keyValue) {
    const value = keyValue[4];
    const path = /^["']?((?:\$|workflow)\S*)$/.exec(value) ?? /[\s\[,{]((?:\$)\S*)$/.exec(value);
    if (path) {
      const p = pathBeforeCursor(path[1]);
      if (p) return pathItems(da, offset, p, options);
    }
    const key = keyValue[3].replace(/^["']|["']$/g, '');
    const keyCol = keyValue[1].length + (keyValue[2]?.length ?? 0);
    const r = valueItems(analysis, da, offset, key, value, keyCol);
    // Right after the colon (`next:|`): `next:Done` would be one plain scalar, so insert a space.
    if (before.endsWith(':') && r.items.length) {
      return { ...r, items: r.items.map((i) => ({ ...i, insertText: ` ${i.insertText ?? i.label}`, filterText: i.filterText ?? i.label })) };
    }
    return r;
  }

  const listItem = /^(\s*)-\s+([^\s:]*)$/.exec(before);
  const keyOnly = /^(\s*)(-\s+)?([A-Za-z_$][\w$-]*)?$/.exec(before);
  if (listItem || keyOnly) {
    const items: CompletionEntry[] = [];
    if (listItem) {
      const seq = enclosingSeq(da, offset, listItem[1].length, lines);
      if (seq) {
        const key = seq.steps[seq.steps.length - 1]?.key;
        if (key === 'error_equals' || key === 'errors') return { items: errorItems(da, offset, listItem[2].length, stateAt(da, offset)) };
        items.push(...seqItemItems(analysis, seq, offset, listItem[1].length, listItem[2]));
        return { items };
      }
    }
    if (keyOnly) {
      const word = keyOnly[3] ?? '';
      const col = keyOnly[1].length + (keyOnly[2]?.length ?? 0);
      const map = enclosingMap(da, offset, col, lines);
      if (map && !keyOnly[2]) items.push(...keyItems(map, offset, word.length, col));
      else if (!map || keyOnly[2]) {
        // A new list item, or a blank line at the indentation of a list's items.
        const seq = enclosingSeq(da, offset, keyOnly[1].length, lines);
        if (seq) items.push(...seqItemItems(analysis, seq, offset - word.length - (keyOnly[2]?.length ?? 0), keyOnly[1].length, word, !!keyOnly[2]));
      }
    }
    return { items };
  }
  return EMPTY;
}

// ---- context paths ----

interface PathPrefix {
  root: '$' | 'workflow';
  segments: PathSegment[];
  partial: string;
  /** The partial is written in brackets (`['na`) rather than after a dot. */
  bracket: boolean;
}

function pathBeforeCursor(s: string): PathPrefix | undefined {
  const m = /(\$|\bworkflow)((?:\.[\p{L}\p{Nd}_-]*|\[[^\]]*\]?)*)$/u.exec(s);
  if (!m) return undefined;
  const root = m[1] as '$' | 'workflow';
  const rest = m[2];
  // Split off the segment being typed.
  const lastDot = rest.lastIndexOf('.');
  const lastBracket = rest.lastIndexOf('[');
  const cut = Math.max(lastDot, lastBracket);
  if (cut < 0) return { root, segments: [], partial: '', bracket: false };
  const done = rest.slice(0, cut);
  const scanned = scanPathSegments(done, 0, done.length, 'expression');
  if (scanned.error || scanned.end !== done.length) return undefined;
  const bracket = cut === lastBracket && !rest.slice(cut).includes(']');
  const partial = rest.slice(cut + 1).replace(/^['"]/, '');
  if (!bracket && cut === lastBracket) return undefined; // a closed `[0]` is not being typed
  return { root, segments: scanned.segments, partial, bracket };
}

function pathItems(da: DocumentAnalysis, offset: number, p: PathPrefix, options: ServiceOptions): CompletionResult {
  const wf = workflowAt(da, offset);
  const state = stateAt(da, offset);
  const replace = { start: offset - p.partial.length, end: offset };
  if (!wf) return EMPTY;
  const fromShapes = state ? safely(() => (options.shapes ?? shapeQueries).children(da, wf, state, p.root, p.segments)) : undefined;
  const children = fromShapes ?? fallbackChildren(da, wf, p.root, p.segments);
  const items: CompletionEntry[] = [];
  for (const c of children) {
    if (c.kind !== 'field') continue;
    // What a `.name` segment can spell (expr/scan: a letter or `_`, then letters, digits, `_`, `-`).
    const plain = /^[\p{L}_][\p{L}\p{Nd}_-]*$/u.test(c.name);
    if (!plain && !p.bracket) continue;
    items.push({
      label: c.name,
      kind: 'field',
      detail: [c.type, c.presence && c.presence !== 'always' ? `${c.presence} present` : undefined].filter(Boolean).join(' · ') || undefined,
      insertText: p.bracket ? `${c.name.replace(/'/g, "\\'")}` : c.name,
      replace,
      sortText: c.presence === 'maybe' ? `1${c.name}` : `0${c.name}`,
    });
  }
  return { items, isIncomplete: false };
}

interface Child {
  name: string;
  kind: 'field' | 'index';
  type?: string;
  presence?: 'always' | 'maybe' | 'never' | 'unknown';
}

function compactChildren(node: YNode | null | undefined): Child[] {
  if (!node || node.kind !== 'map') return [];
  return node.pairs.map((p) => {
    const t = renderType(p.value);
    return { name: String(p.key.value), kind: 'field' as const, type: t.replace(/\?$/, ''), presence: t.endsWith('?') ? ('maybe' as const) : undefined };
  });
}

function fallbackChildren(da: DocumentAnalysis, wf: Workflow, root: '$' | 'workflow', segs: readonly PathSegment[]): Child[] {
  const wfSegs = root === 'workflow' ? segs : segs[0]?.kind === 'field' && segs[0].name === 'workflow' ? segs.slice(1) : undefined;
  if (wfSegs) {
    if (wfSegs.length === 0) return [{ name: 'input', kind: 'field', type: wf.input?.value ? 'object' : 'object (open)' }, { name: 'execution_id', kind: 'field', type: 'string' }, { name: 'started_at', kind: 'field', type: 'string' }];
    const head = wfSegs[0];
    if (head.kind === 'field' && head.name === 'input' && wf.input?.value) {
      if (wfSegs.length === 1) return compactChildren(wf.input.value);
      const t = compactTypeAt(wf.input.value, wfSegs.slice(1));
      return t ? compactChildrenOfType(wf.input.value, wfSegs.slice(1)) : [];
    }
    return [];
  }
  const names = new Map<string, Child>();
  if (segs.length === 0) names.set('workflow', { name: 'workflow', kind: 'field', type: 'object' });
  for (const w of writersOf(da, wf, segs)) {
    const ws = w.path.segments;
    if (ws.length > segs.length) {
      const next = ws[segs.length];
      if (next.kind === 'field' && !names.has(next.name)) names.set(next.name, { name: next.name, kind: 'field', type: ws.length === segs.length + 1 ? `result of "${w.state.name}"` : 'object' });
    } else if (w.role === 'result' && w.state.type === 'Task' && w.state.resourceUrn) {
      const decl = da.activities.get(w.state.resourceUrn);
      const rest = segs.slice(ws.length);
      if (decl?.output?.value) for (const c of compactChildrenOfType(decl.output.value, rest)) if (!names.has(c.name)) names.set(c.name, c);
    } else if (w.role === 'catch-result' && ws.length === segs.length) {
      names.set('error', { name: 'error', kind: 'field', type: 'string' });
      names.set('cause', { name: 'cause', kind: 'field', type: 'string' });
    }
  }
  return [...names.values()];
}

function compactChildrenOfType(root: YNode, segs: readonly PathSegment[]): Child[] {
  let cur: YNode | null | undefined = root;
  for (const s of segs) {
    if (!cur || cur.kind !== 'map' || s.kind !== 'field') return [];
    cur = cur.pairs.find((p) => String(p.key.value) === s.name)?.value;
  }
  return compactChildren(cur);
}

function rootItems(offset: number, partialLength: number): CompletionEntry[] {
  const replace = { start: offset - partialLength, end: offset };
  const items: CompletionEntry[] = [
    { label: '$', kind: 'field', detail: 'the data context', insertText: '$.', replace, sortText: '0' },
    { label: 'workflow', kind: 'field', detail: 'the execution root: input, execution_id, started_at', insertText: 'workflow.', replace, sortText: '1' },
  ];
  return items;
}

function filterItems(offset: number, partialLength: number): CompletionEntry[] {
  const replace = { start: offset - partialLength, end: offset };
  return filterNames().map((name) => {
    const d = FILTER_DOCS[name];
    return { label: name, kind: 'filter' as const, detail: 'filter', documentation: d?.doc, insertText: d?.snippet ?? name, snippet: !!d?.snippet, replace };
  });
}

// ---- values ----

function valueItems(analysis: FileAnalysis, da: DocumentAnalysis, offset: number, key: string, value: string, keyCol: number): CompletionResult {
  const partialMatch = /([\w.:$-]*)$/.exec(value);
  const partial = partialMatch ? partialMatch[1] : '';
  const replace = { start: offset - partial.length, end: offset };
  const wf = workflowAt(da, offset);
  const state = stateAt(da, offset);
  if ((key === 'next' || key === 'default' || key === 'start') && wf && !value.startsWith('[') && !value.startsWith('{')) {
    // A branch's `start` (inside its Parallel state) names one of that branch's states.
    const branch = key === 'start' && state?.type === 'Parallel' ? state.branches.find((b) => !b.single && containsOffset(b.span, offset)) : undefined;
    return { items: branch ? stateNameItems(wf, undefined, branch.states) : stateNameItems(wf, state), replace };
  }
  if ((key === 'error_equals' || key === 'errors') && value.startsWith('[')) {
    const m = /([\w.]*)$/.exec(value);
    return { items: errorItems(da, offset, m ? m[1].length : 0, state) };
  }
  if (key === 'error' && state && offset > (state.catches[0]?.span.start ?? Infinity) && state.catches.some((c) => offset >= c.span.start && offset <= c.span.end)) {
    return { items: errorItems(da, offset, partial.length, state) };
  }
  if (key === 'resource' || key === 'action') {
    const urns = [...da.activities.keys()];
    return {
      items: urns.map((u) => ({
        label: key === 'action' ? u.replace(/^urn:cascade:activity:/, '') : u,
        kind: 'urn' as const,
        detail: 'declared activity',
        documentation: renderDecl(da, u),
        replace,
      })),
    };
  }
  const map = enclosingMap(da, offset, keyCol, analysis.file.lines);
  if (key === 'type' && map && isStateMap(map)) {
    return { items: stateTypes().map((t) => ({ label: t, kind: 'type' as const, detail: 'state type', documentation: stateTypeDoc(t), replace })) };
  }
  if (map) {
    const values = enumValues(propertySchema(map.schema, key));
    if (key === 'apiVersion') values.push('cascade.io/v1');
    if (key === 'end') values.push('true');
    return { items: values.map((v) => ({ label: v, kind: 'value' as const, replace })) };
  }
  return EMPTY;
}

function renderDecl(da: DocumentAnalysis, urn: string): string | undefined {
  const d = da.activities.get(urn);
  if (!d) return undefined;
  const parts: string[] = [];
  if (d.input?.value) parts.push(`input: ${renderType(d.input.value)}`);
  if (d.output?.value) parts.push(`output: ${renderType(d.output.value)}`);
  if (d.errors.length) parts.push(`errors: ${d.errors.map((e) => e.name).join(', ')}`);
  return parts.join('\n');
}

/**
 * The state names a transition can name, the current state's branch first (a branch's states
 * may only transition among themselves), then in document order. The list is built once per
 * workflow and branch of an analysis, so that asking again (a large workflow, every `next:`)
 * costs a filter, and its entries are the same objects each time.
 */
function stateNameItems(wf: Workflow, current: State | undefined, branchStates?: readonly State[]): CompletionEntry[] {
  const scope = branchStates ?? current?.parent?.branch.states;
  let perScope = stateItemCache.get(wf);
  if (!perScope) stateItemCache.set(wf, (perScope = new Map()));
  let all = perScope.get(scope ?? null);
  if (!all) {
    const inScope = new Set(scope ?? []);
    const named = wf.allStates.filter((s) => s.name);
    const width = String(named.length).length;
    all = named.map((s, i) => ({
      state: s,
      entry: {
        label: s.name,
        kind: 'state' as const,
        detail: s.typeName || undefined,
        documentation: s.description,
        sortText: `${scope ? (inScope.has(s) ? '0' : '1') : s.parent ? '1' : '0'}${String(i).padStart(width, '0')}`,
      },
    }));
    perScope.set(scope ?? null, all);
  }
  const out: CompletionEntry[] = [];
  for (const x of all) if (x.state !== current) out.push(x.entry);
  return out;
}

const stateItemCache = new WeakMap<Workflow, Map<readonly State[] | null, { state: State; entry: CompletionEntry }[]>>();

function errorItems(da: DocumentAnalysis, offset: number, partialLength: number, state: State | undefined): CompletionEntry[] {
  const replace = { start: offset - partialLength, end: offset };
  const items = new Map<string, CompletionEntry>();
  const declared = state && state.type === 'Task' && state.resourceUrn ? da.activities.get(state.resourceUrn) : undefined;
  for (const e of declared?.errors ?? []) items.set(e.name, { label: e.name, kind: 'error', detail: `raised by ${declared!.urn}`, replace, sortText: `0${e.name}` });
  for (const [name, doc] of Object.entries(BUILTIN_ERRORS)) if (!items.has(name)) items.set(name, { label: name, kind: 'error', detail: name.startsWith('States.') ? 'built-in' : 'platform', documentation: doc, replace, sortText: `${name.startsWith('States.') ? 1 : 2}${name}` });
  for (const a of da.activities.values()) for (const e of a.errors) if (!items.has(e.name)) items.set(e.name, { label: e.name, kind: 'error', detail: `declared by ${a.urn}`, replace, sortText: `3${e.name}` });
  return [...items.values()];
}

// ---- keys ----

interface Located {
  node: YNode;
  steps: ChainStep[];
  schema: Schema | undefined;
}

function locate(da: DocumentAnalysis, node: YNode): Located | undefined {
  const chain = chainAt(da.model.yaml.root, node.span.start);
  const idx = chain.steps.findIndex((s) => s.node === node);
  if (idx < 0) return undefined;
  const steps = chain.steps.slice(0, idx + 1);
  const schemas = schemasAlong(da.model, steps);
  return { node, steps, schema: schemas[schemas.length - 1] };
}

function isStateMap(l: Located): boolean {
  const parentKey = l.steps[l.steps.length - 2]?.key;
  return parentKey === 'states' || parentKey === 'branches';
}

function indentOf(lineText: string): number {
  return /^[ \t]*/.exec(lineText)![0].length;
}

/** No line between `fromLine` (exclusive) and `toLine` (exclusive) is indented less than `col`. */
function stillOpen(lines: FileAnalysis['file']['lines'], fromLine: number, toLine: number, col: number): boolean {
  for (let l = fromLine + 1; l < toLine; l++) {
    const t = lines.lineText(l);
    if (/^\s*(#.*)?$/.test(t)) continue;
    if (indentOf(t) < col) return false;
  }
  return true;
}

function allCollections(root: YNode | null): YNode[] {
  const out: YNode[] = [];
  const stack: YNode[] = root ? [root] : [];
  let budget = 500_000;
  while (stack.length > 0 && budget-- > 0) {
    const n = stack.pop()!;
    if (n.kind === 'map') {
      out.push(n);
      for (const p of n.pairs) if (p.value) stack.push(p.value);
    } else if (n.kind === 'seq') {
      out.push(n);
      for (const i of n.items) stack.push(i);
    }
  }
  return out;
}

/** Every mapping and list of the document, computed once per document version. */
function collectionsOf(da: DocumentAnalysis): YNode[] {
  return da.cached('service:collections', () => allCollections(da.model.yaml.root));
}

/**
 * The block mapping whose keys sit at column `col` (or the block list whose `-` sit there) and
 * that is still open at the cursor line: the innermost such collection that starts last.
 */
function enclosing(kind: 'map' | 'seq', da: DocumentAnalysis, offset: number, col: number, lines: FileAnalysis['file']['lines']): Located | undefined {
  const cursorLine = lines.positionAt(offset).line;
  let best: YMap | YSeq | undefined;
  for (const n of collectionsOf(da)) {
    if (n.kind !== kind || n.flow || n.span.start > offset) continue;
    if (n.kind === 'map' && n.pairs.length === 0) continue;
    const first = lines.positionAt(n.kind === 'map' ? n.pairs[0].key.span.start : n.span.start);
    if (first.character !== col) continue;
    if (best && n.span.start <= best.span.start) continue;
    const lastLine = lines.positionAt(n.span.end).line;
    if (!stillOpen(lines, Math.max(first.line, Math.min(lastLine, cursorLine)), cursorLine, col)) continue;
    best = n;
  }
  return best ? locate(da, best) : undefined;
}

function enclosingMap(da: DocumentAnalysis, offset: number, col: number, lines: FileAnalysis['file']['lines']): Located | undefined {
  return enclosing('map', da, offset, col, lines);
}

function enclosingSeq(da: DocumentAnalysis, offset: number, col: number, lines: FileAnalysis['file']['lines']): Located | undefined {
  return enclosing('seq', da, offset, col, lines);
}

const STRUCTURED = new Set(['states', 'catch', 'retries', 'branches', 'choices', 'parameters', 'backoff', 'metadata', 'spec', 'workflows', 'activities', 'schemas', 'migrations', 'ui', 'labels', 'annotations', 'input', 'output', 'and', 'or', 'not', 'policies']);
const LIST_KEYS = new Set(['states', 'catch', 'branches', 'choices', 'workflows', 'activities', 'schemas', 'migrations', 'and', 'or', 'policies']);

function keyItems(map: Located, offset: number, partialLength: number, col: number): CompletionEntry[] {
  const node = map.node as YMap;
  const schema = resolveFor(map.schema, node);
  const existing = new Set(node.pairs.filter((p) => !(offset >= p.key.span.start && offset <= p.key.span.end)).map((p) => String(p.key.value)));
  const required = new Set(requiredOf(schema));
  const replace = { start: offset - partialLength, end: offset };
  const indent = ' '.repeat(col);
  const items: CompletionEntry[] = [];
  for (const k of keysOf(schema)) {
    if (existing.has(k.key)) continue;
    let insertText = `${k.key}: `;
    let snippet = false;
    if (LIST_KEYS.has(k.key)) {
      insertText = `${k.key}:\n${indent}  - $0`;
      snippet = true;
    } else if (STRUCTURED.has(k.key)) {
      insertText = `${k.key}:\n${indent}  $0`;
      snippet = true;
    }
    items.push({ label: k.key, kind: 'key', detail: required.has(k.key) ? 'required' : undefined, documentation: k.doc, insertText, snippet, replace, sortText: `${required.has(k.key) ? 0 : 1}${k.key}` });
  }
  return items;
}

const STATE_SNIPPETS: Record<string, string[]> = {
  Task: ['name: ${1:DoWork}', 'type: Task', 'resource: urn:cascade:activity:${2:activity_name}', 'parameters:', '  ${3:key}: "{{ \\$.${4:path} }}"', 'result: \\$.${5:result}', 'next: ${6:NextState}'],
  Choice: ['name: ${1:Decide}', 'type: Choice', 'choices:', '  - condition: "{{ \\$.${2:path} == ${3:true} }}"', '    next: ${4:NextState}', 'default: ${5:OtherState}'],
  Parallel: ['name: ${1:InParallel}', 'type: Parallel', 'branches:', '  - name: ${2:BranchA}', '    type: Task', '    resource: urn:cascade:activity:${3:activity_name}', '    result: \\$.${4:a}', 'next: ${5:NextState}'],
  Wait: ['name: ${1:Wait}', 'type: Wait', 'duration: ${2:1h}', 'next: ${3:NextState}'],
  Pass: ['name: ${1:Set}', 'type: Pass', 'value: ${2:{}}', 'result: \\$.${3:value}', 'next: ${4:NextState}'],
  HumanTask: ['name: ${1:Approve}', 'type: HumanTask', 'ui:', '  schema: urn:cascade:schema:${2:form}', '  target: ${3|appsmith,rjsf,echarts,tanstack-table|}', 'result: \\$.${4:decision}', 'timeout: ${5:3d}', 'next: ${6:NextState}'],
  EvaluatePolicy: ['name: ${1:Evaluate}', 'type: EvaluatePolicy', 'policy: urn:cascade:policy:${2:policy_name}', 'engine: ${3|opa,dmn,wasm|}', 'result: \\$.${4:decision}', 'next: ${5:NextState}'],
  Receive: ['name: ${1:AwaitEvent}', 'type: Receive', 'event: ${2:event_name}', 'timeout: ${3:1d}', 'result: \\$.${4:event}', 'next: ${5:NextState}'],
  Succeed: ['name: ${1:Done}', 'type: Succeed'],
  Fail: ['name: ${1:Failed}', 'type: Fail', 'error: ${2:ErrorName}', 'cause: ${3:What went wrong}'],
};

function seqItemItems(analysis: FileAnalysis, seq: Located, offset: number, dashCol: number, word: string, hasDash = true): CompletionEntry[] {
  const key = seq.steps[seq.steps.length - 1]?.key;
  const items: CompletionEntry[] = [];
  const start = hasDash ? analysis.file.lines.lineStart(analysis.file.lines.positionAt(offset).line) + dashCol : offset;
  const replace = { start, end: offset + (hasDash ? 0 : word.length) };
  if (key === 'states' || key === 'branches') {
    const pad = ' '.repeat(dashCol + 2);
    for (const [type, body] of Object.entries(STATE_SNIPPETS)) {
      items.push({
        label: `${type} state`,
        kind: 'snippet',
        detail: 'new state',
        documentation: stateTypeDoc(type),
        insertText: '- ' + body.map((l, i) => (i === 0 ? l : pad + l)).join('\n'),
        snippet: true,
        replace: hasDash ? replace : { start: offset, end: offset },
        filterText: hasDash ? `- ${word}` : word,
        sortText: `0${type}`,
      });
    }
  }
  // Keys of a new item's mapping.
  const itemSchema = resolveFor((seq.schema?.items as Schema | undefined) ?? undefined, null);
  if (hasDash) {
    const r = { start: offset - word.length, end: offset };
    for (const k of keysOf(itemSchema)) items.push({ label: k.key, kind: 'key', documentation: k.doc, insertText: `${k.key}: `, replace: r, sortText: `1${k.key}` });
  }
  return items;
}
