// Upgrades an input written for an older contract version to the workflow's version (spec §9)
// through the workflow's migrations, one after the other: what `input_version:` in a test case
// and `cascade-lint run --input-version` do before the execution starts. The chain semantics
// and the value transformation are model/migrations.ts's, shared with invalid-migration.
import { Workflow } from '../model/types';
import { applyMigrationChain, migrationSteps, planMigrationChain, readMigrations, MigrationSteps } from '../model/migrations';
import { Json, toJson } from './json';

/** The input cannot be upgraded: no chain of migrations, or a rename under a non-object. */
export class InputMigrationError extends Error {}

export function migrateInput(input: Json, from: string, to: string, wf: Workflow): Json {
  const steps = readMigrations(wf)
    .map((m) => migrationSteps(m))
    .filter((s): s is MigrationSteps => s !== undefined);
  const chain = planMigrationChain(steps, from, to);
  if ('error' in chain) throw new InputMigrationError(`cannot upgrade the input from "${from}" to "${to}": ${chain.error}.`);
  const r = applyMigrationChain(input, chain.steps);
  if (r.problems.length > 0) throw new InputMigrationError(`cannot upgrade the input from "${from}" to "${to}": ${r.problems.join('; ')}.`);
  return toJson(r.value);
}
