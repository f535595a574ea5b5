// The flow graph and its queries on small hand-written workflows, half-written ones included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canExit, canReachTerminal, predecessors, reachableFrom, reachableInWorkflow, shortestPath, stronglyConnected, isCycle } from '../../server/src/graph';
import { graphOf, names } from './helpers';

const BASIC = `
states:
  - name: A
    type: Task
    resource: urn:cascade:activity:a
    next: B
    catch:
      - error_equals: [Oops]
        next: F
  - name: B
    type: Choice
    choices:
      - condition: "{{ $.x }}"
        next: A
      - variable: $.y
        isPresent: true
        next: C
    default: S
  - name: C
    type: Pass
    next: Missing
  - name: S
    type: Succeed
  - name: F
    type: Fail
    error: Oops
  - name: IslandA
    type: Pass
    next: IslandB
  - name: IslandB
    type: Pass
    next: IslandA
`;

test('edges: kinds, targets, spans and order', () => {
  const text = BASIC;
  const { g, st } = graphOf(text);
  const a = g.out(st('A'));
  assert.deepEqual(a.map((e) => [e.kind, e.toName, e.to?.name, text.slice(e.span.start, e.span.end)]), [
    ['next', 'B', 'B', 'B'],
    ['catch', 'F', 'F', 'F'],
  ]);
  assert.deepEqual(a[1].errors, ['Oops']);
  assert.equal(a[1].catchIndex, 0);
  const b = g.out(st('B'));
  assert.deepEqual(b.map((e) => [e.kind, e.toName, e.ruleIndex]), [
    ['choice', 'A', 0],
    ['choice', 'C', 1],
    ['default', 'S', undefined],
  ]);
  const c = g.out(st('C'));
  assert.equal(c[0].to, undefined);
  assert.equal(c[0].toName, 'Missing');
  assert.deepEqual(names(predecessors(g, st('A'))), ['B']);
  assert.deepEqual(g.in(st('A')).map((e) => e.kind), ['choice']);
});

test('reachability is a real walk: an island cycle is not reachable', () => {
  const { g, st } = graphOf(BASIC);
  assert.deepEqual(names(reachableFrom(g, g.root)), ['A', 'B', 'C', 'F', 'S']);
  assert.deepEqual(names(reachableInWorkflow(g)), ['A', 'B', 'C', 'F', 'S']);
  assert.ok(g.isTerminal(st('S')) && g.isTerminal(st('F')) && !g.isTerminal(st('A')));
  assert.deepEqual(names(canReachTerminal(g, g.root)), ['A', 'B', 'F', 'S']);
  const sccs = stronglyConnected(g, g.root).filter((c) => isCycle(g, c)).map(names);
  assert.deepEqual(sccs.sort(), [['A', 'B'], ['IslandA', 'IslandB']]);
  // C leaves to an unknown name: an exit for the purpose of loop detection.
  assert.deepEqual(names(canExit(g, g.root)), ['A', 'B', 'C', 'F', 'S']);
});

test('shortest path from start, as edges', () => {
  const { g, st } = graphOf(BASIC);
  assert.deepEqual(shortestPath(g, g.root, st('C'))!.map((e) => `${e.from.name}->${e.to!.name}`), ['A->B', 'B->C']);
  assert.deepEqual(shortestPath(g, g.root, st('A')), []);
  assert.equal(shortestPath(g, g.root, st('IslandA')), undefined);
});

const PARALLEL = `
apiVersion: cascade.io/v1
kind: Application
metadata: { name: x }
spec:
  workflows:
    - name: W
      start: P
      states:
        - name: P
          type: Parallel
          next: Done
          branches:
            - name: Single
              type: Task
              resource: urn:cascade:activity:s
            - name: Sub
              start: B1
              states:
                - name: B1
                  type: Pass
                  next: B2
                - name: B2
                  type: Parallel
                  end: true
                  branches:
                    - name: Inner
                      start: I1
                      states:
                        - name: I1
                          type: Pass
                          next: Done
        - name: Done
          type: Succeed
`;

test('branches are nested scopes; an edge out of a branch escapes but keeps its target', () => {
  const { g, st } = graphOf(PARALLEL);
  assert.equal(g.scopes.length, 4);
  assert.deepEqual(g.scopes.map((s) => s.kind), ['workflow', 'branch', 'branch', 'branch']);
  const [single, sub] = g.branchScopes(st('P') as never);
  assert.equal(single.start?.name, 'Single');
  assert.ok(g.isTerminal(st('Single')));
  assert.equal(sub.start?.name, 'B1');
  assert.deepEqual(names(sub.states), ['B1', 'B2']);
  assert.equal(g.scopeOf(st('I1')).depth, 2);
  const esc = g.out(st('I1'))[0];
  assert.equal(esc.to?.name, 'Done');
  assert.equal(esc.escapes, true);
  assert.deepEqual(names(reachableFrom(g, g.root)), ['Done', 'P']);
  assert.deepEqual(names(reachableInWorkflow(g)), ['B1', 'B2', 'Done', 'I1', 'P', 'Single']);
  assert.deepEqual(names(canReachTerminal(g, g.scopeOf(st('I1')))), []);
  assert.deepEqual(names(canExit(g, g.scopeOf(st('I1')))), ['I1']);
});

test('half-written workflows never crash', () => {
  const texts = [
    'states: []\n',
    'states:\n  - type: Pass\n  - name: X\n  - 3\n  - name: [a]\n    next: {b: 1}\n',
    'workflows:\n  - name: W\n    states:\n      - name: A\n        type: Parallel\n        branches: 3\n',
    'workflows:\n  - name: W\n    start: Nope\n    states:\n      - name: A\n        type: Parallel\n        branches:\n          - states: x\n          - 7\n          - name: B\n            start: Q\n            states: [ { name: C, next: C } ]\n',
    'workflows:\n  - name: W\n    states:\n      - name: A\n        type: Choice\n        choices: [ {next: }, {default: A}, 5 ]\n        catch: [ {next: A}, {error: X}, 1 ]\n',
  ];
  for (const t of texts) {
    const { g } = graphOf(t);
    for (const scope of g.scopes) {
      reachableFrom(g, scope);
      canReachTerminal(g, scope);
      canExit(g, scope);
      stronglyConnected(g, scope);
      for (const s of scope.states) shortestPath(g, scope, s);
    }
    reachableInWorkflow(g);
  }
});

test('deep nesting and long chains stay iterative', () => {
  let text = 'workflows:\n  - name: W\n    start: S0\n    states:\n';
  const n = 5000;
  for (let i = 0; i < n; i++) text += `      - { name: S${i}, type: Pass, next: S${i + 1 < n ? i + 1 : 0} }\n`;
  const { g } = graphOf(text);
  assert.equal(reachableFrom(g, g.root).size, n);
  const sccs = stronglyConnected(g, g.root);
  assert.equal(sccs.length, 1);
  assert.equal(sccs[0].length, n);
  assert.equal(canExit(g, g.root).size, 0);
});
