// `cascade-lint contracts [--update|--check] [paths]`: the input contracts of the workflows
// (spec §9), printed, recorded into `cascade.contracts.json` (the current contract of each
// workflow under its version; versions recorded earlier are kept), or checked to be up to date.
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../analysis/project';
import { contractsKey, contractsOfText } from '../analysis/contract-sources';
import { decodeBytes } from '../syntax/decode';
import { parseYaml } from '../syntax/yaml-tree';
import { isCascadeFile } from '../model/build';
import { ContractsFileData, ContractRecordJson, readRecord, recordContract, recordsForFile, serializeContractsFile, stableStringify } from '../shapes/contracts/history';
import { breakingChanges, describeChanges, diffContractTypes } from '../shapes/contracts/diff';
import { findFiles } from './files';
import type { Io } from './main';
import { UsageError } from './usage-error';

export const CONTRACTS_HELP = `Usage: cascade-lint contracts [--update | --check] [options] [paths|globs...]

The input contracts of the workflows (spec §9): each workflow's version and input type.

  (no flag)             print the contracts file that --update would write
  --update              write it: cascade.contracts.json next to .cascade-lint.yaml (or the
                        config's "contracts:" path; the current folder without a config). Each
                        workflow's current contract is recorded under its version; versions
                        recorded before are kept, entries of deleted files are dropped
  --check               exit 1 when the contracts file lacks a current contract or records
                        a different one under the same version
  -c, --config <file>   use this config file instead of .cascade-lint.yaml lookup
  -h, --help            print this help

Commit the file; the rules breaking-input-change, missing-migration, invalid-migration and
removed-input-field compare with it (or with a git revision: "cascade-lint --baseline <ref>").
`;

interface ContractsOptions {
  mode: 'print' | 'update' | 'check';
  config?: string;
  patterns: string[];
  help: boolean;
}

function parseContractsArgs(argv: string[]): ContractsOptions {
  const o: ContractsOptions = { mode: 'print', patterns: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--update' || a === '--check') {
      const mode = a === '--update' ? 'update' : 'check';
      if (o.mode !== 'print' && o.mode !== mode) throw new UsageError('Use either --update or --check, not both.');
      o.mode = mode;
    } else if (a === '-c' || a === '--config') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`Option "${a}" needs a value.`);
      o.config = v;
    } else if (a.startsWith('--config=')) o.config = a.slice('--config='.length);
    else if (a === '-h' || a === '--help') o.help = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option "${a}" for "contracts"; see "cascade-lint contracts --help".`);
    else o.patterns.push(a);
  }
  return o;
}

function cloneData(d: ContractsFileData | undefined): ContractsFileData {
  const out: ContractsFileData = new Map();
  for (const [f, wfs] of d ?? []) out.set(f, new Map([...wfs].map(([w, vs]) => [w, new Map(vs)])));
  return out;
}

function sameRecord(a: ContractRecordJson | undefined, b: ContractRecordJson): boolean {
  return a !== undefined && stableStringify(a) === stableStringify(b);
}

export function contractsCommand(argv: string[], io: Io): number {
  const o = parseContractsArgs(argv);
  if (o.help) {
    io.stdout(CONTRACTS_HELP);
    return 0;
  }
  const configFile = o.config ? path.resolve(io.cwd, o.config) : undefined;
  if (configFile && !fs.existsSync(configFile)) throw new UsageError(`Config file "${o.config}" does not exist.`);
  const project = new Project({ configFile, cwd: io.cwd });
  // contracts file -> its new content, and what changed in it
  const targets = new Map<string, { data: ContractsFileData; notes: string[]; added: number; updated: number }>();
  for (const t of findFiles(o.patterns, io.cwd)) {
    if (project.isIgnored(t.file)) continue;
    const decoded = decodeBytes(fs.readFileSync(t.file));
    if (decoded.problem) continue;
    if (!t.explicit && !isCascadeFile(t.file, parseYaml(decoded.text))) continue;
    const contractsFile = project.contractsFileFor(t.file);
    let target = targets.get(contractsFile);
    if (!target) {
      target = { data: cloneData(project.contractsData(contractsFile)), notes: [], added: 0, updated: 0 };
      targets.set(contractsFile, target);
    }
    const key = contractsKey(contractsFile, t.file);
    const rel = path.relative(io.cwd, t.file) || t.file;
    // A workflow recorded under another (moved) file keeps its history.
    const carried = recordsForFile(target.data, key);
    const seen = new Set<string>();
    for (const c of contractsOfText(decoded.text, t.file, project.catalogueFor(t.file))) {
      const name = c.workflow.name;
      if (seen.has(name)) continue;
      seen.add(name);
      if (!c.versionValid) {
        target.notes.push(`${rel}: "${name}" skipped: its version "${c.version}" is not of the form "v<N>".`);
        continue;
      }
      const record = recordContract(c);
      let wfs = target.data.get(key);
      if (!wfs) target.data.set(key, (wfs = new Map()));
      let versions = wfs.get(name);
      if (!versions) wfs.set(name, (versions = new Map(carried.get(name) ?? [])));
      const before = versions.get(c.version);
      if (sameRecord(before, record)) continue;
      if (before) {
        const breaking = breakingChanges(diffContractTypes(readRecord(before).input, readRecord(record).input));
        target.updated++;
        target.notes.push(`${rel}: "${name}" ${c.version} ${o.mode === 'check' ? 'differs from the recorded contract' : 'updated'}${breaking.length ? ` (breaking under the same version: ${describeChanges(breaking)})` : ''}.`);
      } else {
        target.added++;
        target.notes.push(`${rel}: "${name}" ${c.version} ${o.mode === 'check' ? 'is not recorded' : 'recorded'}.`);
      }
      versions.set(c.version, record);
    }
  }
  // Entries of files that no longer exist go.
  for (const [contractsFile, target] of targets) {
    for (const key of [...target.data.keys()]) {
      if (!fs.existsSync(path.resolve(path.dirname(contractsFile), key))) {
        target.data.delete(key);
        target.notes.push(`${key}: dropped (the file no longer exists).`);
        target.updated++;
      }
    }
  }
  let exit = 0;
  for (const [contractsFile, target] of targets) {
    const text = serializeContractsFile(target.data);
    const shown = path.relative(io.cwd, contractsFile) || contractsFile;
    if (o.mode === 'print') {
      io.stdout(targets.size > 1 ? `// ${shown}\n${text}` : text);
      continue;
    }
    const changed = target.added + target.updated > 0 || !fs.existsSync(contractsFile);
    if (o.mode === 'check') {
      if (changed) {
        exit = 1;
        io.stdout(`${shown} is out of date:\n${target.notes.map((n) => `  ${n}`).join('\n') || '  (not written yet)'}\nRun "cascade-lint contracts --update" and commit the result.\n`);
      } else io.stdout(`${shown} is up to date.\n`);
      continue;
    }
    if (changed) fs.writeFileSync(contractsFile, text);
    for (const n of target.notes) io.stdout(`${n}\n`);
    io.stdout(changed ? `Wrote ${shown}: ${target.added} contract(s) recorded, ${target.updated} updated.\n` : `${shown} is up to date.\n`);
  }
  if (targets.size === 0) io.stderr('cascade-lint: no Cascade workflows found.\n');
  return exit;
}
