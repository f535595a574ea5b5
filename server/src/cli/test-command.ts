// `cascade-lint test [paths…]`: runs the cases of *.cascade-test.yaml files with the reference
// interpreter and ends with the line `N passed, N failed`. Exit 1 on any failure, 2 on usage errors.
import * as fs from 'fs';
import * as path from 'path';
import { findFiles, NoFilesError } from './files';
import { TEST_FILE_PATTERN } from '../interpreter/test-file';
import { FileReport, runTestFile } from '../interpreter/test-runner';
import { CoverageCollector, coverageJson, formatCoverage } from '../interpreter/coverage';
import { ANSI_COLORS, NO_COLORS, formatJunit, formatTextReport, summaryLine, totals } from '../interpreter/report';
import type { Io } from './main';
import { UsageError } from './usage-error';
import { optionReader, parseSteps } from './options';

export const TEST_HELP = `Usage: cascade-lint test [options] [paths|globs...]

Runs the test cases of *.cascade-test.yaml files (folders are searched; node_modules and .git
are skipped) with the reference interpreter: mocked activities, virtual time. Prints each case
as passed or failed with what differed, then "N passed, N failed".

Options:
  --filter <text>            run only cases whose name contains the text (case-insensitive)
  --update-snapshots         record the output of cases with "expect: {output: snapshot}"
  --reporter <name>          text (default) or junit (JUnit XML)
  -o, --output-file <file>   write the report to a file (the text summary still goes to stdout)
  --coverage                 print which states and edges the cases took, and which they never took
  --coverage-json <file>     write the coverage as JSON (implies --coverage)
  --max-steps <n>            states one execution may enter before it stops (default 10000)
  --color, --no-color        force colour on or off (default: on for a TTY)
  -h, --help                 print this help

Exit codes: 0 every case passed, 1 a case failed or a test file is invalid, 2 usage error.
`;

interface TestOptions {
  patterns: string[];
  filter?: string;
  updateSnapshots: boolean;
  reporter: 'text' | 'junit';
  outputFile?: string;
  coverage: boolean;
  coverageJson?: string;
  maxSteps?: number;
  color?: boolean;
  help: boolean;
}

function parseTestArgs(argv: string[]): TestOptions {
  const o: TestOptions = { patterns: [], updateSnapshots: false, reporter: 'text', coverage: false, help: false };
  const r = optionReader(argv);
  for (let a = r.next(); a; a = r.next()) {
    switch (a.flag) {
      case '--filter':
        o.filter = a.value();
        break;
      case '--update-snapshots':
      case '-u':
        o.updateSnapshots = true;
        break;
      case '--reporter': {
        const v = a.value();
        if (v !== 'text' && v !== 'junit') throw new UsageError(`Unknown reporter "${v}": use text or junit.`);
        o.reporter = v;
        break;
      }
      case '-o':
      case '--output-file':
        o.outputFile = a.value();
        break;
      case '--coverage':
        o.coverage = true;
        break;
      case '--coverage-json':
        o.coverage = true;
        o.coverageJson = a.value();
        break;
      case '--max-steps':
        o.maxSteps = parseSteps(a.value());
        break;
      case '--color':
        o.color = true;
        break;
      case '--no-color':
        o.color = false;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        if (a.flag.startsWith('-') && a.flag !== '-') throw new UsageError(`Unknown option "${a.flag}" for "cascade-lint test"; see "cascade-lint test --help".`);
        o.patterns.push(a.raw);
    }
  }
  return o;
}

export function testCommand(argv: string[], io: Io): number {
  const o = parseTestArgs(argv);
  if (o.help) {
    io.stdout(TEST_HELP);
    return 0;
  }
  const files = findFiles(o.patterns, io.cwd, (f) => TEST_FILE_PATTERN.test(f)).map((t) => t.file);
  if (files.length === 0) throw new NoFilesError(`No test files (*.cascade-test.yaml) were found in ${o.patterns.length ? o.patterns.map((p) => `"${p}"`).join(', ') : 'the current folder'}.`);
  const rel = (f: string): string => path.relative(io.cwd, f).split(path.sep).join('/') || path.basename(f);
  const coverage = o.coverage ? new CoverageCollector() : undefined;
  const reports: FileReport[] = [];
  for (const file of files) {
    try {
      reports.push(runTestFile(file, { filter: o.filter, updateSnapshots: o.updateSnapshots, maxSteps: o.maxSteps, coverage, relative: rel }));
    } catch (e) {
      reports.push({ file, problems: [{ file, line: 1, column: 1, message: e instanceof Error ? e.message : String(e) }], cases: [] });
    }
  }
  const t = totals(reports);
  const color = o.color ?? (io.isTTY && !io.env.NO_COLOR);
  const text = formatTextReport(reports, rel, color ? ANSI_COLORS : NO_COLORS);
  const cov = coverage ? formatCoverage(coverage.report(), rel) + '\n' : '';
  if (coverage && o.coverageJson) fs.writeFileSync(path.resolve(io.cwd, o.coverageJson), coverageJson(coverage.report(), rel) + '\n');
  const none = t.passed + t.failed === 0 ? (o.filter ? `No test case matched the filter "${o.filter}".\n` : "The test files have no cases.\n") : "";
  if (o.reporter === 'junit') {
    const junit = formatJunit(reports, rel);
    if (o.outputFile) {
      fs.writeFileSync(path.resolve(io.cwd, o.outputFile), junit);
      io.stdout(text + cov + none + summaryLine(t) + '\n');
    } else {
      io.stdout(junit);
      io.stderr(cov + none + summaryLine(t) + '\n');
    }
  } else {
    if (o.outputFile) fs.writeFileSync(path.resolve(io.cwd, o.outputFile), formatTextReport(reports, rel) + (coverage ? formatCoverage(coverage.report(), rel) + '\n' : '') + summaryLine(t) + '\n');
    io.stdout(text + cov + none + summaryLine(t) + '\n');
  }
  return t.failed > 0 || t.passed === 0 ? 1 : 0;
}
