// Helpers for interpreter tests: build a workflow from YAML text and run it with mocks.
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { buildDocument } from '../../server/src/model/build';
import type { Workflow } from '../../server/src/model/types';
import { executeWorkflow, type ExecuteOptions, type ExecutionResult } from '../../server/src/interpreter/execute';
import { MockTable } from '../../server/src/interpreter/mocks';
import { toPlainObjects, type Json } from '../../server/src/interpreter/json';

/** The first workflow (or the named one) of a YAML text: an application, a workflows or a states fragment. */
export function workflowFrom(yaml: string, name?: string): Workflow {
  const parsed = parseYaml(yaml);
  if (parsed.problems.length) throw new Error(`YAML problems: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const wfs = parsed.documents.flatMap((d, i) => buildDocument(d, i).workflows);
  const wf = name ? wfs.find((w) => w.name === name) : wfs[0];
  if (!wf) throw new Error('no workflow');
  return wf;
}

export interface RunOutcome {
  result: ExecutionResult;
  mocks: MockTable;
  /** The output as an ordinary object, for deepEqual. */
  output: unknown;
}

export function run(yaml: string, opts: Partial<Omit<ExecuteOptions, 'work'>> & { mocks?: unknown; workflow?: string } = {}): RunOutcome {
  const wf = workflowFrom(yaml, opts.workflow);
  const mocks = new MockTable(opts.mocks ?? null);
  const result = executeWorkflow(wf, { ...opts, work: mocks });
  return { result, mocks, output: result.output === undefined ? undefined : toPlainObjects(result.output as Json) };
}

/** An ordinary-object copy of a JSON value (null-prototype objects compare unequal under deepStrictEqual). */
export function plain(v: Json | undefined): unknown {
  return v === undefined ? undefined : toPlainObjects(v);
}
