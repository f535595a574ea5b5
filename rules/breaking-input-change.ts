// A breaking change of a workflow's input contract under a version that was already recorded
// (spec §9): executions paused under that version, and callers that follow it, would meet an
// input they do not satisfy. The fix is a version bump and a migration.
import { Rule } from '../server/src/analysis/rule';
import { workflowContracts } from '../server/src/analysis/contracts';
import { insertAfterEntry } from '../server/src/analysis/yaml-edits';
import { breakingChanges, describeChanges } from '../server/src/shapes/contracts/diff';
import { versionNumber } from '../server/src/model/migrations';
import { Fix } from '../server/src/syntax/types';

const PREVIOUS = `workflows:
  - name: Intake
    version: v1
    input: { customer_id: string, note: string? }
    start: Done
    states:
      - name: Done
        type: Succeed
`;

export const rule: Rule = {
  meta: {
    id: 'breaking-input-change',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A breaking input-contract change needs a new version.',
    messages: {
      breaking: 'The input contract of "{{workflow}}" changed incompatibly under the same version "{{version}}" ({{source}}): {{changes}}.',
      versionDecreased: 'Version "{{version}}" of "{{workflow}}" is older than "{{newer}}" ({{source}}); executions started under "{{newer}}" cannot go back to it.',
    },
    docs: {
      description:
        'An execution paused in a HumanTask, Receive or Wait resumes under the newly deployed workflow with the input it started with (spec §7). So a change of the input contract that refuses inputs the old one accepted — a field removed or renamed, a type changed, an optional field made required, a new required field, an enum narrowed — must come with a new `version` and a migration that upgrades old inputs. The previous contracts come from `cascade.contracts.json` (`cascade-lint contracts --update`) or from a git revision (`--baseline <ref>`); without either the rule is quiet. Compatible changes (a new optional field, a widened type) need no new version.',
      previous: PREVIOUS,
      valid: [
        'workflows:\n  - name: Intake\n    version: v1\n    input: { customer_id: string, note: string?, channel: string? }\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
        'workflows:\n  - name: Intake\n    version: v2\n    input: { customer_id: string, note: string }\n    migrations:\n      - { from: v1, to: v2, set: { note: "" } }\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
      ],
      invalid: [
        'workflows:\n  - name: Intake\n    version: v1\n    #        ^^ error[breaking-input-change]: The input contract of "Intake" changed incompatibly under the same version "v1" (at "HEAD"): field "customer_id" changed type from string to integer; field "note" is now required (it was optional).\n    input: { customer_id: integer, note: string }\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const facts = workflowContracts(context.analysis).get(wf);
        if (!facts?.source) return;
        const c = facts.contract;
        const span = wf.version?.valueSpan ?? c.inputSpan ?? wf.anchor;
        if (facts.newerRecorded) {
          context.report({ messageId: 'versionDecreased', data: { workflow: wf.name, version: c.version, newer: facts.newerRecorded, source: facts.source }, span });
          return;
        }
        const breaking = breakingChanges(facts.sameVersion?.changes ?? []);
        if (breaking.length === 0) return;
        const next = `v${(versionNumber(c.version) ?? 0) + 1}`;
        const suggestions: Fix[] = [];
        if (wf.version?.value) suggestions.push({ title: `Bump the version to "${next}"`, edits: [{ span: wf.version.valueSpan, newText: next }] });
        else if (wf.nameNode && !wf.node.flow) {
          const nameEntry = wf.fields.get('name')!;
          suggestions.push({ title: `Add "version: ${next}"`, edits: [insertAfterEntry(context.text, nameEntry.keySpan, nameEntry.span, [`version: ${next}`])] });
        }
        context.report({
          messageId: 'breaking',
          data: { workflow: wf.name, version: c.version, source: facts.source, changes: describeChanges(breaking, 6) },
          span,
          related: breaking.filter((b) => b.span).map((b) => ({ span: b.span!, message: b.description })),
          hint: `Bump "version" to "${next}" and add a migration from "${c.version}" to "${next}" that upgrades "${c.version}" inputs.`,
          suggestions,
        });
      },
    };
  },
};
