// Shared helpers for the CLI tests: runCli with an in-memory Io, the real binary in a child
// process, throw-away folders, path normalisation and golden files with a rewrite switch.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { CliOptions, Io, runCli } from '../../server/src/cli/main';
import { packageRoot } from '../../server/src/analysis/package-root';

export const ROOT = packageRoot();
export const CLI_DIR = path.join(ROOT, 'test', 'cli');
export const INPUTS = path.join(CLI_DIR, 'inputs');
export const GOLDEN = path.join(CLI_DIR, 'golden');
export const BIN = path.join(ROOT, 'bin', 'cascade-lint.js');

/** CASCADE_UPDATE_GOLDEN=1 rewrites golden files from the actual output, for review. */
export const UPDATE_GOLDEN = process.env.CASCADE_UPDATE_GOLDEN === '1';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface FakeIoOptions {
  cwd?: string;
  stdin?: string | Uint8Array;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

/** Run the CLI in-process with captured output (fast; no child process). */
export async function run(argv: string[], opts: FakeIoOptions = {}, cli: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd: opts.cwd ?? INPUTS,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: () => opts.stdin ?? '',
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
  };
  const code = await runCli(argv, io, cli);
  return { code, stdout, stderr };
}

/** Run the real binary (`node bin/cascade-lint.js`) in a child process. */
export function spawnCli(argv: string[], opts: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...(opts.env ?? {}) };
  delete env.CASCADE_LINT_DEBUG;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: opts.cwd ?? INPUTS, input: opts.input ?? '', env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder under the system temp dir, removed when the process exits. */
export function tempDir(prefix = 'cascade-lint-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Write files (relative path -> content) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** Replace machine-specific parts (absolute paths, the version) so goldens are portable. */
export function normalise(text: string, root: string): string {
  const fileUri = 'file://' + root.split(path.sep).map(encodeURIComponent).join('/');
  const escapedRoot = JSON.stringify(root).slice(1, -1);
  return text.split(fileUri).join('file://<root>').split(escapedRoot).join('<root>').split(root).join('<root>');
}

/** Compare with a golden file, or rewrite it under CASCADE_UPDATE_GOLDEN=1. */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE_GOLDEN || !fs.existsSync(file)) {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    if (!UPDATE_GOLDEN) assert.fail(`golden file ${name} did not exist; it was written: review it and run again`);
    return;
  }
  const expected = fs.readFileSync(file, 'utf8');
  assert.equal(actual, expected, `output differs from test/cli/golden/${name} (CASCADE_UPDATE_GOLDEN=1 rewrites it)`);
}

/** No stack trace may reach the user: no `    at fn (file:line:col)` frames. */
export function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at .+[:(]\d+:\d+\)?$/m, `stderr has a stack trace:\n${stderr}`);
}

export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level?: 'info';
  fix?: { range: [number, number]; text: string };
  messageId?: string;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  output?: string;
  infoCount?: number;
}

export function parseJson(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

/** `line:col-endLine:endCol ruleId` for compact assertions. */
export function where(m: JsonMessage): string {
  return `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`;
}
