// Small builders for the contract tests: a contract type from compact-type YAML or from JSON
// Schema, and the CLI run in a folder with its output captured.
import { Io, runCli } from '../../server/src/cli/main';
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { ContractType, compactToType, schemaToType } from '../../server/src/shapes/contracts/contract-type';

/** `compact('{ a: string, b: number? }')` -> the object type. */
export function compact(yaml: string): ContractType {
  return compactToType(parseYaml(yaml).documents[0].root).type;
}

export function schema(json: unknown): ContractType {
  return schemaToType(json);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in `cwd` with captured output. */
export async function cli(cwd: string, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => '', isTTY: false, env: {} };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
