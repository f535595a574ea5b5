// The `cascade-lint` command: argument parsing, linting, formatting and exit codes
// (0 clean, 1 errors or too many warnings, 2 usage or config error, 3 internal error).
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../analysis/project';
import { MAX_FILE_CHARS, tooLargeMessage } from '../analysis/analyze';
import { ConfigError, RuleSetting, parseSeverity } from '../analysis/config';
import { decodeBytes } from '../syntax/decode';
import { LineIndex } from '../syntax/line-index';
import { ALL_RULES } from '../../../rules';
import type { Rule } from '../analysis/rule';
import { readPackageJson } from '../analysis/package-root';
import { LintResult, counts } from './result';
import { findFiles, NoFilesError } from './files';
import { formatStylish, ANSI, PLAIN } from './formatters/stylish';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatGithub } from './formatters/github';
import { applyFixes } from './fix';
import { SUBCOMMANDS } from './subcommands';
import { eachArg } from './argv';
import { UsageError } from './usage-error';
import { BaselineError, checkBaselineRef } from '../analysis/contract-sources';

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The bytes (or text) of standard input; bytes let --stdin report invalid UTF-8 like a file. */
  readStdin: () => string | Uint8Array;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export { UsageError };

/** What a caller embedding the CLI may replace (tests run it with their own rule set). */
export interface CliOptions {
  /** The rule implementations (default: the registry, ALL_RULES). */
  rules?: readonly Rule[];
}

export const HELP = `Usage: cascade-lint [options] [paths|globs...]
       cascade-lint <command> ...   (${Object.keys(SUBCOMMANDS).join(', ')}; "cascade-lint <command> --help")

Lints Cascade workflow files. Folders are scanned for Cascade files only (*.cascade.yaml,
*.cdl.yaml, or YAML whose first document has "apiVersion: cascade.io/..."); node_modules and
.git are skipped. With no paths, the current folder is linted.

Options:
  -f, --format <name>        stylish (default), json, sarif, github
  -o, --output-file <file>   write the report to a file
  --max-warnings <n>         exit 1 when there are more than n warnings
  --quiet                    report errors only
  --fix                      apply autofixes and write the files
  --fix-dry-run              compute autofixes without writing (json shows "output")
  -c, --config <file>        use this config file instead of .cascade-lint.yaml lookup
  --rule <id:severity>       set a rule's severity (off, info, warn, error); repeatable
  --list-rules               list every rule with its default severity
  --print-config <file>      print the effective configuration for a file
  --baseline <git-ref>       compare input contracts with the files at this git revision
                             instead of cascade.contracts.json (read with "git show")
  --no-error-on-unmatched-pattern
                             skip a path or glob that matches no Cascade file (default: exit 2)
  --stdin                    lint text from standard input
  --stdin-filename <name>    the file name to use for --stdin
  --color, --no-color        force colour on or off (default: on for a TTY)
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no errors (warnings within --max-warnings), 1 errors or too many warnings,
2 usage or configuration error, 3 internal error.
`;

interface Options {
  format: string;
  outputFile?: string;
  maxWarnings: number;
  quiet: boolean;
  fix: boolean;
  fixDryRun: boolean;
  config?: string;
  rules: Record<string, RuleSetting>;
  listRules: boolean;
  printConfig?: string;
  baseline?: string;
  errorOnUnmatched: boolean;
  stdin: boolean;
  stdinFilename?: string;
  color?: boolean;
  version: boolean;
  help: boolean;
  patterns: string[];
}

export function parseArgs(argv: string[], ruleSet: readonly Rule[] = ALL_RULES): Options {
  const o: Options = { format: 'stylish', maxWarnings: -1, quiet: false, fix: false, fixDryRun: false, rules: {}, listRules: false, errorOnUnmatched: true, stdin: false, version: false, help: false, patterns: [] };
  const known = new Set(ruleSet.map((r) => r.meta.id));
  eachArg(argv, (name) => new UsageError(`Option "${name}" needs a value.`), (arg) => {
    const a = arg.name;
    const value = arg.value;
    switch (a) {
      case '-f':
      case '--format':
        o.format = value();
        if (!['stylish', 'json', 'sarif', 'github'].includes(o.format)) throw new UsageError(`Unknown format "${o.format}": use stylish, json, sarif or github.`);
        break;
      case '-o':
      case '--output-file':
        o.outputFile = value();
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^-?\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}".`);
        o.maxWarnings = Number(v);
        break;
      }
      case '--quiet':
        o.quiet = true;
        break;
      case '--fix':
        o.fix = true;
        break;
      case '--fix-dry-run':
        o.fixDryRun = true;
        break;
      case '-c':
      case '--config':
        o.config = value();
        break;
      case '--rule': {
        const v = value();
        const m = /^([^:]+):(.+)$/.exec(v);
        if (!m) throw new UsageError(`--rule needs "id:severity", not "${v}".`);
        const sev = parseSeverity(m[2]);
        if (!known.has(m[1])) throw new UsageError(`Unknown rule "${m[1]}"; run "cascade-lint --list-rules" for the list.`);
        if (!sev) throw new UsageError(`Unknown severity "${m[2]}" for rule "${m[1]}": use off, info, warn or error.`);
        o.rules[m[1]] = { severity: sev };
        break;
      }
      case '--list-rules':
        o.listRules = true;
        break;
      case '--print-config':
        o.printConfig = value();
        break;
      case '--baseline':
        o.baseline = value();
        break;
      case '--no-error-on-unmatched-pattern':
        o.errorOnUnmatched = false;
        break;
      case '--stdin':
        o.stdin = true;
        break;
      case '--stdin-filename':
        o.stdinFilename = value();
        break;
      case '--color':
        o.color = true;
        break;
      case '--no-color':
        o.color = false;
        break;
      case '-v':
      case '--version':
        o.version = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option "${a}"; see "cascade-lint --help".`);
        o.patterns.push(arg.raw);
    }
  });
  return o;
}

function listRules(ruleSet: readonly Rule[]): string {
  const rows = ruleSet.map((r) => [r.meta.id, r.meta.recommended ? r.meta.defaultSeverity : 'off', r.meta.fixable ? 'fix' : '', r.meta.summary]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  return rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(7)}  ${r[2].padEnd(3)}  ${r[3]}`).join('\n') + '\n';
}

/** One line for an internal error; the stack trace only when CASCADE_LINT_DEBUG is set. */
export function internalErrorText(detail: string, io: Io): string {
  const text = io.env.CASCADE_LINT_DEBUG ? detail : detail.split('\n')[0];
  return `cascade-lint: internal error: ${text}${io.env.CASCADE_LINT_DEBUG ? '' : ' (this is a bug in cascade-lint; set CASCADE_LINT_DEBUG=1 for details)'}\n`;
}

export async function runCli(argv: string[], io: Io, options: CliOptions = {}): Promise<number> {
  try {
    const sub = argv[0] && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
    if (sub) return await sub(argv.slice(1), io);
    return lint(argv, io, options.rules ?? ALL_RULES);
  } catch (e) {
    if (e instanceof UsageError || e instanceof NoFilesError || e instanceof BaselineError) {
      io.stderr(`cascade-lint: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      const where = e.file ? `${path.relative(io.cwd, e.file) || e.file}${e.line ? `:${e.line}:${e.column}` : ''}: ` : '';
      io.stderr(`cascade-lint: ${where}${e.message}\n`);
      return 2;
    }
    io.stderr(internalErrorText(e instanceof Error ? (e.stack ?? e.message) : String(e), io));
    return 3;
  }
}

function lint(argv: string[], io: Io, ruleSet: readonly Rule[]): number {
  const o = parseArgs(argv, ruleSet);
  if (o.help) {
    io.stdout(HELP);
    return 0;
  }
  if (o.version) {
    io.stdout(`${readPackageJson().version}\n`);
    return 0;
  }
  if (o.listRules) {
    io.stdout(listRules(ruleSet));
    return 0;
  }
  if (o.stdinFilename !== undefined && !o.stdin) throw new UsageError('--stdin-filename needs --stdin.');
  if (o.stdin && o.patterns.length) throw new UsageError('--stdin lints standard input only; do not name files as well.');
  if (o.baseline !== undefined) checkBaselineRef(o.baseline, io.cwd);
  const project = new Project({ configFile: o.config ? path.resolve(io.cwd, o.config) : undefined, cliRules: o.rules, baseline: o.baseline, cwd: io.cwd, ruleSet });
  if (o.config && !fs.existsSync(path.resolve(io.cwd, o.config))) throw new UsageError(`Config file "${o.config}" does not exist.`);
  if (o.printConfig) {
    const file = path.resolve(io.cwd, o.printConfig);
    const cfg = project.configFor(file);
    const rules: Record<string, unknown> = {};
    for (const [id, r] of project.rulesFor(file)) rules[id] = Object.keys(r.options).length ? [r.severity, r.options] : r.severity;
    io.stdout(JSON.stringify({ configFile: cfg.path ?? null, extends: cfg.extends, ignore: cfg.ignore, activities: cfg.activities, rules }, null, 2) + '\n');
    return 0;
  }
  const results: LintResult[] = [];
  const internal: string[] = [];
  const lintOne = (file: string, bytes: Uint8Array, explicit: boolean): void => {
    const decoded = decodeBytes(bytes);
    let text = decoded.text;
    let analysis = project.analyze(file, text, { force: explicit, decodeProblem: decoded.problem });
    if (!analysis.isCascade) return;
    let output: string | undefined;
    if ((o.fix || o.fixDryRun) && !decoded.problem) {
      for (let pass = 0; pass < 10; pass++) {
        const { text: next, applied } = applyFixes(text, analysis.findings);
        if (applied === 0 || next === text) break;
        text = next;
        output = text;
        analysis = project.analyze(file, text, { force: explicit });
      }
    }
    internal.push(...analysis.internalErrors.map((m) => `${file}: ${m}`));
    let findings = analysis.findings;
    if (o.quiet) findings = findings.filter((f) => f.severity === 'error');
    if (output !== undefined && o.fix && !o.stdin) fs.writeFileSync(file, (decoded.hadBom ? '\uFEFF' : '') + output);
    results.push({
      filePath: file,
      relPath: path.relative(io.cwd, file).split(path.sep).join('/') || path.basename(file),
      text,
      lines: analysis.file.lines,
      findings,
      output: o.fixDryRun || (o.fix && o.stdin) ? output : undefined,
    });
  };
  if (o.stdin) {
    const name = path.resolve(io.cwd, o.stdinFilename ?? '<stdin>.cascade.yaml');
    const input = io.readStdin();
    lintOne(name, typeof input === 'string' ? Buffer.from(input, 'utf8') : input, true);
  } else {
    const targets = findFiles(o.patterns, io.cwd, undefined, { errorOnEmptyFolder: true, errorOnUnmatched: o.errorOnUnmatched });
    const ignored = new Set(targets.filter((t) => project.isIgnored(t.file)));
    if (o.errorOnUnmatched) {
      // As ESLint: a folder or glob whose every Cascade file is ignored by the config is a usage error.
      const patterns = new Set(targets.filter((t) => !t.explicit).map((t) => t.pattern));
      for (const t of targets) if (!ignored.has(t)) patterns.delete(t.pattern);
      const [first] = patterns;
      if (first !== undefined) throw new NoFilesError(`All files matched by "${first}" are ignored by the config's "ignore" patterns.`);
    }
    for (const t of targets) {
      if (ignored.has(t)) {
        if (t.explicit) io.stderr(`cascade-lint: "${path.relative(io.cwd, t.file)}" is ignored by the config's "ignore" patterns.\n`);
        continue;
      }
      let bytes: Buffer;
      try {
        const st = fs.statSync(t.file);
        // Past 3 bytes per character the text surely exceeds the limit: do not even read it.
        if (st.size > 3 * MAX_FILE_CHARS) {
          const lines = new LineIndex('');
          results.push({ filePath: t.file, relPath: path.relative(io.cwd, t.file).split(path.sep).join('/'), text: '', lines, findings: [{ ruleId: 'yaml-syntax', messageId: 'fileProblem', message: tooLargeMessage(st.size), severity: 'error', span: { start: 0, end: 0 }, related: [] }] });
          continue;
        }
        bytes = fs.readFileSync(t.file);
      } catch (e) {
        throw new UsageError(`Cannot read "${path.relative(io.cwd, t.file)}": ${(e as Error).message}`);
      }
      lintOne(t.file, bytes, t.explicit);
    }
  }
  const color = o.color ?? (io.isTTY && !io.env.NO_COLOR);
  let report: string;
  switch (o.format) {
    case 'json':
      report = formatJson(results) + '\n';
      break;
    case 'sarif':
      report = formatSarif(results, ruleSet, io.cwd) + '\n';
      break;
    case 'github':
      report = formatGithub(results);
      break;
    default:
      report = formatStylish(results, color && !o.outputFile ? ANSI : PLAIN);
  }
  if (o.outputFile) {
    const target = path.resolve(io.cwd, o.outputFile);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, report);
    } catch (e) {
      throw new UsageError(`Cannot write the report to "${o.outputFile}": ${(e as Error).message}`);
    }
  } else io.stdout(report);
  if (internal.length) {
    io.stderr(internal.map((m) => internalErrorText(m, io)).join(''));
    return 3;
  }
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    const c = counts(r.findings);
    errors += c.errors;
    warnings += c.warnings;
  }
  if (errors > 0) return 1;
  if (o.maxWarnings >= 0 && warnings > o.maxWarnings) {
    io.stderr(`cascade-lint found too many warnings (maximum: ${o.maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

export function nodeIo(): Io {
  // A reader that stops early (`cascade-lint | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: () => fs.readFileSync(0),
    isTTY: !!process.stdout.isTTY,
    env: process.env,
  };
}
