// Where a `*.cascade-test.yaml` file (spec §10) names the states of the workflow it targets:
// `mocks` keys (those that are not resource URNs), `expect.path` items and `expect.states` keys.
// Pure: the caller supplies the test files' texts; only path arithmetic, no file access.
import * as path from 'path';
import { TextEdit } from '../syntax/types';
import { YMap, YNode, YScalar, getPair, parseYaml, scalarString } from '../syntax/yaml-tree';
import { FileAnalysis } from '../analysis/analyze';
import { Workflow } from '../model/types';
import { innerSpan, scalarRename } from './locate';

/** A file of the workspace as the editor sees it (unsaved text included). */
export interface WorkspaceFile {
  file: string;
  text: string;
}

/** Edits to one file other than the analysed one. */
export interface FileEdits {
  file: string;
  edits: TextEdit[];
}

export type TestStateRole = 'mock' | 'path' | 'states';

export interface TestStateName {
  node: YScalar;
  name: string;
  role: TestStateRole;
  /** The `mocks` or `expect.states` map holding a key (to check a rename against its siblings). */
  siblings?: YMap;
  caseName: string;
}

const samePath = (a: string, b: string): boolean => {
  const x = path.resolve(a);
  const y = path.resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
};

const nameOf = (n: YScalar): string | undefined => (typeof n.value === 'string' || typeof n.value === 'number' ? String(n.value) : undefined);

function asMap(n: YNode | null | undefined): YMap | undefined {
  return n?.kind === 'map' ? n : undefined;
}

/** The test file's root mapping, when it is one well-formed document. */
function testRoot(text: string): YMap | undefined {
  const parsed = parseYaml(text);
  const docs = parsed.documents.filter((d) => d.root !== null);
  return docs.length === 1 ? asMap(docs[0].root) : undefined;
}

/**
 * Does the test file aim at `workflow` of the analysed file? Its `workflow:` path (relative to the
 * test file) must be that file, and its `name:` the workflow's, or absent when the file has only
 * this one workflow (what the test runner accepts).
 */
export function testFileTargets(testFile: string, root: YMap, analysis: FileAnalysis, workflow: Workflow): boolean {
  const target = scalarString(getPair(root, 'workflow')?.value);
  if (!target || !samePath(path.resolve(path.dirname(testFile), target), analysis.file.fileName)) return false;
  const name = getPair(root, 'name')?.value;
  if (name) return name.kind === 'scalar' && nameOf(name) === workflow.name;
  return analysis.documents.reduce((n, d) => n + d.model.workflows.length, 0) === 1;
}

/** Every state name a test file's cases write, in text order. */
export function testFileStateNames(root: YMap): TestStateName[] {
  const out: TestStateName[] = [];
  const cases = getPair(root, 'cases')?.value;
  if (cases?.kind !== 'seq') return out;
  cases.items.forEach((c, i) => {
    const kase = asMap(c);
    if (!kase) return;
    const caseName = scalarString(getPair(kase, 'name')?.value) ?? `case ${i + 1}`;
    const mocks = asMap(getPair(kase, 'mocks')?.value);
    for (const p of mocks?.pairs ?? []) {
      const name = nameOf(p.key);
      // A key with a colon is a resource URN; state names never hold one.
      if (name !== undefined && !name.includes(':')) out.push({ node: p.key, name, role: 'mock', siblings: mocks, caseName });
    }
    const expect = asMap(getPair(kase, 'expect')?.value);
    if (!expect) return;
    const trail = getPair(expect, 'path')?.value;
    if (trail?.kind === 'seq') {
      for (const item of trail.items) {
        const name = item.kind === 'scalar' ? nameOf(item) : undefined;
        if (name !== undefined) out.push({ node: item as YScalar, name, role: 'path', caseName });
      }
    }
    const states = asMap(getPair(expect, 'states')?.value);
    for (const p of states?.pairs ?? []) {
      const name = nameOf(p.key);
      if (name !== undefined) out.push({ node: p.key, name, role: 'states', siblings: states, caseName });
    }
  });
  return out.sort((a, b) => a.node.span.start - b.node.span.start);
}

export class TestRenameConflict extends Error {}

/**
 * The edits that rename state `oldName` to `newName` in the test files that target `workflow`.
 * Throws TestRenameConflict when a map of the test already has a `newName` key (the rename would
 * duplicate it).
 */
export function renameInTestFiles(analysis: FileAnalysis, workflow: Workflow, oldName: string, newName: string, files: readonly WorkspaceFile[]): FileEdits[] {
  const out: FileEdits[] = [];
  for (const f of files) {
    if (samePath(f.file, analysis.file.fileName)) continue;
    const root = testRoot(f.text);
    if (!root || !testFileTargets(f.file, root, analysis, workflow)) continue;
    const edits: TextEdit[] = [];
    const seen = new Set<number>();
    for (const n of testFileStateNames(root)) {
      if (n.name !== oldName) continue;
      // A node copied by an alias carries the alias's span (`*ref`): only the text that really
      // spells the name is edited (the anchored original, which the alias then follows), once.
      const span = innerSpan(n.node);
      if (f.text.slice(span.start, span.end) !== oldName || seen.has(span.start)) continue;
      seen.add(span.start);
      if (n.siblings?.pairs.some((p) => nameOf(p.key) === newName)) {
        const where = n.role === 'mock' ? '"mocks"' : '"expect.states"';
        throw new TestRenameConflict(`Test case "${n.caseName}" in ${path.basename(f.file)} already has "${newName}" in ${where}; renaming "${oldName}" would duplicate it.`);
      }
      edits.push(scalarRename(n.node, newName));
    }
    if (edits.length) out.push({ file: f.file, edits });
  }
  return out;
}
