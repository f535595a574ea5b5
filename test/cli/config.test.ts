// `.cascade-lint.yaml`: discovery by walking up, extends, rules, ignore, overrides, and config
// errors (exit 2, one line, file:line:col).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { CONFIG_SEVERITIES, parseRuleSetting } from '../../server/src/analysis/config';
import { parseYaml, toPlain } from '../../server/src/syntax/yaml-tree';
import { ALL_RULES } from '../../rules';
import type { Rule } from '../../server/src/analysis/rule';
import { ROOT, parseJson, run, tempDir, writeTree } from './helpers';

const CANONICAL = 'states:\n  - name: Done\n    type: Succeed\n    outputPath: $\n'; // 1 info + 1 warning
const TYPO = 'states:\n  - name: Done\n    type: Succeed\n    nxt: X\n'; // 1 info + 1 error

function ids(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of parseJson(stdout)) out[path.basename(r.filePath)] = r.messages.map((m) => `${m.ruleId}:${m.level ?? m.severity}`);
  return out;
}

test('the nearest .cascade-lint.yaml (walking up from each file) applies to it', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': 'rules:\n  missing-envelope: off\n',
    'top.cascade.yaml': CANONICAL,
    'a/b/c/deep.cascade.yaml': CANONICAL,
    'team/.cascade-lint.yml': 'rules:\n  prefer-canonical-keys: error\n',
    'team/sub/mine.cascade.yaml': CANONICAL,
  });
  const r = await run(['-f', 'json', '.'], { cwd: dir });
  assert.deepEqual(ids(r.stdout), {
    'deep.cascade.yaml': ['prefer-canonical-keys:1'],
    'mine.cascade.yaml': ['missing-envelope:info', 'prefer-canonical-keys:2'],
    'top.cascade.yaml': ['prefer-canonical-keys:1'],
  });
  assert.equal(r.code, 1);
});

const notRecommended: Rule = {
  meta: { id: 'test-strict', kind: 'style', defaultSeverity: 'warning', recommended: false, summary: 'Only in "all".', messages: { m: 'strict' }, docs: { description: 'test only', valid: [], invalid: [] } },
  create(ctx) {
    return { document: (doc) => ctx.report({ messageId: 'm', span: doc.yaml.span }) };
  },
};

test('extends: all turns on the rules that recommended leaves off', async () => {
  const dir = tempDir();
  writeTree(dir, { 'rec/x.cascade.yaml': CANONICAL, 'all/.cascade-lint.yaml': 'extends: all\n', 'all/x.cascade.yaml': CANONICAL });
  const rules = [...ALL_RULES, notRecommended];
  const rec = parseJson((await run(['-f', 'json', 'rec'], { cwd: dir }, { rules })).stdout)[0];
  assert.ok(!rec.messages.some((m) => m.ruleId === 'test-strict'));
  const all = parseJson((await run(['-f', 'json', 'all'], { cwd: dir }, { rules })).stdout)[0];
  assert.ok(all.messages.some((m) => m.ruleId === 'test-strict' && m.severity === 1));
  // extends: recommended (explicitly) is the default.
  writeTree(dir, { 'all/.cascade-lint.yaml': 'extends: recommended\n' });
  const back = parseJson((await run(['-f', 'json', 'all'], { cwd: dir }, { rules })).stdout)[0];
  assert.ok(!back.messages.some((m) => m.ruleId === 'test-strict'));
});

test('rules: severities and [severity, options]', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': 'rules:\n  prefer-canonical-keys: [error, {}]\n  missing-envelope: off\n  unknown-field: warn\n',
    'a.cascade.yaml': CANONICAL,
    'b.cascade.yaml': TYPO,
  });
  assert.deepEqual(ids((await run(['-f', 'json', '.'], { cwd: dir })).stdout), { 'a.cascade.yaml': ['prefer-canonical-keys:2'], 'b.cascade.yaml': ['unknown-field:1'] });
});

test('ignore: globs relative to the config skip files in folder scans; a named ignored file is skipped with a note', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': 'ignore:\n  - vendor/**\n  - "*.generated.cascade.yaml"\n',
    'vendor/lib/v.cascade.yaml': TYPO,
    'flows/x.generated.cascade.yaml': TYPO,
    'flows/kept.cascade.yaml': TYPO,
  });
  const r = await run(['-f', 'json', '.'], { cwd: dir });
  assert.deepEqual(Object.keys(ids(r.stdout)), ['kept.cascade.yaml']);
  const named = await run(['-f', 'json', 'vendor/lib/v.cascade.yaml'], { cwd: dir });
  assert.equal(named.code, 0);
  assert.deepEqual(parseJson(named.stdout), []);
  assert.equal(named.stderr, `cascade-lint: "${path.join('vendor', 'lib', 'v.cascade.yaml')}" is ignored by the config's "ignore" patterns.\n`);
});

test('overrides: later entries win, and only for the files they match', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': [
      'rules:',
      '  unknown-field: warn',
      'overrides:',
      '  - files: [legacy/**]',
      '    rules: { unknown-field: off, missing-envelope: off }',
      '  - files: "legacy/keep/*.cascade.yaml"',
      '    rules: { unknown-field: error }',
      '',
    ].join('\n'),
    'new.cascade.yaml': TYPO,
    'legacy/old.cascade.yaml': TYPO,
    'legacy/keep/k.cascade.yaml': TYPO,
  });
  assert.deepEqual(ids((await run(['-f', 'json', '.'], { cwd: dir })).stdout), {
    'k.cascade.yaml': ['unknown-field:2'],
    'new.cascade.yaml': ['missing-envelope:info', 'unknown-field:1'],
    'old.cascade.yaml': [],
  });
});

/** A config error: exit 2, nothing on stdout, one line `cascade-lint: FILE:LINE:COL: message`. */
async function configError(config: string): Promise<string> {
  const dir = tempDir();
  writeTree(dir, { '.cascade-lint.yaml': config, 'x.cascade.yaml': TYPO });
  const r = await run(['x.cascade.yaml'], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^cascade-lint: [^\n]+\n$/);
  assert.doesNotMatch(r.stderr, /instancePath|#\/|must NOT|\bat .*:\d+:\d+\)/, 'no raw ajv text or stack');
  return r.stderr.trimEnd();
}

test('config errors are one line with file:line:col: bad YAML, unknown key, unknown rule, bad severity', async () => {
  assert.equal(await configError('rules:\n  unknown-field: [warn\n'), 'cascade-lint: .cascade-lint.yaml:2:22: Invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ].');
  assert.equal(await configError('extends: recommended\nrulez:\n  unknown-field: off\n'), 'cascade-lint: .cascade-lint.yaml:2:1: Unknown key "rulez" in the config; did you mean "rules"?');
  assert.equal(await configError('rules:\n  unknown-feild: off\n'), 'cascade-lint: .cascade-lint.yaml:2:3: Unknown rule "unknown-feild" in rules; did you mean "unknown-field"?');
  assert.equal(await configError('rules:\n  no-such-thing: off\n'), 'cascade-lint: .cascade-lint.yaml:2:3: Unknown rule "no-such-thing" in rules; run "cascade-lint --list-rules" for the list.');
  assert.equal(await configError('rules:\n  unknown-field: loud\n'), 'cascade-lint: .cascade-lint.yaml:2:18: Invalid severity "loud" for rule "unknown-field": use off, info, warn or error (or 0, 1, 2 as in ESLint), or [severity, {options}].');
  assert.equal(await configError('overrides:\n  - files: [a]\n    rules:\n      unknown-field: warning!\n'), 'cascade-lint: .cascade-lint.yaml:4:22: Invalid severity "warning!" for rule "unknown-field": use off, info, warn or error (or 0, 1, 2 as in ESLint), or [severity, {options}].');
  assert.equal(await configError('extends: everything\n'), 'cascade-lint: .cascade-lint.yaml:1:10: Invalid value "everything" for "extends": use one of "recommended", "all".');
  assert.equal(await configError('ignore: vendor\n'), 'cascade-lint: .cascade-lint.yaml:1:9: "ignore" must be a list, not "vendor".');
  assert.equal(await configError('overrides:\n  - rules: {}\n'), 'cascade-lint: .cascade-lint.yaml:2:5: Missing required key "files" in overrides[0].');
  assert.equal(await configError('rules:\n  __proto__: error\n'), 'cascade-lint: .cascade-lint.yaml:2:3: Invalid rule id "__proto__" in rules: rule ids are lowercase words joined by "-" (see "cascade-lint --list-rules").');
  assert.equal(await configError('- rules\n'), 'cascade-lint: .cascade-lint.yaml:1:1: The config must be a mapping of "extends", "rules", "ignore", "overrides" and "activities".');
  assert.equal(await configError('rules: {}\n---\nrules: {}\n'), 'cascade-lint: .cascade-lint.yaml:2:1: The config must be a single YAML document.');
});

test('an empty config file (or one with only comments) is the default config', async () => {
  for (const text of ['', '# nothing yet\n']) {
    const dir = tempDir();
    writeTree(dir, { '.cascade-lint.yaml': text, 'x.cascade.yaml': TYPO });
    const r = await run(['-f', 'json', 'x.cascade.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual(ids(r.stdout), { 'x.cascade.yaml': ['missing-envelope:info', 'unknown-field:2'] });
  }
});

test('numeric severities 0/1/2 (ESLint style) work as a value, as [severity] and as [severity, options], in rules and overrides', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': 'rules:\n  missing-envelope: 0\n  prefer-canonical-keys: [2, {}]\n  unknown-field: [1]\noverrides:\n  - files: [b*]\n    rules: { unknown-field: 2, prefer-canonical-keys: 0 }\n',
    'a.cascade.yaml': CANONICAL + '    nxt: X\n',
    'b.cascade.yaml': CANONICAL + '    nxt: X\n',
  });
  const r = await run(['-f', 'json', '.'], { cwd: dir });
  assert.equal(r.stderr, '');
  assert.deepEqual(ids(r.stdout), { 'a.cascade.yaml': ['prefer-canonical-keys:2', 'unknown-field:1'], 'b.cascade.yaml': ['unknown-field:2'] });
  const printed = await run(['--print-config', 'a.cascade.yaml'], { cwd: dir });
  const rules = (JSON.parse(printed.stdout) as { rules: Record<string, unknown> }).rules;
  assert.deepEqual([rules['missing-envelope'], rules['prefer-canonical-keys'], rules['unknown-field']], [undefined, 'error', 'warning']);
});

test('the config schema and the config loader accept exactly the same rule settings', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8')) as { definitions: { severity: { enum: unknown[] } } };
  assert.deepEqual(schema.definitions.severity.enum, [...CONFIG_SEVERITIES.keys()]);
  const validate = new Ajv({ strict: false }).compile(schema);
  const severities = ['off', 'info', 'warn', 'error', 0, 1, 2, 'warning', 'OFF', 'Error', '0', '1', '2', 3, -1, 1.5, true, false, null, 'constructor', '__proto__'];
  const settings: unknown[] = [...severities, ...severities.map((s) => [s]), ...severities.map((s) => [s, {}]), ...severities.map((s) => [s, { max: 2 }]), ['warn', 5], ['warn', []], ['warn', null], ['warn', {}, {}], [], {}, 'warn error'];
  for (const setting of settings) {
    const bySchema = validate({ rules: { 'unknown-field': setting }, overrides: [{ files: 'x', rules: { 'unknown-field': setting } }] });
    assert.equal(bySchema, parseRuleSetting(setting) !== undefined, JSON.stringify(setting));
  }
  // The same values written in YAML, as the loader reads them.
  for (const [yaml, severity] of [['0', 'off'], ['1', 'warning'], ['2', 'error'], ['1.0', 'warning'], ['warn', 'warning'], ['"1"', undefined], ['warning', undefined]] as const) {
    const value = (toPlain(parseYaml(`x: ${yaml}`).documents[0].root) as { x: unknown }).x;
    assert.equal(parseRuleSetting(value)?.severity, severity, yaml);
  }
});

test('bad numeric severities and bad options are config errors with file:line:col, exit 2', async () => {
  const help = 'use off, info, warn or error (or 0, 1, 2 as in ESLint), or [severity, {options}].';
  assert.equal(await configError('rules:\n  unknown-field: 3\n'), `cascade-lint: .cascade-lint.yaml:2:18: Invalid severity 3 for rule "unknown-field": ${help}`);
  assert.equal(await configError('rules:\n  unknown-field: "1"\n'), `cascade-lint: .cascade-lint.yaml:2:18: Invalid severity "1" for rule "unknown-field": ${help}`);
  assert.equal(await configError('rules:\n  unknown-field: [-1, {}]\n'), `cascade-lint: .cascade-lint.yaml:2:19: Invalid severity -1 for rule "unknown-field": ${help}`);
  assert.equal(await configError('overrides:\n  - files: a\n    rules:\n      unknown-field: [2, 5]\n'), 'cascade-lint: .cascade-lint.yaml:4:26: Invalid options 5 for rule "unknown-field": the options must be a mapping, as in [severity, {options}].');
  assert.equal(await configError('rules:\n  unknown-field: [2, {}, {}]\n'), `cascade-lint: .cascade-lint.yaml:2:18: Invalid setting for rule "unknown-field": ${help}`);
  assert.equal(await configError('rules:\n  unknown-field: []\n'), `cascade-lint: .cascade-lint.yaml:2:18: Invalid setting for rule "unknown-field": ${help}`);
});
