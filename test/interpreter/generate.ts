// A fast-check generator of Cascade applications for checking the static analysis against the
// interpreter: every state type, Parallel branches (single states and sub-workflows, merged or
// with a result list), catches with and without result, retries, input_path/output_path pruning,
// reads of defined, maybe-defined, pruned and undefined paths, and mock answers that conform to
// the declared activity outputs (so that a failing read is the workflow's fault, never the mock's).
import fc from 'fast-check';
import type { MockAnswer, WorkCall, WorkHandler } from '../../server/src/interpreter/mocks';
import { newObject, setOwn, toJson, type Json } from '../../server/src/interpreter/json';

type Kind = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Parallel' | 'HumanTask' | 'Receive' | 'EvaluatePolicy';

interface ReadSpec {
  path: number;
  guard: 'none' | 'default' | 'defined';
  form: 'whole' | 'text' | 'bare';
}

interface AnswerSpec {
  fail: boolean;
  error: number;
  withMaybe: boolean;
}

interface RuleSpec {
  form: 'variable' | 'condition';
  path: number;
  comparator: number;
  offset: number;
}

interface BranchSpec {
  kind: 'Task' | 'Pass';
  sub: boolean;
  reads: ReadSpec[];
  result: boolean;
  answers: AnswerSpec[];
  outputPath: boolean;
}

export interface StateSpec {
  kind: Kind;
  reads: ReadSpec[];
  result: 'none' | 'own' | 'root';
  inputPath: number;
  outputPath: number;
  offset: number;
  catchKind: 'none' | 'all' | 'domain';
  catchResult: boolean;
  catchOffset: number;
  retries: boolean;
  rules: RuleSpec[];
  hasDefault: boolean;
  branches: BranchSpec[];
  parallelResult: boolean;
  answers: AnswerSpec[];
}

export interface Generated {
  yaml: string;
  input: Json;
  /** Answers per state name, used in turn (cycling), never running out. */
  answers: Map<string, MockAnswer[]>;
}

const readSpec: fc.Arbitrary<ReadSpec> = fc.record({
  path: fc.nat(200),
  guard: fc.constantFrom<ReadSpec['guard']>('none', 'none', 'none', 'default', 'defined'),
  form: fc.constantFrom<ReadSpec['form']>('whole', 'text', 'bare'),
});
const answerSpec: fc.Arbitrary<AnswerSpec> = fc.record({ fail: fc.nat(3).map((k) => k === 0), error: fc.nat(2), withMaybe: fc.boolean() });
const answers = fc.array(answerSpec, { minLength: 1, maxLength: 3 });
const ruleSpec: fc.Arbitrary<RuleSpec> = fc.record({ form: fc.constantFrom<RuleSpec['form']>('variable', 'condition'), path: fc.nat(200), comparator: fc.nat(5), offset: fc.integer({ min: 1, max: 4 }) });
const branchSpec: fc.Arbitrary<BranchSpec> = fc.record({
  kind: fc.constantFrom<BranchSpec['kind']>('Task', 'Pass'),
  sub: fc.boolean(),
  reads: fc.array(readSpec, { maxLength: 2 }),
  result: fc.boolean(),
  answers,
  outputPath: fc.boolean(),
});

export const stateSpec: fc.Arbitrary<StateSpec> = fc.record({
  kind: fc.constantFrom<Kind>('Task', 'Task', 'Pass', 'Pass', 'Choice', 'Wait', 'Parallel', 'HumanTask', 'Receive', 'EvaluatePolicy'),
  reads: fc.array(readSpec, { maxLength: 3 }),
  result: fc.constantFrom<StateSpec['result']>('own', 'own', 'own', 'none', 'root'),
  inputPath: fc.nat(40),
  outputPath: fc.nat(40),
  offset: fc.integer({ min: 1, max: 3 }),
  catchKind: fc.constantFrom<StateSpec['catchKind']>('none', 'none', 'all', 'domain'),
  catchResult: fc.boolean(),
  catchOffset: fc.integer({ min: 1, max: 4 }),
  retries: fc.boolean(),
  rules: fc.array(ruleSpec, { minLength: 1, maxLength: 3 }),
  hasDefault: fc.boolean(),
  branches: fc.array(branchSpec, { minLength: 1, maxLength: 3 }),
  parallelResult: fc.boolean(),
  answers,
});

export interface InputSpec {
  withOpt: boolean;
}

export const workflowSpec = fc.record({ states: fc.array(stateSpec, { minLength: 1, maxLength: 10 }), input: fc.record({ withOpt: fc.boolean() }) });

const ERRORS = ['DomainError', 'ServiceUnavailable', 'NotFoundError'];

function q(s: string): string {
  return JSON.stringify(s);
}

/** Builds the YAML text, the input and the mock answers from a spec. */
export function buildWorkflow(spec: { states: StateSpec[]; input: InputSpec }): Generated {
  const n = spec.states.length;
  const names = spec.states.map((_, i) => `S${i}`);
  const target = (i: number, offset: number, fallback: string): string => (i + offset < n ? names[i + offset] : fallback);
  const answersByState = new Map<string, MockAnswer[]>();
  const activities: string[] = [];
  const out: string[] = [];
  // Paths a read may name (the pool grows with the states' results).
  const pool: string[] = ['workflow.input.x', 'workflow.input.y.z', 'workflow.input.opt', 'workflow.input.nope', '$.workflow.input.x', '$.workflow.input.opt', '$.nope', '$.error.error', '$.error.nope'];
  for (let i = 0; i < n; i++) pool.push(`$.r${i}`, `$.r${i}.f1`, `$.r${i}.maybe`, `$.r${i}.nope`, `$.r${i}.f2`);
  // What Parallel branches write (merged into the context without `result`), and the fields a
  // branch that trims its output with output_path merges at the top.
  const branchPaths = (i: number): string[] =>
    spec.states[i].branches.flatMap((_, k) => [`$.r${i}b${k}`, `$.r${i}b${k}.f1`, `$.r${i}b${k}.maybe`, `$.r${i}b${k}x`]);
  for (let i = 0; i < n; i++) if (spec.states[i].kind === 'Parallel') pool.push(...branchPaths(i));
  pool.push('$.f1', '$.maybe');
  // What input_path/output_path select: never an undescribed (open) result. Selecting one makes
  // the whole context open, and after a join with a closed context the analysis no longer knows
  // that a key is missing on the closed path: by design it widens there, and stays silent.
  const written: string[] = ['$.workflow', '$.workflow.input'];
  spec.states.forEach((st, i) => {
    if (st.kind === 'Task' || st.kind === 'Pass' || st.kind === 'Parallel') written.push(`$.r${i}`);
  });

  // Mostly paths that earlier states may have written, so runs get deep; sometimes any path.
  const pick = (n: number, at: number): string => {
    const good = ['workflow.input.x', 'workflow.input.y.z', '$.workflow.input.x'];
    for (let j = 0; j < at; j++) {
      good.push(`$.r${j}`, `$.r${j}.f1`, `$.r${j}.f2`, `$.r${j}.maybe`);
      if (spec.states[j].kind === 'Parallel') good.push(...branchPaths(j), '$.f1');
    }
    return n % 10 < 7 ? good[Math.floor(n / 10) % good.length] : pool[n % pool.length];
  };
  let at = 0;
  const template = (r: ReadSpec, bareAllowed: boolean): string => {
    const p = pick(r.path, at);
    if (r.form === 'bare' && bareAllowed && p.startsWith('$.') && r.guard === 'none') return p;
    const e = r.guard === 'default' ? `${p} | default: 'd'` : r.guard === 'defined' ? `${p} | defined` : p;
    return r.form === 'text' ? q(`v {{ ${e} }}`) : q(`{{ ${e} }}`);
  };
  const mapping = (reads: ReadSpec[], bare: boolean, indent: string): string => {
    if (reads.length === 0) return '{ k: 1 }';
    return '\n' + reads.map((r, k) => `${indent}  p${k}: ${template(r, bare)}`).join('\n');
  };
  // An open result (nothing declares it) may hold anything: the analysis accepts every read
  // through it, so its mock holds every name a path can use, four levels deep (shared, not copied).
  const keyNames = new Set(['workflow', 'input', 'x', 'y', 'z', 'opt', 'nope', 'error', 'cause', 'f1', 'f2', 'maybe', 'sub']);
  for (const w of [...pool, ...written]) for (const m of w.matchAll(/\.(\w+)/g)) keyNames.add(m[1]);
  spec.states.forEach((st, i) => st.branches.forEach((_, k) => keyNames.add(`r${i}b${k}`).add(`r${i}b${k}x`)));
  let complete: Json = 's';
  for (let d = 0; d < 4; d++) {
    const o = newObject();
    for (const k of keyNames) setOwn(o, k, complete);
    complete = o;
  }
  const answerFor = (a: AnswerSpec, closed: boolean): MockAnswer => {
    if (a.fail) return { kind: 'throw', error: { error: ERRORS[a.error % ERRORS.length], cause: 'generated' }, afterMs: 0 };
    if (!closed) return { kind: 'return', value: complete, afterMs: 0 };
    // A declared output conforms to { f1: string, f2: number, maybe: string? }.
    const v: Record<string, unknown> = { f1: 's', f2: 1 };
    if (a.withMaybe) v.maybe = 'm';
    return { kind: 'return', value: toJson(v), afterMs: 0 };
  };
  const stateLines = (name: string, kind: 'Task' | 'Pass', reads: ReadSpec[], result: string | undefined, ans: AnswerSpec[], indent: string): string[] => {
    const lines: string[] = [`${indent}- name: ${name}`, `${indent}  type: ${kind}`];
    if (kind === 'Task') {
      const urn = `urn:cascade:activity:act_${name.toLowerCase()}`;
      activities.push(urn);
      lines.push(`${indent}  resource: ${urn}`, `${indent}  parameters: ${mapping(reads, true, indent + '  ')}`);
      answersByState.set(name, ans.map((a) => answerFor(a, true)));
    } else {
      lines.push(`${indent}  value: ${reads.length ? mapping(reads, false, indent + '  ') : "{ f1: 's', f2: 2 }"}`);
    }
    if (result) lines.push(`${indent}  result: ${result}`);
    return lines;
  };

  spec.states.forEach((s, i) => {
    at = i;
    const name = names[i];
    const ind = '        ';
    const lines: string[] = [`${ind}- name: ${name}`, `${ind}  type: ${s.kind}`];
    const next = target(i, s.offset, 'Done');
    let hasNext = true;
    // An open result (undeclared form, event or decision) never replaces the context: every read
    // after it would go through a shape the analysis cannot know, by design.
    // Nor does a Parallel's list: a context that is not an object is outside the spec's model.
    const open = s.kind === 'HumanTask' || s.kind === 'Receive' || s.kind === 'EvaluatePolicy' || s.kind === 'Parallel';
    const result = s.result === 'own' || (s.result === 'root' && open) ? `$.r${i}` : s.result === 'root' ? '$' : undefined;
    switch (s.kind) {
      case 'Task': {
        const urn = `urn:cascade:activity:act_s${i}`;
        activities.push(urn);
        lines.push(`${ind}  resource: ${urn}`, `${ind}  parameters: ${mapping(s.reads, true, ind + '  ')}`);
        answersByState.set(name, s.answers.map((a) => answerFor(a, true)));
        break;
      }
      case 'Pass':
        lines.push(`${ind}  value: ${s.reads.length ? mapping(s.reads, false, ind + '  ') : "{ f1: 's', f2: 2 }"}`);
        break;
      case 'Wait':
        lines.push(`${ind}  seconds: 1`);
        break;
      case 'HumanTask':
        lines.push(`${ind}  ui: { schema: "urn:cascade:schema:form", target: rjsf }`);
        if (s.reads.length) lines.push(`${ind}  assignee: ${template(s.reads[0], false)}`);
        answersByState.set(name, s.answers.map((a) => answerFor(a, false)));
        break;
      case 'Receive':
        lines.push(`${ind}  event: ${s.reads.length ? template(s.reads[0], false) : 'evt'}`);
        answersByState.set(name, s.answers.map((a) => answerFor(a, false)));
        break;
      case 'EvaluatePolicy':
        lines.push(`${ind}  policy: urn:cascade:policy:rule_s${i}`, `${ind}  parameters: ${mapping(s.reads, true, ind + '  ')}`);
        answersByState.set(name, s.answers.map((a) => answerFor(a, false)));
        break;
      case 'Choice': {
        hasNext = false;
        lines.push(`${ind}  choices:`);
        const comparators = ['stringEquals: s', 'numericGreaterThan: 0', 'isPresent: true', 'booleanEquals: true', 'isNull: false', 'isString: true'];
        s.rules.forEach((r) => {
          const p = pick(r.path, i);
          if (r.form === 'variable' && p.startsWith('$')) lines.push(`${ind}    - variable: ${p}`, `${ind}      ${comparators[r.comparator % comparators.length]}`);
          else lines.push(`${ind}    - condition: ${q(r.comparator % 2 ? `{{ ${p} == 's' }}` : `{{ ${p} | defined }}`)}`);
          lines.push(`${ind}      next: ${target(i, r.offset, 'Done')}`);
        });
        if (s.hasDefault) lines.push(`${ind}  default: ${next}`);
        break;
      }
      case 'Parallel': {
        lines.push(`${ind}  branches:`);
        s.branches.forEach((b, k) => {
          const bname = `${name}B${k}`;
          const bres = b.result ? `$.r${i}b${k}` : undefined;
          if (!b.sub) {
            const sl = stateLines(bname, b.kind, b.reads, bres, b.answers, `${ind}    `);
            lines.push(...sl);
            if (b.outputPath && bres) lines.push(`${ind}      output_path: ${bres}`);
          } else {
            lines.push(`${ind}    - name: ${bname}`, `${ind}      start: ${bname}x`, `${ind}      states:`);
            lines.push(...stateLines(`${bname}x`, 'Pass', [], `$.r${i}b${k}x`, [], `${ind}        `), `${ind}          next: ${bname}y`);
            lines.push(...stateLines(`${bname}y`, b.kind, b.reads, bres, b.answers, `${ind}        `), `${ind}          end: true`);
          }
        });
        break;
      }
    }
    const writes = s.kind === 'Parallel' ? s.parallelResult : s.kind !== 'Choice' && s.kind !== 'Wait';
    if (writes && result) lines.push(`${ind}  result: ${result}`);
    // Mostly a path written before this state (or $.workflow); sometimes any result path.
    const prune = (k: number): string => (k % 3 === 0 ? written[k % written.length] : written[k % Math.min(written.length, i + 2)]);
    if (s.inputPath % 4 === 1) lines.push(`${ind}  input_path: ${prune(s.inputPath)}`);
    if (s.outputPath % 5 === 1) lines.push(`${ind}  output_path: ${prune(s.outputPath)}`);
    const works = s.kind === 'Task' || s.kind === 'Parallel' || s.kind === 'EvaluatePolicy' || s.kind === 'HumanTask' || s.kind === 'Receive';
    if (works && s.retries && s.kind !== 'HumanTask' && s.kind !== 'Receive') lines.push(`${ind}  retries: { max_attempts: 1, backoff: { initial_interval: 1s } }`);
    if (works && s.catchKind !== 'none') {
      lines.push(`${ind}  catch:`, `${ind}    - error_equals: [${s.catchKind === 'all' ? 'States.ALL' : 'DomainError'}]`);
      if (s.catchResult) lines.push(`${ind}      result: $.error`);
      lines.push(`${ind}      next: ${target(i, s.catchOffset, 'Failed')}`);
    }
    if (hasNext) lines.push(`${ind}  next: ${next}`);
    out.push(...lines);
  });
  out.push('        - name: Done', '          type: Succeed', '        - name: Failed', '          type: Fail', '          error: Failed');

  const acts = activities.map((u) => `    - urn: ${u}\n      output: { f1: string, f2: number, maybe: string? }\n      errors: [DomainError, ServiceUnavailable, NotFoundError]`);
  const yaml = `apiVersion: cascade.io/v1
kind: Application
metadata: { name: generated }
spec:
  activities:
${acts.length ? acts.join('\n') : '    []'}
  workflows:
    - name: Generated
      input: { x: string, y: { z: number }, opt: string? }
      start: S0
      states:
${out.join('\n')}
`.replace('  activities:\n    []\n', '');
  const input: Record<string, unknown> = { x: 'sx', y: { z: 1 } };
  if (spec.input.withOpt) input.opt = 'o';
  return { yaml, input: toJson(input), answers: answersByState };
}

/** Answers every call from the generated lists, in turn; never runs out (the property is not about mocks). */
export class CyclingAnswers implements WorkHandler {
  private readonly used = new Map<string, number>();
  constructor(private readonly answers: Map<string, MockAnswer[]>) {}
  call(call: WorkCall): MockAnswer {
    const list = this.answers.get(call.state) ?? [{ kind: 'return', value: toJson({ f1: 's', f2: 1 }), afterMs: 0 }];
    const k = this.used.get(call.state) ?? 0;
    this.used.set(call.state, k + 1);
    return list[k % list.length];
  }
}
