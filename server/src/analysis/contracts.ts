// The contract stage, computed once per document version and shared by the contract rules and
// the hover: each workflow's current contract, its migrations, its recorded history (from the
// contracts file or a git baseline, passed in through AnalyzeOptions.previousContracts) and the
// diffs against the same version and against the previous one.
import { State, Workflow } from '../model/types';
import { MigrationSpec, compareVersions, readMigrations, versionNumber } from '../model/migrations';
import { WorkflowContract, extractContract, longRunningStates } from '../shapes/contracts/contract';
import { ContractChange, diffContractTypes } from '../shapes/contracts/diff';
import { ContractHistory, PreviousContracts, RecordedContract, recordedVersions } from '../shapes/contracts/history';
import { DocumentAnalysis } from './document-analysis';
import { documentValues } from './stages';
import { RemovedFieldRead, findRemovedFieldReads } from '../shapes/contracts/removed-fields';

export interface VersionComparison {
  version: string;
  record: RecordedContract;
  changes: ContractChange[];
}

export interface WorkflowContractFacts {
  workflow: Workflow;
  contract: WorkflowContract;
  migrations: MigrationSpec[];
  /** The recorded history of this workflow, when previous contracts were given and name it. */
  history?: ContractHistory;
  /** Where the history came from, for messages: `recorded in "cascade.contracts.json"`, `at "HEAD~1"`. */
  source?: string;
  /** The recorded contract of the current version, and the changes since. */
  sameVersion?: VersionComparison;
  /** The newest recorded version older than the current one, and the changes since. */
  previous?: VersionComparison;
  /** The newest recorded version when it is newer than the current one. */
  newerRecorded?: string;
  /** Set when the contract differs from `previous` and no migration starts at that version. */
  missingMigration?: VersionComparison;
  longRunning: State[];
}

export function describeSource(p: PreviousContracts): string {
  return p.kind === 'baseline' ? `at "${p.label}"` : `recorded in "${p.label}"`;
}

function compare(record: RecordedContract, contract: WorkflowContract, version: string): VersionComparison {
  return { version, record, changes: diffContractTypes(record.input, contract.input, { rootSpan: contract.inputSpan ?? contract.workflow.anchor }) };
}

export function workflowContracts(a: DocumentAnalysis): Map<Workflow, WorkflowContractFacts> {
  return a.cached('contracts', () => {
    const out = new Map<Workflow, WorkflowContractFacts>();
    const previous = a.file.previousContracts;
    for (const wf of a.model.workflows) {
      const contract = extractContract(wf, a.schemas, a.model.schemas);
      const facts: WorkflowContractFacts = { workflow: wf, contract, migrations: readMigrations(wf), longRunning: longRunningStates(wf) };
      const history = previous?.workflows.get(wf.name);
      if (previous && history && contract.versionValid) {
        facts.history = history;
        facts.source = describeSource(previous);
        const versions = recordedVersions(history);
        const same = history.get(contract.version);
        if (same) facts.sameVersion = compare(same, contract, contract.version);
        const older = versions.filter((v) => compareVersions(v, contract.version) < 0);
        const prev = older[older.length - 1];
        if (prev) facts.previous = compare(history.get(prev)!, contract, prev);
        const newest = versions[versions.length - 1];
        if (newest && versionNumber(newest)! > versionNumber(contract.version)!) facts.newerRecorded = newest;
        const p = facts.previous;
        if (p && p.changes.length > 0 && !facts.newerRecorded && !facts.migrations.some((m) => m.from === p.version)) facts.missingMigration = p;
      }
      out.set(wf, facts);
    }
    return out;
  });
}

/**
 * Reads of input fields that the current contract no longer has (removed-input-field's
 * findings). `unknown-input-field` should leave these reads to it: same read, better message.
 */
export function removedFieldReads(a: DocumentAnalysis): RemovedFieldRead[] {
  return a.cached('removedFieldReads', () => {
    const reads = documentValues(a).reads;
    const out: RemovedFieldRead[] = [];
    for (const facts of workflowContracts(a).values()) {
      const current = facts.contract.input;
      if (!current) continue;
      const own = reads.filter((r) => r.workflow === facts.workflow);
      out.push(...findRemovedFieldReads(a.file.text, own, current, facts.history, facts.migrations));
    }
    return out;
  });
}
