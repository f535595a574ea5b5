// Per-file settings for the CLI and the language server alike: the config that applies,
// the effective rules, and the declaration catalogue named by the config. Cached per config.
import * as fs from 'fs';
import * as path from 'path';
import { parseYaml } from '../syntax/yaml-tree';
import { decodeBytes } from '../syntax/decode';
import { buildCatalogue } from '../model/build';
import { ConfigFile, EffectiveRule, RuleSetting, defaultConfig, findConfigFile, loadConfigFile, resolveRules, isIgnored } from './config';
import { Catalogue } from './document-analysis';
import { expandGlob } from './file-walk';
import { ALL_RULES } from '../../../rules';
import { analyzeText, FileAnalysis } from './analyze';
import type { Rule } from './rule';

export interface ProjectOptions {
  /** Use this config file for every file instead of looking one up. */
  configFile?: string;
  /** `--rule id:severity` settings, applied last. */
  cliRules?: Record<string, RuleSetting>;
  /** Settings from the editor (workspace/configuration), applied before cliRules. */
  editorRules?: Record<string, RuleSetting>;
  /** The rule implementations (default: the registry, ALL_RULES). */
  ruleSet?: readonly Rule[];
}

export class Project {
  private readonly configs = new Map<string, ConfigFile>();
  private readonly catalogues = new Map<string, Catalogue>();
  readonly ruleSet: readonly Rule[];
  readonly knownRules: Set<string>;

  constructor(readonly options: ProjectOptions = {}) {
    this.ruleSet = options.ruleSet ?? ALL_RULES;
    this.knownRules = new Set(this.ruleSet.map((r) => r.meta.id));
  }

  /** Forget cached configs and catalogues (a config file changed). */
  invalidate(): void {
    this.configs.clear();
    this.catalogues.clear();
  }

  configFor(file: string): ConfigFile {
    const configPath = this.options.configFile ? path.resolve(this.options.configFile) : findConfigFile(path.dirname(path.resolve(file)));
    const key = configPath ?? `default:${path.dirname(path.resolve(file))}`;
    let c = this.configs.get(key);
    if (!c) {
      c = configPath ? loadConfigFile(configPath, this.knownRules) : defaultConfig(process.cwd());
      this.configs.set(key, c);
    }
    return c;
  }

  rulesFor(file: string): Map<string, EffectiveRule> {
    const cfg = this.configFor(file);
    return resolveRules(this.ruleSet, cfg, file, { ...(this.options.editorRules ?? {}), ...(this.options.cliRules ?? {}) });
  }

  isIgnored(file: string): boolean {
    return isIgnored(this.configFor(file), file);
  }

  catalogueFor(file: string): Catalogue {
    const cfg = this.configFor(file);
    const key = cfg.path ?? cfg.dir;
    let cat = this.catalogues.get(key);
    if (!cat) {
      cat = { activities: [], schemas: [] };
      for (const g of cfg.activities) {
        for (const f of expandGlob(g, cfg.dir, (x) => /\.(ya?ml|json)$/i.test(x))) {
          try {
            const d = decodeBytes(fs.readFileSync(f));
            if (d.problem) continue;
            const c = buildCatalogue(parseYaml(d.text), f);
            cat.activities.push(...c.activities);
            cat.schemas.push(...c.schemas);
          } catch {
            // An unreadable catalogue file contributes nothing.
          }
        }
      }
      this.catalogues.set(key, cat);
    }
    return cat;
  }

  /** Analyse text as the file `file` (which need not exist on disk). */
  analyze(file: string, text: string, extra: { force?: boolean; decodeProblem?: { message: string; span: { start: number; end: number } } } = {}): FileAnalysis {
    return analyzeText(text, { fileName: file, rules: this.rulesFor(file), catalogue: this.catalogueFor(file), ruleSet: this.ruleSet, ...extra });
  }
}
