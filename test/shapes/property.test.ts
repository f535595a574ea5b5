// Property tests of the context-shape analysis on generated workflows (fast-check):
//  - it never crashes, always reaches its fixpoint, in a bounded number of steps;
//  - it is sound: a small concrete executor of spec §5 runs each workflow along random paths
//    (random Choice data, random failures taken by catches), and every read that the analysis
//    calls certainly there is there, and every read it calls certainly missing is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { analyzeText } from '../../server/src/analysis/analyze';
import { workflowShapes } from '../../server/src/analysis/stages';
import { Json, Run, Runtime, runScope } from './executor';

// A fixed seed keeps CI deterministic; CASCADE_PROPERTY_SEED explores other inputs.
const SEED = Number(process.env.CASCADE_PROPERTY_SEED ?? 20261125);

const KEYS = ['k1', 'k2', 'k3'];
const PATHS = ['$.k1', '$.k2', '$.k3', '$.k1.sub', '$.k2.sub', '$.workflow.input.a', '$.err.error'];

interface GenState {
  type: 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Parallel' | 'Succeed' | 'Fail';
  result: number;
  inputPath: number;
  outputPath: number;
  reads: number[];
  safeRead: number;
  next: number;
  end: boolean;
  catchTo: number;
  catchResult: boolean;
  rules: { kind: number; path: number; next: number }[];
  defaultTo: number;
  listResult: boolean;
}

const genState: fc.Arbitrary<GenState> = fc.record({
  type: fc.constantFrom('Task', 'Task', 'Task', 'Pass', 'Choice', 'Choice', 'Wait', 'Parallel', 'Succeed', 'Fail'),
  result: fc.integer({ min: 0, max: 7 }),
  inputPath: fc.integer({ min: 0, max: 9 }),
  outputPath: fc.integer({ min: 0, max: 12 }),
  reads: fc.array(fc.integer({ min: 0, max: PATHS.length - 1 }), { maxLength: 2 }),
  safeRead: fc.integer({ min: 0, max: PATHS.length + 2 }),
  next: fc.integer({ min: 0, max: 30 }),
  end: fc.boolean(),
  catchTo: fc.integer({ min: -3, max: 30 }),
  catchResult: fc.boolean(),
  rules: fc.array(fc.record({ kind: fc.integer({ min: 0, max: 3 }), path: fc.integer({ min: 0, max: 4 }), next: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 2 }),
  defaultTo: fc.integer({ min: 0, max: 30 }),
  listResult: fc.boolean(),
});

export const RESULTS = [undefined, '$.k1', '$.k2', '$.k3', '$.k1.sub', '$.k3', undefined, '$'];

export function build(states: GenState[]): string {
  const n = states.length;
  const name = (i: number): string => `S${((i % n) + n) % n}`;
  const out = states.map((g, i) => {
    const s: Record<string, unknown> = { name: name(i), type: g.type };
    const terminal = g.type === 'Succeed' || g.type === 'Fail';
    if (g.type === 'Fail') s.error = 'Boom';
    if (!terminal) {
      if (g.inputPath === 1) s.input_path = '$.k1';
      if (g.inputPath === 2) s.input_path = '$.k2';
      if (g.outputPath === 1) s.output_path = '$.k1';
      if (g.outputPath === 2) s.output_path = '$.k3';
    }
    if (g.type === 'Task' || g.type === 'Pass') {
      const r = RESULTS[g.result];
      if (r) s.result = r;
      if (g.type === 'Task') s.resource = 'urn:cascade:activity:work';
      else s.value = g.result % 2 === 0 ? { sub: 1 } : `{{ ${PATHS[g.reads[0] ?? 0]} }}`;
      const params: Record<string, string> = {};
      g.reads.forEach((p, j) => (params[`p${j}`] = `{{ ${PATHS[p]} }}`));
      if (g.safeRead < PATHS.length) params.safe = `{{ ${PATHS[g.safeRead]} | default: 0 }}`;
      if (g.type === 'Task' && Object.keys(params).length) s.parameters = params;
    }
    if (g.type === 'Parallel') {
      s.branches = [
        { name: `${name(i)}A`, type: 'Task', resource: 'urn:cascade:activity:a', result: '$.k2' },
        { name: `${name(i)}B`, type: 'Task', resource: 'urn:cascade:activity:b', result: g.listResult ? '$.k2' : '$.k3', parameters: { x: `{{ ${PATHS[g.reads[0] ?? 2]} }}` } },
      ];
      if (g.listResult) s.result = '$.k1';
    }
    if (g.type === 'Choice') {
      s.choices = g.rules.map((r) => {
        const p = `$.k${r.path % 3 + 1}`;
        const next = name(r.next);
        switch (r.kind) {
          case 0:
            return { condition: `{{ ${p} | defined }}`, next };
          case 1:
            return { variable: p, isPresent: true, next };
          case 2:
            return { variable: `${p}.sub`, numericEquals: 1, next };
          default:
            return { condition: `{{ ${p} == 1 }}`, next };
        }
      });
      s.default = name(g.defaultTo);
    } else if (!terminal) {
      if (g.end || i === n - 1) s.end = true;
      else s.next = name(g.next);
      if ((g.type === 'Task' || g.type === 'Parallel') && g.catchTo >= 0) {
        s.catch = [{ error_equals: ['States.ALL'], next: name(g.catchTo), ...(g.catchResult ? { result: '$.err' } : {}) }];
      }
    }
    if (g.type === 'Wait') s.duration = '1s';
    return s;
  });
  return YAML.stringify({ states: out });
}

const workflows = fc.array(genState, { minLength: 1, maxLength: 10 }).map(build);

/** The analysis of `text` does not crash and reaches its fixpoint in a bounded number of steps. */
function checkFixpoint(text: string): void {
  const a = analyzeText(text, { fileName: 'gen.cascade.yaml', force: true });
  assert.deepEqual(a.internalErrors, [], text);
  for (const d of a.documents) {
    for (const wf of d.model.workflows) {
      const ws = workflowShapes(d, wf);
      assert.ok(ws.converged, text);
      // Each state is processed a few times at most (widening after WIDEN_AFTER visits).
      assert.ok(ws.steps <= 12 * wf.allStates.length + 4, `${ws.steps} steps for ${wf.allStates.length} states\n${text}`);
    }
  }
}

/** Runs `text` along random paths (from `seed`): every read the analysis calls certain holds. */
function checkConcrete(text: string, seed: number): void {
  const a = analyzeText(text, { fileName: 'gen.cascade.yaml', force: true });
  const d = a.documents[0];
  const wf = d?.model.workflows[0];
  if (!wf) return;
  const ws = workflowShapes(d, wf);
  let x = seed >>> 0 || 1;
  const rand = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const run: Run = { ws, rand, violations: [], steps: 0 };
  const wfRoot: Json = { execution_id: 'e1', input: { a: 1 }, started_at: 't0' };
  for (let k = 0; k < 8; k++) {
    run.steps = 0;
    try {
      runScope(run, wf, ws.graph.root.start, { workflow: wfRoot }, wfRoot);
    } catch (e) {
      if (!(e instanceof Runtime)) throw e;
    }
  }
  if (run.violations.length) throw new Error(run.violations.join('\n'));
}

/**
 * Counterexamples found earlier. Seed 598003946 (before phantoms became the bottom of joins): a
 * self-looping Task whose input_path selects a key that is never set, with a catch to a Task that
 * catches back; the catch edges carry a context where a read "proved" the key (a phantom), which
 * a join with the open, pruned context kept or dropped depending on the side: the entry of S0
 * alternated for ever and the iteration budget ran out.
 */
export const REGRESSIONS: string[] = [
  `states:
  - name: S0
    type: Task
    input_path: $.k1
    resource: urn:cascade:activity:work
    parameters:
      safe: "{{ $.k1 | default: 0 }}"
    next: S0
    catch:
      - error_equals: [States.ALL]
        next: S1
  - name: S1
    type: Task
    resource: urn:cascade:activity:work
    parameters:
      safe: "{{ $.k1 | default: 0 }}"
    end: true
    catch:
      - error_equals: [States.ALL]
        next: S0
`,
  // The same loop once the key is set before it, so that the selections succeed.
  `states:
  - name: Init
    type: Pass
    value: { sub: 1 }
    result: $.k1
    next: S0
  - name: S0
    type: Task
    input_path: $.k1
    resource: urn:cascade:activity:work
    parameters:
      p0: "{{ $.sub }}"
      safe: "{{ $.k1 | default: 0 }}"
    result: $.k1
    next: S0
    catch:
      - error_equals: [States.ALL]
        result: $.err
        next: S1
  - name: S1
    type: Task
    resource: urn:cascade:activity:work
    parameters:
      p0: "{{ $.k1 }}"
      safe: "{{ $.k1.sub | default: 0 }}"
    end: true
    catch:
      - error_equals: [States.ALL]
        next: S0
`,
  // Seed 407091608: a Choice whose output_path selects nothing; the executor of this test went on
  // with null instead of failing as the interpreter does (a harness bug, not an analysis one).
  `states:
  - name: S0
    type: Task
    result: $.k1
    resource: urn:cascade:activity:work
    parameters:
      safe: "{{ $.k1 | default: 0 }}"
    next: S1
    catch:
      - error_equals: [States.ALL]
        next: S0
  - name: S1
    type: Choice
    output_path: $.k3
    choices:
      - condition: "{{ $.k1 == 1 }}"
        next: S0
      - condition: "{{ $.k1 | defined }}"
        next: S1
    default: S0
`,
];

test('counterexamples found earlier: a bounded fixpoint, and certain claims hold', () => {
  for (const text of REGRESSIONS) {
    checkFixpoint(text);
    for (let seed = 1; seed <= 20; seed++) checkConcrete(text, seed);
  }
});

test('generated workflows: no crash, a fixpoint within a bounded number of steps', () => {
  fc.assert(
    fc.property(workflows, (text) => checkFixpoint(text)),
    { numRuns: 400, seed: SEED },
  );
});

test('generated workflows: what the analysis calls certain holds in concrete runs', () => {
  fc.assert(
    fc.property(workflows, fc.integer(), (text, seed) => checkConcrete(text, seed)),
    { numRuns: 400, seed: SEED },
  );
});

test('KEYS are the generated top-level keys', () => {
  assert.equal(KEYS.length, 3);
});
