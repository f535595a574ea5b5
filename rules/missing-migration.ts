// A bumped version whose input contract differs from the previous recorded one, with no
// migration from that version (spec §9): inputs and paused executions of the previous version
// cannot be upgraded. Worded more strongly when the workflow can pause for days (spec §7).
import { Rule } from '../server/src/analysis/rule';
import { workflowContracts } from '../server/src/analysis/contracts';
import { appendListItem, insertAfterEntry } from '../server/src/analysis/yaml-edits';
import { ContractChange, breakingChanges, describeChanges } from '../server/src/shapes/contracts/diff';
import { Fix, TextEdit } from '../server/src/syntax/types';
import { Workflow } from '../server/src/model/types';

const PREVIOUS = `workflows:
  - name: Intake
    version: v2
    input: { customer_id: string, order_id: string }
    start: Review
    states:
      - name: Review
        type: HumanTask
        timeout: 2d
        end: true
`;

function flowList(items: string[]): string {
  return `[${items.join(', ')}]`;
}

/** The lines of a migration skeleton: renames the diff recognised, removals, and what must still be set. */
function skeleton(from: string, to: string, changes: readonly ContractChange[]): string[] {
  const lines = [`from: ${from}`, `to: ${to}`];
  const renames = changes.filter((c) => c.kind === 'field-renamed');
  const removed = changes.filter((c) => c.kind === 'field-removed').map((c) => c.path);
  const unset = changes.filter((c) => c.kind === 'required-added' || c.kind === 'made-required').map((c) => c.path);
  if (renames.length) {
    lines.push(`rename: { ${renames.map((c) => `${c.renamedFrom}: ${c.path}`).join(', ')} }`);
  }
  if (unset.length) lines.push(`# required in ${to}: rename an old field to each or set a default: ${unset.join(', ')}`);
  if (removed.length) lines.push(`remove: ${flowList(removed)}`);
  return lines;
}

function insertMigration(text: string, wf: Workflow, lines: string[]): TextEdit | undefined {
  if (wf.node.flow) return undefined;
  const existing = wf.fields.get('migrations');
  if (existing?.value) return appendListItem(text, existing.value, lines);
  if (existing) return undefined;
  const after = wf.version ?? wf.fields.get('name');
  if (!after) return undefined;
  return insertAfterEntry(text, after.keySpan, after.span, ['migrations:', ...lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))]);
}

export const rule: Rule = {
  meta: {
    id: 'missing-migration',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A new version with a changed input contract needs a migration from the previous version.',
    messages: {
      missing: 'Version "{{version}}" of "{{workflow}}" changes the input contract of "{{previous}}" ({{changes}}), but no migration from "{{previous}}" upgrades older inputs.',
      missingLongRunning:
        'Version "{{version}}" of "{{workflow}}" changes the input contract of "{{previous}}" ({{changes}}), but no migration from "{{previous}}" exists: executions paused in {{states}} when "{{version}}" is deployed resume with "{{previous}}" input they cannot use.',
      missingCompatible:
        'Version "{{version}}" of "{{workflow}}" changes the input contract of "{{previous}}" compatibly ({{changes}}), but no migration from "{{previous}}" exists; add one, without steps if nothing needs upgrading, so that "{{previous}}" inputs reach "{{version}}".',
    },
    docs: {
      description:
        'When `version` is bumped because the input contract changed, old inputs — and, above all, executions paused in a HumanTask, Receive, Wait or `waitFor` Task when the new version is deployed (spec §7) — must be upgraded by a migration from the previous version (`migrations: [{from, to, rename, set, remove}]`). The previous contract comes from `cascade.contracts.json` or `--baseline <ref>`; without either the rule is quiet. A breaking difference is an error; a compatible one is a warning, since old inputs are still valid but the chain of migrations would have a hole. The suggested fix inserts a migration skeleton.',
      previous: PREVIOUS,
      valid: [
        'workflows:\n  - name: Intake\n    version: v3\n    input: { customer: { id: string }, order_id: string }\n    migrations:\n      - from: v2\n        to: v3\n        rename: { customer_id: customer.id }\n    start: Review\n    states:\n      - name: Review\n        type: HumanTask\n        timeout: 2d\n        end: true\n',
      ],
      invalid: [
        'workflows:\n  - name: Intake\n    version: v3\n    #        ^^ error[missing-migration]: Version "v3" of "Intake" changes the input contract of "v2" (field "customer_id" (string) was removed; required field "customer" ({id: string}) was added), but no migration from "v2" exists: executions paused in "Review" (HumanTask) when "v3" is deployed resume with "v2" input they cannot use.\n    input: { customer: { id: string }, order_id: string }\n    start: Review\n    states:\n      - name: Review\n        type: HumanTask\n        timeout: 2d\n        end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const facts = workflowContracts(context.analysis).get(wf);
        const prev = facts?.missingMigration;
        if (!facts || !prev) return;
        const c = facts.contract;
        const breaking = breakingChanges(prev.changes);
        const shown = breaking.length ? breaking : prev.changes;
        const lines = skeleton(prev.version, c.version, prev.changes);
        const edit = insertMigration(context.text, wf, lines);
        const suggestions: Fix[] = edit ? [{ title: `Add a migration from "${prev.version}" to "${c.version}"`, edits: [edit] }] : [];
        const related = [
          ...(breaking.length ? facts.longRunning.map((s) => ({ span: s.anchor, message: `"${s.name}" can pause an execution for days` })) : []),
          ...shown.filter((x) => x.span).map((x) => ({ span: x.span!, message: x.description })),
        ];
        const data: Record<string, string> = { version: c.version, workflow: wf.name, previous: prev.version, changes: describeChanges(shown) };
        let messageId = 'missing';
        if (!breaking.length) messageId = 'missingCompatible';
        else if (facts.longRunning.length) {
          messageId = 'missingLongRunning';
          const names = facts.longRunning.slice(0, 3).map((s) => `"${s.name}" (${s.type === 'Task' ? 'waitFor Task' : s.type})`);
          data.states = facts.longRunning.length > 3 ? `${names.join(', ')} and ${facts.longRunning.length - 3} more` : names.join(names.length === 2 ? ' or ' : ', ');
        }
        context.report({
          messageId,
          data,
          span: wf.version?.valueSpan ?? c.inputSpan ?? wf.anchor,
          severity: breaking.length ? undefined : 'warning',
          related,
          hint: `Add a migration from "${prev.version}" to "${c.version}" that renames, sets and removes fields so that a "${prev.version}" input satisfies the "${c.version}" contract (compared with the contract ${facts.source}).`,
          suggestions,
        });
      },
    };
  },
};
