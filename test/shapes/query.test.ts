// The editor queries over the shapes: the context at a state, what a path resolves to (type,
// presence, writers, witness of a missing value) and the paths offered for completion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/analysis/analyze';
import { workflowShapes } from '../../server/src/analysis/stages';
import { packageRoot } from '../../server/src/analysis/package-root';
import { availablePaths, contextAt, resolveAt } from '../../server/src/shapes/query';
import { formatShape } from '../../server/src/shapes/shape';

function shapesOf(file: string) {
  const text = fs.readFileSync(path.join(packageRoot(), file), 'utf8');
  const a = analyzeText(text, { fileName: file, force: true });
  const d = a.documents[0];
  const wf = d.model.workflows[0];
  return { ws: workflowShapes(d, wf), st: (n: string) => wf.stateByName.get(n)! };
}

test('contextAt: input, effective and output contexts', () => {
  const { ws, st } = shapesOf('examples/order-processing.cascade.yaml');
  assert.match(formatShape(contextAt(ws, st('LoadOrders'))!.top), /^\{customer: \{email\?: string, id: string, name: string, tier: string\}, workflow: /);
  assert.equal(formatShape(contextAt(ws, st('SendConfirmation'), 'effective')!.top), '{carrier: string, currency: string, customer_name: string, email: string, item_count: number, order_id: string, total: number, tracking_number: string}');
  assert.match(formatShape(contextAt(ws, st('BuildConfirmation'), 'output')!.top), /confirmation: \{carrier: string/);
});

test('resolveAt: present, optional, missing, pruned and unreached paths', () => {
  const { ws, st } = shapesOf('examples/order-processing.cascade.yaml');
  const id = resolveAt(ws, st('CreateShipment'), '$.fulfilment.reservation.reservation_id')!;
  assert.equal(id.status, 'always');
  assert.equal(id.type, 'string');
  assert.deepEqual(id.writers.map((s) => s.name), ['ReserveInventory']);
  const email = resolveAt(ws, st('BuildConfirmation'), '$.customer.email')!;
  assert.equal(email.status, 'maybe');
  assert.match(email.missing!.reason, /"email" is optional in the declared output of "urn:cascade:activity:load_customer"/);
  assert.equal(resolveAt(ws, st('LoadOrders'), '$.order')!.status, 'missing');
  const pruned = resolveAt(ws, st('SendConfirmation'), '$.customer', 'effective')!;
  assert.equal(pruned.status, 'pruned');
  assert.equal(pruned.prunedBy!.by.name, 'BuildConfirmation');
  assert.equal(resolveAt(ws, st('LoadCustomer'), 'workflow.input.customer_id')!.type, 'string');
  assert.equal(resolveAt(ws, st('LoadCustomer'), 'not a path'), undefined);
});

test('resolveAt: a value missing on one path comes with that path', () => {
  const { ws, st } = shapesOf('test/fixtures/rules/maybe-undefined-context-path/catch-merge.cascade.yaml');
  const info = resolveAt(ws, st('Report'), '$.phase2_result')!;
  assert.equal(info.status, 'maybe');
  assert.equal(info.missing!.reason, 'it is not set when "Step2" fails and its catch goes to "LoadCheckpoint"');
  assert.deepEqual(
    info.missing!.related.map((r) => r.message),
    ['the execution starts at "Step1"', '"Step1" goes to "Checkpoint1"', '"Checkpoint1" goes to "Step2"', 'not set when "Step2" fails and its catch goes to "LoadCheckpoint"', '"LoadCheckpoint" goes to "Report"'],
  );
});

test('availablePaths: context and workflow paths with types, presence and writers', () => {
  const { ws, st } = shapesOf('examples/order-processing.cascade.yaml');
  const paths = availablePaths(ws, st('CreateShipment'));
  const byPath = new Map(paths.map((p) => [p.path, p]));
  assert.deepEqual(byPath.get('$.order'), { path: '$.order', type: '{currency: string, id: string, items: […], shipping_address: {…}, total: number}', presence: 'always', writers: ['LoadOrders'], depth: 1 });
  assert.equal(byPath.get('$.customer.email')?.presence, 'maybe');
  assert.equal(byPath.get('$.fulfilment.reservation.expires_at')?.type, 'string');
  assert.equal(byPath.get('workflow.input.order_id')?.type, 'string');
  assert.ok(!byPath.has('$.fulfilment.shipment'), 'not written yet');
  assert.ok(availablePaths(ws, st('CreateShipment'), 'effective', { max: 3 }).length === 3);
});
