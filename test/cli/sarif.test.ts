// SARIF validity: our output validated with ajv against the official SARIF 2.1.0 JSON schema
// (draft-04, so ajv-draft-04, with ajv-formats for uri/date-time), plus what GitHub code
// scanning needs on top of the schema.
//
// The schema file test/cli/sarif-schema-2.1.0-rtm.5.json is vendored byte for byte from the
// npm package @microsoft/jest-sarif@1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json; package
// integrity sha512-A1fOhPd6Ic5iDk4F9YPw1qNB4XF+7+IviR7xl8r2F6QzQkx5cpY9LsGk2rExiFIEcBbjpVnSmwWGBukASkiQ9A==),
// the only package on the registry that ships it; see test/cli/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { CLI_DIR, INPUTS, run, tempDir, writeTree } from './helpers';
import { Expected, compare, splitAnnotations } from '../harness/annotations';

const SCHEMA_FILE = path.join(CLI_DIR, 'sarif-schema-2.1.0-rtm.5.json');
const SCHEMA_SHA256 = '2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8';

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    // unicodeRegExp off: the schema's pattern for `language` has a stray "]" that only the
    // non-unicode (Annex B) regular expression syntax accepts, as JSON Schema tools mostly do.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  return compiled;
}

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    columnKind: string;
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number; charOffset: number; charLength: number } } }[];
      relatedLocations?: unknown[];
    }[];
  }[];
}

function assertValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const v = validator();
  assert.ok(v(log), `SARIF does not validate:\n${JSON.stringify(v.errors, null, 2)}`);
  return log;
}

/** What GitHub code scanning reads beyond the schema (docs: "SARIF support for code scanning"). */
function assertGithubReady(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const runObj = log.runs[0];
  assert.equal(runObj.tool.driver.name, 'cascade-lint');
  assert.match(runObj.tool.driver.version, /^\d+\.\d+\.\d+/);
  const ruleIds = runObj.tool.driver.rules.map((r) => r.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
  for (const r of runObj.tool.driver.rules) {
    assert.ok(r.shortDescription.text.length > 0);
    assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
    assert.match(r.helpUri, /^https:\/\//);
  }
  assert.equal(runObj.columnKind, 'utf16CodeUnits');
  for (const res of runObj.results) {
    assert.ok(res.ruleId, 'every result names its rule');
    assert.ok(ruleIds.includes(res.ruleId), `rule ${res.ruleId} is described in tool.driver.rules`);
    assert.equal(runObj.tool.driver.rules[res.ruleIndex!].id, res.ruleId, 'ruleIndex points at the rule');
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.message.text.length > 0);
    assert.ok(res.locations.length >= 1, 'at least one location');
    const loc = res.locations[0].physicalLocation;
    // A relative URI against %SRCROOT%: the repository-relative path GitHub shows.
    assert.ok(!/^[a-z]+:/i.test(loc.artifactLocation.uri), `uri ${loc.artifactLocation.uri} is relative`);
    assert.ok(!loc.artifactLocation.uri.includes('\\'), 'forward slashes only');
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(runObj.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'));
    assert.ok(Number.isInteger(loc.region.startLine) && loc.region.startLine >= 1, 'region.startLine is 1-based');
    assert.ok(loc.region.startColumn >= 1 && loc.region.endLine >= loc.region.startLine);
    if (loc.region.endLine === loc.region.startLine) assert.ok(loc.region.endColumn >= loc.region.startColumn);
  }
}

test('the vendored SARIF schema is the file from @microsoft/jest-sarif, unchanged', () => {
  const sha = crypto.createHash('sha256').update(fs.readFileSync(SCHEMA_FILE)).digest('hex');
  assert.equal(sha, SCHEMA_SHA256);
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { $schema: string; title: string };
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
});

test('the validator rejects broken SARIF (the check has teeth)', () => {
  const v = validator();
  assert.equal(v({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
  assert.equal(v({ version: '2.0.0', runs: [] }), false, 'only 2.1.0');
  const ok = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.yaml' }, region: { startLine: 0 } } }] }] }] };
  assert.equal(v(ok), false, 'startLine is 1-based');
  ok.runs[0].results[0].locations[0].physicalLocation.region.startLine = 1;
  assert.equal(v(ok), true);
});

test('SARIF for the fixture workflows validates against SARIF 2.1.0 and suits GitHub code scanning', async () => {
  const r = await run(['-f', 'sarif', '.'], { cwd: INPUTS });
  assert.equal(r.code, 1);
  const log = assertValidSarif(r.stdout);
  assertGithubReady(log);
  assert.ok(log.runs[0].results.length >= 10);
  assert.ok(log.runs[0].results.some((x) => x.level === 'note'), 'info findings are notes');
  assert.ok(log.runs[0].results.some((x) => x.relatedLocations), 'related locations are included');
});

test('SARIF regions match the JSON positions exactly', async () => {
  const sarif = JSON.parse((await run(['-f', 'sarif', 'unicode.cascade.yaml', 'orders.cascade.yaml'])).stdout) as SarifLog;
  const json = JSON.parse((await run(['-f', 'json', 'unicode.cascade.yaml', 'orders.cascade.yaml'])).stdout) as { messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
  const fromJson = json.flatMap((f) => f.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`));
  const fromSarif = sarif.runs[0].results.map((x) => {
    const g = x.locations[0].physicalLocation.region;
    return `${x.ruleId} ${g.startLine}:${g.startColumn}-${g.endLine}:${g.endColumn}`;
  });
  assert.deepEqual(fromSarif, fromJson);
});

test('SARIF with no results, and for awkward inputs (binary, empty span, odd names), validates too', async () => {
  const clean = await run(['-f', 'sarif', 'clean.cascade.yaml']);
  assert.equal(clean.code, 0);
  const log = assertValidSarif(clean.stdout);
  assert.deepEqual(log.runs[0].results, []);
  assert.deepEqual(log.runs[0].tool.driver.rules, []);

  const dir = tempDir();
  writeTree(dir, {
    'bin.cascade.yaml': Buffer.from([0, 1, 2, 3]),
    'empty.cascade.yaml': '',
    'with space & ü.cascade.yaml': 'states:\n  - name: A\n    type: Taks\n',
  });
  const odd = await run(['-f', 'sarif', '.'], { cwd: dir });
  assert.equal(odd.code, 1);
  const oddLog = assertValidSarif(odd.stdout);
  assertGithubReady(oddLog);
  assert.ok(oddLog.runs[0].results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'with%20space%20%26%20%C3%BC.cascade.yaml'));
});

test('SARIF from standard input validates', async () => {
  const r = await run(['-f', 'sarif', '--stdin', '--stdin-filename', 'flows/x.cascade.yaml'], { stdin: 'states:\n  - name: A\n    type: Succeed\n    nxt: B\n' });
  assert.equal(r.code, 1);
  const log = assertValidSarif(r.stdout);
  assertGithubReady(log);
  assert.equal(log.runs[0].results.find((x) => x.ruleId === 'unknown-field')?.locations[0].physicalLocation.artifactLocation.uri, 'flows/x.cascade.yaml');
});

/** Fixtures written to check spans the way an outside checker does: through the CLI's json and sarif. */
const RED_TEAM = [
  'unknown-field/every-level.cascade.yaml',
  'unknown-field/one-typo-one-finding.cascade.yaml',
  'invalid-value/every-part.cascade.yaml',
  'invalid-value/json-schema-bodies.cascade.yaml',
  'missing-field/choice-rule-forms.cascade.yaml',
  'conflicting-keys/layouts.cascade.yaml',
  'unknown-filter/scalar-styles.cascade.yaml',
  'invalid-template/crlf-block-scalars.cascade.yaml',
  'invalid-path/quoted-and-escaped.cascade.yaml',
  'invalid-duration/red-team.cascade.yaml',
  'invalid-urn/red-team.cascade.yaml',
];

test('json and sarif give the fixtures\' exact spans, also with a BOM and CRLF line endings', async () => {
  const dir = tempDir();
  const files: Record<string, string | Buffer> = {};
  const expected = new Map<string, Expected[]>();
  RED_TEAM.forEach((rel, i) => {
    const split = splitAnnotations(fs.readFileSync(path.join(CLI_DIR, '..', 'fixtures', 'rules', rel), 'utf8'));
    const lf = split.clean.replace(/\r\n/g, '\n');
    files[`f${i}.cascade.yaml`] = split.clean;
    files[`f${i}-bom-crlf.cascade.yaml`] = Buffer.from('\uFEFF' + lf.replace(/\n/g, '\r\n'), 'utf8');
    expected.set(`f${i}.cascade.yaml`, split.expected);
    expected.set(`f${i}-bom-crlf.cascade.yaml`, split.expected);
  });
  writeTree(dir, files);
  const json = JSON.parse((await run(['-f', 'json', '.'], { cwd: dir })).stdout) as { filePath: string; messages: { ruleId: string; severity: number; level?: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
  const log = assertValidSarif((await run(['-f', 'sarif', '.'], { cwd: dir })).stdout);
  assert.equal(json.length, RED_TEAM.length * 2);
  for (const f of json) {
    const name = path.basename(f.filePath);
    const actual: Expected[] = f.messages.map((m) => ({
      line: m.line - 1,
      startCol: m.column - 1,
      endLine: m.endLine - 1,
      endCol: m.endColumn - 1,
      severity: m.severity === 2 ? 'error' : m.level === 'info' ? 'info' : 'warning',
      ruleId: m.ruleId,
      message: '',
    }));
    assert.deepEqual(compare(expected.get(name)!, actual), { unexpected: [], missing: [] }, name);
    const fromSarif = log.runs[0].results
      .filter((x) => x.locations[0].physicalLocation.artifactLocation.uri === name)
      .map((x) => {
        const g = x.locations[0].physicalLocation.region;
        return `${x.ruleId} ${g.startLine}:${g.startColumn}-${g.endLine}:${g.endColumn}`;
      });
    assert.deepEqual(fromSarif, f.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`), name);
  }
});
