// Reads a `*.cascade-test.yaml` file (spec §10): YAML with spans, validated against
// schemas/test-case.schema.json with problems at exact spans, then the cases as plain data.
// Total: a broken file yields problems and whatever cases could be read.
import { ParsedText, YMap, YNode, YPair, getPair, parseYaml, toPlain } from '../syntax/yaml-tree';
import { Span } from '../syntax/types';
import { compileSchemaFile, validateTree } from '../schema/validate';
import { Json, getOwn, isObject, toJson } from './json';

export { TEST_FILE_PATTERN } from '../analysis/test-files';

const CONTEXT_NAMES: Record<string, string> = {
  $root: 'the test file',
  case: 'a test case',
  mock: 'a mock',
  error: 'an error',
  expect: '"expect"',
};

export interface TestProblem {
  message: string;
  span: Span;
}

export interface ExpectDef {
  status?: 'succeeded' | 'failed';
  error?: { error: string; cause?: string };
  path?: string[];
  /** `snapshot` (the string) compares the output with the case's recorded snapshot. */
  output?: Json;
  hasOutput: boolean;
  states?: Record<string, { attempts?: number }>;
  duration?: string;
}

export interface TestCaseDef {
  index: number;
  name: string;
  node: YMap;
  input: Json | undefined;
  inputVersion?: string;
  clock?: string;
  mocks: Json | undefined;
  expect: ExpectDef;
  snapshot?: Json;
  hasSnapshot: boolean;
  snapshotPair?: YPair;
}

export interface TestFileDef {
  text: string;
  parsed: ParsedText;
  problems: TestProblem[];
  workflow?: string;
  name?: string;
  inputVersion?: string;
  cases: TestCaseDef[];
}

function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function readExpect(v: Json | undefined): ExpectDef {
  const e: ExpectDef = { hasOutput: false };
  if (!isObject(v)) return e;
  const status = getOwn(v, 'status');
  if (status === 'succeeded' || status === 'failed') e.status = status;
  const err = getOwn(v, 'error');
  if (isObject(err) && typeof getOwn(err, 'error') === 'string') {
    e.error = { error: getOwn(err, 'error') as string };
    const cause = getOwn(err, 'cause');
    if (typeof cause === 'string') e.error.cause = cause;
  }
  const path = getOwn(v, 'path');
  if (Array.isArray(path)) e.path = path.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
  if (Object.prototype.hasOwnProperty.call(v, 'output')) {
    e.hasOutput = true;
    e.output = getOwn(v, 'output');
  }
  const states = getOwn(v, 'states');
  if (isObject(states)) {
    const out: Record<string, { attempts?: number }> = Object.create(null);
    for (const k of Object.keys(states)) {
      const s = states[k];
      const a = isObject(s) ? getOwn(s, 'attempts') : undefined;
      out[k] = typeof a === 'number' ? { attempts: a } : {};
    }
    e.states = out;
  }
  const d = getOwn(v, 'duration');
  if (typeof d === 'string') e.duration = d;
  else if (typeof d === 'number') e.duration = `${d}s`;
  return e;
}

/** Parses and validates a test file's text. */
export function readTestFile(text: string): TestFileDef {
  const parsed = parseYaml(text);
  const problems: TestProblem[] = parsed.problems.map((p) => ({ message: p.message, span: p.span }));
  const out: TestFileDef = { text, parsed, problems, cases: [] };
  const docs = parsed.documents.filter((d) => d.root !== null);
  if (docs.length === 0) {
    if (problems.length === 0) problems.push({ message: 'The test file is empty; it needs "workflow" and "cases".', span: { start: 0, end: 0 } });
    return out;
  }
  if (docs.length > 1) problems.push({ message: 'A test file holds one YAML document; the ones after the first are ignored.', span: docs[1].span });
  const root = docs[0].root as YNode;
  for (const p of validateTree(root, compileSchemaFile('test-case.schema.json', CONTEXT_NAMES))) problems.push({ message: p.message, span: p.span });
  problems.sort((a, b) => a.span.start - b.span.start);
  if (root.kind !== 'map') return out;
  let data: Json;
  try {
    data = toJson(toPlain(root));
  } catch (e) {
    problems.push({ message: (e as Error).message, span: root.span });
    return out;
  }
  if (!isObject(data)) return out;
  out.workflow = str(getOwn(data, 'workflow'));
  out.name = str(getOwn(data, 'name'));
  out.inputVersion = str(getOwn(data, 'input_version'));
  const casesNode = getPair(root, 'cases')?.value;
  const cases = getOwn(data, 'cases');
  if (!Array.isArray(cases) || casesNode?.kind !== 'seq') return out;
  cases.forEach((c, index) => {
    const node = casesNode.items[index];
    if (!isObject(c) || node?.kind !== 'map') return;
    const name = getOwn(c, 'name');
    const snapshotPair = getPair(node, 'snapshot');
    out.cases.push({
      index,
      name: typeof name === 'string' ? name : `case ${index + 1}`,
      node,
      input: getOwn(c, 'input'),
      inputVersion: str(getOwn(c, 'input_version')),
      clock: str(getOwn(c, 'clock')),
      mocks: getOwn(c, 'mocks'),
      expect: readExpect(getOwn(c, 'expect')),
      snapshot: getOwn(c, 'snapshot'),
      hasSnapshot: snapshotPair !== undefined,
      snapshotPair,
    });
  });
  return out;
}
