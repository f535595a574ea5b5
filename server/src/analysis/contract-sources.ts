// Where previous input contracts come from: the committed contracts file (read and written
// here, keyed by path relative to it) or the files at a git revision (`git show <ref>:<path>`,
// read-only: nothing in the work tree changes). Both become the PreviousContracts of one file.
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { parseYaml } from '../syntax/yaml-tree';
import { decodeBytes } from '../syntax/decode';
import { buildDocument } from '../model/build';
import { WorkflowContract, extractContract } from '../shapes/contracts/contract';
import {
  ContractHistory,
  ContractsFileData,
  ContractsFileError,
  PreviousContracts,
  historiesFromContracts,
  historiesOf,
  parseContractsFile,
  recordsForFile,
} from '../shapes/contracts/history';
import { Catalogue, DocumentAnalysis, FileContext } from './document-analysis';
import { LineIndex } from '../syntax/line-index';

/** The contracts of every workflow in a text (all documents), without running any rule. */
export function contractsOfText(text: string, fileName: string, catalogue: Catalogue): WorkflowContract[] {
  const parsed = parseYaml(text);
  const file: FileContext = { text, fileName, lines: new LineIndex(text), parsed, catalogue };
  const out: WorkflowContract[] = [];
  parsed.documents.forEach((yd, i) => {
    const da = new DocumentAnalysis(file, buildDocument(yd, i));
    for (const wf of da.model.workflows) if (wf.name) out.push(extractContract(wf, da.schemas, da.model.schemas));
  });
  return out;
}

export function historiesOfText(text: string, fileName: string, catalogue: Catalogue): Map<string, ContractHistory> {
  return historiesFromContracts(contractsOfText(text, fileName, catalogue));
}

/** The key of a file in a contracts file: its path relative to the contracts file, with `/`. */
export function contractsKey(contractsFile: string, file: string): string {
  return path.relative(path.dirname(path.resolve(contractsFile)), path.resolve(file)).split(path.sep).join('/');
}

export function readContractsFile(file: string): ContractsFileData | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const d = decodeBytes(bytes);
  if (d.problem) throw new ContractsFileError(d.problem.message);
  return parseContractsFile(d.text);
}

export function previousFromContractsFile(data: ContractsFileData, contractsFile: string, file: string): PreviousContracts {
  return { kind: 'file', label: path.basename(contractsFile), workflows: historiesOf(recordsForFile(data, contractsKey(contractsFile, file))) };
}

// ---- git -------------------------------------------------------------------------------------

export class BaselineError extends Error {}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'buffer', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

function gitError(e: unknown): string {
  const err = e as { code?: string; stderr?: Buffer | string };
  if (err.code === 'ENOENT') return 'git is not installed (or not on PATH)';
  return String(err.stderr ?? (e as Error).message ?? e).trim().split('\n')[0];
}

/** Check that `cwd` is in a git work tree and that `ref` names a commit; throws BaselineError. */
export function checkBaselineRef(ref: string, cwd: string): void {
  if (ref === '' || ref.startsWith('-')) throw new BaselineError(`"${ref}" is not a git revision.`);
  try {
    if (git(['rev-parse', '--is-inside-work-tree'], cwd).trim() !== 'true') throw new Error('not a work tree');
  } catch (e) {
    if (e instanceof BaselineError) throw e;
    const why = gitError(e);
    throw new BaselineError(/not installed/.test(why) ? `--baseline needs git: ${why}.` : `--baseline needs a git repository, and "${cwd}" is not in one.`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd);
  } catch {
    throw new BaselineError(`Unknown git revision "${ref}" for --baseline.`);
  }
}

/** The text of `file` at `ref`, or undefined when the file did not exist there (or is outside git). */
export function readAtRevision(ref: string, file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  try {
    const bytes = execFileSync('git', ['show', `${ref}:./${path.basename(file)}`], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    const d = decodeBytes(bytes);
    return d.problem ? undefined : d.text;
  } catch {
    return undefined;
  }
}

export function previousFromBaseline(ref: string, file: string, catalogue: Catalogue): PreviousContracts {
  const text = readAtRevision(ref, file);
  return { kind: 'baseline', label: ref, workflows: text === undefined ? new Map() : historiesOfText(text, file, catalogue) };
}
