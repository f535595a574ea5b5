// Hover on a workflow's `version`: the history of its input contract as markdown — every recorded
// version with its input, what changed from the version before (breaking or compatible), how this
// file differs from the recorded contract of its version, and the migrations. No LSP types here.
import { containsOffset, Span } from '../syntax/types';
import { Workflow } from '../model/types';
import { compareVersions } from '../model/migrations';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { WorkflowContractFacts, workflowContracts } from '../analysis/contracts';
import { ContractType, describeType } from '../shapes/contracts/contract-type';
import { ContractChange, diffContractTypes } from '../shapes/contracts/diff';
import { recordedVersions } from '../shapes/contracts/history';

export interface ContractHover {
  span: Span;
  /** Markdown. */
  contents: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function inputCell(t: ContractType | undefined): string {
  return t ? `\`${cell(describeType(t, 0, 8))}\`` : '_no contract_';
}

function changesCell(changes: readonly ContractChange[]): string {
  if (changes.length === 0) return 'no change';
  const breaking = changes.filter((c) => c.breaking);
  const list = (cs: readonly ContractChange[]): string => cs.map((c) => cell(c.description)).join('; ');
  return [breaking.length ? `**breaking**: ${list(breaking)}` : '', breaking.length < changes.length ? `compatible: ${list(changes.filter((c) => !c.breaking))}` : ''].filter(Boolean).join('<br>');
}

/** The markdown history of one workflow's input contract. */
export function contractHistoryMarkdown(facts: WorkflowContractFacts): string {
  const c = facts.contract;
  const wf = facts.workflow;
  const lines = [`**Input contract of \`${wf.name}\`** — version \`${c.version}\``, ''];
  const versions = recordedVersions(facts.history).filter((v) => compareVersions(v, c.version) < 0 || v === c.version);
  const rows: string[] = [];
  let prev: ContractType | undefined;
  for (const v of versions) {
    const input = facts.history!.get(v)!.input;
    rows.push(`| ${v} | ${inputCell(input)} | ${rows.length === 0 ? '—' : changesCell(diffContractTypes(prev, input))} |`);
    prev = input;
  }
  const recordedSame = facts.history?.get(c.version);
  const sameChanges = facts.sameVersion?.changes ?? [];
  if (!recordedSame || sameChanges.length > 0) {
    const label = recordedSame ? `${c.version} (this file)` : `${c.version} (this file, not recorded)`;
    const from = recordedSame ? sameChanges : versions.length ? diffContractTypes(prev, c.input) : [];
    rows.push(`| ${label} | ${inputCell(c.input)} | ${recordedSame || versions.length ? changesCell(from) : '—'} |`);
  }
  lines.push('| version | input | change from the row above |', '|---|---|---|', ...rows, '');
  const migrations = facts.migrations.filter((m) => m.from && m.to);
  if (migrations.length) {
    lines.push('Migrations:');
    for (const m of [...migrations].sort((a, b) => compareVersions(a.from!, b.from!))) {
      const steps = [
        m.renames.length ? `rename ${m.renames.map((r) => `\`${r.from.text}\` → \`${r.to.text}\``).join(', ')}` : '',
        m.sets.length ? `set ${m.sets.map((s) => `\`${s.path.text}\``).join(', ')}` : '',
        m.removes.length ? `remove ${m.removes.map((r) => `\`${r.text}\``).join(', ')}` : '',
      ].filter(Boolean);
      lines.push(`- \`${m.from}\` → \`${m.to}\`${steps.length ? `: ${steps.join('; ')}` : ''}`);
    }
    lines.push('');
  }
  if (facts.source) lines.push(`History ${facts.source}.`);
  else lines.push('No recorded history: run `cascade-lint contracts --update` and commit `cascade.contracts.json`, or lint with `--baseline <git-ref>`.');
  return lines.join('\n');
}

function workflowAtVersion(da: DocumentAnalysis, offset: number): Workflow | undefined {
  return da.model.workflows.find((wf) => wf.version && containsOffset(wf.version.span, offset));
}

/** The hover for a `version:` key or value at `offset`, else null. */
export function contractHoverAt(da: DocumentAnalysis, offset: number): ContractHover | null {
  const wf = workflowAtVersion(da, offset);
  if (!wf || !wf.version) return null;
  const facts = workflowContracts(da).get(wf);
  if (!facts || !facts.contract.versionValid) return null;
  return { span: wf.version.span, contents: contractHistoryMarkdown(facts) };
}
