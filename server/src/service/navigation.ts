// Go to definition, find references and rename. State names resolve within their workflow;
// URNs resolve to declarations (in the document or a catalogue file); context paths go to the
// states that write them.
import { Span, TextEdit } from '../syntax/types';
import { YScalar } from '../syntax/yaml-tree';
import { Workflow } from '../model/types';
import { pathKey, formatPath } from '../expr/path';
import { FileAnalysis } from '../analysis/analyze';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { documentValues } from '../analysis/stages';
import { documentAt, innerSpan, scalarRename } from './locate';
import { stateNameAt, stateReferences, StateNameSite } from './state-refs';
import { contextPathAt, writersOf } from './context-paths';
import { urnAt } from './hover';
import { FileEdits, renameInTestFiles, TestRenameConflict, WorkspaceFile } from './test-refs';

export interface Location {
  /** Absent: the analysed file itself. */
  file?: string;
  span: Span;
}

export function definitionAt(analysis: FileAnalysis, offset: number): Location[] {
  if (!analysis.isCascade) return [];
  const da = documentAt(analysis, offset);
  if (!da) return [];
  const site = stateNameAt(da, offset);
  if (site) {
    const target = site.workflow.stateByName.get(site.name);
    return target?.nameNode ? [{ span: target.nameNode.span }] : [];
  }
  const u = urnAt(da, offset);
  if (u) {
    const decl = da.activities.get(u.urn) ?? da.schemas.get(u.urn);
    if (!decl) return [];
    return [{ file: decl.source, span: decl.urnNode?.span ?? decl.span }];
  }
  const p = contextPathAt(da, offset);
  if (p && p.path.root === '$') {
    return writersOf(da, p.workflow, p.path.segments.slice(0, p.segmentCount)).map((w) => ({ span: w.span }));
  }
  return [];
}

export function referencesAt(analysis: FileAnalysis, offset: number, includeDeclaration: boolean): Location[] {
  if (!analysis.isCascade) return [];
  const da = documentAt(analysis, offset);
  if (!da) return [];
  const site = stateNameAt(da, offset);
  if (site) return stateNameOccurrences(site.workflow, site.name, includeDeclaration).map((n) => ({ span: n.span }));
  const u = urnAt(da, offset);
  if (u) {
    const out: Location[] = [];
    if (includeDeclaration) {
      const decl = da.activities.get(u.urn) ?? da.schemas.get(u.urn);
      if (decl) out.push({ file: decl.source, span: decl.urnNode?.span ?? decl.span });
    }
    for (const v of documentValues(da).urns) if (v.text === u.urn && v.role !== 'activity-declaration' && v.role !== 'schema-declaration') out.push({ span: v.node.span });
    for (const wf of da.model.workflows) {
      for (const s of wf.allStates) {
        if (s.type === 'Task' && s.resource?.key === 'action' && s.resourceUrn === u.urn && s.resource.value) out.push({ span: s.resource.value.span });
      }
    }
    return dedupe(out);
  }
  const p = contextPathAt(da, offset);
  if (p) {
    const key = formatPath(p.path.segments.slice(0, p.segmentCount), p.path.root);
    const out: Location[] = [];
    const values = documentValues(da);
    const matches = (root: string, segs: Parameters<typeof formatPath>[0]): boolean => segs.length >= p.segmentCount && formatPath(segs.slice(0, p.segmentCount), root as '$') === key;
    for (const r of values.reads) if (r.workflow === p.workflow && matches(r.path.root, r.path.segments)) out.push({ span: r.path.span });
    if (includeDeclaration) for (const v of values.paths) if (v.workflow === p.workflow && v.path && (v.role === 'result' || v.role === 'catch-result') && matches(v.path.root, v.path.segments)) out.push({ span: v.path.span });
    return dedupe(out).sort((a, b) => a.span.start - b.span.start);
  }
  return [];
}

function dedupe(locs: Location[]): Location[] {
  const seen = new Set<string>();
  return locs.filter((l) => {
    const k = `${l.file ?? ''}:${l.span.start}:${l.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every scalar naming the state: its `name:` values (when asked) and all references. */
export function stateNameOccurrences(wf: Workflow, name: string, includeDeclaration: boolean): YScalar[] {
  const out: YScalar[] = [];
  if (includeDeclaration) for (const s of wf.allStates) if (s.name === name && s.nameNode) out.push(s.nameNode);
  for (const r of stateReferences(wf)) if (r.ref.name === name) out.push(r.ref.node);
  const seen = new Set<number>();
  return out.filter((n) => !seen.has(n.span.start) && seen.add(n.span.start)).sort((a, b) => a.span.start - b.span.start);
}

export interface PrepareRenameResult {
  span: Span;
  placeholder: string;
}

export function prepareRenameAt(analysis: FileAnalysis, offset: number): PrepareRenameResult | null {
  const site = renameSite(analysis, offset);
  if (!site) return null;
  const node = site.kind === 'reference' ? site.reference.ref.node : site.definition.node;
  return { span: innerSpan(node), placeholder: site.name };
}

function renameSite(analysis: FileAnalysis, offset: number): StateNameSite | undefined {
  if (!analysis.isCascade) return undefined;
  const da = documentAt(analysis, offset);
  if (!da) return undefined;
  const site = stateNameAt(da, offset);
  // Only a name that denotes a state can be renamed (not a dangling reference).
  if (!site || !site.workflow.stateByName.has(site.name)) return undefined;
  return site;
}

export class RenameError extends Error {}

const STATE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The edits that rename the state under the cursor; throws RenameError when it cannot. */
export function renameAt(analysis: FileAnalysis, offset: number, newName: string): TextEdit[] {
  return renameWithTestsAt(analysis, offset, newName, []).edits;
}

export interface RenameResult {
  /** Edits to the analysed file. */
  edits: TextEdit[];
  /** Edits to the test files (`*.cascade-test.yaml`) that target the state's workflow. */
  files: FileEdits[];
}

/**
 * Rename the state under the cursor in its workflow and in the given test files that target that
 * workflow (mock keys, `expect.path`, `expect.states`); throws RenameError when it cannot.
 */
export function renameWithTestsAt(analysis: FileAnalysis, offset: number, newName: string, testFiles: readonly WorkspaceFile[]): RenameResult {
  const site = renameSite(analysis, offset);
  if (!site) throw new RenameError('Only a state name can be renamed here.');
  if (newName === site.name) return { edits: [], files: [] };
  if (!STATE_NAME.test(newName)) throw new RenameError(`"${newName}" is not a valid state name: use letters, digits, "_", "-" and "." (PascalCase is recommended).`);
  if (site.workflow.stateByName.has(newName)) throw new RenameError(`A state named "${newName}" already exists in workflow "${site.workflow.name}".`);
  let files: FileEdits[];
  try {
    files = renameInTestFiles(analysis, site.workflow, site.name, newName, testFiles);
  } catch (e) {
    if (e instanceof TestRenameConflict) throw new RenameError(e.message);
    throw e;
  }
  return { edits: stateNameOccurrences(site.workflow, site.name, true).map((n) => scalarRename(n, newName)), files };
}

export function pathKeyOf(p: Parameters<typeof pathKey>[0]): string {
  return pathKey(p);
}

export type { DocumentAnalysis };
