// Test reports: the readable one (per case pass/fail with the differences, then the line
// `N passed, N failed`), JUnit XML for CI, and the trace of one run. Pure string building.
import { formatDuration } from '../expr/duration';
import type { ExecutionResult, Visit } from './execute';
import type { FileReport } from './test-runner';
import { stringify, type Json } from './json';

export interface Colors {
  green: (s: string) => string;
  red: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

export const NO_COLORS: Colors = { green: (s) => s, red: (s) => s, dim: (s) => s, bold: (s) => s };
export const ANSI_COLORS: Colors = {
  green: (s) => `\u001b[32m${s}\u001b[39m`,
  red: (s) => `\u001b[31m${s}\u001b[39m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
};

export interface Totals {
  passed: number;
  failed: number;
}

/** A file whose problems kept its cases from running counts as one failure. */
export function totals(reports: FileReport[]): Totals {
  let passed = 0;
  let failed = 0;
  for (const r of reports) {
    if (r.problems.length > 0) failed++;
    for (const c of r.cases) {
      if (c.passed) passed++;
      else failed++;
    }
  }
  return { passed, failed };
}

export function summaryLine(t: Totals): string {
  return `${t.passed} passed, ${t.failed} failed`;
}

/** The readable report (the summary line is printed last by the caller). `rel` shortens file names. */
export function formatTextReport(reports: FileReport[], rel: (f: string) => string, c: Colors = NO_COLORS): string {
  const out: string[] = [];
  for (const r of reports) {
    const target = r.workflow ? ` ${c.dim('→')} ${r.workflow}${r.workflowFile ? c.dim(` (${rel(r.workflowFile)})`) : ''}` : '';
    out.push(c.bold(rel(r.file)) + target);
    for (const p of r.problems) out.push(`  ${c.red('✗')} ${rel(p.file)}:${p.line}:${p.column}: ${p.message}`);
    for (const k of r.cases) {
      const res = k.result;
      const facts = res ? c.dim(` (${res.status}, ${res.path.length} state${res.path.length === 1 ? '' : 's'}, ${formatDuration(res.durationMs)} virtual${k.snapshotWritten ? ', snapshot written' : ''})`) : '';
      out.push(`  ${k.passed ? c.green('✓') : c.red('✗')} ${k.name}${facts}`);
      for (const f of k.failures) out.push(`      ${f}`);
    }
    out.push('');
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

function xml(s: string): string {
  // Characters XML 1.0 forbids are dropped; the rest are escaped.
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** JUnit XML (the Ant/Jenkins/GitLab shape): one testsuite per test file. */
export function formatJunit(reports: FileReport[], rel: (f: string) => string): string {
  const t = totals(reports);
  const wall = reports.reduce((n, r) => n + r.cases.reduce((m, k) => m + k.wallMs, 0), 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cascade-lint test" tests="${t.passed + t.failed}" failures="${t.failed}" errors="0" time="${seconds(wall)}">`];
  for (const r of reports) {
    const tests = r.cases.length + (r.problems.length ? 1 : 0);
    const failures = r.cases.filter((k) => !k.passed).length + (r.problems.length ? 1 : 0);
    const time = r.cases.reduce((m, k) => m + k.wallMs, 0);
    const suite = rel(r.file);
    out.push(`  <testsuite name="${xml(suite)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds(time)}">`);
    const classname = xml(r.workflow ?? suite);
    if (r.problems.length) {
      const text = r.problems.map((p) => `${rel(p.file)}:${p.line}:${p.column}: ${p.message}`).join('\n');
      out.push(`    <testcase name="(test file)" classname="${classname}" time="0.000">`);
      out.push(`      <failure message="${xml(r.problems[0].message)}" type="TestFileError">${xml(text)}</failure>`);
      out.push('    </testcase>');
    }
    for (const k of r.cases) {
      out.push(`    <testcase name="${xml(k.name)}" classname="${classname}" time="${seconds(k.wallMs)}">`);
      if (!k.passed) out.push(`      <failure message="${xml(k.failures[0] ?? 'failed')}" type="AssertionError">${xml(k.failures.join('\n'))}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function json(v: Json | undefined): string {
  return v === undefined ? '(none)' : stringify(v);
}

/** One line per fact of each visit: state, input, parameters, attempts and delays, result, output, catch. */
export function formatTrace(visits: Visit[], dropped: number): string {
  const out: string[] = [];
  for (const v of visits) {
    out.push(`#${v.index} ${v.state} (${v.type})${v.branch ? ` in ${v.branch}` : ''} at +${formatDuration(v.at)}`);
    out.push(`    input:      ${json(v.input)}`);
    if (v.effective !== undefined) out.push(`    input_path: ${json(v.effective)}`);
    if (v.parameters !== undefined) out.push(`    parameters: ${json(v.parameters)}`);
    for (const a of v.attempts) {
      if (v.attempts.length === 1 && a.outcome === 'returned' && a.value === undefined && a.tookMs === 0) break;
      const delay = a.delayMs > 0 ? ` after a ${formatDuration(a.delayMs)} backoff` : '';
      const what =
        a.outcome === 'returned'
          ? a.value === undefined
            ? 'finished'
            : `returned ${json(a.value)}`
          : a.outcome === 'timed-out'
            ? `timed out (${a.error?.error})`
            : a.outcome === 'threw'
              ? `threw ${a.error?.error}${a.error?.cause ? `: ${a.error.cause}` : ''}`
              : 'failed';
      out.push(`    attempt ${a.attempt}${delay} at +${formatDuration(a.at)}: ${what} (took ${formatDuration(a.tookMs)})`);
    }
    if (v.waitedMs !== undefined) out.push(`    waited:     ${formatDuration(v.waitedMs)}`);
    if (v.choice !== undefined) out.push(`    choice:     ${v.choice}`);
    if (v.result !== undefined) out.push(`    result:     ${json(v.result)}`);
    if (v.error) out.push(`    error:      ${v.error.error}${v.error.cause ? `: ${v.error.cause}` : ''}`);
    if (v.catch) out.push(`    catch:      catch[${v.catch.index}] [${v.catch.errorEquals.join(', ')}] -> ${v.catch.next}`);
    if (v.output !== undefined) out.push(`    output:     ${json(v.output)}`);
    if (v.next !== undefined) out.push(`    next:       ${v.next}`);
  }
  if (dropped > 0) out.push(`... ${dropped} more visit${dropped === 1 ? '' : 's'} not traced (trace limit)`);
  return out.join('\n') + (out.length ? '\n' : '');
}

/** The final status and output of one run. */
export function formatRunResult(r: ExecutionResult): string {
  const out: string[] = [`status: ${r.status}`];
  if (r.status === 'error') out.push(`error: ${r.abort}`);
  else if (r.error) out.push(`error: ${r.error.error}${r.error.cause ? `: ${r.error.cause}` : ''}`);
  if (r.fatal?.location) out.push(`at: ${r.fatal.location}${r.fatal.state ? ` (state "${r.fatal.state}")` : ''}`);
  out.push(`duration: ${formatDuration(r.durationMs)} (virtual, from ${r.startedAt})`);
  out.push(`states: ${r.path.join(' → ')}${r.pathTruncated ? ' … (truncated)' : ''}`);
  if (r.output !== undefined) out.push(`output: ${stringify(r.output, 2)}`);
  return out.join('\n') + '\n';
}
