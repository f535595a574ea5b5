// `cascade-lint explain`: the context at a state as a tree, one path with its witness, phases,
// workflow selection, and exit 2 with a clear message for unknown states, options and paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { runCli, Io } from '../../server/src/cli/main';
import { packageRoot } from '../../server/src/analysis/package-root';

function io(cwd: string): Io & { out: string; err: string } {
  const o = {
    cwd,
    out: '',
    err: '',
    stdout: (s: string) => {
      o.out += s;
    },
    stderr: (s: string) => {
      o.err += s;
    },
    readStdin: () => '',
    isTTY: false,
    env: {},
  };
  return o;
}

const root = packageRoot();
const orders = path.join(root, 'examples', 'order-processing.cascade.yaml');
const choice = path.join(root, 'test', 'fixtures', 'rules', 'maybe-undefined-context-path', 'choice-branch.cascade.yaml');

test('explain prints the context a state receives, with writers and optional fields', async () => {
  const o = io(root);
  assert.equal(await runCli(['explain', orders, 'ReleaseInventory'], o), 0, o.err);
  assert.match(o.out, /^Context at "ReleaseInventory" in workflow "ProcessOrder", as it enters the state:\n\$\n/);
  assert.match(o.out, /├─ customer: object {2}\(written by "LoadCustomer"\)\n│ {2}├─ email\?: string {2}\(optional in the declared output of "urn:cascade:activity:load_customer"\)/);
  assert.match(o.out, /├─ error: object {2}\(written by "CreateShipment" \(its catch\)\)/);
  assert.match(o.out, /├─ fulfilment: object\n│ {2}└─ reservation: object {2}\(written by "ReserveInventory"\)/);
  assert.match(o.out, /\nworkflow {2}\(the execution root, always available\)\n/);
  assert.equal(o.err, '');
});

test('explain --phase effective shows the context after input_path; output after result', async () => {
  const e = io(root);
  assert.equal(await runCli(['explain', orders, 'SendConfirmation', '--phase', 'effective'], e), 0);
  assert.match(e.out, /after its input_path/);
  assert.match(e.out, /├─ carrier: string/);
  const o = io(root);
  assert.equal(await runCli(['explain', orders, 'BuildConfirmation', '--phase=output'], o), 0);
  assert.match(o.out, /├─ confirmation: object {2}\(written by "BuildConfirmation"\)/);
});

test('explain --path gives the type, the writers and a path on which the value is missing', async () => {
  const o = io(root);
  assert.equal(await runCli(['explain', choice, 'Charge', '--path', '$.discount.percent'], o), 0, o.err);
  assert.equal(
    o.out,
    [
      '$.discount.percent at "Charge": number (may be missing)',
      '  written by "ApplyDiscount"',
      '  missing: it is not set when "IsMember" takes its default to "Charge"',
      '    9:14  the execution starts at "LoadCart"',
      '    15:17  "LoadCart" goes to "IsMember"',
      '    21:20  not set when "IsMember" takes its default to "Charge"',
      '',
    ].join('\n'),
  );
  const w = io(root);
  assert.equal(await runCli(['explain', choice, 'Charge', '--path', 'workflow.input'], w), 0);
  assert.match(w.out, /^workflow\.input at "Charge": \{\.\.\.\}\n/);
});

test('explain exits 2 with the names when the state or workflow is unknown, or an option is bad', async () => {
  const a = io(root);
  assert.equal(await runCli(['explain', orders, 'Nope'], a), 2);
  assert.match(a.err, /no state "Nope"; states: LoadCustomer, LoadOrders/);
  const b = io(root);
  assert.equal(await runCli(['explain', orders, 'LoadCustomer', '--workflow', 'Other'], b), 2);
  assert.match(b.err, /no state "LoadCustomer" in workflow "Other"/);
  const c = io(root);
  assert.equal(await runCli(['explain', orders, 'LoadCustomer', '--phase', 'later'], c), 2);
  assert.match(c.err, /--phase must be input, effective or output/);
  const d = io(root);
  assert.equal(await runCli(['explain', orders], d), 2);
  assert.match(d.err, /^Usage: cascade-lint explain/);
  const e = io(root);
  assert.equal(await runCli(['explain', orders, 'LoadCustomer', '--path', 'customer'], e), 2);
  assert.match(e.err, /is not a path such as/);
  const f = io(root);
  assert.equal(await runCli(['explain', path.join(root, 'no-such-file.yaml'), 'X'], f), 2);
  assert.match(f.err, /cannot read/);
  const h = io(root);
  assert.equal(await runCli(['explain', '--help'], h), 0);
  assert.match(h.out, /--phase/);
});
