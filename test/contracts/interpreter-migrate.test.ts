// Migrations run: `input_version:` in test cases and `cascade-lint run --input-version` upgrade
// an old input through the workflow's migrations before the execution starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './helpers';
import { InputMigrationError, migrateInput } from '../../server/src/interpreter/migrate';
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { buildDocument } from '../../server/src/model/build';
import { toJson } from '../../server/src/interpreter/json';

const WORKFLOW = `workflows:
  - name: Greet
    version: v3
    input: { person: { name: string }, greeting: string }
    migrations:
      - { from: v1, to: v2, set: { greeting: Hello } }
      - { from: v2, to: v3, rename: { name: person.name } }
    start: Say
    states:
      - name: Say
        type: Pass
        value: "{{ workflow.input.greeting }}, {{ workflow.input.person.name }}"
        result: $.text
        end: true
`;

function project(tests: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-migrate-'));
  fs.writeFileSync(path.join(dir, 'greet.cascade.yaml'), WORKFLOW);
  fs.writeFileSync(path.join(dir, 'greet.cascade-test.yaml'), tests);
  return dir;
}

test('input_version: per case and per file; a version with no chain fails the case', async () => {
  const dir = project(`workflow: ./greet.cascade.yaml
input_version: v2
cases:
  - name: v2 input (file default)
    input: { name: Ada, greeting: Hi }
    expect: { output: { text: "Hi, Ada" } }
  - name: v1 input gets the default greeting
    input_version: v1
    input: { name: Ada }
    expect: { output: { text: "Hello, Ada", workflow: { input: { person: { name: Ada }, greeting: Hello } } } }
  - name: current input
    input_version: v3
    input: { person: { name: Bo }, greeting: Yo }
    expect: { output: { text: "Yo, Bo" } }
  - name: unknown old version
    input_version: v0
    input: {}
`);
  const r = await cli(dir, 'test', '.');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /3 passed, 1 failed/);
  assert.match(r.stdout, /input_version: cannot upgrade the input from "v0" to "v3": there is no migration from "v0"; the next one starts at "v1"\./);
});

test('run --input-version upgrades the input; a bad version is a usage error', async () => {
  const dir = project('workflow: ./greet.cascade.yaml\ncases: []\n');
  const ok = await cli(dir, 'run', 'greet.cascade.yaml', '--input-version', 'v1', '--input', '{"name": "Cy"}', '--json');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).output.text, 'Hello, Cy');
  assert.equal((await cli(dir, 'run', 'greet.cascade.yaml', '--input-version', 'v9')).code, 2);
  const bad = await cli(dir, 'run', 'greet.cascade.yaml', '--input-version', 'one');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--input-version needs a contract version such as "v1"/);
});

test('migrateInput: a rename under a non-object is an InputMigrationError, never a crash', () => {
  const wf = buildDocument(parseYaml(WORKFLOW).documents[0], 0).workflows[0];
  assert.throws(() => migrateInput(toJson({ name: 'x', person: 'flat' }), 'v2', 'v3', wf), InputMigrationError);
  const out = migrateInput(toJson(JSON.parse('{"name": "x", "__proto__": {"polluted": 1}}')), 'v2', 'v3', wf);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), JSON.parse('{"__proto__": {"polluted": 1}, "person": {"name": "x"}}'));
});
