// Loads `.cascade-lint.yaml` (found by walking up from a linted file), validates it against
// schemas/config.schema.json and resolves the rule settings that apply to one file.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject } from 'ajv';
import { YNode, parseYaml, toPlain } from '../syntax/yaml-tree';
import { Span } from '../syntax/types';
import { closest } from '../expr/suggest';
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

/** A severity typed on the command line (`--rule id:1`) or in editor settings: words or 0/1/2. */
export function parseSeverity(v: unknown): SeveritySetting | undefined {
  const k = String(v);
  return Object.hasOwn(SEVERITY_WORDS, k) ? SEVERITY_WORDS[k] : undefined; // never "constructor" & co.
}

/**
 * The severities a config file accepts, as in ESLint plus `info`: the words and the numbers 0, 1,
 * 2 (not the strings "1" or "warning"). schemas/config.schema.json lists the same; a test checks.
 */
export const CONFIG_SEVERITIES: ReadonlyMap<unknown, SeveritySetting> = new Map<unknown, SeveritySetting>([
  ['off', 'off'],
  ['info', 'info'],
  ['warn', 'warning'],
  ['error', 'error'],
  [0, 'off'],
  [1, 'warning'],
  [2, 'error'],
]);

/** A config file's rule setting: a severity, `[severity]` or `[severity, {options}]`. */
export function parseRuleSetting(v: unknown): RuleSetting | undefined {
  if (Array.isArray(v)) {
    const sev = CONFIG_SEVERITIES.get(v[0]);
    if (!sev || v.length > 2) return undefined;
    if (v.length === 2 && (!v[1] || typeof v[1] !== 'object' || Array.isArray(v[1]))) return undefined;
    return { severity: sev, options: v[1] as Record<string, unknown> | undefined };
  }
  const sev = CONFIG_SEVERITIES.get(v);
  return sev ? { severity: sev } : undefined;
}

const SETTING_HELP = 'use off, info, warn or error (or 0, 1, 2 as in ESLint), or [severity, {options}]';

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

const TOP_KEYS = ['extends', 'rules', 'ignore', 'overrides', 'activities', 'contracts'];

/** The YAML node at a JSON pointer, with the span of the key that holds it. */
function locate(root: YNode | null, pointer: string): { node: YNode | null; keySpan?: Span } {
  let cur: { node: YNode | null; keySpan?: Span } = { node: root };
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const n = cur.node;
    if (n?.kind === 'map') {
      const pair = n.pairs.find((p) => String(p.key.value) === seg);
      if (!pair) break;
      cur = { node: pair.value, keySpan: pair.key.span };
    } else if (n?.kind === 'seq' && n.items[Number(seg)]) {
      cur = { node: n.items[Number(seg)] };
    } else break;
  }
  return cur;
}

function keySpanIn(node: YNode | null, key: string): Span | undefined {
  return node?.kind === 'map' ? node.pairs.find((p) => String(p.key.value) === key)?.key.span : undefined;
}

/** One schema error as a one-line message at the span of the key or value it is about. */
function describeSchemaError(errors: ErrorObject[], root: YNode | null): { message: string; span?: Span } {
  // `if`/`then` wrappers only repeat what the error inside them says.
  const e = errors.find((x) => x.keyword === 'propertyNames') ?? errors.find((x) => !['if', 'anyOf', 'oneOf'].includes(x.keyword)) ?? errors[0];
  const where = e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/^\//, '').replace(/\//g, '.') || 'the top level';
  const loc = locate(root, e.instancePath);
  const valueText = loc.node?.kind === 'scalar' ? JSON.stringify(loc.node.value) : loc.node?.kind === 'map' ? 'a mapping' : loc.node?.kind === 'seq' ? 'a list' : 'nothing';
  const ruleMatch = /^\/(?:overrides\/\d+\/)?rules\/([^/]+)/.exec(e.instancePath);
  if (ruleMatch) {
    const id = ruleMatch[1].replace(/~1/g, '/').replace(/~0/g, '~');
    if (/\/1$/.test(e.instancePath) && e.keyword === 'type') return { message: `Invalid options ${valueText} for rule "${id}": the options must be a mapping, as in [severity, {options}].`, span: loc.node?.span ?? loc.keySpan };
    const what = loc.node?.kind === 'scalar' ? `Invalid severity ${valueText}` : 'Invalid setting';
    return { message: `${what} for rule "${id}": ${SETTING_HELP}.`, span: loc.node?.span ?? loc.keySpan };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const valid = e.instancePath === '' ? TOP_KEYS : ['files', 'rules'];
      const hint = closest(key, valid);
      return { message: `Unknown key "${key}" in ${e.instancePath === '' ? 'the config' : where}${hint ? `; did you mean "${hint}"?` : `; valid keys are ${valid.map((k) => `"${k}"`).join(', ')}.`}`, span: keySpanIn(loc.node, key) ?? loc.keySpan };
    }
    case 'propertyNames': {
      const key = (e.params as { propertyName: string }).propertyName;
      return { message: `Invalid rule id "${key}" in ${where}: rule ids are lowercase words joined by "-" (see "cascade-lint --list-rules").`, span: keySpanIn(loc.node, key) };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(', ');
      return { message: `Invalid value ${valueText} for "${where}": use one of ${allowed}.`, span: loc.node?.span ?? loc.keySpan };
    }
    case 'required':
      return { message: `Missing required key "${(e.params as { missingProperty: string }).missingProperty}" in ${where}.`, span: loc.node?.kind === 'map' ? loc.node.pairs[0]?.key.span ?? loc.node.span : loc.keySpan };
    case 'type': {
      const words: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string' };
      const want = String((e.params as { type: unknown }).type)
        .split(',')
        .map((t) => (Object.hasOwn(words, t) ? words[t] : t))
        .join(' or ');
      return { message: `"${where}" must be ${want}, not ${valueText}.`, span: loc.node?.span ?? loc.keySpan };
    }
    default:
      return { message: `Invalid value ${valueText} for "${where}": it ${e.message ?? 'is invalid'}.`, span: loc.node?.span ?? loc.keySpan };
  }
}

/** Parse config text; throws ConfigError with a position for anything invalid. */
export function parseConfigText(text: string, file: string, knownRules?: Set<string>): ConfigFile {
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  const lines = new LineIndex(parsed.text);
  const at = (span: Span | undefined): [number?, number?] => {
    if (!span) return [];
    const p = lines.positionAt(span.start);
    return [p.line + 1, p.character + 1];
  };
  const firstProblem = parsed.problems[0];
  if (firstProblem) throw new ConfigError(`Invalid YAML: ${firstProblem.message}`, file, ...at(firstProblem.span));
  if (parsed.documents.length > 1) throw new ConfigError('The config must be a single YAML document.', file, ...at(parsed.documents[1].span));
  const doc = parsed.documents[0];
  const root = doc?.root ?? null;
  const raw = (doc ? toPlain(doc.root) : null) ?? Object.create(null);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('The config must be a mapping of "extends", "rules", "ignore", "overrides" and "activities".', file, ...at(root?.span));
  const v = validator();
  if (!v(raw)) {
    const d = describeSchemaError(v.errors ?? [], root);
    throw new ConfigError(d.message, file, ...at(d.span));
  }
  const obj = raw as Record<string, unknown>;
  const dir = path.dirname(file);
  const cfg = defaultConfig(dir);
  cfg.path = file;
  if (obj.extends === 'all') cfg.extends = 'all';
  const readRules = (r: unknown, where: string, pointer: string): Record<string, RuleSetting> => {
    const out: Record<string, RuleSetting> = Object.create(null);
    if (!r || typeof r !== 'object') return out;
    const holder = locate(root, pointer).node;
    for (const [id, val] of Object.entries(r as Record<string, unknown>)) {
      const span = keySpanIn(holder, id);
      if (knownRules && !knownRules.has(id)) {
        const hint = closest(id, knownRules);
        throw new ConfigError(`Unknown rule "${id}" in ${where}${hint ? `; did you mean "${hint}"?` : '; run "cascade-lint --list-rules" for the list.'}`, file, ...at(span));
      }
      const s = parseRuleSetting(val);
      if (!s) throw new ConfigError(`Invalid setting for rule "${id}" in ${where}: ${SETTING_HELP}.`, file, ...at(span));
      out[id] = s;
    }
    return out;
  };
  cfg.rules = readRules(obj.rules, 'rules', '/rules');
  cfg.ignore = Array.isArray(obj.ignore) ? obj.ignore.map(String) : [];
  cfg.activities = Array.isArray(obj.activities) ? obj.activities.map(String) : [];
  if (typeof obj.contracts === 'string') cfg.contracts = obj.contracts;
  if (Array.isArray(obj.overrides)) {
    obj.overrides.forEach((o: Record<string, unknown>, i: number) => {
      const files = Array.isArray(o.files) ? o.files.map(String) : [String(o.files)];
      cfg.overrides.push({ files, rules: readRules(o.rules, `overrides[${i}].rules`, `/overrides/${i}/rules`) });
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
