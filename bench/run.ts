// `npm run bench`: for generated workflows of 10, 100, 1,000 and 5,000 states, the median time
// of the full analysis (analyzeText with the recommended rules, from YAML text to sorted
// findings) and, in the same run and interleaved with it, of `yaml`'s parseDocument alone.
// Prints a table and writes bench/results.json. Targets (issue 2): analysis <= 1.3x parse at
// every size; time per state at 5,000 within 1.5x of that at 100.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as YAML from 'yaml';
import { analyzeText, recommendedRules } from '../server/src/analysis/analyze';
import { packageRoot } from '../server/src/analysis/package-root';
import { generateWorkflow } from './generate';

const SIZES = (process.env.CASCADE_BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
/** Each measured function runs at least this many times and for at least this long. */
const MIN_RUNS = Number(process.env.CASCADE_BENCH_RUNS ?? 15);
const MIN_MS = Number(process.env.CASCADE_BENCH_MIN_MS ?? 1500);
const WARMUP_MS = 500;

// A collection between runs keeps one run's garbage from being charged to the next.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeOnce(fn: () => unknown): number {
  gc?.();
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Alternate the two functions run by run so that drift (thermal, JIT) hits both alike. */
function measurePair(a: () => unknown, b: () => unknown): { a: number[]; b: number[] } {
  const warmEnd = Date.now() + WARMUP_MS;
  for (let i = 0; i < 3 || Date.now() < warmEnd; i++) {
    a();
    b();
  }
  const ra: number[] = [];
  const rb: number[] = [];
  const start = Date.now();
  while (ra.length < MIN_RUNS || Date.now() - start < MIN_MS) {
    ra.push(timeOnce(a));
    rb.push(timeOnce(b));
    if (ra.length >= 2000) break;
  }
  return { a: ra, b: rb };
}

export interface BenchRow {
  states: number;
  bytes: number;
  runs: number;
  parseMs: number;
  analysisMs: number;
  ratio: number;
  usPerState: number;
}

export function runBench(sizes: number[] = SIZES): BenchRow[] {
  const rules = recommendedRules();
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const text = generateWorkflow(n);
    const fileName = `generated-${n}.cascade.yaml`;
    const check = analyzeText(text, { fileName, rules });
    if (check.internalErrors.length) throw new Error(`internal errors at ${n}: ${check.internalErrors.join('; ')}`);
    const errors = check.findings.filter((f) => f.severity !== 'info');
    if (errors.length) console.warn(`warning: the generated workflow of ${n} states has ${errors.length} findings, e.g. ${errors[0].ruleId}: ${errors[0].message}`);
    const m = measurePair(
      () => YAML.parseDocument(text),
      () => analyzeText(text, { fileName, rules }),
    );
    const parseMs = median(m.a);
    const analysisMs = median(m.b);
    rows.push({ states: n, bytes: Buffer.byteLength(text), runs: m.a.length, parseMs, analysisMs, ratio: analysisMs / parseMs, usPerState: (analysisMs * 1000) / n });
  }
  return rows;
}

function fmt(x: number, d = 2): string {
  return x.toFixed(d);
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['states', 'bytes', 'runs', 'parse ms', 'analysis ms', 'ratio', 'µs/state'];
  const body = rows.map((r) => [String(r.states), String(r.bytes), String(r.runs), fmt(r.parseMs), fmt(r.analysisMs), fmt(r.ratio), fmt(r.usPerState, 1)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padStart(w[i])).join(' | ') + ' |';
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 1) + ':').join('|') + '|', ...body.map(line)].join('\n');
}

function main(): void {
  const rows = runBench();
  console.log(formatTable(rows));
  const at = (n: number): BenchRow | undefined => rows.find((r) => r.states === n);
  const worstRatio = Math.max(...rows.map((r) => r.ratio));
  const r100 = at(100);
  const r5000 = at(5000);
  const scaling = r100 && r5000 ? r5000.usPerState / r100.usPerState : undefined;
  console.log(`\nworst ratio analysis/parse: ${fmt(worstRatio)} (target <= 1.30)`);
  if (scaling !== undefined) console.log(`time per state, 5000 vs 100: ${fmt(scaling)}x (target <= 1.50)`);
  const out = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    date: new Date().toISOString(),
    rows,
    worstRatio,
    perStateScaling5000vs100: scaling ?? null,
  };
  fs.writeFileSync(path.join(packageRoot(), 'bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');
}

if (require.main === module) main();
