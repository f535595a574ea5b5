// Runs the cases of `*.cascade-test.yaml` files (spec §10): loads the workflow under test from the
// typed model, executes each case with strict mocks, compares with `expect`, records coverage and
// rewrites snapshots on request. File access lives here; the executor itself does no I/O.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { decodeBytes } from '../syntax/decode';
import { LineIndex } from '../syntax/line-index';
import { Span } from '../syntax/types';
import { YMap, YNode, YPair, parseYaml, scalarCharOffsets } from '../syntax/yaml-tree';
import { buildDocument } from '../model/build';
import { Workflow } from '../model/types';
import { CoverageCollector } from './coverage';
import { DEFAULT_MAX_STEPS, ExecutionResult, doesWork, executeWorkflow, mockKeysOf } from './execute';
import { compareExpectations } from './expect';
import { Json, JsonImportError, toPlainObjects } from './json';
import { MockDefinitionError, MockTable } from './mocks';
import { parseClock } from './render';
import { TestCaseDef, readTestFile } from './test-file';
import { InputMigrationError, migrateInput } from './migrate';
import { workflowVersion } from '../model/migrations';

export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface CaseReport {
  name: string;
  passed: boolean;
  failures: string[];
  result?: ExecutionResult;
  /** Wall-clock time of the case, for JUnit. */
  wallMs: number;
  snapshotWritten?: boolean;
}

export interface FileReport {
  file: string;
  workflowFile?: string;
  workflow?: string;
  /** Problems with the test file or the workflow file: the file's cases did not run. */
  problems: Problem[];
  cases: CaseReport[];
}

/** Upgrades a case's input from an older contract version (spec §9); default: the workflow's migrations. */
export type InputMigrator = (input: Json, from: string, to: string, wf: Workflow) => Json;

export interface TestRunOptions {
  /** Run only cases whose name contains this text (case-insensitive). */
  filter?: string;
  updateSnapshots?: boolean;
  maxSteps?: number;
  coverage?: CoverageCollector;
  migrateInput?: InputMigrator;
  /** How file names appear in messages (default: absolute). */
  relative?: (file: string) => string;
}

export interface LoadedWorkflow {
  file: string;
  workflow?: Workflow;
  /** The file's text, for locating run-time failures. */
  text?: string;
  problems: Problem[];
}

/** Sets `fatal.location` (file:line:column of the failing value) when the failure is located. */
export function locateFailure(result: ExecutionResult, file: string, text: string): void {
  const f = result.fatal;
  if (!f?.node) return;
  const offset = f.span ? scalarCharOffsets(text, f.node)(f.span.start) : f.node.span.start;
  const p = new LineIndex(text).positionAt(offset);
  f.location = `${file}:${p.line + 1}:${p.character + 1}`;
}

function problemAt(file: string, text: string, span: Span, message: string): Problem {
  const p = new LineIndex(text).positionAt(span.start);
  return { file, line: p.line + 1, column: p.character + 1, message };
}

/** Reads a Cascade file and picks one workflow by name (or the only one). */
export function loadWorkflow(file: string, name: string | undefined): LoadedWorkflow {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { file, problems: [{ file, line: 1, column: 1, message: `Cannot read the workflow file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.` }] };
  }
  const decoded = decodeBytes(bytes);
  if (decoded.problem) return { file, problems: [problemAt(file, decoded.text, decoded.problem.span, decoded.problem.message)] };
  const parsed = parseYaml(decoded.text);
  if (parsed.problems.length > 0) {
    return { file, problems: parsed.problems.map((p) => problemAt(file, decoded.text, p.span, `The workflow file does not parse: ${p.message}`)) };
  }
  const workflows: Workflow[] = [];
  parsed.documents.forEach((d, i) => workflows.push(...buildDocument(d, i).workflows));
  if (workflows.length === 0) return { file, problems: [{ file, line: 1, column: 1, message: 'The file has no workflow.' }] };
  if (name === undefined) {
    if (workflows.length === 1) return { file, workflow: workflows[0], text: decoded.text, problems: [] };
    return { file, problems: [{ file, line: 1, column: 1, message: `The file has ${workflows.length} workflows; name one of ${workflows.map((w) => `"${w.name}"`).join(', ')}.` }] };
  }
  const wf = workflows.find((w) => w.name === name);
  if (wf) return { file, workflow: wf, text: decoded.text, problems: [] };
  return { file, problems: [{ file, line: 1, column: 1, message: `The file has no workflow named "${name}"; it has ${workflows.map((w) => `"${w.name}"`).join(', ')}.` }] };
}

/** Every key a mock may be written under for a workflow: state names and resources. */
export function mockableKeys(wf: Workflow): string[] {
  const keys = new Set<string>();
  for (const s of wf.allStates) {
    if (s.name) keys.add(s.name);
    if (doesWork(s)) for (const k of mockKeysOf(s)) keys.add(k);
  }
  return [...keys];
}

function runCase(c: TestCaseDef, wf: Workflow, fileVersion: string | undefined, opts: TestRunOptions, coverageFile: string, known: string[], locate: (r: ExecutionResult) => void): CaseReport {
  const t0 = performance.now();
  const report = (failures: string[], result?: ExecutionResult): CaseReport => ({ name: c.name, passed: failures.length === 0, failures, result, wallMs: performance.now() - t0 });
  let input: Json = c.input ?? (Object.create(null) as Json);
  const from = c.inputVersion ?? fileVersion;
  const to = workflowVersion(wf).version;
  if (from !== undefined && from !== to) {
    try {
      input = (opts.migrateInput ?? migrateInput)(input, from, to, wf);
    } catch (e) {
      if (e instanceof InputMigrationError) return report([`input_version: ${e.message}`]);
      throw e;
    }
  }
  if (c.clock !== undefined && parseClock(c.clock) === undefined) return report([`clock: ${JSON.stringify(c.clock)} is not a timestamp such as "2026-01-01T00:00:00Z".`]);
  let mocks: MockTable;
  try {
    mocks = new MockTable(c.mocks);
  } catch (e) {
    if (e instanceof MockDefinitionError || e instanceof JsonImportError) return report([`mocks: ${e.message}`]);
    throw e;
  }
  let result: ExecutionResult;
  try {
    result = executeWorkflow(wf, {
      input,
      clock: c.clock,
      work: mocks,
      maxSteps: opts.maxSteps ?? DEFAULT_MAX_STEPS,
      observer: opts.coverage?.observer(coverageFile, wf),
    });
  } catch (e) {
    if (e instanceof JsonImportError || e instanceof RangeError) return report([`input: ${e.message}`]);
    throw e;
  }
  locate(result);
  const failures: string[] = [];
  if (result.status === 'error') failures.push(`mocks: ${result.abort}`);
  else failures.push(...mocks.unused(known).map((m) => `mocks: ${m}`));
  const updating = !!opts.updateSnapshots && c.expect.hasOutput && c.expect.output === 'snapshot';
  failures.push(...compareExpectations(c.expect, result, { recorded: c.snapshot, has: c.hasSnapshot, updating }));
  const r = report(failures, result);
  if (updating && result.status !== 'error') r.snapshotWritten = true;
  return r;
}

/** Runs one test file; `file` is absolute. */
export function runTestFile(file: string, opts: TestRunOptions = {}): FileReport {
  const out: FileReport = { file, problems: [], cases: [] };
  let text: string;
  try {
    const decoded = decodeBytes(fs.readFileSync(file));
    if (decoded.problem) {
      out.problems.push(problemAt(file, decoded.text, decoded.problem.span, decoded.problem.message));
      return out;
    }
    text = decoded.text;
  } catch (e) {
    out.problems.push({ file, line: 1, column: 1, message: `Cannot read the test file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.` });
    return out;
  }
  const def = readTestFile(text);
  out.problems.push(...def.problems.map((p) => problemAt(file, text, p.span, p.message)));
  if (out.problems.length > 0) return out;
  if (!def.workflow) return out;
  const wfFile = path.resolve(path.dirname(file), def.workflow);
  out.workflowFile = wfFile;
  const loaded = loadWorkflow(wfFile, def.name);
  if (!loaded.workflow) {
    out.problems.push(...loaded.problems);
    return out;
  }
  const wf = loaded.workflow;
  out.workflow = wf.name;
  opts.coverage?.register(wfFile, wf);
  const known = mockableKeys(wf);
  const filter = opts.filter?.toLowerCase();
  const snapshots: { c: TestCaseDef; value: Json }[] = [];
  for (const c of def.cases) {
    if (filter && !c.name.toLowerCase().includes(filter)) continue;
    const r = runCase(c, wf, def.inputVersion, opts, wfFile, known, (res) => loaded.text !== undefined && locateFailure(res, opts.relative?.(wfFile) ?? wfFile, loaded.text));
    out.cases.push(r);
    if (r.snapshotWritten && r.result) snapshots.push({ c, value: r.result.output ?? null });
  }
  if (snapshots.length > 0) fs.writeFileSync(file, writeSnapshots(text, snapshots));
  return out;
}

/** The text of a `snapshot:` entry at `indent`, in block style for non-empty containers. */
function snapshotText(value: Json, indent: number): string {
  const plain = toPlainObjects(value);
  const empty = plain === null || typeof plain !== 'object' || Object.keys(plain as object).length === 0;
  if (empty) return `snapshot: ${YAML.stringify(plain, { lineWidth: 0 }).trimEnd()}`;
  const body = YAML.stringify(plain, { lineWidth: 0, indent: 2 }).trimEnd();
  const pad = ' '.repeat(indent + 2);
  return `snapshot:\n${body.split('\n').map((l) => pad + l).join('\n')}`;
}

/** Where the text of a pair ends: block collections can end after a line break, their last scalar does not. */
function lastContentEnd(pair: YPair): number {
  let node: YNode | null = pair.value;
  let end = pair.key.span.end;
  for (let guard = 0; node && guard < 1000; guard++) {
    end = Math.max(end, node.kind === 'scalar' || node.flow ? node.span.end : end);
    if (node.kind === 'scalar' || node.flow) break;
    if (node.kind === 'map') {
      const p: YPair | undefined = node.pairs[node.pairs.length - 1];
      if (!p) break;
      end = Math.max(end, p.key.span.end);
      node = p.value;
    } else node = node.items[node.items.length - 1] ?? null;
  }
  return end;
}

/** Writes each case's `snapshot:` entry, replacing the one it has; comments and layout elsewhere stay. */
export function writeSnapshots(text: string, snapshots: { c: TestCaseDef; value: Json }[]): string {
  const lines = new LineIndex(text);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const { c, value } of snapshots) {
    const node: YMap = c.node;
    if (node.flow) throw new Error(`Case "${c.name}" is a flow mapping ({...}); write it in block style to record a snapshot.`);
    const first = node.pairs[0];
    if (!first) continue;
    const indent = lines.positionAt(first.key.span.start).character;
    const entry = snapshotText(value, indent);
    if (c.snapshotPair) {
      edits.push({ start: c.snapshotPair.key.span.start, end: lastContentEnd(c.snapshotPair), text: entry });
    } else {
      const last = node.pairs[node.pairs.length - 1];
      const after = lastContentEnd(last);
      // After the rest of that line, so that a trailing comment stays where it is.
      const eol = text.indexOf('\n', after);
      const at = eol < 0 ? text.length : text[eol - 1] === '\r' ? eol - 1 : eol;
      edits.push({ start: at, end: at, text: `${lines.text.includes('\r\n') ? '\r\n' : '\n'}${' '.repeat(indent)}${entry}` });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
