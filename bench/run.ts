// `npm run bench`: for generated workflows of 10, 100, 1,000 and 5,000 states, in the same run and
// interleaved, the median CPU time of: `yaml`'s parseDocument alone (the baseline); the full
// analysis (analyzeText with the recommended rules, from YAML text to sorted findings); the
// analysis alone after parsing (the same, given the parsed text); and the full analysis when the
// fast YAML path does not apply and the `yaml` library parses. Prints a table and writes
// bench/results.json. Targets (issues 2 and 4): full analysis <= 1.3x parse at every size; time
// per state at 5,000 within 1.5x of that at 100, for the full analysis and after parsing.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { analyzeText, recommendedRules } from '../server/src/analysis/analyze';
import { packageRoot } from '../server/src/analysis/package-root';
import { generateWorkflow } from './generate';
import { parseYaml } from '../server/src/syntax/yaml-tree';

const SIZES = (process.env.CASCADE_BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
/** Each measured function runs at least this many times and for at least this long. */
const MIN_RUNS = Number(process.env.CASCADE_BENCH_RUNS ?? 21);
const MIN_MS = Number(process.env.CASCADE_BENCH_MIN_MS ?? 1500);
/** Warm-up: at least this long and WARMUP_RUNS runs of each, so that both are fully optimised. */
const WARMUP_MS = 1500;
const WARMUP_RUNS = 5;

// No forced gc() between runs: it was tried, and it makes the next run several times slower
// (V8 discards feedback and compiled code), which measures the collector, not the analysis.
// Garbage from one run is charged to whichever run collects it; interleaving the two
// functions spreads that cost fairly, and the median ignores the odd long collection.

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Sample {
  /** Wall-clock milliseconds. */
  wall: number;
  /** CPU milliseconds of this process (user + system): what the work cost, even when other
   *  processes share the cores and stretch the wall-clock time. */
  cpu: number;
}

/** Small inputs run in batches of this many milliseconds, so that one sample is not at the
 *  mercy of a single scavenge or of the scheduler's granularity; a sample is the batch's mean. */
const BATCH_MS = 25;

function timeOnce(fn: () => unknown, batch: number): Sample {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { wall: wall / batch, cpu: (c.user + c.system) / 1000 / batch };
}

/** Alternate the functions run by run (rotating which goes first) so that drift (load, JIT, GC)
 *  hits them all alike. */
function measureAll(fns: (() => unknown)[]): Sample[][] {
  const warmEnd = Date.now() + WARMUP_MS;
  let warmRuns = 0;
  for (; warmRuns < WARMUP_RUNS || Date.now() < warmEnd; warmRuns++) for (const f of fns) f();
  // Batch size from the slowest function's warm-up pace.
  const batch = Math.max(1, Math.floor((BATCH_MS * warmRuns) / Math.max(1, WARMUP_MS)));
  const out: Sample[][] = fns.map(() => []);
  const start = Date.now();
  for (let round = 0; out[0].length < MIN_RUNS || Date.now() - start < MIN_MS; round++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (k + round) % fns.length;
      out[i].push(timeOnce(fns[i], batch));
    }
    if (out[0].length >= 2000) break;
  }
  return out;
}

export interface BenchRow {
  states: number;
  bytes: number;
  runs: number;
  /** Medians of CPU time (the figures the targets are checked on). */
  parseMs: number;
  /** The full analysis: text to sorted findings, our own parse included. */
  analysisMs: number;
  ratio: number;
  usPerState: number;
  /** The analysis alone, after parsing: model, schema, values, graph, shapes and every rule. */
  afterParseMs: number;
  afterParseRatio: number;
  afterParseUsPerState: number;
  /**
   * The full analysis of the same workflow when the fast YAML path does not apply (a `---`
   * line in front makes it give up), so the `yaml` library parses it.
   */
  libraryPathMs: number;
  libraryPathRatio: number;
  /** Medians of wall-clock time, for reference (noisy on a shared machine). */
  parseWallMs: number;
  analysisWallMs: number;
  wallRatio: number;
}

export function runBench(sizes: number[] = SIZES): BenchRow[] {
  const rules = recommendedRules();
  const rows: BenchRow[] = [];
  // Warm the whole pipeline once on a mid-sized input, so that the first (smallest) size is
  // not measured while the JIT is still compiling the analysis.
  const warm = generateWorkflow(200);
  for (const end = Date.now() + WARMUP_MS; Date.now() < end; ) {
    YAML.parseDocument(warm);
    analyzeText(warm, { fileName: 'warm-up.cascade.yaml', rules });
    analyzeText('---\n' + warm, { fileName: 'warm-up.cascade.yaml', rules });
  }
  for (const n of sizes) {
    const text = generateWorkflow(n);
    const libraryText = '---\n' + text;
    const fileName = `generated-${n}.cascade.yaml`;
    const check = analyzeText(text, { fileName, rules });
    if (check.internalErrors.length) throw new Error(`internal errors at ${n}: ${check.internalErrors.join('; ')}`);
    const errors = check.findings.filter((f) => f.severity !== 'info');
    if (errors.length) console.warn(`warning: the generated workflow of ${n} states has ${errors.length} findings, e.g. ${errors[0].ruleId}: ${errors[0].message}`);
    const libraryCheck = analyzeText(libraryText, { fileName, rules });
    if (libraryCheck.findings.length !== check.findings.length) throw new Error(`the library path finds ${libraryCheck.findings.length} findings at ${n}, the fast path ${check.findings.length}`);
    const parsed = parseYaml(text);
    const m = measureAll([
      () => YAML.parseDocument(text),
      () => analyzeText(text, { fileName, rules }),
      () => analyzeText(text, { fileName, rules, parsed }),
      () => analyzeText(libraryText, { fileName, rules }),
    ]);
    const cpu = (i: number): number => median(m[i].map((x) => x.cpu));
    const wall = (i: number): number => median(m[i].map((x) => x.wall));
    const parseMs = cpu(0);
    const analysisMs = cpu(1);
    const afterParseMs = cpu(2);
    const libraryPathMs = cpu(3);
    rows.push({
      states: n,
      bytes: Buffer.byteLength(text),
      runs: m[0].length,
      parseMs,
      analysisMs,
      ratio: analysisMs / parseMs,
      usPerState: (analysisMs * 1000) / n,
      afterParseMs,
      afterParseRatio: afterParseMs / parseMs,
      afterParseUsPerState: (afterParseMs * 1000) / n,
      libraryPathMs,
      libraryPathRatio: libraryPathMs / parseMs,
      parseWallMs: wall(0),
      analysisWallMs: wall(1),
      wallRatio: wall(1) / wall(0),
    });
  }
  return rows;
}

function fmt(x: number, d = 2): string {
  return x.toFixed(d);
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['states', 'bytes', 'runs', 'yaml parse ms', 'analysis ms', 'ratio', 'µs/state', 'after-parse ms', 'ratio', 'µs/state', 'library path ms', 'ratio', 'wall: parse ms', 'analysis ms', 'ratio'];
  const body = rows.map((r) => [
    String(r.states), String(r.bytes), String(r.runs),
    fmt(r.parseMs), fmt(r.analysisMs), fmt(r.ratio), fmt(r.usPerState, 1),
    fmt(r.afterParseMs), fmt(r.afterParseRatio), fmt(r.afterParseUsPerState, 1),
    fmt(r.libraryPathMs), fmt(r.libraryPathRatio),
    fmt(r.parseWallMs), fmt(r.analysisWallMs), fmt(r.wallRatio),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padStart(w[i])).join(' | ') + ' |';
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 1) + ':').join('|') + '|', ...body.map(line)].join('\n');
}

function main(): void {
  const rows = runBench();
  console.log('Medians of CPU time per run (wall-clock medians on the right, for reference).\n');
  console.log(formatTable(rows));
  const at = (n: number): BenchRow | undefined => rows.find((r) => r.states === n);
  const worstRatio = Math.max(...rows.map((r) => r.ratio));
  const r100 = at(100);
  const r5000 = at(5000);
  const scaling = r100 && r5000 ? r5000.usPerState / r100.usPerState : undefined;
  const afterParseScaling = r100 && r5000 ? r5000.afterParseUsPerState / r100.afterParseUsPerState : undefined;
  const worstLibraryRatio = Math.max(...rows.map((r) => r.libraryPathRatio));
  console.log(`\nworst ratio full analysis / yaml parse: ${fmt(worstRatio)} (target <= 1.30)`);
  if (scaling !== undefined) console.log(`time per state of the full analysis, 5000 vs 100: ${fmt(scaling)}x (target <= 1.50)`);
  if (afterParseScaling !== undefined) console.log(`time per state of the analysis after parsing, 5000 vs 100: ${fmt(afterParseScaling)}x (target <= 1.50)`);
  console.log(`worst ratio when the yaml library parses (fast path off): ${fmt(worstLibraryRatio)} (for reference)`);
  const out = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    loadAverage: os.loadavg(),
    measure: 'median of CPU time (user+system) per run; wall-clock medians alongside',
    date: new Date().toISOString(),
    rows,
    worstRatio,
    perStateScaling5000vs100: scaling ?? null,
    afterParsePerStateScaling5000vs100: afterParseScaling ?? null,
    worstLibraryPathRatio: worstLibraryRatio,
  };
  fs.writeFileSync(path.join(packageRoot(), 'bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');
}

if (require.main === module) main();
