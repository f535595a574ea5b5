// Loads `.cascade-lint.yaml` (found by walking up from a linted file), validates it against
// schemas/config.schema.json and resolves the rule settings that apply to one file.
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parseYaml, toPlain } from '../syntax/yaml-tree';
import { LineIndex } from '../syntax/line-index';
import { Severity, SeveritySetting } from '../syntax/types';
import { matchesGlob } from './glob';
import { packageRoot } from './package-root';
import type { Rule } from './rule';

export const CONFIG_FILE_NAMES = ['.cascade-lint.yaml', '.cascade-lint.yml'];

export interface RuleSetting {
  severity: SeveritySetting;
  options?: Record<string, unknown>;
}

export interface ConfigFile {
  path?: string;
  dir: string;
  extends: 'recommended' | 'all';
  rules: Record<string, RuleSetting>;
  ignore: string[];
  overrides: { files: string[]; rules: Record<string, RuleSetting> }[];
  activities: string[];
  contracts?: string;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const SEVERITY_WORDS: Record<string, SeveritySetting> = { off: 'off', info: 'info', warn: 'warning', warning: 'warning', error: 'error', 0: 'off', 1: 'warning', 2: 'error' };

export function parseSeverity(v: unknown): SeveritySetting | undefined {
  const k = String(v);
  return Object.hasOwn(SEVERITY_WORDS, k) ? SEVERITY_WORDS[k] : undefined; // never "constructor" & co.
}

function parseRuleSetting(v: unknown): RuleSetting | undefined {
  if (Array.isArray(v)) {
    const sev = parseSeverity(v[0]);
    if (!sev) return undefined;
    const opts = v[1] && typeof v[1] === 'object' ? (v[1] as Record<string, unknown>) : undefined;
    return { severity: sev, options: opts };
  }
  const sev = parseSeverity(v);
  return sev ? { severity: sev } : undefined;
}

let configValidator: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  if (!configValidator) {
    const schema = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schemas', 'config.schema.json'), 'utf8')) as object;
    configValidator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return configValidator;
}

export function defaultConfig(dir: string): ConfigFile {
  return { dir, extends: 'recommended', rules: {}, ignore: [], overrides: [], activities: [] };
}

/** Parse config text; throws ConfigError with a position for anything invalid. */
export function parseConfigText(text: string, file: string, knownRules?: Set<string>): ConfigFile {
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  const lines = new LineIndex(parsed.text);
  const at = (offset: number): [number, number] => {
    const p = lines.positionAt(offset);
    return [p.line + 1, p.character + 1];
  };
  const firstProblem = parsed.problems[0];
  if (firstProblem) throw new ConfigError(`Invalid YAML: ${firstProblem.message}`, file, ...at(firstProblem.span.start));
  const doc = parsed.documents[0];
  const raw = (doc ? toPlain(doc.root) : null) ?? Object.create(null);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('The config must be a mapping.', file, 1, 1);
  const v = validator();
  if (!v(raw)) {
    const e = v.errors![0];
    const where = e.instancePath || '(root)';
    const detail =
      e.keyword === 'additionalProperties'
        ? `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.keyword === 'enum'
          ? `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(', ')}`
          : (e.message ?? 'is invalid');
    throw new ConfigError(`Invalid config at ${where.replace(/^\//, '').replace(/\//g, '.')}: ${detail}.`, file);
  }
  const obj = raw as Record<string, unknown>;
  const dir = path.dirname(file);
  const cfg = defaultConfig(dir);
  cfg.path = file;
  if (obj.extends === 'all') cfg.extends = 'all';
  const readRules = (r: unknown, where: string): Record<string, RuleSetting> => {
    const out: Record<string, RuleSetting> = Object.create(null);
    if (!r || typeof r !== 'object') return out;
    for (const [id, val] of Object.entries(r as Record<string, unknown>)) {
      if (knownRules && !knownRules.has(id)) throw new ConfigError(`Unknown rule "${id}" in ${where}; run "cascade-lint --list-rules" for the list.`, file);
      const s = parseRuleSetting(val);
      if (!s) throw new ConfigError(`Invalid setting for rule "${id}" in ${where}: use off, info, warn or error, or [severity, {options}].`, file);
      out[id] = s;
    }
    return out;
  };
  cfg.rules = readRules(obj.rules, 'rules');
  cfg.ignore = Array.isArray(obj.ignore) ? obj.ignore.map(String) : [];
  cfg.activities = Array.isArray(obj.activities) ? obj.activities.map(String) : [];
  if (typeof obj.contracts === 'string') cfg.contracts = obj.contracts;
  if (Array.isArray(obj.overrides)) {
    obj.overrides.forEach((o: Record<string, unknown>, i: number) => {
      const files = Array.isArray(o.files) ? o.files.map(String) : [String(o.files)];
      cfg.overrides.push({ files, rules: readRules(o.rules, `overrides[${i}].rules`) });
    });
  }
  return cfg;
}

export function loadConfigFile(file: string, knownRules?: Set<string>): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read config file: ${(e as Error).message}`, file);
  }
  return parseConfigText(text, file, knownRules);
}

/** The nearest config file at or above `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (let i = 0; i < 100; i++) {
    for (const n of CONFIG_FILE_NAMES) {
      const p = path.join(d, n);
      try {
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

export interface EffectiveRule {
  severity: Severity;
  options: Record<string, unknown>;
}

/** Rule id -> effective severity and options for one file (rules that are off are absent). */
export function resolveRules(
  rules: readonly Rule[],
  config: ConfigFile,
  filePath: string,
  cliOverrides: Record<string, RuleSetting> = {},
): Map<string, EffectiveRule> {
  const settings: Record<string, RuleSetting> = Object.create(null);
  Object.assign(settings, config.rules);
  const rel = path.relative(config.dir, path.resolve(filePath)).replace(/\\/g, '/');
  for (const o of config.overrides) if (o.files.some((g) => matchesGlob(rel, g))) Object.assign(settings, o.rules);
  Object.assign(settings, cliOverrides);
  const out = new Map<string, EffectiveRule>();
  for (const r of rules) {
    const s = settings[r.meta.id];
    const base: SeveritySetting = config.extends === 'all' || r.meta.recommended ? r.meta.defaultSeverity : 'off';
    const sev = s ? s.severity : base;
    if (sev === 'off') continue;
    out.set(r.meta.id, { severity: sev, options: { ...(r.meta.defaultOptions ?? {}), ...(s?.options ?? {}) } });
  }
  return out;
}

export function isIgnored(config: ConfigFile, filePath: string): boolean {
  if (config.ignore.length === 0) return false;
  const rel = path.relative(config.dir, path.resolve(filePath)).replace(/\\/g, '/');
  if (rel.startsWith('..')) return false;
  return config.ignore.some((g) => matchesGlob(rel, g));
}
