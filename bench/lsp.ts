// Language-server benchmark over real stdio: didChange -> publishDiagnostics latency less the
// 150 ms debounce, hover and completion latency (p50/p95 over >= 200 requests each) at 100
// and 1,000 states, and the server's memory after opening a 5,000-state document and after
// editing it. Latencies
// are wall-clock round trips seen by the client; the server's CPU time per operation (its
// utime+stime from /proc over the whole series, divided by the count) is shown beside them,
// since other processes on a shared machine inflate wall-clock times but not CPU time, and so
// is each latency less the time the two processes waited for a CPU (schedstat).
// Usage: npm run bench:lsp [-- --json]
import { DEFAULT_CAPABILITIES, LspClient, Notification } from '../test/lsp/lsp-client';
import { DEFAULT_DEBOUNCE_MS } from '../server/src/lsp/server';
import * as fs from 'fs';
import * as os from 'os';

/** What VS Code 1.9x announces for completion: list item defaults (LSP 3.17) included. */
const VSCODE_LIKE = {
  ...DEFAULT_CAPABILITIES,
  textDocument: {
    ...DEFAULT_CAPABILITIES.textDocument,
    completion: {
      completionItem: { snippetSupport: true, insertReplaceSupport: true, labelDetailsSupport: true, documentationFormat: ['markdown', 'plaintext'] },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      contextSupport: true,
    },
  },
};

interface Generated {
  text: string;
  /** Positions on state names in `next:` and on context paths in templates. */
  hovers: { line: number; character: number }[];
  /** Positions where completion is asked: inside `{{ $.x.` and after `next: `. */
  completions: { line: number; character: number }[];
  /** A line whose description value can be edited. */
  editLine: number;
}

/** A deterministic application with `n` states: Tasks chaining results, Choices, Passes, catches. */
export function generateApplication(n: number): Generated {
  const lines: string[] = [];
  const hovers: Generated['hovers'] = [];
  const completions: Generated['completions'] = [];
  const push = (l: string): number => lines.push(l) - 1;
  push('apiVersion: cascade.io/v1');
  push('kind: Application');
  push('metadata:');
  push('  name: bench');
  push('spec:');
  push('  activities:');
  for (let a = 0; a < 20; a++) {
    push(`    - urn: urn:cascade:activity:step_${a}`);
    push('      input: { id: string }');
    push(`      output: { id: string, total: number, items: "object[]", status: string, note: string? }`);
    push('      errors: [NotFoundError, ServiceUnavailable]');
  }
  push('  workflows:');
  push('    - name: Bench');
  push('      version: v1');
  push('      input: { order_id: string, amount: number }');
  push('      start: S0');
  const editLine = push('      description: generated for the benchmark');
  push('      states:');
  const name = (i: number): string => `S${i}`;
  for (let i = 0; i < n - 1; i++) {
    const next = i + 1 < n - 1 ? name(i + 1) : 'Done';
    if (i % 10 === 9) {
      push(`        - name: ${name(i)}`);
      push('          type: Choice');
      push('          choices:');
      const cl = push(`            - condition: "{{ $.r${i - 1}.total > 10 }}"`);
      hovers.push({ line: cl, character: lines[cl].indexOf('$.r') + 3 });
      const nl = push(`              next: ${next}`);
      hovers.push({ line: nl, character: lines[nl].indexOf('next: ') + 7 });
      completions.push({ line: nl, character: lines[nl].indexOf('next: ') + 6 });
      push(`          default: ${next}`);
    } else if (i % 10 === 4) {
      push(`        - name: ${name(i)}`);
      push('          type: Pass');
      push(`          value: { step: ${i} }`);
      push(`          result: $.p${i}`);
      push(`          next: ${next}`);
    } else {
      push(`        - name: ${name(i)}`);
      push('          type: Task');
      push(`          resource: urn:cascade:activity:step_${i % 20}`);
      push('          parameters:');
      const prev = i > 0 && (i - 1) % 10 !== 4 && (i - 1) % 10 !== 9 ? `$.r${i - 1}.id` : 'workflow.input.order_id';
      const pl = push(`            id: "{{ ${prev} }}"`);
      hovers.push({ line: pl, character: lines[pl].indexOf('{{ ') + 6 });
      completions.push({ line: pl, character: lines[pl].indexOf('{{ ') + 3 + prev.lastIndexOf('.') + 1 });
      push(`          result: $.r${i}`);
      push('          catch:');
      push('            - error_equals: [NotFoundError, ServiceUnavailable]');
      push('              next: Failed');
      const nl = push(`          next: ${next}`);
      hovers.push({ line: nl, character: lines[nl].indexOf('next: ') + 7 });
    }
  }
  push('        - name: Done');
  push('          type: Succeed');
  push('        - name: Failed');
  push('          type: Fail');
  push('          error: NotFound');
  return { text: lines.join('\n') + '\n', hovers, completions, editLine };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** The process's CPU time so far (user + system), in ms; /proc counts in clock ticks (10 ms). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/**
 * How long the process's main thread has been runnable but waiting for a CPU (ms), from
 * /proc/<pid>/task/<pid>/schedstat: the delay that other processes on a shared machine add.
 * NaN where the kernel does not say.
 */
function queuedMs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Run-queue waits of the server and of this client so far (ms). */
const queued = (server: number): number => queuedMs(server) + queuedMs(process.pid);

function peakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Row {
  metric: string;
  states: number;
  n: number;
  p50: number;
  p95: number;
  /** The server's mean CPU time per operation (ms). */
  cpu?: number;
  /** p50 and p95 of each latency less the time the server and the client waited for a CPU. */
  p50q?: number;
  p95q?: number;
  target: string;
  ok: boolean;
}

/** A fresh server with a generated document open; resolves once its first diagnostics arrive. */
async function openGenerated(states: number, timeoutMs: number, capabilities: Record<string, unknown> = VSCODE_LIKE): Promise<{ g: Generated; c: LspClient; uri: string; first: Notification; firstMs: number }> {
  const g = generateApplication(states);
  const c = new LspClient(['--stdio']);
  await c.initialize(capabilities);
  const uri = `file:///bench/bench-${states}.cascade.yaml`;
  const t0 = performance.now();
  c.open(uri, g.text);
  const first = await c.nextDiagnostics(uri, 1, timeoutMs);
  return { g, c, uri, first, firstMs: first.at - t0 };
}

async function latencyRun(states: number, rows: Row[]): Promise<void> {
  const { g, c, uri, first, firstMs } = await openGenerated(states, 120_000);
  const errors = first.params.diagnostics.filter((d: { severity: number }) => d.severity === 1);
  if (errors.length) throw new Error(`generated document has errors: ${JSON.stringify(errors.slice(0, 3))}`);

  // didChange -> publishDiagnostics, one edit at a time (each waits out its own debounce).
  const diag: number[] = [];
  const diagQ: number[] = [];
  const edits = states <= 100 ? 200 : 30;
  const pid = c.proc.pid!;
  const cpu0 = cpuMs(pid);
  const lineText = g.text.split('\n')[g.editLine];
  for (let v = 2; v < 2 + edits; v++) {
    // Each edit appends one character to the workflow's description line.
    const start = { line: g.editLine, character: lineText.length + v - 2 };
    const q0 = queued(pid);
    const sent = performance.now();
    const wait = c.nextDiagnostics(uri, v, 30_000);
    c.change(uri, v, [{ range: { start, end: start }, text: String(v % 10) }]);
    const n: Notification = await wait;
    diag.push(n.at - sent - DEFAULT_DEBOUNCE_MS);
    diagQ.push(n.at - sent - DEFAULT_DEBOUNCE_MS - (queued(pid) - q0));
    await new Promise((r) => setTimeout(r, 5));
  }
  const diagCpu = (cpuMs(pid) - cpu0) / edits;
  rows.push({ metric: `didChange→publishDiagnostics less the ${DEFAULT_DEBOUNCE_MS} ms debounce (ms)`, states, n: diag.length, p50: percentile(diag, 50), p95: percentile(diag, 95), cpu: diagCpu, p50q: percentile(diagQ, 50), p95q: percentile(diagQ, 95), target: states === 100 ? 'p95 ≤ 30' : '—', ok: states !== 100 || percentile(diag, 95) <= 30 });

  // Hover and completion: served from the cached analysis of the current version.
  const ask = async (method: string, positions: { line: number; character: number }[], count: number, client = c): Promise<{ times: number[]; timesQ: number[]; cpu: number }> => {
    const times: number[] = [];
    const timesQ: number[] = [];
    const cpuStart = cpuMs(client.proc.pid!);
    for (let i = 0; i < count; i++) {
      const position = positions[(i * 7919) % positions.length];
      const q0 = queued(client.proc.pid!);
      const s = performance.now();
      const r = await client.request(method, { textDocument: { uri }, position });
      times.push(performance.now() - s);
      timesQ.push(performance.now() - s - (queued(client.proc.pid!) - q0));
      if (i === 0 && !r) throw new Error(`${method} returned nothing at ${JSON.stringify(position)}`);
    }
    return { times, timesQ, cpu: (cpuMs(client.proc.pid!) - cpuStart) / count };
  };
  const row = (metric: string, r: { times: number[]; timesQ: number[]; cpu: number }, target: boolean): Row => ({
    metric,
    states,
    n: r.times.length,
    p50: percentile(r.times, 50),
    p95: percentile(r.times, 95),
    cpu: r.cpu,
    p50q: percentile(r.timesQ, 50),
    p95q: percentile(r.timesQ, 95),
    target: target ? 'p95 < 10' : '—',
    ok: !target || percentile(r.times, 95) < 10,
  });
  const lineOf = (p: { line: number }): string => g.text.split('\n', p.line + 1)[p.line];
  const hover = await ask('textDocument/hover', g.hovers, 300);
  rows.push(row('hover (ms)', hover, states === 1000));
  const completion = await ask('textDocument/completion', g.completions, 300);
  rows.push(row('completion (ms)', completion, states === 1000));
  // The largest answers alone: every state name after `next: `.
  const nextOnly = await ask('textDocument/completion', g.completions.filter((p) => lineOf(p).includes('next: ')), 200);
  rows.push(row('completion after `next: ` only (ms)', nextOnly, states === 1000));
  rows.push({ metric: 'first diagnostics after didOpen (ms)', states, n: 1, p50: firstMs, p95: firstMs, target: '—', ok: true });
  await c.shutdown();
  if (states >= 1000) {
    // A client without LSP 3.17 list defaults gets every item with its own edit.
    const old = await openGenerated(states, 120_000, DEFAULT_CAPABILITIES);
    const plain = await ask('textDocument/completion', g.completions.filter((p) => lineOf(p).includes('next: ')), 200, old.c);
    rows.push(row('completion after `next: `, client without itemDefaults (ms)', plain, true));
    await old.c.shutdown();
  }
}

async function memoryRun(states: number, rows: Row[]): Promise<void> {
  const { g, c, uri, firstMs: ms } = await openGenerated(states, 300_000);
  // A hover and a completion so that every lazily computed stage exists.
  await c.request('textDocument/hover', { textDocument: { uri }, position: g.hovers[g.hovers.length - 1] });
  await c.request('textDocument/completion', { textDocument: { uri }, position: g.completions[g.completions.length - 1] });
  const rss = rssMb(c.proc.pid!);
  rows.push({ metric: 'server RSS after open (MB)', states, n: 1, p50: rss, p95: rss, target: '< 300', ok: rss < 300 });
  rows.push({ metric: 'first diagnostics after didOpen (ms)', states, n: 1, p50: ms, p95: ms, target: '—', ok: true });
  // Then five edits, each analysed: what the server holds, and its peak, while one edits.
  const lineText = g.text.split('\n')[g.editLine];
  for (let v = 2; v <= 6; v++) {
    const start = { line: g.editLine, character: lineText.length + v - 2 };
    const wait = c.nextDiagnostics(uri, v, 300_000);
    c.change(uri, v, [{ range: { start, end: start }, text: 'x' }]);
    await wait;
  }
  const edited = rssMb(c.proc.pid!);
  const peak = peakMb(c.proc.pid!);
  rows.push({ metric: 'server RSS after 5 edits (MB)', states, n: 1, p50: edited, p95: edited, target: '< 300', ok: edited < 300 });
  rows.push({ metric: 'server peak RSS (VmHWM) over open and edits (MB)', states, n: 1, p50: peak, p95: peak, target: '—', ok: true });
  await c.shutdown();
}

export async function main(): Promise<number> {
  const rows: Row[] = [];
  const loadBefore = os.loadavg()[0].toFixed(1);
  await latencyRun(100, rows);
  await latencyRun(1000, rows);
  await memoryRun(5000, rows);
  const load = `${loadBefore} at the start, ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`;
  if (process.argv.includes('--json')) console.log(JSON.stringify({ load, cpus: os.cpus().length, rows }, null, 1));
  else {
    console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${load} (other processes inflate every number)\n`);
    const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
    console.log('| metric | states | n | p50 | p95 | server CPU/op | p50, p95 less CPU-queue wait | target | ok |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---|---|');
    const q = (r: Row): string => (r.p50q === undefined || Number.isNaN(r.p50q) ? '—' : `${f(r.p50q)}, ${f(r.p95q!)}`);
    for (const r of rows) console.log(`| ${r.metric} | ${r.states} | ${r.n} | ${f(r.p50)} | ${f(r.p95)} | ${r.cpu === undefined ? '—' : f(r.cpu)} | ${q(r)} | ${r.target} | ${r.ok ? 'yes' : 'NO'} |`);
    console.log('\nok judges the wall-clock p95. "less CPU-queue wait" subtracts, per operation, the time the server\'s and this client\'s main threads were runnable but waiting for a CPU (/proc/<pid>/task/<pid>/schedstat): an estimate of the same run on an idle machine.');
  }
  return rows.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
