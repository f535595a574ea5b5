// Generated workflows (random names, types, transitions, catches, retries and nested Parallels,
// half-written on purpose) never crash the analysis, and the flow rules agree with the graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText, rulesById } from '../../server/src/analysis/analyze';
import { EffectiveRule } from '../../server/src/analysis/config';
import { flowGraph } from '../../server/src/analysis/stages';
import { canExit, reachableInWorkflow, stronglyConnected, reachableFrom, shortestPath } from '../../server/src/graph';
import { toMermaid, toDot, toGraphJson } from '../../server/src/service/graph-export';

const NAMES = ['A', 'B', 'C', 'D', 'Done', 'Oops', 'end', 'Say "hi"', 'Ünï', ''];
const TYPES = ['Task', 'Choice', 'Parallel', 'Wait', 'Pass', 'HumanTask', 'EvaluatePolicy', 'Receive', 'Succeed', 'Fail', 'Bogus'];
const ERRORS = ['States.ALL', 'States.TaskFailed', 'States.Timeout', 'States.BranchFailed', 'States.Timout', 'NotFoundError', 'ServiceUnavailable', 'Declined', 'Oops'];

const name = fc.constantFrom(...NAMES);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });

type Obj = Record<string, unknown>;

const catchEntry = fc.record({ error_equals: fc.array(fc.constantFrom(...ERRORS), { minLength: 1, maxLength: 3 }), next: name });
const retries = fc.record({
  max_attempts: maybe(fc.integer({ min: -2, max: 9 })),
  backoff: maybe(fc.record({ initial_interval: maybe(fc.constantFrom('1s', '2m', '5x', '500ms')), max_interval: maybe(fc.constantFrom('10s', '1s')), multiplier: maybe(fc.constantFrom(0.5, 1, 2)) })),
});

const stateArb: fc.Arbitrary<Obj> = fc.letrec<{ state: Obj; branch: Obj }>((tie) => ({
  state: fc
    .record({
      name: maybe(name),
      type: maybe(fc.constantFrom(...TYPES)),
      next: maybe(name),
      end: maybe(fc.boolean()),
      resource: maybe(fc.constantFrom('urn:cascade:activity:pay', 'urn:cascade:activity:ship', 'urn:cascade:activity:load')),
      timeout: maybe(fc.constant('5s')),
      catch: maybe(fc.array(catchEntry, { maxLength: 3 })),
      retries: maybe(retries),
      choices: maybe(fc.array(fc.record({ condition: fc.constant('{{ $.x }}'), next: name }), { maxLength: 3 })),
      default: maybe(name),
      error: maybe(fc.constantFrom('Oops', 'Declined')),
      branches: maybe(fc.array(tie('branch'), { maxLength: 3 })),
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
  branch: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('state'),
    fc.record({ name: maybe(name), start: maybe(name), states: fc.array(tie('state'), { maxLength: 4 }) }).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
  ),
})).state;

const docArb = fc.record({
  start: maybe(name),
  states: fc.array(stateArb, { maxLength: 7 }),
  declared: fc.boolean(),
});

function toText(d: { start?: string; states: Obj[]; declared: boolean }): string {
  const wf: Obj = { name: 'W', states: d.states };
  if (d.start !== undefined) wf.start = d.start;
  const spec: Obj = { workflows: [wf] };
  if (d.declared) spec.activities = [{ urn: 'urn:cascade:activity:pay', errors: ['Declined', 'ServiceUnavailable'] }, { urn: 'urn:cascade:activity:load', errors: ['NotFoundError'] }];
  // JSON is YAML: no quoting surprises, and every generated name round-trips.
  return JSON.stringify({ apiVersion: 'cascade.io/v1', kind: 'Application', metadata: { name: 'gen' }, spec }, null, 1);
}

const all = new Map<string, EffectiveRule>([...rulesById().values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }]));

test('generated workflows: no crash, and the flow rules agree with the graph', () => {
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(docArb, (d) => {
      const text = toText(d);
      const a = analyzeText(text, { fileName: 'gen.cascade.yaml', rules: all, force: true });
      assert.deepEqual(a.internalErrors, []);
      const da = a.documents[0];
      const wf = da.model.workflows[0];
      const g = flowGraph(da, wf);
      // Edges are consistent both ways.
      let incoming = 0;
      for (const s of wf.allStates) {
        for (const e of g.out(s)) assert.equal(e.from, s);
        for (const e of g.in(s)) assert.equal(e.to, s);
        incoming += g.in(s).length;
      }
      assert.equal(incoming, g.edges.filter((e) => e.to).length);
      // Every state belongs to exactly one scope.
      assert.equal(g.scopes.reduce((n, sc) => n + sc.states.length, 0), wf.allStates.length);
      const reached = reachableInWorkflow(g);
      const at = (f: { span: { start: number } }) => wf.allStates.find((s) => s.anchor.start === f.span.start);
      for (const f of a.findings) {
        seen.set(f.ruleId, (seen.get(f.ruleId) ?? 0) + 1);
        if (f.ruleId === 'unreachable-state') {
          const s = at(f);
          assert.ok(s && !reached.has(s), `reported unreachable but reachable: ${text.slice(f.span.start, f.span.end)}`);
        }
        if (f.ruleId === 'no-terminal-path') {
          for (const r of f.related) {
            const s = wf.allStates.find((x) => x.anchor.start === r.span.start)!;
            assert.ok(!canExit(g, g.scopeOf(s)).has(s), 'a state in a reported loop can exit');
          }
        }
      }
      for (const scope of g.scopes) {
        const r = reachableFrom(g, scope);
        for (const s of scope.states) {
          const p = shortestPath(g, scope, s);
          assert.equal(p !== undefined, r.has(s));
          if (p && p.length) assert.equal(p[p.length - 1].to, s);
        }
        const comps = stronglyConnected(g, scope);
        assert.equal(comps.reduce((n, c) => n + c.length, 0), scope.states.length);
      }
      // The Mermaid text declares every id it links.
      const mermaid = toMermaid(g);
      const declared = new Set<string>();
      for (const m of mermaid.matchAll(/^\s*(?:subgraph )?([a-z]+\d+)[[({>]/gm)) declared.add(m[1]);
      for (const m of mermaid.matchAll(/^\s*([a-z]+\d+) -(?:->|\.->)(?:\|"[^"]*"\|)? ([a-z]+\d+)$/gm)) {
        assert.ok(declared.has(m[1]) && declared.has(m[2]), `${m[0]} in\n${mermaid}`);
      }
      const edgeLines = mermaid.split('\n').filter((l) => / -(?:->|\.->)/.test(l)).length;
      assert.equal(edgeLines, g.edges.length + (g.root.start ? 1 : 0));
      toDot(g);
      assert.equal(toGraphJson(g).edges.length, g.edges.length);
    }),
    { numRuns: 300, seed: 20260101 },
  );
  // The generator reaches the interesting cases (a fixed seed keeps this stable).
  for (const id of ['unreachable-state', 'no-terminal-path', 'branch-escape', 'duplicate-state-name', 'shadowed-catch', 'catch-all-not-last', 'unknown-transition-target', 'missing-catch', 'invalid-retry', 'conflicting-transition']) {
    assert.ok((seen.get(id) ?? 0) > 0, `no "${id}" finding in 300 generated workflows: ${JSON.stringify([...seen])}`);
  }
});

test('generated workflows: fresh seeds never crash', () => {
  fc.assert(
    fc.property(docArb, (d) => {
      const a = analyzeText(toText(d), { fileName: 'gen.cascade.yaml', rules: all, force: true });
      assert.deepEqual(a.internalErrors, []);
      const da = a.documents[0];
      toMermaid(flowGraph(da, da.model.workflows[0]));
    }),
    { numRuns: 150 },
  );
});
