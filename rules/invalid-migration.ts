// Migrations that cannot do what they say (spec §9): versions out of order, a chain with a gap,
// paths the contracts do not have, defaults of the wrong type, required fields left unset. The
// reasoning lives in shapes/contracts/migration-check.ts; this rule words it.
import { Rule } from '../server/src/analysis/rule';
import { workflowContracts } from '../server/src/analysis/contracts';
import { checkMigrations } from '../server/src/shapes/contracts/migration-check';

const PREVIOUS = `workflows:
  - name: Intake
    version: v2
    input: { customer_id: string, order_id: string }
    start: Done
    states:
      - name: Done
        type: Succeed
`;

export const rule: Rule = {
  meta: {
    id: 'invalid-migration',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Migrations must form a chain to the current version and name fields their contracts have.',
    messages: {
      notForward: 'The migration from "{{from}}" to "{{to}}" does not go forward; "to" must be newer than "from".',
      beyondVersion: 'The migration to "{{to}}" goes past the workflow\'s version "{{version}}".',
      duplicateFrom: 'A second migration from "{{from}}"; inputs of "{{from}}" can be upgraded only one way.',
      gap: 'No migration starts at "{{to}}", where the migration from "{{from}}" ends; the next one starts at "{{next}}", so older inputs cannot get past "{{to}}".',
      notCurrent: 'The migration from "{{from}}" ends at "{{to}}", but the workflow is at "{{version}}" and no migration starts at "{{to}}".',
      badPath: 'Field path "{{path}}" is not a dotted field name such as "customer.id".',
      duplicateTarget: 'Two renames write "{{path}}".',
      renameSourceUnknown: 'Rename of "{{path}}": the "{{from}}" contract has no such field{{suggestion}}',
      removeUnknown: 'Removal of "{{path}}": the "{{from}}" contract has no such field{{suggestion}}',
      targetUnknown: 'Rename target "{{path}}" is not a field of the "{{to}}" contract{{suggestion}}',
      setUnknown: 'Default for "{{path}}" is not a field of the "{{to}}" contract{{suggestion}}',
      setTypeMismatch: 'Default for "{{path}}" is {{actual}}, but the "{{to}}" contract declares {{expected}}.',
      requiredUnset: 'Field "{{path}}" is required by "{{to}}", but the migration from "{{from}}" leaves it unset; rename an old field to it or give it a default under "set".',
      mayBeUnset: 'Field "{{path}}" is required by "{{to}}", but "{{from}}" inputs may lack it after this migration; give it a default under "set".',
      typeUnhandled: 'The migration from "{{from}}" leaves "{{from}}" values in place although {{change}} in "{{to}}"; remove the field and set a default.',
    },
    docs: {
      description:
        'A migration upgrades inputs of version `from` to version `to` by renaming fields (dotted paths; missing objects are created), removing fields and setting defaults for fields that are absent, in that order. Migrations chain: each must end where the next one starts, and the last at the workflow\'s `version`. Checked from the file alone: the order of versions, the chain, and that rename targets and defaults exist in the current contract with the right type. With the previous contracts (`cascade.contracts.json` or `--baseline`): that renamed and removed fields exist in the `from` contract, and that the upgraded input has every field the `to` contract requires.',
      previous: PREVIOUS,
      valid: [
        'workflows:\n  - name: Intake\n    version: v3\n    input: { customer: { id: string }, order: { id: string }, status: string }\n    migrations:\n      - from: v2\n        to: v3\n        rename: { customer_id: customer.id, order_id: order.id }\n        set: { status: pending }\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
      ],
      invalid: [
        'workflows:\n  - name: Intake\n    version: v3\n    input: { customer: { id: string }, order: { id: string }, status: string }\n    migrations:\n      - from: v2\n        to: v3\n        #   ^^ error[invalid-migration]: Field "order" is required by "v3", but the migration from "v2" leaves it unset; rename an old field to it or give it a default under "set".\n        rename: { customer_id: customer.id, order_ids: order.id }\n        #                                   ^^^^^^^^^ error[invalid-migration]: Rename of "order_ids": the "v2" contract has no such field; did you mean "order_id"?\n        set: { status: 0 }\n        #              ^ error[invalid-migration]: Default for "status" is integer, but the "v3" contract declares string.\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
        'workflows:\n  - name: Intake\n    version: v4\n    migrations:\n      - { from: v1, to: v2 }\n      #                 ^^ error[invalid-migration]: No migration starts at "v2", where the migration from "v1" ends; the next one starts at "v3", so older inputs cannot get past "v2".\n      - { from: v3, to: v4 }\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const facts = workflowContracts(context.analysis).get(wf);
        if (!facts || !facts.contract.versionValid || facts.migrations.length === 0) return;
        const problems = checkMigrations({ version: facts.contract.version, current: facts.contract.input, migrations: facts.migrations, history: facts.history });
        // A chain that stops at the previous recorded version is missing-migration's finding.
        const missingFrom = facts.missingMigration?.version;
        for (const p of problems) {
          if ((p.messageId === 'gap' || p.messageId === 'notCurrent') && p.data.to === missingFrom) continue;
          context.report({ messageId: p.messageId, data: { suggestion: '.', ...p.data }, span: p.span, related: p.related });
        }
      },
    };
  },
};
