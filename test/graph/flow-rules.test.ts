// The flow rules end to end on the situations the issue names (island cycles, loops that never
// exit, catches shadowed by States.ALL, branches that jump out, duplicate names across branches,
// errors that escape), on half-written files (never a crash), and on the examples (no finding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, rulesById } from '../../server/src/analysis/analyze';
import { EffectiveRule } from '../../server/src/analysis/config';
import { packageRoot } from '../../server/src/analysis/package-root';
import { walkFiles } from '../../server/src/analysis/file-walk';
import { Finding } from '../../server/src/syntax/types';
import { TRICKY_WORKFLOWS } from '../e2e/tricky-workflows';
import { FLOW_RULES } from './flow-rule-ids';


const allRules = new Map<string, EffectiveRule>([...rulesById().values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }]));

function run(text: string, fileName = 'x.cascade.yaml'): { findings: Finding[]; marked: (f: Finding) => string } {
  const a = analyzeText(text, { fileName, rules: allRules, force: true });
  assert.deepEqual(a.internalErrors, []);
  return { findings: a.findings, marked: (f) => text.slice(f.span.start, f.span.end) };
}

/** `ruleId@marked text` for the findings of the flow rules, in order. */
function flow(text: string): string[] {
  const { findings, marked } = run(text);
  return findings.filter((f) => FLOW_RULES.includes(f.ruleId)).map((f) => `${f.ruleId}@${marked(f)}`);
}

const wf = (states: string, extra = ''): string =>
  `apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: t }\nspec:\n${extra}  workflows:\n    - name: W\n      start: A\n      states:\n${states.replace(/^/gm, '        ')}\n`;

test('island cycle: both states unreachable, not reported as a loop', () => {
  const text = wf(`- { name: A, type: Pass, end: true }
- { name: X, type: Pass, next: Y }
- { name: Y, type: Pass, next: X }`);
  assert.deepEqual(flow(text), ['unreachable-state@X', 'unreachable-state@Y']);
  const { findings } = run(text);
  assert.ok(findings.filter((f) => f.ruleId === 'unreachable-state').every((f) => f.unnecessary === true));
});

test('a loop that never exits is reported once, at its first state, with every state related', () => {
  const text = wf(`- { name: A, type: Pass, next: B }
- { name: B, type: Task, resource: "urn:cascade:activity:b", next: C, catch: [ { error_equals: [States.ALL], next: A } ] }
- { name: C, type: Choice, choices: [ { condition: "{{ $.x }}", next: A } ], default: B }`);
  const { findings, marked } = run(text);
  const loops = findings.filter((f) => f.ruleId === 'no-terminal-path');
  assert.equal(loops.length, 1);
  assert.equal(marked(loops[0]), 'A');
  assert.deepEqual(loops[0].related.map((r) => text.slice(r.span.start, r.span.end)), ['A', 'B', 'C']);
  assert.equal(loops[0].severity, 'error');
});

test('loops with a way out through a Choice default or a catch are fine', () => {
  assert.deepEqual(flow(wf(`- { name: A, type: Choice, choices: [ { condition: "{{ $.x }}", next: A } ], default: Done }
- { name: Done, type: Succeed }`)), []);
  assert.deepEqual(flow(wf(`- { name: A, type: Task, resource: "urn:cascade:activity:a", next: B, catch: [ { error_equals: [States.ALL], next: Out } ] }
- { name: B, type: Wait, seconds: 5, next: A }
- { name: Out, type: Fail, error: Gone }`)), []);
});

test('a catch behind an earlier States.ALL: one finding, on the States.ALL', () => {
  const text = wf(`- name: A
  type: Task
  resource: urn:cascade:activity:a
  catch:
    - error_equals: [States.ALL]
      next: F
    - error_equals: [Oops, Other]
      next: F
  end: true
- { name: F, type: Fail, error: F }`);
  assert.deepEqual(flow(text), ['catch-all-not-last@States.ALL']);
});

test('branches that jump out of their Parallel, nested ones too', () => {
  const text = wf(`- name: A
  type: Parallel
  next: Done
  catch: [ { error_equals: [States.ALL], next: Done } ]
  branches:
    - name: L
      start: L1
      states:
        - { name: L1, type: Pass, next: Done }
    - name: R
      start: R1
      states:
        - name: R1
          type: Parallel
          end: true
          branches:
            - start: Deep
              states:
                - { name: Deep, type: Pass, next: R1 }
- { name: Done, type: Succeed }`);
  assert.deepEqual(flow(text), ['branch-escape@Done', 'branch-escape@R1']);
});

test('duplicate names in different branches', () => {
  const text = wf(`- name: A
  type: Parallel
  end: true
  branches:
    - { name: Same, type: Pass }
    - start: Same
      states:
        - { name: Same, type: Pass, end: true }`);
  const { findings, marked } = run(text);
  const d = findings.filter((f) => f.ruleId === 'duplicate-state-name');
  assert.equal(d.length, 1);
  assert.equal(marked(d[0]), 'Same');
  assert.ok(d[0].span.start > text.indexOf('start: Same'), 'the second definition is marked');
  assert.equal(text.slice(d[0].related[0].span.start, d[0].related[0].span.end), 'Same');
  assert.ok(d[0].related[0].span.start < d[0].span.start);
});

test('errors that escape: missing-catch on the outermost state, uncaught-error for a forgotten declared error', () => {
  const acts = '  activities:\n    - urn: urn:cascade:activity:pay\n      errors: [Declined, ServiceUnavailable]\n';
  assert.deepEqual(flow(wf(`- name: A
  type: Parallel
  end: true
  branches:
    - { name: Pay, type: Task, resource: "urn:cascade:activity:pay" }`, acts)), ['missing-catch@A']);
  assert.deepEqual(flow(wf(`- name: A
  type: Parallel
  end: true
  catch: [ { error_equals: [Declined], next: F } ]
  branches:
    - { name: Pay, type: Task, resource: "urn:cascade:activity:pay" }
- { name: F, type: Fail, error: F }`, acts)), ['uncaught-error@Pay']);
  assert.deepEqual(flow(wf(`- name: A
  type: Parallel
  end: true
  catch: [ { error_equals: [States.BranchFailed], next: F } ]
  branches:
    - { name: Pay, type: Task, resource: "urn:cascade:activity:pay" }
- { name: F, type: Fail, error: F }`, acts)), []);
});

test('missing-catch option states: all also checks a Parallel that fails only through a Fail state', () => {
  const text = wf(`- name: A
  type: Parallel
  end: true
  branches:
    - { name: Stop, type: Fail, error: Stopped }`);
  assert.deepEqual(flow(text), []);
  const rules = new Map(allRules);
  rules.set('missing-catch', { severity: 'warning', options: { states: 'all' } });
  const a = analyzeText(text, { fileName: 'x.cascade.yaml', rules, force: true });
  assert.deepEqual(a.findings.filter((f) => f.ruleId === 'missing-catch').map((f) => text.slice(f.span.start, f.span.end)), ['A']);
});

test('a states: fragment starts at its first state', () => {
  const text = 'states:\n  - { name: A, type: Pass, next: B }\n  - { name: B, type: Succeed }\n  - { name: C, type: Succeed }\n';
  assert.deepEqual(flow(text), ['unreachable-state@C']);
});

test('half-written files never crash any rule', () => {
  const texts = [
    '', 'states:', 'states: []', 'states: [1, 2, null]', 'states:\n  - name:\n  - type: Pass\n  - {}\n', 'workflows: [ { } ]',
    'workflows:\n  - name: W\n    start:\n    states:\n      - { name: A, next: , catch: [ { next: } ], retries: 3 }\n',
    'workflows:\n  - name: W\n    start: [x]\n    states:\n      - { name: A, type: Choice, choices: [ { and: 3 }, { not: { not: { not: {} } } }, { default: [] } ] }\n',
    'workflows:\n  - name: W\n    start: P\n    states:\n      - { name: P, type: Parallel, branches: [ { start: X, states: [] }, { states: [ { name: P } ] }, [] ] }\n',
    'workflows:\n  - name: W\n    start: A\n    states:\n      - { name: A, type: Task, retries: { max_attempts: "x", backoff: { initial_interval: 5, max_interval: "", multiplier: "two" } }, end: true }\n',
    'apiVersion: cascade.io/v1\nkind: Application\nspec:\n  activities: [ { urn: x, errors: 3 }, 5, { errors: [ [1] ] } ]\n  workflows:\n    - name: W\n      start: A\n      states: [ { name: A, type: Task, action: x, catch: [ { errors: [[]], next: A } ] } ]\n',
    ...Object.values(TRICKY_WORKFLOWS),
  ];
  for (const t of texts) run(t);
});

test('every example: no finding from the flow rules (and none at all above info)', () => {
  const files = walkFiles(path.join(packageRoot(), 'examples'), (f) => /\.cascade\.ya?ml$/.test(f));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const { findings } = run(fs.readFileSync(f, 'utf8'), f);
    assert.deepEqual(findings.filter((x) => FLOW_RULES.includes(x.ruleId) || x.severity !== 'info').map((x) => `${x.ruleId}: ${x.message}`), [], f);
  }
});

test('a name defined in the branch and outside it resolves inside the branch (no escape), the duplicate is reported', () => {
  const text = wf(`- name: A
  type: Parallel
  next: Done
  branches:
    - start: B1
      states:
        - { name: B1, type: Pass, next: Done }
        - { name: Done, type: Pass, end: true }
- { name: Done, type: Succeed }`);
  assert.deepEqual(flow(text), ['duplicate-state-name@Done']);
});

test('an edge from a nested branch to its grandparent branch escapes; a jump into a nested branch enters it', () => {
  const text = wf(`- name: A
  type: Parallel
  end: true
  branches:
    - start: Outer1
      states:
        - { name: Outer1, type: Pass, next: Inner }
        - name: Inner
          type: Parallel
          next: Outer2
          branches:
            - start: Deep1
              states:
                - { name: Deep1, type: Pass, next: Outer2 }
        - { name: Outer2, type: Pass, next: Deep1 }`);
  const { findings } = run(text);
  const esc = findings.filter((f) => f.ruleId === 'branch-escape');
  assert.deepEqual(esc.map((f) => f.messageId), ['escape', 'enter']);
  assert.match(esc[0].message, /outside branch 1 of Parallel "Inner"/);
  assert.match(esc[1].message, /State "Deep1" is inside branch 1 of Parallel "Inner"/);
});

test('did-you-mean on a transition and the start, with a quick fix', () => {
  const text = wf(`- { name: A, type: Pass, next: LoadOrdrs }
- { name: LoadOrders, type: Pass, next: Doen }
- { name: Done, type: Succeed }`).replace('start: A', 'start: a');
  const { findings } = run(text);
  const msgs = findings.filter((f) => FLOW_RULES.includes(f.ruleId)).map((f) => f.message);
  assert.deepEqual(msgs, [
    'Start state "a" does not exist; did you mean "A"?',
    'State "LoadOrdrs" does not exist; did you mean "LoadOrders"?',
    'State "Doen" does not exist; did you mean "Done"?',
  ]);
  const fix = findings.find((f) => f.message.includes('LoadOrdrs'))!.suggestions![0];
  assert.equal(fix.edits[0].newText, 'LoadOrders');
});
