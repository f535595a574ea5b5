// Checks over the inferred shapes that are not about a path being there: conditions whose type
// cannot be boolean or whose comparisons can never hold, objects rendered inside text, and
// results that nothing reads afterwards. Each reports only what the shapes prove.
import type { Span } from '../syntax/types';
import type { ChoiceRule, Entry, State } from '../model/types';
import type { TemplateValue } from '../expr/values';
import type { Expr } from '../expr/template';
import { walkExpr } from '../expr/template';
import { formatPath } from '../expr/path';
import { Ctx, resolve } from './context';
import type { WorkflowShapes } from './infer';
import { Field, Shape, WriterSet, isScalar, sortedFields } from './shape';
import { exprShape } from './typing';

// ------------------------------------------------------------------ conditions

export type ConditionIssue =
  | { kind: 'notBoolean'; span: Span; shape: Shape; state: State }
  | { kind: 'textAround'; span: Span; state: State }
  | { kind: 'compare'; span: Span; op: string; left: Expr; right: Expr; leftShape: Shape; rightShape: Shape; state: State }
  | { kind: 'order'; span: Span; op: string; operand: Expr; shape: Shape; state: State }
  | { kind: 'variable'; span: Span; comparator: string; variable: string; shape: Shape; family: string; state: State }
  | { kind: 'operand'; span: Span; comparator: string; shape: Shape; family: string; state: State };

const FAMILY: Record<string, 'string' | 'number' | 'boolean'> = {
  stringEquals: 'string',
  stringLessThan: 'string',
  stringGreaterThan: 'string',
  stringLessThanEquals: 'string',
  stringGreaterThanEquals: 'string',
  stringMatches: 'string',
  numericEquals: 'number',
  numericLessThan: 'number',
  numericGreaterThan: 'number',
  numericLessThanEquals: 'number',
  numericGreaterThanEquals: 'number',
  booleanEquals: 'boolean',
  timestampEquals: 'string',
  timestampLessThan: 'string',
  timestampGreaterThan: 'string',
  timestampLessThanEquals: 'string',
  timestampGreaterThanEquals: 'string',
};

const COMPARABLE = new Set(['boolean', 'number', 'string']);

function known(s: Shape): boolean {
  return s.kind !== 'unknown';
}

function checkExpr(expr: Expr, ctx: Ctx, state: State, out: ConditionIssue[]): void {
  walkExpr(expr, (e) => {
    if (e.kind !== 'binary') return;
    if (e.op === '==' || e.op === '!=') {
      const l = exprShape(e.left, ctx);
      const r = exprShape(e.right, ctx);
      // Only scalar kinds that are plainly different: null checks and objects are left alone.
      if (COMPARABLE.has(l.kind) && COMPARABLE.has(r.kind) && l.kind !== r.kind) {
        out.push({ kind: 'compare', span: e.span, op: e.op, left: e.left, right: e.right, leftShape: l, rightShape: r, state });
      }
    } else if (e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=') {
      const l = exprShape(e.left, ctx);
      const r = exprShape(e.right, ctx);
      const bad = (s: Shape): boolean => known(s) && s.kind !== 'number' && s.kind !== 'string';
      if (bad(l)) out.push({ kind: 'order', span: e.span, op: e.op, operand: e.left, shape: l, state });
      else if (bad(r)) out.push({ kind: 'order', span: e.span, op: e.op, operand: e.right, shape: r, state });
      else if (known(l) && known(r) && l.kind !== r.kind) {
        out.push({ kind: 'compare', span: e.span, op: e.op, left: e.left, right: e.right, leftShape: l, rightShape: r, state });
      }
    }
  });
}

function scalarOfYaml(node: Entry['value']): Shape | undefined {
  if (!node || node.kind !== 'scalar') return node ? { kind: 'unknown' } : undefined;
  const v = node.value;
  if (v === null) return { kind: 'null' };
  return { kind: typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'boolean' } as Shape;
}

function checkRule(ws: WorkflowShapes, rule: ChoiceRule, ctx: Ctx, state: State, out: ConditionIssue[], depth = 0): void {
  if (depth > 100) return;
  const cond = rule.condition?.value;
  if (cond && cond.kind === 'scalar' && typeof cond.value === 'string') {
    const t = ws.templateOf(cond);
    if (t && t.parsed.errors.length === 0 && t.parsed.isTemplate) {
      if (!t.parsed.whole) out.push({ kind: 'textAround', span: cond.span, state });
      else {
        const part = t.parsed.parts.find((p) => p.kind === 'expr');
        if (part && part.kind === 'expr' && part.expr) {
          const s = exprShape(part.expr, ctx);
          if (known(s) && s.kind !== 'boolean') out.push({ kind: 'notBoolean', span: part.expr.span, shape: s, state });
          checkExpr(part.expr, ctx, state, out);
        }
      }
    }
  }
  const v = rule.variable?.value;
  if (v && v.kind === 'scalar' && typeof v.value === 'string') {
    const pv = ws.plan(state)?.reads.find((r) => r.kind === 'variable' && r.span.start >= v.span.start && r.span.end <= v.span.end);
    for (const c of rule.comparators) {
      const family = FAMILY[c.key];
      if (!family) continue;
      if (pv) {
        const r = resolve(ctx, pv.path.root, pv.path.segments);
        if (r.status !== 'missing' && isScalar(r.shape) && r.shape.kind !== family) {
          out.push({ kind: 'variable', span: c.keySpan, comparator: c.key, variable: v.value, shape: r.shape, family, state });
          continue;
        }
      }
      const o = c.value;
      if (o && o.kind === 'scalar' && typeof o.value === 'string' && o.value.startsWith('$')) {
        const read = ws.plan(state)?.reads.find((r) => r.kind === 'operand' && r.span.start >= o.span.start && r.span.end <= o.span.end);
        if (read) {
          const r = resolve(ctx, read.path.root, read.path.segments);
          if (r.status !== 'missing' && isScalar(r.shape) && r.shape.kind !== family) out.push({ kind: 'operand', span: o.span, comparator: c.key, shape: r.shape, family, state });
        }
        continue;
      }
      const lit = scalarOfYaml(o);
      if (lit && isScalar(lit) && lit.kind !== family) out.push({ kind: 'operand', span: o!.span, comparator: c.key, shape: lit, family, state });
    }
  }
  for (const sub of [...(rule.and ?? []), ...(rule.or ?? []), ...(rule.not ? [rule.not] : [])]) checkRule(ws, sub, ctx, state, out, depth + 1);
}

export function conditionIssues(ws: WorkflowShapes): ConditionIssue[] {
  const out: ConditionIssue[] = [];
  for (const s of ws.workflow.allStates) {
    if (s.type !== 'Choice') continue;
    const f = ws.facts(s);
    if (!f) continue;
    for (const rule of s.choices) checkRule(ws, rule, f.effective, s, out);
  }
  return out;
}

// ------------------------------------------------------------------ interpolation

export interface InterpolationIssue {
  template: TemplateValue;
  span: Span;
  expr: Expr;
  shape: Shape;
  /** A field to suggest instead (the first scalar field of an object). */
  example?: string;
}

/** `{{ }}` parts of a larger string whose value is an object or a list (rendered as JSON). */
export function interpolationIssues(ws: WorkflowShapes): InterpolationIssue[] {
  const out: InterpolationIssue[] = [];
  for (const s of ws.workflow.allStates) {
    const f = ws.facts(s);
    const plan = ws.plan(s);
    if (!f || !plan) continue;
    for (const t of plan.templates) {
      if (t.role === 'condition' || !t.parsed.isTemplate || t.parsed.whole) continue;
      for (const p of t.parsed.parts) {
        if (p.kind !== 'expr' || !p.expr) continue;
        const shape = exprShape(p.expr, f.effective);
        if (shape.kind !== 'object' && shape.kind !== 'array') continue;
        let example: string | undefined;
        if (shape.kind === 'object' && p.expr.kind === 'path') {
          const first = sortedFields(shape).find(([, fl]) => isScalar(fl.shape)) ?? sortedFields(shape)[0];
          if (first) example = formatPath([...p.expr.path.segments, { kind: 'field', name: first[0], span: p.expr.span, quoted: false }], p.expr.path.root);
        }
        out.push({ template: t, span: p.span, expr: p.expr, shape, example });
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ unused results

function markShape(shape: Shape, used: Set<State>, seen: Set<object>): void {
  const stack: Shape[] = [shape];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    if (s.kind === 'array') {
      stack.push(s.items);
      if (s.tuple) stack.push(...s.tuple);
    } else if (s.kind === 'object') {
      s.fields.forEach((f) => {
        if (seen.has(f)) return;
        seen.add(f);
        markWriters(f.writers, used, seen);
        stack.push(f.shape);
      });
    }
  }
}

function markWriters(ws: WriterSet, used: Set<State>, seen: Set<object>): void {
  if (seen.has(ws)) return;
  seen.add(ws);
  ws.forEach((w) => {
    if (w.via !== 'catch') used.add(w.state);
  });
}

/**
 * States whose `result` is read by nothing after them: no read of it, of a part of it, of a
 * parent or of the whole context, on any path, before it is overwritten or pruned. The context a
 * workflow ends with is its output, so reaching a successful end counts as reading everything.
 */
export function unusedResults(ws: WorkflowShapes): State[] {
  const used = new Set<State>();
  const seen = new Set<object>();
  const markTrail = (trail: readonly Field[]): void => {
    for (const f of trail) markWriters(f.writers, used, seen);
  };
  for (const s of ws.workflow.allStates) {
    const f = ws.facts(s);
    const plan = ws.plan(s);
    if (!f || !plan) continue;
    for (const read of plan.reads) {
      if (read.path.root !== '$') continue;
      const ctx = read.phase === 'input' ? f.entry : read.phase === 'output' ? (f.output ?? f.effective) : f.effective;
      const r = resolve(ctx, '$', read.path.segments);
      markTrail(r.trail);
      if (r.status !== 'missing') markShape(read.path.segments.length === 0 ? ctx.top : r.shape, used, seen);
    }
    if (f.end && ws.graph.scopeOf(s).kind === 'workflow') markShape(f.end.top, used, seen);
  }
  const out: State[] = [];
  for (const s of ws.workflow.allStates) {
    const plan = ws.plan(s);
    const f = ws.facts(s);
    if (!f || !plan?.result?.path || plan.result.path.segments.length === 0 || !s.result) continue;
    // A state that never gets past its own reads (or is reached only past a failing one) writes nothing.
    if (f.effective.dead) continue;
    if (s.type === 'Choice' || s.type === 'Wait' || s.type === 'Succeed' || s.type === 'Fail') continue;
    if (!used.has(s)) out.push(s);
  }
  return out;
}
