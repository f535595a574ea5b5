// Migrations as data: versions, field paths, the chain from an old version, and the pure
// function that upgrades an input (what the interpreter runs for --input-version).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { buildDocument } from '../../server/src/model/build';
import {
  MigrationSteps,
  applyMigration,
  applyMigrationChain,
  migrationSteps,
  parseFieldPath,
  planMigrationChain,
  readMigrations,
  versionNumber,
} from '../../server/src/model/migrations';

test('versionNumber: v<N> only', () => {
  assert.equal(versionNumber('v3'), 3);
  assert.equal(versionNumber('v0'), 0);
  assert.equal(versionNumber('v10'), 10);
  for (const bad of ['3', 'V3', 'v03', 'v3.1', 'v', '', 'v-1']) assert.equal(versionNumber(bad), undefined, bad);
});

test('parseFieldPath: dotted names', () => {
  assert.deepEqual(parseFieldPath('customer.id'), ['customer', 'id']);
  for (const bad of ['', 'a..b', '.a', 'a.', ' a']) assert.equal(parseFieldPath(bad), undefined, bad);
});

const seed = `workflows:
  - name: OrderIntake
    version: v3
    input: { customer: { id: string }, order: { id: string } }
    migrations:
      - { from: v1, to: v2, set: { validation_status: pending } }
      - { from: v2, to: v3, rename: { customer_id: customer.id, order_id: order.id }, remove: [validation_status] }
    start: Done
    states: [{ name: Done, type: Succeed }]
`;

function seedSteps(): MigrationSteps[] {
  const wf = buildDocument(parseYaml(seed).documents[0], 0).workflows[0];
  return readMigrations(wf).map((m) => migrationSteps(m)!);
}

test('planMigrationChain: from each older version to the current one', () => {
  const steps = seedSteps();
  const chain = (from: string) => {
    const r = planMigrationChain(steps, from, 'v3');
    return 'steps' in r ? r.steps.map((s) => `${s.from}->${s.to}`) : r.error;
  };
  assert.deepEqual(chain('v1'), ['v1->v2', 'v2->v3']);
  assert.deepEqual(chain('v2'), ['v2->v3']);
  assert.deepEqual(chain('v3'), []);
  assert.match(String(chain('v4')), /newer than the workflow's version "v3"/);
  assert.match(String(chain('v0')), /no migration from "v0"; the next one starts at "v1"/);
  assert.match(String(chain('2')), /not a contract version/);
  const gap = planMigrationChain([{ from: 'v1', to: 'v2' }, { from: 'v3', to: 'v4' }], 'v1', 'v4');
  assert.ok('error' in gap && /no migration from "v2" \(reached from "v1"\); the next one starts at "v3"/.test(gap.error));
});

test('the seed: a v1 input upgraded to v3 (the guide\'s NormalizeState)', () => {
  const v1 = { customer_id: 'c-42', order_id: 'o-1' };
  const r = applyMigrationChain(v1, seedSteps());
  assert.deepEqual(r.problems, []);
  assert.deepEqual(JSON.parse(JSON.stringify(r.value)), { customer: { id: 'c-42' }, order: { id: 'o-1' } });
  assert.deepEqual(v1, { customer_id: 'c-42', order_id: 'o-1' }, 'the input is not changed');
  const v2 = applyMigrationChain({ customer_id: 'c', order_id: 'o', validation_status: 'ok' }, seedSteps().slice(1));
  assert.deepEqual(JSON.parse(JSON.stringify(v2.value)), { customer: { id: 'c' }, order: { id: 'o' } });
});

test('applyMigration: renames read the original input, so swaps work; renames keep nested values', () => {
  const steps: MigrationSteps = { from: 'v1', to: 'v2', renames: [[['a'], ['b']], [['b'], ['a']], [['x'], ['deep', 'er', 'x']]], sets: [], removes: [] };
  const r = applyMigration({ a: 1, b: 2, x: { y: [1] } }, steps);
  assert.deepEqual(JSON.parse(JSON.stringify(r.value)), { a: 2, b: 1, deep: { er: { x: { y: [1] } } } });
});

test('applyMigration: set writes defaults only where the field is absent; remove then set overwrites', () => {
  const steps: MigrationSteps = { from: 'v1', to: 'v2', renames: [], sets: [[['status'], 'pending'], [['meta', 'source'], 'migrated'], [['kept'], 0], [['retyped'], 0]], removes: [['retyped']] };
  const r = applyMigration({ kept: 5, retyped: 'five' }, steps);
  assert.deepEqual(JSON.parse(JSON.stringify(r.value)), { kept: 5, status: 'pending', meta: { source: 'migrated' }, retyped: 0 });
});

test('applyMigration: a missing rename source is skipped; a non-object in the way is a problem', () => {
  const steps: MigrationSteps = { from: 'v1', to: 'v2', renames: [[['absent'], ['x']], [['id'], ['customer', 'id']]], sets: [], removes: [['nothing', 'here']] };
  const r = applyMigration({ id: 'c', customer: 'a string' }, steps);
  assert.deepEqual(r.problems, ['cannot rename "id" to "customer.id": "customer" is string, not an object']);
  assert.deepEqual(applyMigration('text', steps).problems, ['the input is string, not an object']);
});

test('applyMigration: __proto__, constructor and prototype are plain keys', () => {
  const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
  const steps: MigrationSteps = { from: 'v1', to: 'v2', renames: [[['__proto__'], ['prototype', '__proto__']]], sets: [[['__proto__', 'polluted'], false]], removes: [['constructor']] };
  const r = applyMigration(input, steps);
  const out = r.value as Record<string, Record<string, unknown>>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(out), ['prototype', '__proto__']);
  assert.equal(Object.getPrototypeOf(out), null);
  assert.equal((out.prototype.__proto__ as Record<string, unknown>).polluted, true);
});
