// Per-file settings for the CLI and the language server alike: the config that applies,
// the effective rules, and the declaration catalogue named by the config. Cached per config.
import * as fs from 'fs';
import * as path from 'path';
import { parseYaml } from '../syntax/yaml-tree';
import { decodeBytes } from '../syntax/decode';
import { buildCatalogue } from '../model/build';
import { ConfigError, ConfigFile, EffectiveRule, RuleSetting, defaultConfig, findConfigFile, loadConfigFile, resolveRules, isIgnored } from './config';
import { Catalogue } from './document-analysis';
import { expandGlob } from './file-walk';
import { ALL_RULES } from '../../../rules';
import { analyzeText, FileAnalysis } from './analyze';
import { CONTRACTS_FILE_NAME, ContractsFileData, ContractsFileError, PreviousContracts } from '../shapes/contracts/history';
import { previousFromBaseline, previousFromContractsFile, readContractsFile } from './contract-sources';
import type { Rule } from './rule';

export interface ProjectOptions {
  /** Use this config file for every file instead of looking one up. */
  configFile?: string;
  /** `--rule id:severity` settings, applied last. */
  cliRules?: Record<string, RuleSetting>;
  /** Settings from the editor (workspace/configuration), applied before cliRules. */
  editorRules?: Record<string, RuleSetting>;
  /** Previous contracts from this git revision instead of the contracts file (`--baseline`). */
  baseline?: string;
  /** The folder that stands for the project root when no config file is found. */
  cwd?: string;
  /** The rule implementations (default: the registry, ALL_RULES). */
  ruleSet?: readonly Rule[];
}

export class Project {
  private readonly configs = new Map<string, ConfigFile>();
  private readonly catalogues = new Map<string, Catalogue>();
  private readonly contractFiles = new Map<string, ContractsFileData | undefined>();
  /** Baseline contracts per file: one `git show` per file, however often it is analysed (--fix). */
  private readonly baselines = new Map<string, PreviousContracts>();
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
    this.contractFiles.clear();
    this.baselines.clear();
  }

  configFor(file: string): ConfigFile {
    const configPath = this.options.configFile ? path.resolve(this.options.configFile) : findConfigFile(path.dirname(path.resolve(file)));
    const key = configPath ?? `default:${path.dirname(path.resolve(file))}`;
    let c = this.configs.get(key);
    if (!c) {
      c = configPath ? loadConfigFile(configPath, this.knownRules) : defaultConfig(this.options.cwd ?? process.cwd());
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

  /**
   * The contracts file that applies to a file: the config's `contracts:` path (relative to the
   * config), else `cascade.contracts.json` next to the config, else in the working folder.
   */
  contractsFileFor(file: string): string {
    const cfg = this.configFor(file);
    return path.resolve(cfg.dir, cfg.contracts ?? CONTRACTS_FILE_NAME);
  }

  /** The parsed contracts file (cached); undefined when there is none. Throws ConfigError when it is broken. */
  contractsData(contractsFile: string): ContractsFileData | undefined {
    if (!this.contractFiles.has(contractsFile)) {
      try {
        this.contractFiles.set(contractsFile, readContractsFile(contractsFile));
      } catch (e) {
        if (e instanceof ContractsFileError) throw new ConfigError(`Invalid contracts file: ${e.message}.`, contractsFile);
        throw e;
      }
    }
    return this.contractFiles.get(contractsFile);
  }

  /** The previous contracts of a file's workflows: from the git baseline, or the contracts file. */
  previousContractsFor(file: string): PreviousContracts | undefined {
    const ref = this.options.baseline;
    if (ref !== undefined) {
      const key = path.resolve(file);
      let p = this.baselines.get(key);
      if (!p) this.baselines.set(key, (p = previousFromBaseline(ref, file, this.catalogueFor(file))));
      return p;
    }
    const contractsFile = this.contractsFileFor(file);
    const data = this.contractsData(contractsFile);
    return data ? previousFromContractsFile(data, contractsFile, file) : undefined;
  }

  /** Analyse text as the file `file` (which need not exist on disk). */
  analyze(file: string, text: string, extra: { force?: boolean; decodeProblem?: { message: string; span: { start: number; end: number } } } = {}): FileAnalysis {
    return analyzeText(text, { fileName: file, rules: this.rulesFor(file), catalogue: this.catalogueFor(file), previousContracts: this.previousContractsFor(file), ruleSet: this.ruleSet, ...extra });
  }
}
