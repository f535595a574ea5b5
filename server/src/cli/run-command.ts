// `cascade-lint run FILE`: executes one workflow once with the reference interpreter and prints
// its final status and output; `--trace` prints every visit. Exit 0 succeeded, 1 failed, 2 usage.
import * as fs from 'fs';
import * as path from 'path';
import { parseYaml, toPlain } from '../syntax/yaml-tree';
import { decodeBytes } from '../syntax/decode';
import { loadWorkflow, locateFailure, mockableKeys } from '../interpreter/test-runner';
import { executeWorkflow, DEFAULT_TRACE_LIMIT } from '../interpreter/execute';
import { MockDefinitionError, MockTable } from '../interpreter/mocks';
import { Json, JsonImportError, stringify, toJson } from '../interpreter/json';
import { parseClock } from '../interpreter/render';
import { formatRunResult, formatTrace } from '../interpreter/report';
import { InputMigrationError, migrateInput } from '../interpreter/migrate';
import { isVersion, workflowVersion } from '../model/migrations';
import type { Io } from './main';
import { UsageError } from './usage-error';
import { optionReader, parseSteps } from './options';

export const RUN_HELP = `Usage: cascade-lint run FILE [options]

Executes one workflow once with the reference interpreter (virtual time, mocked work) and
prints the final status and output.

Options:
  --workflow <name>          the workflow to run (needed when the file has several)
  --input <json|@file>       workflow.input as JSON text, or @file for a JSON or YAML file (default {})
  --input-version <v<N>>     the contract version the input is written for, when older than the
                             workflow's; it is upgraded through the workflow's migrations first
  --mocks <file>             a YAML or JSON mapping from state names or resource URNs to mocks,
                             as under "mocks:" in a test case
  --clock <time>             virtual start time (default 2026-01-01T00:00:00Z)
  --max-steps <n>            states the execution may enter before it stops (default 10000)
  --trace                    print each visit: input, parameters, attempts and delays, result, output, catch
  --trace-limit <n>          visits the trace keeps (default ${DEFAULT_TRACE_LIMIT})
  --json                     print the result as JSON
  -h, --help                 print this help

Exit codes: 0 the execution succeeded, 1 it failed (or a mock was missing), 2 usage error.
`;

function readData(io: Io, file: string, what: string): unknown {
  const abs = path.resolve(io.cwd, file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    throw new UsageError(`Cannot read ${what} "${file}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const d = decodeBytes(bytes);
  if (d.problem) throw new UsageError(`${what} "${file}": ${d.problem.message}`);
  const parsed = parseYaml(d.text);
  if (parsed.problems.length) throw new UsageError(`${what} "${file}" does not parse: ${parsed.problems[0].message}`);
  return toPlain(parsed.documents.find((x) => x.root)?.root ?? null);
}

export function runCommand(argv: string[], io: Io): number {
  let file: string | undefined;
  let workflowName: string | undefined;
  let inputArg: string | undefined;
  let inputVersion: string | undefined;
  let mocksFile: string | undefined;
  let clock: string | undefined;
  let maxSteps: number | undefined;
  let trace = false;
  let traceLimit: number | undefined;
  let asJson = false;
  const r = optionReader(argv);
  for (let a = r.next(); a; a = r.next()) {
    switch (a.flag) {
      case '--workflow':
      case '-w':
        workflowName = a.value();
        break;
      case '--input':
      case '-i':
        inputArg = a.value();
        break;
      case '--input-version':
        inputVersion = a.value();
        if (!isVersion(inputVersion)) throw new UsageError(`--input-version needs a contract version such as "v1", not "${inputVersion}".`);
        break;
      case '--mocks':
      case '-m':
        mocksFile = a.value();
        break;
      case '--clock':
        clock = a.value();
        if (parseClock(clock) === undefined) throw new UsageError(`--clock needs a timestamp such as "2026-01-01T00:00:00Z", not "${clock}".`);
        break;
      case '--max-steps':
        maxSteps = parseSteps(a.value());
        break;
      case '--trace':
        trace = true;
        break;
      case '--trace-limit':
        traceLimit = parseSteps(a.value());
        trace = true;
        break;
      case '--json':
        asJson = true;
        break;
      case '-h':
      case '--help':
        io.stdout(RUN_HELP);
        return 0;
      default:
        if (a.flag.startsWith('-') && a.flag !== '-') throw new UsageError(`Unknown option "${a.flag}" for "cascade-lint run"; see "cascade-lint run --help".`);
        if (file !== undefined) throw new UsageError(`"cascade-lint run" runs one file; "${file}" and "${a.raw}" were given.`);
        file = a.raw;
    }
  }
  if (!file) throw new UsageError('"cascade-lint run" needs a Cascade file; see "cascade-lint run --help".');
  let input: unknown = {};
  if (inputArg !== undefined) {
    if (inputArg.startsWith('@')) input = readData(io, inputArg.slice(1), 'the input file');
    else {
      try {
        input = JSON.parse(inputArg) as unknown;
      } catch (e) {
        throw new UsageError(`--input is not JSON: ${(e as Error).message}`);
      }
    }
  }
  let mocks: MockTable;
  try {
    input = toJson(input);
    mocks = new MockTable(mocksFile ? readData(io, mocksFile, 'the mocks file') : null);
  } catch (e) {
    if (e instanceof MockDefinitionError || e instanceof JsonImportError) throw new UsageError(e.message);
    throw e;
  }
  const loaded = loadWorkflow(path.resolve(io.cwd, file), workflowName);
  if (!loaded.workflow) {
    for (const p of loaded.problems) io.stderr(`cascade-lint: ${path.relative(io.cwd, p.file) || p.file}:${p.line}:${p.column}: ${p.message}\n`);
    return 2;
  }
  const current = workflowVersion(loaded.workflow).version;
  if (inputVersion !== undefined && inputVersion !== current) {
    try {
      input = migrateInput(input as Json, inputVersion, current, loaded.workflow);
    } catch (e) {
      if (e instanceof InputMigrationError) throw new UsageError(`--input-version ${inputVersion}: ${e.message}`);
      throw e;
    }
  }
  const result = executeWorkflow(loaded.workflow, { input, clock, work: mocks, maxSteps, trace, traceLimit });
  if (loaded.text !== undefined) locateFailure(result, path.relative(io.cwd, loaded.file) || loaded.file, loaded.text);
  const unused = result.status === 'error' ? [] : mocks.unused(mockableKeys(loaded.workflow));
  if (asJson) {
    io.stdout(
      stringify(
        toJson({
          status: result.status,
          error: result.error ?? (result.abort ? { error: 'MockError', cause: result.abort } : undefined),
          at: result.fatal?.location,
          output: result.output,
          path: result.path,
          attempts: Object.fromEntries(result.attempts),
          startedAt: result.startedAt,
          durationMs: result.durationMs,
          steps: result.steps,
          unusedMocks: unused,
          trace: trace ? result.trace : undefined,
        }),
        2,
      ) + '\n',
    );
  } else {
    if (trace) io.stdout(formatTrace(result.trace, result.traceDropped) + '\n');
    io.stdout(formatRunResult(result));
    for (const u of unused) io.stderr(`cascade-lint: warning: ${u}\n`);
  }
  return result.status === 'succeeded' ? 0 : 1;
}
