// The contract history through the CLI: `contracts --update/--check` writes and checks
// cascade.contracts.json, and `--baseline <ref>` compares with a temporary git repository's
// revision without touching the work tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { cli } from './helpers';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-contracts-'));
}

function workflow(version: string, input: string, extra = ''): string {
  return `apiVersion: cascade.io/v1
kind: Application
metadata: { name: orders }
spec:
  workflows:
    - name: Intake
      version: ${version}
      input: ${input}
${extra}      start: Review
      states:
        - name: Review
          type: HumanTask
          timeout: 2d
          catch:
            - error_equals: [States.ALL]
              next: Expired
          end: true
        - name: Expired
          type: Fail
          error: ReviewExpired
`;
}

test('contracts --update records each version and keeps older ones; --check', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.cascade-lint.yaml'), 'extends: recommended\n');
  fs.mkdirSync(path.join(dir, 'flows'));
  const file = path.join(dir, 'flows', 'intake.cascade.yaml');
  fs.writeFileSync(file, workflow('v1', '{ customer_id: string }'));
  // Run from a sub-folder: the contracts file still goes next to the config.
  let r = await cli(path.join(dir, 'flows'), 'contracts', '--update');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"Intake" v1 recorded/);
  const contractsFile = path.join(dir, 'cascade.contracts.json');
  const first = fs.readFileSync(contractsFile, 'utf8');
  assert.ok(first.endsWith('}\n'));
  assert.deepEqual(Object.keys(JSON.parse(first).files), ['flows/intake.cascade.yaml']);

  assert.equal((await cli(dir, 'contracts', '--check')).code, 0);
  fs.writeFileSync(file, workflow('v2', '{ customer: { id: string } }', '      migrations:\n        - { from: v1, to: v2, rename: { customer_id: customer.id } }\n'));
  r = await cli(dir, 'contracts', '--check');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /"Intake" v2 is not recorded/);
  assert.equal(fs.readFileSync(contractsFile, 'utf8'), first, '--check writes nothing');

  // Lint before recording: compared with v1, with a migration from v1 -> clean.
  r = await cli(dir, 'flows');
  assert.equal(r.code, 0, r.stdout);

  r = await cli(dir, 'contracts', '--update');
  assert.equal(r.code, 0);
  const data = JSON.parse(fs.readFileSync(contractsFile, 'utf8'));
  assert.deepEqual(Object.keys(data.files['flows/intake.cascade.yaml'].Intake), ['v1', 'v2']);
  assert.equal((await cli(dir, 'contracts', '--update')).stdout.trim(), 'cascade.contracts.json is up to date.');

  // A breaking change under v2, now recorded: an error.
  fs.writeFileSync(file, workflow('v2', '{ customer: { id: integer } }', '      migrations:\n        - { from: v1, to: v2, rename: { customer_id: customer.id } }\n'));
  r = await cli(dir, '--format', 'json', 'flows');
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId);
  assert.ok(findings.includes('breaking-input-change'), findings.join());
});

test('contracts: the config can name the contracts file; printing writes nothing', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.cascade-lint.yaml'), 'contracts: history/contracts.json\n');
  fs.mkdirSync(path.join(dir, 'history'));
  fs.writeFileSync(path.join(dir, 'a.cascade.yaml'), workflow('v3', '{ id: string, tags: "string[]" }'));
  const printed = await cli(dir, 'contracts');
  assert.equal(printed.code, 0);
  assert.deepEqual(JSON.parse(printed.stdout).files['../a.cascade.yaml'].Intake.v3.input.properties.tags, { type: 'array', items: { type: 'string' } });
  assert.ok(!fs.existsSync(path.join(dir, 'history', 'contracts.json')));
  assert.equal((await cli(dir, 'contracts', '--update')).code, 0);
  assert.ok(fs.existsSync(path.join(dir, 'history', 'contracts.json')));
  // A broken contracts file is a configuration error.
  fs.writeFileSync(path.join(dir, 'history', 'contracts.json'), '{ "files": [ }');
  const broken = await cli(dir, 'a.cascade.yaml');
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /contracts\.json: Invalid contracts file: invalid JSON/);
});

test('contracts: usage errors exit 2', async () => {
  const dir = tempDir();
  assert.equal((await cli(dir, 'contracts', '--update', '--check')).code, 2);
  assert.equal((await cli(dir, 'contracts', '--frobnicate')).code, 2);
  assert.match((await cli(dir, 'contracts', '--help')).stdout, /cascade-lint contracts \[--update \| --check\]/);
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

test('--baseline: compares with the file at a git revision, read-only', async () => {
  const dir = tempDir();
  git(dir, 'init', '-q');
  const file = path.join(dir, 'intake.cascade.yaml');
  fs.writeFileSync(file, workflow('v1', '{ customer_id: string, order_id: string }'));
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'v1');

  // Breaking change under the same version.
  fs.writeFileSync(file, workflow('v1', '{ customer_id: string }'));
  let r = await cli(dir, '--baseline', 'HEAD', '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  let messages = JSON.parse(r.stdout)[0].messages;
  assert.deepEqual(messages.map((m: { ruleId: string }) => m.ruleId), ['breaking-input-change']);
  assert.match(messages[0].message, /under the same version "v1" \(at "HEAD"\): field "order_id" \(string\) was removed/);

  // Bumped without a migration: the long-running HumanTask makes it the strong wording.
  fs.writeFileSync(file, workflow('v2', '{ customer_id: string }'));
  r = await cli(dir, '--baseline=HEAD', '--format', 'json', 'intake.cascade.yaml');
  messages = JSON.parse(r.stdout)[0].messages;
  assert.deepEqual(messages.map((m: { ruleId: string }) => m.ruleId), ['missing-migration']);
  assert.match(messages[0].message, /executions paused in "Review" \(HumanTask\)/);

  // With the migration: clean. The work tree is untouched by --baseline.
  fs.writeFileSync(file, workflow('v2', '{ customer_id: string }', '      migrations:\n        - { from: v1, to: v2, remove: [order_id] }\n'));
  const before = git(dir, 'status', '--porcelain');
  r = await cli(dir, '--baseline', 'HEAD');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(git(dir, 'status', '--porcelain'), before);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['.git', 'intake.cascade.yaml']);

  // A file that did not exist at the revision has nothing to compare with.
  fs.writeFileSync(path.join(dir, 'new.cascade.yaml'), workflow('v5', '{ x: string }'));
  assert.equal((await cli(dir, '--baseline', 'HEAD', 'new.cascade.yaml')).code, 0);
});

test('--baseline: a bad revision or no repository is a usage error (exit 2)', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.cascade.yaml'), workflow('v1', '{ id: string }'));
  let r = await cli(dir, '--baseline', 'HEAD');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--baseline needs a git repository/);
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'one');
  r = await cli(dir, '--baseline', 'no-such-branch');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown git revision "no-such-branch"/);
  r = await cli(dir, '--baseline', '--upload-pack=evil');
  assert.equal(r.code, 2);
  r = await cli(dir, '--baseline');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs a value/);
});

test('contracts file: a workflow recorded under another file (moved or renamed) keeps its history', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'old.cascade.yaml'), workflow('v1', '{ customer_id: string }'));
  assert.equal((await cli(dir, 'contracts', '--update')).code, 0);
  fs.rmSync(path.join(dir, 'old.cascade.yaml'));
  fs.writeFileSync(path.join(dir, 'new.cascade.yaml'), workflow('v2', '{ customer: { id: string } }'));
  let r = await cli(dir, '--format', 'json');
  assert.deepEqual(JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId), ['missing-migration']);
  fs.writeFileSync(path.join(dir, 'new.cascade.yaml'), workflow('v2', '{ customer: { id: string } }', '      migrations:\n        - { from: v1, to: v2, rename: { customer_id: customer.id } }\n'));
  r = await cli(dir, 'contracts', '--update');
  assert.match(r.stdout, /old\.cascade\.yaml: dropped/);
  const data = JSON.parse(fs.readFileSync(path.join(dir, 'cascade.contracts.json'), 'utf8'));
  assert.deepEqual(Object.keys(data.files), ['new.cascade.yaml']);
  assert.deepEqual(Object.keys(data.files['new.cascade.yaml'].Intake), ['v1', 'v2']);
  assert.equal((await cli(dir)).code, 0);
});
