// Every flag of the CLI (issue 2, item 6) and the exit codes 0/1/2/3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../rules';
import type { Rule } from '../../server/src/analysis/rule';
import { readPackageJson } from '../../server/src/analysis/package-root';
import { HELP } from '../../server/src/cli/main';
import { INPUTS, assertNoStack, parseJson, run, spawnCli, tempDir, where, writeTree } from './helpers';

const FRAGMENT = 'fragment.cascade.yaml'; // 2 warnings, 1 info, no error
const ORDERS = 'orders.cascade.yaml'; // errors and warnings

/** Usage errors: exit 2 and one line on stderr that starts with "cascade-lint:". */
function assertUsageError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^cascade-lint: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
}

test('--format: each name selects a formatter; -f is its short form; an unknown one is a usage error', async () => {
  assert.match((await run(['--format', 'json', ORDERS])).stdout, /^\[\{"filePath"/);
  assert.match((await run(['-f', 'sarif', ORDERS])).stdout, /"version": "2\.1\.0"/);
  assert.match((await run(['--format=github', ORDERS])).stdout, /^::error file=orders\.cascade\.yaml,/);
  assert.match((await run(['-f', 'stylish', '--no-color', ORDERS])).stdout, /^\norders\.cascade\.yaml\n {2}12:7 {2}error {2}Unknown key "timout"/);
  assertUsageError(await run(['-f', 'xml', ORDERS]), /Unknown format "xml": use stylish, json, sarif or github\./);
  assertUsageError(await run(['--format']), /Option "--format" needs a value\./);
});

test('--output-file writes the report (creating folders), prints nothing, keeps the exit code', async () => {
  const dir = tempDir();
  const r = await run(['-f', 'json', '--output-file', path.join(dir, 'reports', 'lint.json'), ORDERS]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const written = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'lint.json'), 'utf8')) as unknown[];
  assert.equal(written.length, 1);
  // -o, relative to the working directory, stylish never coloured in a file.
  const r2 = await run(['-o', 'out.txt', '--color', path.join(INPUTS, ORDERS)], { cwd: dir, isTTY: true });
  assert.equal(r2.code, 1);
  const text = fs.readFileSync(path.join(dir, 'out.txt'), 'utf8');
  assert.match(text, /Unknown key "timout"/);
  assert.doesNotMatch(text, /\u001b\[/);
  // A place that cannot be written is a clear usage error.
  fs.writeFileSync(path.join(dir, 'a-file'), '');
  assertUsageError(await run(['-o', path.join(dir, 'a-file', 'x.json'), ORDERS]), /Cannot write the report to/);
});

test('--max-warnings N: exit 1 only above N warnings; info findings never count', async () => {
  // fragment.cascade.yaml: 2 warnings and 1 info.
  assert.equal((await run([FRAGMENT])).code, 0, 'warnings alone exit 0');
  assert.equal((await run(['--max-warnings', '2', FRAGMENT])).code, 0);
  const over = await run(['--max-warnings', '1', FRAGMENT]);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /too many warnings \(maximum: 1\)/);
  // A clean fragment has one info finding and nothing else: --max-warnings 0 passes.
  const dir = tempDir();
  writeTree(dir, { 'info-only.cascade.yaml': 'states:\n  - name: Done\n    type: Succeed\n' });
  const info = await run(['-f', 'json', '--max-warnings', '0', 'info-only.cascade.yaml'], { cwd: dir });
  assert.equal(info.code, 0);
  const [res] = parseJson(info.stdout);
  assert.deepEqual(res.messages.map((m) => [m.ruleId, m.severity, m.level]), [['missing-envelope', 1, 'info']]);
  assert.equal(res.warningCount, 0);
  assertUsageError(await run(['--max-warnings', 'many', FRAGMENT]), /--max-warnings needs a whole number, not "many"\./);
});

test('--quiet reports errors only (and warnings then do not fail the run)', async () => {
  const r = await run(['-f', 'json', '--quiet', ORDERS]);
  const [res] = parseJson(r.stdout);
  assert.ok(res.messages.length > 0);
  assert.ok(res.messages.every((m) => m.severity === 2 && m.level === undefined));
  assert.equal(res.warningCount, 0);
  const warnOnly = await run(['--quiet', '--max-warnings', '0', FRAGMENT]);
  assert.deepEqual(warnOnly, { code: 0, stdout: '', stderr: '' });
});

test('--fix writes the fixed file, keeping its BOM and CRLF line endings', async () => {
  const dir = tempDir();
  const original = '\uFEFFstates:\r\n  - name: Load\r\n    type: Task\r\n    resource: urn:cascade:activity:load\r\n    resultPath: $.data\r\n    inputPath: $\r\n    catch:\r\n      - error_equals: [States.ALL]\r\n        next: Done\r\n    next: Done\r\n  - name: Done\r\n    type: Succeed\r\n';
  writeTree(dir, { 'crlf.cascade.yaml': original });
  const r = await run(['-f', 'json', '--fix', 'crlf.cascade.yaml'], { cwd: dir });
  assert.equal(r.code, 0, r.stdout);
  const bytes = fs.readFileSync(path.join(dir, 'crlf.cascade.yaml'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
  const fixed = bytes.toString('utf8');
  assert.equal(fixed, original.replace('resultPath:', 'result:').replace('inputPath:', 'input_path:'));
  assert.equal(fixed.split('\r\n').length, original.split('\r\n').length);
  assert.doesNotMatch(fixed.replace(/\r\n/g, ''), /\n/, 'no bare LF introduced');
  const [res] = parseJson(r.stdout);
  assert.deepEqual(res.messages.map((m) => m.ruleId), ['missing-envelope'], 'the report shows what is left after fixing');
  assert.equal(res.output, undefined, '--fix writes the file; "output" is for --fix-dry-run');
  // A second run has nothing left to fix and leaves the bytes alone.
  await run(['--fix', 'crlf.cascade.yaml'], { cwd: dir });
  assert.deepEqual(fs.readFileSync(path.join(dir, 'crlf.cascade.yaml')), bytes);
});

test('--fix removes an unused suppression line, CRLF intact', async () => {
  const dir = tempDir();
  const text = 'states:\r\n  # cascade-lint-disable-next-line\r\n  - name: Done\r\n    type: Succeed\r\n';
  writeTree(dir, { 'x.cascade.yaml': text });
  assert.equal((await run(['--fix', 'x.cascade.yaml'], { cwd: dir })).code, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'x.cascade.yaml'), 'utf8'), 'states:\r\n  - name: Done\r\n    type: Succeed\r\n');
});

test('--fix-dry-run: json shows "output" and the file is not touched', async () => {
  const dir = tempDir();
  const text = 'states:\n  - name: Done\n    type: Succeed\n    outputPath: $\n';
  writeTree(dir, { 'x.cascade.yaml': text });
  const r = await run(['-f', 'json', '--fix-dry-run', 'x.cascade.yaml'], { cwd: dir });
  assert.equal(r.code, 0);
  const [res] = parseJson(r.stdout);
  assert.equal(res.output, text.replace('outputPath', 'output_path'));
  assert.equal(fs.readFileSync(path.join(dir, 'x.cascade.yaml'), 'utf8'), text);
  // Nothing to fix: no "output", as in ESLint.
  const clean = parseJson((await run(['-f', 'json', '--fix-dry-run', path.join(INPUTS, 'clean.cascade.yaml')])).stdout);
  assert.equal(clean[0].output, undefined);
});

test('--config uses the named file instead of the nearest .cascade-lint.yaml; a missing one is a usage error', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': 'rules:\n  prefer-canonical-keys: error\n',
    'quiet.yaml': 'rules:\n  prefer-canonical-keys: off\n  unused-suppression: off\n',
    'x.cascade.yaml': 'states:\n  - name: Done\n    type: Succeed\n    outputPath: $\n',
  });
  const nearest = parseJson((await run(['-f', 'json', 'x.cascade.yaml'], { cwd: dir })).stdout)[0];
  assert.deepEqual(nearest.messages.map((m) => `${m.ruleId}:${m.severity}`), ['missing-envelope:1', 'prefer-canonical-keys:2']);
  for (const flag of ['--config', '-c']) {
    const named = parseJson((await run(['-f', 'json', flag, 'quiet.yaml', 'x.cascade.yaml'], { cwd: dir })).stdout)[0];
    assert.deepEqual(named.messages.map((m) => m.ruleId), ['missing-envelope']);
  }
  assertUsageError(await run(['--config', 'nope.yaml', 'x.cascade.yaml'], { cwd: dir }), /Config file "nope\.yaml" does not exist\./);
});

test('--rule id:severity overrides config and defaults; bad ones are usage errors', async () => {
  const base = parseJson((await run(['-f', 'json', FRAGMENT])).stdout)[0];
  assert.ok(base.messages.some((m) => m.ruleId === 'prefer-canonical-keys' && m.severity === 1));
  const off = parseJson((await run(['-f', 'json', '--rule', 'prefer-canonical-keys:off', FRAGMENT])).stdout)[0];
  assert.ok(!off.messages.some((m) => m.ruleId === 'prefer-canonical-keys'));
  const up = await run(['-f', 'json', '--rule', 'prefer-canonical-keys:error', '--rule=missing-envelope:off', FRAGMENT]);
  assert.equal(up.code, 1);
  const upRes = parseJson(up.stdout)[0];
  assert.ok(upRes.messages.some((m) => m.ruleId === 'prefer-canonical-keys' && m.severity === 2));
  assert.ok(!upRes.messages.some((m) => m.ruleId === 'missing-envelope'));
  const info = parseJson((await run(['-f', 'json', '--rule', 'unknown-field:info', ORDERS])).stdout)[0];
  assert.ok(info.messages.filter((m) => m.ruleId === 'unknown-field').every((m) => m.severity === 1 && m.level === 'info'));
  assertUsageError(await run(['--rule', 'unknown-feld:warn', FRAGMENT]), /Unknown rule "unknown-feld"; run "cascade-lint --list-rules"/);
  assertUsageError(await run(['--rule', 'unknown-field:loud', FRAGMENT]), /Unknown severity "loud" for rule "unknown-field": use off, info, warn or error\./);
  assertUsageError(await run(['--rule', 'unknown-field:constructor', FRAGMENT]), /Unknown severity "constructor"/);
  assertUsageError(await run(['--rule', 'unknown-field', FRAGMENT]), /--rule needs "id:severity"/);
});

test('--list-rules lists every rule with its default severity and fixability', async () => {
  const r = await run(['--list-rules']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, ALL_RULES.length);
  for (const rule of ALL_RULES) {
    const line = lines.find((l) => l.startsWith(rule.meta.id + ' '));
    assert.ok(line, rule.meta.id);
    assert.match(line, new RegExp(`^${rule.meta.id} +${rule.meta.recommended ? rule.meta.defaultSeverity : 'off'} +${rule.meta.fixable ? 'fix' : '   '} +\\S`));
  }
});

test('--print-config FILE prints the effective configuration for that file', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.cascade-lint.yaml': 'rules:\n  prefer-canonical-keys: off\nignore: [vendor/**]\noverrides:\n  - files: [legacy/**]\n    rules: { unknown-field: warn }\n',
  });
  const r = await run(['--print-config', 'legacy/a.cascade.yaml', '--rule', 'duplicate-key:info'], { cwd: dir });
  assert.equal(r.code, 0);
  const cfg = JSON.parse(r.stdout) as { configFile: string; extends: string; ignore: string[]; rules: Record<string, unknown> };
  assert.equal(cfg.configFile, path.join(dir, '.cascade-lint.yaml'));
  assert.equal(cfg.extends, 'recommended');
  assert.deepEqual(cfg.ignore, ['vendor/**']);
  assert.equal(cfg.rules['unknown-field'], 'warning');
  assert.equal(cfg.rules['duplicate-key'], 'info');
  assert.equal(cfg.rules['prefer-canonical-keys'], undefined, 'rules that are off are absent');
  assert.equal(cfg.rules['missing-field'], 'error');
  const plain = JSON.parse((await run(['--print-config', 'other.cascade.yaml'], { cwd: dir })).stdout) as { rules: Record<string, unknown> };
  assert.equal(plain.rules['unknown-field'], 'error', 'the override applies to legacy/** only');
});

test('--stdin lints standard input as --stdin-filename (config looked up from that name)', async () => {
  const dir = tempDir();
  writeTree(dir, { 'flows/.cascade-lint.yaml': 'rules:\n  missing-envelope: off\n' });
  const text = 'states:\n  - name: Done\n    type: Succeed\n    nxt: X\n';
  const r = await run(['-f', 'json', '--stdin', '--stdin-filename', 'flows/in.cascade.yaml'], { cwd: dir, stdin: text });
  assert.equal(r.code, 1);
  const [res] = parseJson(r.stdout);
  assert.equal(res.filePath, path.join(dir, 'flows', 'in.cascade.yaml'));
  assert.deepEqual(res.messages.map(where), ['4:5-4:8 unknown-field']);
  assert.equal(fs.existsSync(path.join(dir, 'flows', 'in.cascade.yaml')), false, 'nothing is written');
  // Without a name, and for any name: stdin is always linted (it was asked for).
  const anon = parseJson((await run(['-f', 'json', '--stdin'], { cwd: dir, stdin: text })).stdout)[0];
  assert.equal(path.basename(anon.filePath), '<stdin>.cascade.yaml');
  const odd = parseJson((await run(['-f', 'json', '--stdin', '--stdin-filename', 'notes.txt'], { cwd: dir, stdin: text })).stdout)[0];
  assert.ok(odd.messages.some((m) => m.ruleId === 'unknown-field'));
  // Bytes: invalid UTF-8 and a BOM on stdin are handled as in a file.
  const bad = parseJson((await run(['-f', 'json', '--stdin'], { cwd: dir, stdin: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]) })).stdout)[0];
  assert.deepEqual(bad.messages.map(where), ['1:4-1:5 yaml-syntax']);
  const bom = parseJson((await run(['-f', 'json', '--stdin'], { cwd: dir, stdin: Buffer.from('\uFEFF' + text, 'utf8') })).stdout)[0];
  assert.ok(bom.messages.some((m) => where(m) === '4:5-4:8 unknown-field'));
  // --fix with --stdin never writes; json carries the fixed text.
  const fixed = parseJson((await run(['-f', 'json', '--stdin', '--fix'], { cwd: dir, stdin: 'states:\n  - name: A\n    type: Succeed\n    inputPath: $\n' })).stdout)[0];
  assert.equal(fixed.output, 'states:\n  - name: A\n    type: Succeed\n    input_path: $\n');
  assertUsageError(await run(['--stdin-filename', 'x.cascade.yaml'], { cwd: dir }), /--stdin-filename needs --stdin\./);
  assertUsageError(await run(['--stdin', 'x.cascade.yaml'], { cwd: dir }), /--stdin lints standard input only/);
});

test('--stdin through the real binary', () => {
  const r = spawnCli(['--stdin', '--stdin-filename', 'piped.cascade.yaml', '-f', 'github'], { input: 'states:\n  - name: A\n    type: Succed\n' });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^::error file=piped\.cascade\.yaml,line=3,col=11,endLine=3,endColumn=17,title=unknown-state-type::Unknown state type "Succed"; did you mean "Succeed"\?$/m);
});

test('--version and --help (and their short forms) print and exit 0', async () => {
  const version = readPackageJson().version;
  for (const flag of ['--version', '-v']) assert.deepEqual(await run([flag]), { code: 0, stdout: `${version}\n`, stderr: '' });
  for (const flag of ['--help', '-h']) assert.deepEqual(await run([flag]), { code: 0, stdout: HELP, stderr: '' });
  for (const flag of ['--format', '--output-file', '--max-warnings', '--quiet', '--fix', '--fix-dry-run', '--config', '--rule', '--list-rules', '--print-config', '--stdin', '--stdin-filename', '--no-color', '--version', '--help']) {
    assert.ok(HELP.includes(flag), `--help documents ${flag}`);
  }
  const child = spawnCli(['--version']);
  assert.deepEqual([child.code, child.stdout, child.stderr], [0, `${version}\n`, '']);
});

test('exit codes: 0 clean, 1 errors, 2 usage errors', async () => {
  assert.equal((await run(['clean.cascade.yaml'])).code, 0);
  assert.equal((await run([ORDERS])).code, 1);
  assertUsageError(await run(['--frobnicate']), /Unknown option "--frobnicate"; see "cascade-lint --help"\./);
  assertUsageError(await run(['no-such-file.cascade.yaml']), /No such file or folder: "no-such-file\.cascade\.yaml"\./);
  assertUsageError(await run(['nothing/**/*.cascade.yaml']), /No files matching the pattern "nothing\/\*\*\/\*\.cascade\.yaml" were found\./);
  assertUsageError(await run(['constructor']), /No such file or folder: "constructor"/);
});

const boom: Rule = {
  meta: { id: 'test-boom', kind: 'problem', defaultSeverity: 'error', recommended: true, summary: 'Throws, to test containment.', messages: {}, docs: { description: 'test only', valid: [], invalid: [] } },
  create() {
    return {
      document() {
        throw new Error('boom from a test rule');
      },
    };
  },
};

test('exit code 3: a rule that throws is contained, reported in one line, and the others still report', async () => {
  const r = await run(['-f', 'json', ORDERS], {}, { rules: [...ALL_RULES, boom] });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /^cascade-lint: internal error: .*orders\.cascade\.yaml: rule "test-boom" failed: Error: boom from a test rule \(this is a bug in cascade-lint; set CASCADE_LINT_DEBUG=1 for details\)\n$/);
  assertNoStack(r.stderr);
  assert.ok(parseJson(r.stdout)[0].messages.some((m) => m.ruleId === 'unknown-field'), 'the report is still written');
  const debug = await run([ORDERS], { env: { CASCADE_LINT_DEBUG: '1' } }, { rules: [...ALL_RULES, boom] });
  assert.equal(debug.code, 3);
  assert.match(debug.stderr, /\n\s+at /, 'CASCADE_LINT_DEBUG=1 shows the stack');
});

test('exit code 3: an unexpected throw outside the rules is contained too', async () => {
  // A rule set whose meta is broken makes --list-rules itself fail: a bug, not a usage error.
  const broken = { meta: undefined, create: () => ({}) } as unknown as Rule;
  const r = await run(['--list-rules'], {}, { rules: [broken] });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /^cascade-lint: internal error: TypeError: [^\n]+\(this is a bug in cascade-lint; set CASCADE_LINT_DEBUG=1 for details\)\n$/);
});
