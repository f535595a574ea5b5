// Runs one annotated fixture through the full pipeline and compares findings exhaustively.
import * as fs from 'fs';
import { analyzeText, recommendedRules, rulesById } from '../../server/src/analysis/analyze';
import { EffectiveRule } from '../../server/src/analysis/config';
import { LineIndex } from '../../server/src/syntax/line-index';
import { Severity } from '../../server/src/syntax/types';
import { annotate, compare, splitAnnotations, toExpected } from './annotations';
import type { Catalogue } from '../../server/src/analysis/document-analysis';
import type { PreviousContracts } from '../../server/src/shapes/contracts/history';
import { historiesOfText, previousFromContractsFile, readContractsFile } from '../../server/src/analysis/contract-sources';
import * as path from 'path';

/**
 * First line `# cascade-lint-fixture: {"rules": {"id": "off"}, "fileName": "x.yaml"}` configures a fixture.
 * `previous` names an earlier version of the file (as `--baseline` would read it, labelled
 * "HEAD"); `contracts` names a contracts file whose keys are relative to it.
 */
interface FixtureConfig {
  rules?: Record<string, Severity | 'off' | [Severity, Record<string, unknown>]>;
  extends?: 'recommended' | 'all';
  fileName?: string;
  only?: string[];
  previous?: string;
  contracts?: string;
}

/** Previous contracts taken from an earlier text of the file, labelled like `--baseline HEAD`. */
export function previousFromText(text: string, fileName: string, label = 'HEAD'): PreviousContracts {
  return { kind: 'baseline', label, workflows: historiesOfText(text, fileName, { activities: [], schemas: [] }) };
}

function fixturePrevious(cfg: FixtureConfig, file: string): PreviousContracts | undefined {
  const dir = path.dirname(file);
  if (cfg.previous) return previousFromText(fs.readFileSync(path.join(dir, cfg.previous), 'utf8'), file);
  if (cfg.contracts) {
    const contractsFile = path.join(dir, cfg.contracts);
    const data = readContractsFile(contractsFile);
    if (!data) throw new Error(`fixture contracts file "${cfg.contracts}" not found`);
    return previousFromContractsFile(data, contractsFile, file);
  }
  return undefined;
}

export function fixtureRules(cfg: FixtureConfig): Map<string, EffectiveRule> {
  const byId = rulesById();
  const rules = cfg.extends === 'all' ? new Map([...byId.values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }])) : recommendedRules();
  for (const [id, v] of Object.entries(cfg.rules ?? {})) {
    const sev = Array.isArray(v) ? v[0] : v;
    if (sev === 'off') rules.delete(id);
    else rules.set(id, { severity: sev, options: { ...(byId.get(id)?.meta.defaultOptions ?? {}), ...(Array.isArray(v) ? v[1] : {}) } });
  }
  return rules;
}

export function readFixtureConfig(text: string): FixtureConfig {
  const m = /^# cascade-lint-fixture: (\{.*\})\s*$/m.exec(text.split(/\r?\n/, 1)[0] ?? '');
  return m ? (JSON.parse(m[1]) as FixtureConfig) : {};
}

export interface FixtureOutcome {
  unexpected: string[];
  missing: string[];
  rewritten?: string;
}

export function checkAnnotated(
  text: string,
  fileName: string,
  opts: { rules?: Map<string, EffectiveRule>; onlyRule?: string; catalogue?: Catalogue; previousContracts?: PreviousContracts } = {},
): FixtureOutcome {
  const cfg = readFixtureConfig(text);
  const split = splitAnnotations(text);
  const previousContracts = opts.previousContracts ?? fixturePrevious(cfg, fileName);
  const analysis = analyzeText(split.clean, { fileName: cfg.fileName ?? fileName, rules: opts.rules ?? fixtureRules(cfg), force: true, catalogue: opts.catalogue, previousContracts });
  if (analysis.internalErrors.length) throw new Error(analysis.internalErrors.join('\n'));
  const lines = new LineIndex(split.clean);
  const only = opts.onlyRule ? [opts.onlyRule] : cfg.only;
  const actual = analysis.findings.filter((f) => !only || only.includes(f.ruleId)).map((f) => toExpected(f, lines));
  const expected = split.expected.filter((e) => !only || only.includes(e.ruleId));
  const result: FixtureOutcome = compare(expected, actual);
  if (result.unexpected.length || result.missing.length) result.rewritten = annotate(split.clean, actual, split.eol);
  return result;
}

export const UPDATE = process.env.CASCADE_UPDATE_FIXTURES === '1';

export function checkFixtureFile(file: string): FixtureOutcome {
  const text = fs.readFileSync(file, 'utf8');
  const out = checkAnnotated(text, file);
  if (UPDATE && out.rewritten !== undefined) {
    fs.writeFileSync(file, out.rewritten);
    return { unexpected: [], missing: [] };
  }
  return out;
}
