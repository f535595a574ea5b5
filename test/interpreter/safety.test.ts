// Safety: inputs and mocks are data (prototype-pollution attempts reach no object internals),
// large generated workflows run, and a loop that runs to the step limit keeps memory bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeWorkflow, DEFAULT_TRACE_LIMIT } from '../../server/src/interpreter/execute';
import { MockTable } from '../../server/src/interpreter/mocks';
import { toJson, getOwn, isObject, setPath, type Json, type JsonObject } from '../../server/src/interpreter/json';
import { parseReferencePath } from '../../server/src/expr/path';
import { run, workflowFrom } from './helpers';

function assertNotPolluted(): void {
  const probe: Record<string, unknown> = {};
  assert.equal(probe.polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  assert.equal(typeof ({} as { constructor: unknown }).constructor, 'function');
  assert.equal(Object.prototype.toString.call([]), '[object Array]');
}

const POLLUTING_INPUT = JSON.parse('{"__proto__": {"polluted": "input"}, "constructor": {"prototype": {"polluted": "ctor"}}, "prototype": {"polluted": 1}}');

test('input keys __proto__, constructor and prototype are ordinary data', () => {
  const { result, output } = run(
    `states:
  - name: Echo
    type: Pass
    value:
      proto: "{{ workflow.input['__proto__'].polluted }}"
      ctor: "{{ workflow.input.constructor.prototype.polluted }}"
      keys: "{{ workflow.input | keys }}"
    result: $.echo
    end: true
`,
    { input: POLLUTING_INPUT },
  );
  assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
  const echo = (output as Record<string, Record<string, unknown>>).echo;
  assert.equal(echo.proto, 'input');
  assert.equal(echo.ctor, 'ctor');
  assert.deepEqual(echo.keys, ['__proto__', 'constructor', 'prototype']);
  assertNotPolluted();
});

test('reading __proto__, constructor or toString where no such key exists is an undefined read', () => {
  for (const path of ['$.__proto__', '$.constructor', '$.toString', '$.workflow.constructor.name', "$['__proto__'].polluted", '$.workflow.input.hasOwnProperty', '$.list.length']) {
    const { result } = run(`states:
  - { name: Seed, type: Pass, value: [1, 2], result: $.list, next: Read }
  - { name: Read, type: Pass, value: "{{ ${path} }}", end: true }
`);
    assert.equal(result.error?.error, 'States.Runtime', path);
    assert.equal(result.fatal?.reason, 'undefined-read', path);
  }
  assertNotPolluted();
});

test('result paths, catch results and bare parameters with __proto__ write own keys only', () => {
  const { result, output } = run(
    `states:
  - name: A
    type: Pass
    value: { polluted: "by result" }
    result: $.__proto__
    next: B
  - name: B
    type: Pass
    value: yes
    result: $.constructor.prototype.polluted
    next: C
  - name: C
    type: Task
    resource: urn:cascade:activity:c
    parameters:
      p: $.__proto__.polluted
      q: "{{ $['constructor'].prototype.polluted }}"
    catch:
      - error_equals: [States.ALL]
        result: $.prototype
        next: D
    end: true
  - name: D
    type: Parallel
    branches:
      - { name: E, type: Pass, value: { polluted: branch }, result: $.__proto__ }
    end: true
`,
    { mocks: { C: { throw: { error: 'X', cause: 'c' } } }, trace: true },
  );
  assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
  const o = output as Record<string, unknown>;
  assert.deepEqual(Object.keys(o).sort(), ['__proto__', 'constructor', 'prototype', 'workflow']);
  assert.deepEqual(JSON.parse(JSON.stringify(result.trace[2].parameters)), { p: 'by result', q: 'yes' });
  assert.equal(Object.getPrototypeOf(result.output as object), null);
  assertNotPolluted();
});

test('mock results and mock keys named __proto__ or constructor stay data', () => {
  const mocks = toJson(JSON.parse('{"constructor": {"return": {"__proto__": {"polluted": "mock"}}}, "__proto__": {"return": 1}}'));
  const wf = workflowFrom(`states:
  - name: constructor
    type: Task
    resource: urn:cascade:activity:x
    result: $.r
    next: __proto__
  - name: __proto__
    type: Task
    resource: urn:cascade:activity:y
    result: $.s
    end: true
`);
  const table = new MockTable(mocks);
  const result = executeWorkflow(wf, { work: table });
  assert.equal(result.status, 'succeeded', JSON.stringify(result));
  assert.deepEqual(table.unused(), []);
  const r = getOwn(result.output as JsonObject, "r") as Json;
  assert.ok(isObject(r));
  assert.deepEqual(Object.keys(r), ['__proto__']);
  assert.equal(result.attempts.get('constructor'), 1);
  assertNotPolluted();
});

test('setPath never assigns through the prototype', () => {
  const p = parseReferencePath("$['__proto__'].polluted").path!;
  const out = setPath(toJson({}), p.segments, 'x');
  assert.equal(Object.getPrototypeOf(out as object), null);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), JSON.parse('{"__proto__": {"polluted": "x"}}'));
  assertNotPolluted();
});

test('toJson refuses functions and cycles, and caps depth', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => toJson(cyclic), /cycle/);
  const shared = { a: 1 };
  assert.deepEqual(JSON.parse(JSON.stringify(toJson({ x: shared, y: shared }))), { x: { a: 1 }, y: { a: 1 } });
  assert.throws(() => toJson({ f: () => 1 }), /function/);
  let deep: unknown = 1;
  for (let i = 0; i < 2000; i++) deep = [deep];
  assert.throws(() => toJson(deep), /deeper/);
});

function generated(n: number): string {
  const lines = ['apiVersion: cascade.io/v1', 'kind: Application', 'metadata: { name: big }', 'spec:', '  workflows:', '    - name: Big', '      start: S0', '      states:'];
  for (let i = 0; i < n; i++) {
    const next = i === n - 1 ? 'end: true' : `next: S${i + 1}`;
    switch (i % 5) {
      case 0:
        lines.push(`        - { name: S${i}, type: Pass, value: ${i}, result: $.last, ${next} }`);
        break;
      case 1:
        lines.push(`        - { name: S${i}, type: Task, resource: "urn:cascade:activity:step", parameters: { at: "{{ $.last }}" }, result: $.task, retries: { max_attempts: 1 }, ${next} }`);
        break;
      case 2:
        lines.push(`        - { name: S${i}, type: Choice, choices: [{ variable: $.last, numericGreaterThanEquals: 0, next: S${i + 1} }], default: S${i + 1} }`);
        break;
      case 3:
        lines.push(`        - { name: S${i}, type: Wait, seconds: 1, ${next} }`);
        break;
      default:
        lines.push(`        - { name: S${i}, type: Parallel, branches: [{ name: B${i}, type: Pass, value: x, result: $.b }], ${next} }`);
    }
  }
  return lines.join('\n') + '\n';
}

test('a 5,000-state generated workflow runs to completion', () => {
  const n = 5000;
  const { result } = run(generated(n), { mocks: { 'urn:cascade:activity:step': [{ throw: { error: 'ServiceUnavailable' } }, ...Array.from({ length: 1000 }, () => ({ return: { ok: true } }))] } });
  assert.equal(result.status, 'succeeded', JSON.stringify(result.error ?? result.abort));
  assert.equal(result.path.length, n + n / 5);
  assert.equal(result.durationMs, 1000 + (n / 5) * 1000);
});

test('a loop that runs to the step limit keeps a bounded trace and memory', () => {
  const wf = workflowFrom(`states:
  - name: Count
    type: Pass
    value: "{{ $.n | default: 0 }}"
    result: $.n
    next: Again
  - name: Again
    type: Task
    resource: urn:cascade:activity:tick
    parameters: { big: "{{ workflow.input.payload }}" }
    result: $.tick
    next: Count
`);
  const payload = 'x'.repeat(10_000);
  const maxSteps = 200_000;
  const before = process.memoryUsage().heapUsed;
  const result = executeWorkflow(wf, { input: { payload }, work: new MockTable({ Again: { return: { payload } } }), maxSteps, trace: true });
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(result.status, 'failed');
  assert.equal(result.fatal?.reason, 'step-limit');
  assert.equal(result.steps, maxSteps + 1);
  assert.equal(result.trace.length, DEFAULT_TRACE_LIMIT);
  assert.equal(result.traceDropped, maxSteps - DEFAULT_TRACE_LIMIT);
  assert.equal(result.path.length, maxSteps);
  // 200,000 visits with a 10 kB parameter each would be gigabytes if kept; the run keeps a few MB.
  assert.ok(grown < 200 * 1024 * 1024, `heap grew by ${Math.round(grown / 1048576)} MB`);
});
