// Error flow: what each state raises, handles and lets escape, through nested Parallels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANY_ERROR, computeErrorFlow, canOccur, catchNameMatches, describeErrors, findActivity, RaisedError } from '../../server/src/graph';
import { ActivityDeclaration } from '../../server/src/model/types';
import { docOf } from './helpers';
import { buildFlowGraph } from '../../server/src/graph';

function flowOf(text: string) {
  const doc = docOf(text);
  const wf = doc.workflows[0];
  const acts = new Map<string, ActivityDeclaration>();
  for (const a of doc.activities) acts.set(a.urn, a);
  const g = buildFlowGraph(wf);
  const flow = computeErrorFlow(g, acts);
  const st = (n: string) => wf.allStates.find((s) => s.name === n)!;
  const names = (errs: RaisedError[]) => [...new Set(errs.map((e) => e.name))].sort();
  return { flow, st, names };
}

const APP = `apiVersion: cascade.io/v1
kind: Application
metadata: { name: e }
spec:
  activities:
    - urn: urn:cascade:activity:charge
      errors: [CardDeclined, ServiceUnavailable]
    - urn: urn:cascade:activity:quiet
      errors: []
    - urn: urn:cascade:activity:vague
      output: { id: string }
  workflows:
    - name: W
      start: Charge
      states:
        - name: Charge
          type: Task
          resource: urn:cascade:activity:charge:v2
          timeout: 10s
          catch:
            - error_equals: [CardDeclined]
              next: Done
          next: Fan
        - name: Fan
          type: Parallel
          catch:
            - error_equals: [Stopped]
              next: Done
          next: Outer
          branches:
            - name: Vague
              type: Task
              resource: urn:cascade:activity:vague
            - name: Sub
              start: Route
              states:
                - name: Route
                  type: Choice
                  choices:
                    - condition: "{{ $.a }}"
                      next: Stop
                    - condition: "{{ $.b }}"
                      next: Inner
                - name: Stop
                  type: Fail
                  error: Stopped
                - name: Unused
                  type: Fail
                  error: Nope
                - name: Inner
                  type: Parallel
                  end: true
                  branches:
                    - name: Deep
                      type: Task
                      resource: urn:cascade:activity:charge
        - name: Outer
          type: Task
          action: quiet
          next: Done
        - name: Done
          type: Succeed
`;

test('declared errors, timeout, and a versioned resource matching an unversioned declaration', () => {
  const { flow, st, names } = flowOf(APP);
  const charge = flow.of(st('Charge'));
  assert.ok(charge.declaration);
  assert.ok(charge.closed);
  assert.deepEqual(names(charge.raised), ['CardDeclined', 'ServiceUnavailable', 'States.Timeout']);
  assert.deepEqual(names(charge.handled.get(0)!), ['CardDeclined']);
  assert.deepEqual(names(charge.escaping), ['ServiceUnavailable', 'States.Timeout']);
  assert.deepEqual(names(flow.reachingEnd(st('Charge'))), ['ServiceUnavailable', 'States.Timeout']);
});

test('an activity declared with "errors: []" raises nothing; one declared without "errors" raises anything', () => {
  const { flow, st } = flowOf(APP);
  assert.deepEqual(flow.of(st('Outer')).raised, []);
  const vague = flow.of(st('Vague'));
  assert.equal(vague.closed, false);
  assert.ok(vague.raised.some((e) => e.name === ANY_ERROR));
});

test('a Parallel raises what leaves its branches (nested too), marked as from a branch', () => {
  const { flow, st, names } = flowOf(APP);
  assert.deepEqual(names(flow.of(st('Inner')).raised), ['CardDeclined', 'ServiceUnavailable']);
  const fan = flow.of(st('Fan'));
  // Route lacks a default: States.NoChoiceMatched; Stop fails with Stopped; Inner lets Deep's errors through.
  assert.deepEqual(names(fan.raised), ['*', 'CardDeclined', 'ServiceUnavailable', 'States.NoChoiceMatched', 'States.TaskFailed', 'Stopped']);
  assert.ok(fan.raised.every((e) => e.fromBranch));
  assert.equal(fan.closed, false);
  assert.deepEqual(names(fan.handled.get(0)!), ['Stopped']);
  // Deep's errors leave the workflow through Inner and Fan, neither of which catches them.
  assert.deepEqual(names(flow.reachingEnd(st('Deep'))), ['CardDeclined', 'ServiceUnavailable']);
  assert.deepEqual(flow.enclosing(st('Deep')).map((p) => p.name), ['Inner', 'Fan']);
  // Stopped is caught by Fan. An unreachable branch state adds nothing.
  assert.ok(!names(fan.raised).includes('Nope'));
  assert.deepEqual(names(flow.reachingEnd(st('Stop'))), []);
});

test('catch name matching: ALL, TaskFailed, BranchFailed, specific names, Runtime never', () => {
  const { st } = flowOf(APP);
  const s = st('Charge');
  const act: RaisedError = { name: 'X', kind: 'activity', source: s, fromBranch: false };
  const timeout: RaisedError = { name: 'States.Timeout', kind: 'timeout', source: s, fromBranch: false };
  const any: RaisedError = { name: ANY_ERROR, kind: 'activity', source: s, fromBranch: true };
  assert.ok(catchNameMatches('States.ALL', timeout));
  assert.ok(catchNameMatches('States.TaskFailed', act));
  assert.ok(!catchNameMatches('States.TaskFailed', timeout));
  assert.ok(catchNameMatches('States.BranchFailed', any));
  assert.ok(!catchNameMatches('States.BranchFailed', act));
  assert.ok(catchNameMatches('X', act));
  assert.ok(!catchNameMatches('X', any), 'a named entry does not handle "any error"');
  assert.ok(!catchNameMatches('States.Runtime', act));
  assert.ok(canOccur('Whatever', [any]), 'any domain name is plausible for an undeclared activity');
  assert.ok(!canOccur('States.Timeout', [any]), 'but not a timeout');
  assert.ok(!canOccur('Y', [act]));
  assert.equal(describeErrors([act, any]), '"X" or any other error');
  assert.equal(describeErrors([any]), 'any error');
});

test('findActivity: exact, then ignoring a version on either side', () => {
  const decl = (urn: string) => ({ urn }) as ActivityDeclaration;
  const m = new Map([['urn:cascade:activity:a', decl('urn:cascade:activity:a')], ['urn:cascade:activity:b:v3', decl('urn:cascade:activity:b:v3')]]);
  assert.equal(findActivity('urn:cascade:activity:a', m)?.urn, 'urn:cascade:activity:a');
  assert.equal(findActivity('urn:cascade:activity:a:v2', m)?.urn, 'urn:cascade:activity:a');
  assert.equal(findActivity('urn:cascade:activity:b', m)?.urn, 'urn:cascade:activity:b:v3');
  assert.equal(findActivity('urn:cascade:activity:c', m), undefined);
  assert.equal(findActivity(undefined, m), undefined);
});
