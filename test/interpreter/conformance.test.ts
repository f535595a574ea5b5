// Conformance: one case for each rule of spec §5 (data flow, Parallel, errors, retries,
// timeouts) and for each state type, run through the reference interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';

/** Wraps states in a minimal application (timeout optional). */
function app(states: string, extra = ''): string {
  const indented = states
    .trim()
    .split('\n')
    .map((l) => '        ' + l)
    .join('\n');
  return `apiVersion: cascade.io/v1
kind: Application
metadata: { name: conformance }
spec:
  workflows:
    - name: W
${extra ? extra.trim().split('\n').map((l) => '      ' + l).join('\n') + '\n' : ''}      start: ${/name: (\w+)/.exec(states)![1]}
      states:
${indented}
`;
}

test('§5.1 input_path selects E; a read of a pruned path fails with States.Runtime; workflow.* stays', () => {
  const yaml = app(`
- name: Load
  type: Task
  resource: urn:cascade:activity:load
  result: $.customer
  next: Narrow
- name: Narrow
  type: Pass
  input_path: $.customer
  next: Use
- name: Use
  type: Pass
  value: { id: "{{ $.id }}", input: "{{ workflow.input.x }}" }
  result: $.used
  next: ReadPruned
- name: ReadPruned
  type: Pass
  value: "{{ $.customer.id }}"
  end: true
`);
  const { result } = run(yaml, { input: { x: 7 }, mocks: { Load: { return: { id: 'c1' } } } });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.error, 'States.Runtime');
  assert.equal(result.fatal?.reason, 'undefined-read');
  assert.equal(result.fatal?.state, 'ReadPruned');
  assert.equal(result.fatal?.path, '$.customer.id');
  assert.deepEqual(result.path, ['Load', 'Narrow', 'Use', 'ReadPruned']);
});

test('§5.1 input_path of a missing path fails with States.Runtime', () => {
  const { result } = run(app(`
- name: A
  type: Pass
  input_path: $.nope
  end: true
`));
  assert.equal(result.error?.error, 'States.Runtime');
  assert.equal(result.fatal?.path, '$.nope');
});

test('§5.2-4 parameters are rendered on E, bare $. paths are read; without result the result is dropped', () => {
  const yaml = app(`
- name: Call
  type: Task
  resource: urn:cascade:activity:call
  parameters:
    id: "{{ workflow.input.id }}"
    bare: $.workflow.input.id
    nested: { list: ["{{ workflow.input.id | upcase }}", 2] }
    text: "id {{ workflow.input.id }}"
  end: true
`);
  const seen: unknown[] = [];
  const { result, output } = run(yaml, { input: { id: 'a1' }, mocks: { Call: { return: { big: 'result' } } }, trace: true });
  seen.push(result.trace[0].parameters);
  assert.equal(result.status, 'succeeded');
  assert.deepEqual(JSON.parse(JSON.stringify(seen[0])), { id: 'a1', bare: 'a1', nested: { list: ['A1', 2] }, text: 'id a1' });
  assert.deepEqual(output, { workflow: { execution_id: 'execution-1', input: { id: 'a1' }, started_at: '2026-01-01T00:00:00Z' } });
});

test('§5.4 result writes at a path, creating missing objects; result: $ replaces the context', () => {
  const yaml = app(`
- name: Deep
  type: Pass
  value: 1
  result: $.a.b.c
  next: Replace
- name: Replace
  type: Task
  resource: urn:cascade:activity:x
  result: $
  next: After
- name: After
  type: Pass
  value: "{{ workflow.input.k }}-{{ $.only }}"
  result: $.seen
  end: true
`);
  const { output } = run(yaml, { input: { k: 'w' }, mocks: { Replace: { return: { only: 'R' } } } });
  assert.deepEqual(output, { only: 'R', seen: 'w-R' });
  const first = run(app(`
- name: Deep
  type: Pass
  value: 1
  result: $.a.b.c
  end: true
`));
  assert.deepEqual((first.output as { a: unknown }).a, { b: { c: 1 } });
});

test('§5.5 output_path makes the value at that path the whole context', () => {
  const { output, result } = run(app(`
- name: Build
  type: Pass
  value: { email: x@example.com, n: 2 }
  result: $.confirmation
  output_path: $.confirmation
  next: Next
- name: Next
  type: Pass
  value: "{{ $.email }}"
  result: $.to
  end: true
`));
  assert.equal(result.status, 'succeeded');
  assert.deepEqual(output, { email: 'x@example.com', n: 2, to: 'x@example.com' });
});

test('§5 Choice, Wait and Succeed pass E through (after input_path/output_path)', () => {
  const { output, result } = run(app(`
- name: Seed
  type: Pass
  value: { a: { b: 1 }, c: 2 }
  result: $.data
  next: C
- name: C
  type: Choice
  input_path: $.data
  choices:
    - variable: $.c
      numericEquals: 2
      next: W
  default: Done
- name: W
  type: Wait
  seconds: 5
  output_path: $.a
  next: Done
- name: Done
  type: Succeed
`));
  assert.equal(result.status, 'succeeded');
  assert.deepEqual(output, { b: 1 });
  assert.equal(result.durationMs, 5000);
});

test('Parallel without result: branches start from E and their writes merge in branch order', () => {
  const yaml = app(`
- name: Seed
  type: Pass
  value: { status: initial, keep: 1 }
  result: $.shared
  next: P
- name: P
  type: Parallel
  branches:
    - name: A
      type: Pass
      value: from-a
      result: $.shared.status
    - name: B
      start: B1
      states:
        - name: B1
          type: Pass
          value: "{{ $.shared.status }}"
          result: $.b_saw
          next: B2
        - name: B2
          type: Pass
          value: b
          result: $.shared.extra
          end: true
    - name: C
      type: Pass
      value: c
      result: $.c
  next: Done
- name: Done
  type: Succeed
`);
  const { output, result } = run(yaml);
  assert.equal(result.status, 'succeeded');
  assert.deepEqual(result.path, ['Seed', 'P', 'A', 'B1', 'B2', 'C', 'Done']);
  const o = output as Record<string, unknown>;
  // B did not see A's write (every branch starts from E), and B's untouched status did not
  // overwrite A's: only what a branch wrote is merged, objects field by field.
  assert.equal(o.b_saw, 'initial');
  assert.deepEqual(o.shared, { status: 'from-a', keep: 1, extra: 'b' });
  assert.equal(o.c, 'c');
});

test('Parallel: two branches writing the same path — the later branch wins', () => {
  const { output } = run(app(`
- name: P
  type: Parallel
  branches:
    - { name: A, type: Pass, value: a, result: $.x }
    - { name: B, type: Pass, value: b, result: $.x }
  end: true
`));
  assert.equal((output as Record<string, unknown>).x, 'b');
});

test('Parallel with result stores the list of branch outputs in branch order', () => {
  const { output, result } = run(app(`
- name: P
  type: Parallel
  branches:
    - name: A
      type: Task
      resource: urn:cascade:activity:a
      result: $.a
      output_path: $.a
    - name: B
      type: Task
      resource: urn:cascade:activity:b
      result: $.b
      output_path: $.b
  result: $.results
  end: true
`), { mocks: { A: { return: { id: 'a' }, after: '5s' }, B: { return: { id: 'b' }, after: '2s' } } });
  assert.equal(result.status, 'succeeded');
  assert.deepEqual((output as Record<string, unknown>).results, [{ id: 'a' }, { id: 'b' }]);
  assert.equal(result.durationMs, 5000, 'branches run at once: the slowest one sets the time');
});

test('Parallel: a failing branch fails the state with its error; the first failure in time wins', () => {
  const yaml = app(`
- name: P
  type: Parallel
  branches:
    - name: Slow
      type: Task
      resource: urn:cascade:activity:slow
    - name: Fast
      type: Task
      resource: urn:cascade:activity:fast
  catch:
    - error_equals: [States.BranchFailed]
      result: $.error
      next: Handled
  end: true
- name: Handled
  type: Succeed
`);
  const { output, result } = run(yaml, {
    mocks: { Slow: { throw: { error: 'SlowError' }, after: '10s' }, Fast: { throw: { error: 'FastError', cause: 'quick' }, after: '1s' } },
  });
  assert.equal(result.status, 'succeeded');
  assert.deepEqual((output as Record<string, unknown>).error, { error: 'FastError', cause: 'quick' });
  assert.equal(result.durationMs, 1000);
  const unhandled = run(app(`
- name: P
  type: Parallel
  branches:
    - { name: Ok, type: Pass, value: 1, result: $.ok }
    - { name: Boom, type: Fail, error: BranchBoom, cause: "in a branch" }
  end: true
`));
  assert.equal(unhandled.result.status, 'failed');
  assert.deepEqual(unhandled.result.error, { error: 'BranchBoom', cause: 'in a branch' });
});

test('catch: entries in order, the state input C moves on, with and without result', () => {
  const yaml = app(`
- name: Seed
  type: Pass
  value: 1
  result: $.seed
  next: T
- name: T
  type: Task
  resource: urn:cascade:activity:t
  input_path: $.seed
  result: $.never
  catch:
    - error_equals: [OtherError]
      next: Wrong
    - error_equals: [DomainError, AnotherError]
      result: $.error
      next: Caught
    - error_equals: [States.ALL]
      next: Wrong
  end: true
- name: Caught
  type: Succeed
- name: Wrong
  type: Fail
  error: Wrong
`);
  const { output, result } = run(yaml, { mocks: { T: { throw: { error: 'DomainError' } } } });
  assert.equal(result.status, 'succeeded');
  assert.deepEqual(result.path, ['Seed', 'T', 'Caught']);
  const o = output as Record<string, unknown>;
  assert.equal(o.seed, 1, 'the catch passes C, not E (input_path selected $.seed)');
  assert.deepEqual(o.error, { error: 'DomainError', cause: '' }, 'cause is always a string, empty without one');
  assert.equal(o.never, undefined);

  const noResult = run(yaml.replace(/\n +result: \$\.error/, ''), { mocks: { T: { throw: { error: 'AnotherError', cause: 'c' } } } });
  assert.deepEqual(Object.keys(noResult.output as object).sort(), ['seed', 'workflow']);
});

test('catch: States.ALL matches anything catchable; States.TaskFailed matches activity errors but not timeouts', () => {
  const yaml = (errors: string) =>
    app(`
- name: T
  type: Task
  resource: urn:cascade:activity:t
  timeout: 10s
  catch:
    - error_equals: [${errors}]
      next: Caught
  end: true
- name: Caught
  type: Succeed
`);
  assert.equal(run(yaml('States.ALL'), { mocks: { T: { throw: { error: 'Anything' } } } }).result.status, 'succeeded');
  assert.equal(run(yaml('States.ALL'), { mocks: { T: { return: 1, after: '11s' } } }).result.status, 'succeeded');
  assert.equal(run(yaml('States.TaskFailed'), { mocks: { T: { throw: { error: 'Anything' } } } }).result.status, 'succeeded');
  const timedOut = run(yaml('States.TaskFailed'), { mocks: { T: { return: 1, after: '11s' } } }).result;
  assert.equal(timedOut.status, 'failed');
  assert.equal(timedOut.error?.error, 'States.Timeout');
  assert.equal(run(yaml('States.Timeout'), { mocks: { T: { return: 1, after: '11s' } } }).result.status, 'succeeded');
  const notMatched = run(yaml('OtherError'), { mocks: { T: { throw: { error: 'Mine', cause: 'why' } } } }).result;
  assert.deepEqual(notMatched.error, { error: 'Mine', cause: 'why' });
});

function retrying(retries: string): string {
  return app(`
- name: T
  type: Task
  resource: urn:cascade:activity:t
${retries
  .trim()
  .split('\n')
  .map((l) => '  ' + l)
  .join('\n')}
  end: true
`);
}

function throws(n: number, error = 'ServiceUnavailable'): unknown[] {
  return Array.from({ length: n }, () => ({ throw: { error } }));
}

test('retries: defaults when present are 3 retries, 1s, x2, 60s', () => {
  const { result } = run(retrying('retries: {}'), { mocks: { T: throws(4) }, trace: true });
  assert.equal(result.status, 'failed');
  assert.equal(result.attempts.get('T'), 4);
  assert.deepEqual(result.trace[0].attempts.map((a) => a.delayMs), [0, 1000, 2000, 4000]);
  assert.equal(result.durationMs, 7000);
});

test('retries: delay k = min(initial × multiplier^k, max) for several settings', () => {
  const cases: [string, number, number[]][] = [
    ['retries: { max_attempts: 3, backoff: { initial_interval: 2s, max_interval: 10s, multiplier: 3 } }', 4, [2000, 6000, 10000]],
    ['retries: { max_attempts: 5, backoff: { initial_interval: 1s, max_interval: 30s, multiplier: 2 } }', 6, [1000, 2000, 4000, 8000, 16000]],
    ['retries: { max_attempts: 4, backoff: { initial_interval: 500ms, multiplier: 1 } }', 5, [500, 500, 500, 500]],
    ['retries: { max_attempts: 6, initial_interval: 10s, max_interval: 1m, multiplier: 2.5 }', 7, [10000, 25000, 60000, 60000, 60000, 60000]],
    ['retry: { maxAttempts: 2, backoff: { initialInterval: 1s, maxInterval: 90s, multiplier: 10 } }', 3, [1000, 10000]],
    ['retries: { max_attempts: 0 }', 1, []],
  ];
  for (const [settings, attempts, delays] of cases) {
    const { result } = run(retrying(settings), { mocks: { T: throws(attempts) }, trace: true });
    assert.equal(result.attempts.get('T'), attempts, settings);
    assert.deepEqual(result.trace[0].attempts.slice(1).map((a) => a.delayMs), delays, settings);
    assert.equal(result.durationMs, delays.reduce((a, b) => a + b, 0), settings);
  }
});

test('retries: a later success stops retrying; domain and transient errors are retried', () => {
  const { result } = run(retrying('retries: { max_attempts: 3 }'), { mocks: { T: [{ throw: { error: 'StockConflict' } }, { throw: { error: 'NetworkError' } }, { return: { ok: true } }] } });
  assert.equal(result.status, 'succeeded');
  assert.equal(result.attempts.get('T'), 3);
  assert.equal(result.durationMs, 3000);
});

test('retries: permanent errors are never retried', () => {
  for (const error of ['ValidationError', 'AuthorizedError', 'NotFoundError', 'InvalidInput']) {
    const { result } = run(retrying('retries: { max_attempts: 5 }'), { mocks: { T: { throw: { error } } } });
    assert.equal(result.attempts.get('T'), 1, error);
    assert.equal(result.error?.error, error);
    assert.equal(result.durationMs, 0);
  }
});

test('retries: States.Timeout is retried, each attempt bounded by the state timeout', () => {
  const { result } = run(retrying('timeout: 30s\nretries: { max_attempts: 2, backoff: { initial_interval: 1s } }'), { mocks: { T: { return: 1, after: '45s' } } });
  assert.equal(result.error?.error, 'States.Timeout');
  assert.equal(result.attempts.get('T'), 3);
  assert.equal(result.durationMs, 3 * 30_000 + 1000 + 2000);
});

test('undefined reads raise States.Runtime even inside a catch-all state, and are not retried', () => {
  const { result } = run(app(`
- name: T
  type: Task
  resource: urn:cascade:activity:t
  parameters: { id: "{{ $.customer.id }}" }
  retries: { max_attempts: 3 }
  catch:
    - error_equals: [States.ALL]
      next: Caught
  end: true
- name: Caught
  type: Succeed
`));
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.error, 'States.Runtime');
  assert.equal(result.attempts.get('T'), 1);
  assert.deepEqual(result.path, ['T']);
  assert.match(result.error!.cause, /\$\.customer\.id/);
});

test('States.Runtime is never caught, even by a catch naming it', () => {
  const { result } = run(app(`
- name: T
  type: Pass
  value: "{{ $.nope }}"
  catch:
    - error_equals: [States.Runtime]
      next: Caught
  end: true
- name: Caught
  type: Succeed
`));
  assert.equal(result.error?.error, 'States.Runtime');
});

test('default and defined filters guard undefined reads', () => {
  const { output, result } = run(app(`
- name: P
  type: Pass
  value:
    name: "{{ $.customer.name | default: 'anonymous' }}"
    has: "{{ $.customer | defined }}"
    nulled: "{{ workflow.input.n | default: 5 }}"
  result: $.out
  end: true
`), { input: { n: null } });
  assert.equal(result.status, 'succeeded');
  assert.deepEqual((output as Record<string, unknown>).out, { name: 'anonymous', has: false, nulled: 5 });
});

test('Choice: rules in order, both forms, and/or/not, operands as paths, type-mismatched comparators are false', () => {
  const yaml = app(`
- name: C
  type: Choice
  choices:
    - variable: $.workflow.input.amount
      stringEquals: "100"
      next: WrongType
    - variable: $.workflow.input.amount
      numericGreaterThan: $.workflow.input.limit
      next: OverLimit
    - condition: "{{ workflow.input.tier == 'gold' && workflow.input.amount > 10 }}"
      next: Gold
    - and:
        - variable: $.workflow.input.tier
          isString: true
        - not:
            variable: $.workflow.input.flag
            isPresent: true
      next: NoFlag
    - or:
        - variable: $.workflow.input.flag
          booleanEquals: true
      next: Flagged
  default: Default
- { name: WrongType, type: Succeed }
- { name: OverLimit, type: Succeed }
- { name: Gold, type: Succeed }
- { name: NoFlag, type: Succeed }
- { name: Flagged, type: Succeed }
- { name: Default, type: Succeed }
`);
  const go = (input: unknown): string => run(yaml, { input }).result.path[1];
  assert.equal(go({ amount: 100, limit: 50, tier: 'x' }), 'OverLimit');
  assert.equal(go({ amount: 20, limit: 50, tier: 'gold' }), 'Gold');
  assert.equal(go({ amount: 5, limit: 50, tier: 'silver' }), 'NoFlag');
  assert.equal(go({ amount: 5, limit: 50, tier: 'silver', flag: true }), 'Flagged');
  assert.equal(go({ amount: 5, limit: 50, tier: 'silver', flag: false }), 'Default');
  assert.equal(go({ amount: '100', limit: 50, tier: 3, flag: false }), 'WrongType');
  assert.equal(go({ amount: 'x', limit: 50, tier: 3, flag: 'yes' }), 'Default', 'type mismatches are false, not errors');
});

test('Choice: a missing default raises States.NoChoiceMatched, catchable at the Parallel around it', () => {
  const c = `
- name: C
  type: Choice
  choices:
    - variable: $.workflow.input.x
      numericEquals: 1
      next: One
- { name: One, type: Succeed }
`;
  const { result } = run(app(c), { input: { x: 2 } });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.error, 'States.NoChoiceMatched');
  const wrapped = run(app(`
- name: P
  type: Parallel
  branches:
    - name: B
      start: C
      states:
${c.trim().split('\n').map((l) => '        ' + l).join('\n')}
  catch:
    - error_equals: [States.NoChoiceMatched]
      next: Handled
  end: true
- { name: Handled, type: Succeed }
`), { input: { x: 2 } });
  assert.equal(wrapped.result.status, 'succeeded');
  assert.deepEqual(wrapped.result.path, ['P', 'C', 'Handled']);
});

test('Choice: reading an undefined variable is States.Runtime unless the comparator is isPresent', () => {
  const yaml = (cmp: string) =>
    app(`
- name: C
  type: Choice
  choices:
    - variable: $.missing
      ${cmp}
      next: Yes
  default: No
- { name: Yes, type: Succeed }
- { name: No, type: Succeed }
`);
  assert.equal(run(yaml('isNull: true')).result.error?.error, 'States.Runtime');
  assert.deepEqual(run(yaml('isPresent: false')).result.path, ['C', 'Yes']);
  assert.deepEqual(run(yaml('isPresent: true')).result.path, ['C', 'No']);
});

test('timeouts: an answer slower than the timeout raises States.Timeout at the timeout; equal is in time', () => {
  const yaml = app(`
- name: H
  type: HumanTask
  ui: { schema: "urn:cascade:schema:form", target: rjsf }
  timeout: 3d
  result: $.form
  catch:
    - error_equals: [States.Timeout]
      result: $.error
      next: Late
  end: true
- { name: Late, type: Succeed }
`);
  const late = run(yaml, { mocks: { H: { return: { ok: 1 }, after: '4d' } } });
  assert.deepEqual(late.result.path, ['H', 'Late']);
  assert.equal(late.result.durationMs, 3 * 86_400_000);
  assert.equal(((late.output as Record<string, { error: string }>).error).error, 'States.Timeout');
  const onTime = run(yaml, { mocks: { H: { return: { ok: 1 }, after: '3d' } } });
  assert.deepEqual(onTime.result.path, ['H']);
  assert.deepEqual((onTime.output as Record<string, unknown>).form, { ok: 1 });
});

test('the workflow timeout fails the execution with States.Timeout, which nothing catches', () => {
  const { result } = run(app(`
- name: T
  type: Receive
  event: something
  catch:
    - error_equals: [States.ALL]
      next: Caught
  end: true
- { name: Caught, type: Succeed }
`, 'timeout: 1h'), { mocks: { T: { return: {}, after: '2h' } } });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.error, 'States.Timeout');
  assert.equal(result.fatal?.reason, 'workflow-timeout');
  assert.equal(result.durationMs, 3_600_000);
  assert.deepEqual(result.path, ['T']);
  const waiting = run(app(`
- { name: W, type: Wait, duration: 2h, next: Done }
- { name: Done, type: Succeed }
`, 'timeout: 90m'));
  assert.equal(waiting.result.error?.error, 'States.Timeout');
  assert.equal(waiting.result.durationMs, 90 * 60_000);
});

test('every state type: Task, HumanTask, EvaluatePolicy, Receive and waitFor Tasks are answered by mocks with after latency', () => {
  const { result, output } = run(app(`
- name: Act
  type: Task
  action: do_it
  result: $.act
  next: Form
- name: Form
  type: HumanTask
  ui: { schema: "urn:cascade:schema:form", target: rjsf }
  assignee: "{{ $.act.who }}"
  result: $.form
  next: Policy
- name: Policy
  type: EvaluatePolicy
  policy: urn:cascade:policy:rule
  engine: opa
  parameters: { amount: "{{ $.form.amount }}" }
  result: $.decision
  next: Event
- name: Event
  type: Receive
  event: payment_received
  result: $.event
  next: Signal
- name: Signal
  type: Task
  resource: urn:cascade:waitFor:signal
  result: $.signal
  next: Until
- name: Until
  type: Wait
  until: "{{ $.event.at }}"
  next: Done
- { name: Done, type: Succeed }
`), {
    clock: '2026-01-01T00:00:00Z',
    mocks: {
      'urn:cascade:activity:do_it': { return: { who: 'kim' }, after: '1s' },
      Form: { return: { amount: 5 }, after: '2h' },
      'urn:cascade:policy:rule': { return: { allow: true } },
      payment_received: { return: { at: '2026-01-02T00:00:00Z' }, after: '1h' },
      'urn:cascade:waitFor:signal': { return: { go: true }, after: '30m' },
    },
    trace: true,
  });
  assert.equal(result.status, 'succeeded');
  const o = output as Record<string, unknown>;
  assert.deepEqual(o.decision, { allow: true });
  assert.deepEqual(o.signal, { go: true });
  assert.equal(result.durationMs, 86_400_000, 'the Wait until the event time ends at exactly one day');
  assert.deepEqual(JSON.parse(JSON.stringify(result.trace[1].parameters)), { assignee: 'kim', ui: { schema: 'urn:cascade:schema:form', target: 'rjsf' } });
  assert.deepEqual(JSON.parse(JSON.stringify(result.trace[2].parameters)), { amount: 5 });
});

test('Fail ends the execution with its error and cause; Succeed ends it with its output', () => {
  const failed = run(app(`
- { name: F, type: Fail, error: "Broken", cause: "because {{ workflow.input.why }}" }
`), { input: { why: 'x' } });
  assert.deepEqual(failed.result.error, { error: 'Broken', cause: 'because x' });
  assert.equal(failed.result.output, undefined);
  const noCause = run(app(`
- { name: F, type: Fail, error: Broken }
`));
  assert.deepEqual(noCause.result.error, { error: 'Broken', cause: '' });
});

test('Wait: duration, seconds and until advance the virtual clock without sleeping', () => {
  const { result } = run(app(`
- { name: A, type: Wait, duration: 1h30m, next: B }
- { name: B, type: Wait, seconds: 30, next: C }
- { name: C, type: Wait, until: "2026-01-01T02:00:00Z", next: D }
- { name: D, type: Wait, until: "2025-01-01T00:00:00Z", next: E }
- { name: E, type: Succeed }
`), { clock: '2026-01-01T00:00:00Z' });
  assert.equal(result.status, 'succeeded');
  assert.equal(result.durationMs, 2 * 3_600_000);
});

test('the step limit stops a loop that never exits with a clear error', () => {
  const { result } = run(app(`
- { name: A, type: Pass, next: B }
- { name: B, type: Pass, next: A }
`), { maxSteps: 50 });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.error, 'States.Runtime');
  assert.equal(result.fatal?.reason, 'step-limit');
  assert.match(result.error!.cause, /step limit of 50/);
  assert.equal(result.steps, 51);
  assert.equal(result.path.length, 50);
});

test('a transition to a state that does not exist fails with States.Runtime', () => {
  const { result } = run(app(`
- { name: A, type: Pass, next: Nowhere }
`));
  assert.equal(result.error?.error, 'States.Runtime');
  assert.equal(result.fatal?.reason, 'invalid-workflow');
  assert.match(result.error!.cause, /"Nowhere"/);
});

test('a states: fragment without start runs from its first state', () => {
  const { result } = run(`states:
  - { name: First, type: Pass, value: 1, result: $.x, next: Second }
  - { name: Second, type: Succeed }
`);
  assert.deepEqual(result.path, ['First', 'Second']);
});

test('a timeout written as a bare number is refused, as invalid-duration reports it', () => {
  const { result } = run(app(`
- { name: A, type: Task, resource: "urn:cascade:activity:a", timeout: 30, end: true }
`), { mocks: { A: { return: {} } } } as never);
  assert.equal(result.error?.error, 'States.Runtime');
  assert.equal(result.fatal?.reason, 'invalid-workflow');
  assert.match(result.error!.cause, /30 has no unit; write a duration such as "30s"/);
});
