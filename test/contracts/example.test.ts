// The worked example examples/order-versions (the seed's V1 -> V2 -> V3): clean under every
// rule with its recorded contracts, and each edit its README lists makes the promised finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../server/src/analysis/package-root';
import { Project } from '../../server/src/analysis/project';
import { analyzeText, rulesById } from '../../server/src/analysis/analyze';
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { buildDocument } from '../../server/src/model/build';
import { cli } from './helpers';
import { applyMigrationChain, migrationSteps, planMigrationChain, readMigrations } from '../../server/src/model/migrations';

const dir = path.join(packageRoot(), 'examples', 'order-versions');
const file = path.join(dir, 'order-intake.cascade.yaml');
const original = fs.readFileSync(file, 'utf8');
const allRules = new Map([...rulesById().values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }]));

function lint(text: string) {
  const project = new Project({ cwd: dir });
  const previousContracts = project.previousContractsFor(file);
  assert.ok(previousContracts, 'the example has a contracts file');
  return analyzeText(text, { fileName: file, rules: allRules, previousContracts });
}

function edit(from: string, to: string): string {
  assert.ok(original.includes(from), `the example contains ${JSON.stringify(from)}`);
  return original.replace(from, to);
}

test('order-versions: recorded v1, v2, v3, and finding-free under every rule', () => {
  const project = new Project({ cwd: dir });
  const history = project.previousContractsFor(file)!.workflows.get('OrderIntake')!;
  assert.deepEqual([...history.keys()], ['v1', 'v2', 'v3']);
  const a = lint(original);
  assert.deepEqual(a.internalErrors, []);
  assert.deepEqual(a.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('order-versions: without the v2 -> v3 migration, missing-migration names the paused review', () => {
  const text = edit('        - from: v2\n          to: v3\n          rename: { customer_id: customer.id, order_id: order.id }\n          remove: [validation_status]\n', '');
  const f = lint(text).findings.filter((x) => x.ruleId === 'missing-migration');
  assert.equal(f.length, 1);
  assert.equal(f[0].messageId, 'missingLongRunning');
  assert.match(f[0].message, /"ManualReview" \(HumanTask\)/);
  assert.ok(f[0].suggestions?.length, 'offers a migration skeleton');
  // Applying the suggestion gives a migration that invalid-migration then completes.
  const e = f[0].suggestions![0].edits[0];
  const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  const after = lint(fixed).findings;
  assert.deepEqual(after.filter((x) => x.ruleId === 'missing-migration' || x.ruleId === 'yaml-syntax'), []);
  assert.ok(after.some((x) => x.ruleId === 'invalid-migration' && /Field "customer" is required by "v3"/.test(x.message)), after.map((x) => x.message).join('\n'));
});

test('order-versions: a misspelt rename target is an invalid migration', () => {
  const f = lint(edit('order_id: order.id }', 'order_id: order.ident }')).findings.filter((x) => x.ruleId === 'invalid-migration');
  assert.deepEqual(f.map((x) => x.messageId).sort(), ['requiredUnset', 'targetUnknown']);
  assert.match(f.find((x) => x.messageId === 'targetUnknown')!.message, /did you mean "order.id"\?/);
});

test('order-versions: reading the old flat id is a removed input field, with its new place', () => {
  const f = lint(edit('order_id: "{{ workflow.input.order.id }}"\n          result', 'order_id: "{{ workflow.input.order_id }}"\n          result')).findings;
  assert.deepEqual(f.map((x) => x.ruleId), ['removed-input-field']);
  assert.equal(f[0].hint, 'The migration from "v2" to "v3" moves it; read "workflow.input.order.id" instead.');
});

test('order-versions: a type change under v3 is a breaking input change; "version: 3" is fixed', () => {
  const breaking = lint(edit('        customer:\n          id: string', '        customer:\n          id: integer')).findings;
  assert.ok(breaking.some((x) => x.ruleId === 'breaking-input-change' && /field "customer.id" changed type from string to integer/.test(x.message)));
  const version = lint(edit('version: v3', 'version: 3')).findings.filter((x) => x.ruleId === 'version-format');
  assert.equal(version.length, 1);
  assert.deepEqual(version[0].fix?.edits.map((e) => e.newText), ['v3']);
});

test('order-versions: the migrations upgrade a v1 input as the guide\'s NormalizeState does', () => {
  const wf = buildDocument(parseYaml(original).documents[0], 0).workflows[0];
  const steps = readMigrations(wf).map((m) => migrationSteps(m)!);
  const chain = planMigrationChain(steps, 'v1', 'v3');
  assert.ok('steps' in chain);
  const r = applyMigrationChain({ customer_id: 'c-42', order_id: 'o-1' }, chain.steps);
  assert.deepEqual(JSON.parse(JSON.stringify(r.value)), { customer: { id: 'c-42' }, order: { id: 'o-1' } });
});

test('order-versions: the committed contracts file is up to date', async () => {
  const r = await cli(dir, 'contracts', '--check');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.stdout, 'cascade.contracts.json is up to date.\n');
});
