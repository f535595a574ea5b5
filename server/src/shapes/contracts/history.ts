// The history of input contracts: what `cascade.contracts.json` holds (file -> workflow ->
// version -> canonical JSON Schema of the input) and what a git baseline yields, both read into
// the same `PreviousContracts` for the analysis. Writing is deterministic: keys sorted (versions
// by number), two-space indent, trailing newline, so the committed file diffs well.
import { compareVersions, isVersion } from '../../model/migrations';
import { ContractType, schemaToType, typeToSchema } from './contract-type';
import { WorkflowContract } from './contract';

/** One recorded version of a contract; `input` undefined: the workflow declared none. */
export interface RecordedContract {
  input?: ContractType;
}

/** version -> recorded contract. */
export type ContractHistory = Map<string, RecordedContract>;

export interface PreviousContracts {
  kind: 'file' | 'baseline';
  /** For messages: the contracts file's name, or the git revision. */
  label: string;
  /** workflow name -> its history. */
  workflows: Map<string, ContractHistory>;
}

/** The JSON form of one version: `{ "input": <JSON Schema> }`, or `{}` without a contract. */
export type ContractRecordJson = { input?: unknown };

/** file (relative to the contracts file, forward slashes) -> workflow -> version -> record. */
export type ContractsFileData = Map<string, Map<string, Map<string, ContractRecordJson>>>;

export const CONTRACTS_FILE_NAME = 'cascade.contracts.json';
export const CONTRACTS_FILE_COMMENT = 'Input contracts of every workflow, per version (spec §9). Written by "cascade-lint contracts --update"; commit it, and update it when a version is released.';

export class ContractsFileError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse the text of a contracts file; throws ContractsFileError with a readable message. */
export function parseContractsFile(text: string): ContractsFileData {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ContractsFileError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(raw)) throw new ContractsFileError('the file must hold a JSON object');
  const files = Object.prototype.hasOwnProperty.call(raw, 'files') ? raw.files : undefined;
  if (files === undefined) return new Map();
  if (!isRecord(files)) throw new ContractsFileError('"files" must be an object');
  const data: ContractsFileData = new Map();
  for (const file of Object.keys(files)) {
    const wfs = files[file];
    if (!isRecord(wfs)) throw new ContractsFileError(`"files.${file}" must be an object of workflows`);
    const m = new Map<string, Map<string, ContractRecordJson>>();
    for (const wf of Object.keys(wfs)) {
      const versions = wfs[wf];
      if (!isRecord(versions)) throw new ContractsFileError(`"files.${file}.${wf}" must be an object of versions`);
      const vm = new Map<string, ContractRecordJson>();
      for (const v of Object.keys(versions)) {
        const rec = versions[v];
        if (!isVersion(v)) throw new ContractsFileError(`"${v}" under "files.${file}.${wf}" is not a version "v<N>"`);
        if (!isRecord(rec)) throw new ContractsFileError(`"files.${file}.${wf}.${v}" must be an object`);
        vm.set(v, Object.prototype.hasOwnProperty.call(rec, 'input') ? { input: rec.input } : {});
      }
      m.set(wf, vm);
    }
    data.set(file, m);
  }
  return data;
}

/** JSON text with object keys sorted (version keys by number) and a trailing newline. */
export function stableStringify(value: unknown): string {
  const order = (a: string, b: string): number => (isVersion(a) && isVersion(b) ? compareVersions(a, b) : a < b ? -1 : a > b ? 1 : 0);
  const sort = (v: unknown, depth: number): unknown => {
    if (depth > 200) return null;
    if (Array.isArray(v)) return v.map((x) => sort(x, depth + 1));
    if (v instanceof Map) return sort(Object.fromEntries(v), depth);
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort(order)) Object.defineProperty(out, k, { value: sort(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value, 0), null, 2) + '\n';
}

export function serializeContractsFile(data: ContractsFileData): string {
  const files: Record<string, unknown> = {};
  for (const [file, wfs] of data) {
    const w = Object.fromEntries([...wfs].map(([name, versions]) => [name, Object.fromEntries(versions)]));
    Object.defineProperty(files, file, { value: w, enumerable: true, writable: true, configurable: true });
  }
  return stableStringify({ comment: CONTRACTS_FILE_COMMENT, files });
}

export function recordContract(c: WorkflowContract): ContractRecordJson {
  return c.input ? { input: typeToSchema(c.input) } : {};
}

export function readRecord(rec: ContractRecordJson): RecordedContract {
  return rec.input === undefined ? {} : { input: schemaToType(rec.input) };
}

/**
 * The records of one file's workflows: its own entry, and for a workflow its entry does not name,
 * the entry of the one other file that has a workflow of that name (a file moved or renamed
 * since the contracts file was written). Two other files with the name: ambiguous, nothing.
 */
export function recordsForFile(data: ContractsFileData, key: string): Map<string, Map<string, ContractRecordJson>> {
  const out = new Map(data.get(key) ?? []);
  const elsewhere = new Map<string, Map<string, ContractRecordJson> | null>();
  for (const [file, wfs] of data) {
    if (file === key) continue;
    for (const [name, versions] of wfs) elsewhere.set(name, elsewhere.has(name) ? null : versions);
  }
  for (const [name, versions] of elsewhere) if (versions && !out.has(name)) out.set(name, versions);
  return out;
}

/** The histories of one file's workflows, as the analysis takes them. */
export function historiesOf(records: Map<string, Map<string, ContractRecordJson>> | undefined): Map<string, ContractHistory> {
  const out = new Map<string, ContractHistory>();
  for (const [wf, versions] of records ?? []) {
    const h: ContractHistory = new Map();
    for (const [v, rec] of versions) h.set(v, readRecord(rec));
    out.set(wf, h);
  }
  return out;
}

/** Histories from the workflows of another revision of a file (one version each). */
export function historiesFromContracts(contracts: readonly WorkflowContract[]): Map<string, ContractHistory> {
  const out = new Map<string, ContractHistory>();
  for (const c of contracts) {
    if (!c.versionValid || out.has(c.workflow.name)) continue;
    // Through the JSON form, so that a baseline and the contracts file compare alike.
    out.set(c.workflow.name, new Map([[c.version, readRecord(JSON.parse(JSON.stringify(recordContract(c))) as ContractRecordJson)]]));
  }
  return out;
}

/** The recorded versions of a history, oldest first. */
export function recordedVersions(h: ContractHistory | undefined): string[] {
  return h ? [...h.keys()].filter(isVersion).sort(compareVersions) : [];
}
