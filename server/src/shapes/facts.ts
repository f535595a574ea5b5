// What a condition or template proves about the context: the paths it always reads (a failed
// read stops the execution, so they exist afterwards), the paths known to exist when it is true
// or false (`| defined`, `isPresent`), and the guard in force at each read (`$.x | defined and
// $.x > 1` reads `$.x` only where it is defined). Sets are small maps keyed by the path's text.
import type { Span } from '../syntax/types';
import type { ChoiceRule, Entry } from '../model/types';
import { PathAst, pathKey } from '../expr/path';
import type { Expr, ParsedTemplate } from '../expr/template';
import { provenSegments } from './context';

export type PathSet = ReadonlyMap<string, PathAst>;
export const EMPTY_SET: PathSet = new Map();

export interface Facts {
  /** Read whenever the expression is evaluated (and it did not fail). */
  always: PathSet;
  /** Known to exist when the expression is true / false. */
  t: PathSet;
  f: PathSet;
}

const NONE: Facts = { always: EMPTY_SET, t: EMPTY_SET, f: EMPTY_SET };

/** Called for every path an expression reads, with the paths known to exist at that point. */
export type ReadVisitor = (path: PathAst, span: Span, guard: PathSet, safe: boolean) => void;

export function union(a: PathSet, b: PathSet): PathSet {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  let out: Map<string, PathAst> | undefined;
  for (const [k, v] of b) {
    if (!a.has(k)) {
      out ??= new Map(a);
      out.set(k, v);
    }
  }
  return out ?? a;
}

export function intersect(a: PathSet, b: PathSet): PathSet {
  if (a === b) return a;
  if (a.size === 0 || b.size === 0) return EMPTY_SET;
  const out = new Map<string, PathAst>();
  for (const [k, v] of a) if (b.has(k)) out.set(k, v);
  return out.size === a.size ? a : out;
}

/** The set {path}, keyed by the part of it that a read proves (its leading field segments). */
export function single(path: PathAst): PathSet {
  const segs = provenSegments(path);
  if (segs.length === 0) return EMPTY_SET;
  const p: PathAst = { ...path, segments: segs };
  return new Map([[pathKey(p), p]]);
}

function same(s: PathSet): Facts {
  return s.size === 0 ? NONE : { always: s, t: s, f: s };
}

/** Facts of an expression evaluated where `guard` is known. */
export function exprFacts(e: Expr, guard: PathSet, visit: ReadVisitor | undefined): Facts {
  switch (e.kind) {
    case 'literal':
      return NONE;
    case 'path':
      visit?.(e.path, e.span, guard, false);
      return same(single(e.path));
    case 'not': {
      const a = exprFacts(e.operand, guard, visit);
      return { always: a.always, t: a.f, f: a.t };
    }
    case 'array': {
      let always = EMPTY_SET;
      for (const i of e.items) always = union(always, exprFacts(i, guard, visit).always);
      return same(always);
    }
    case 'filter': {
      const direct = e.input.kind === 'path';
      if (e.name === 'defined' || e.name === 'default') {
        let inputFacts = NONE;
        if (direct) visit?.((e.input as Extract<Expr, { kind: 'path' }>).path, e.input.span, guard, true);
        else inputFacts = exprFacts(e.input, guard, visit);
        // `default` arguments are evaluated only when needed: they prove nothing.
        for (const a of e.args) exprFacts(a, guard, visit);
        if (e.name === 'defined' && direct) {
          const p = single((e.input as Extract<Expr, { kind: 'path' }>).path);
          return { always: EMPTY_SET, t: p, f: EMPTY_SET };
        }
        return same(inputFacts.always);
      }
      let always = exprFacts(e.input, guard, visit).always;
      for (const a of e.args) always = union(always, exprFacts(a, guard, visit).always);
      return same(always);
    }
    case 'binary': {
      if (e.op === '&&') {
        const a = exprFacts(e.left, guard, visit);
        const b = exprFacts(e.right, union(guard, a.t), visit);
        return { always: a.always, t: union(a.t, b.t), f: union(a.always, intersect(a.f, union(a.t, b.f))) };
      }
      if (e.op === '||') {
        const a = exprFacts(e.left, guard, visit);
        const b = exprFacts(e.right, union(guard, a.f), visit);
        return { always: a.always, t: union(a.always, intersect(a.t, union(a.f, b.t))), f: union(a.f, b.f) };
      }
      const a = exprFacts(e.left, guard, visit);
      const b = exprFacts(e.right, guard, visit);
      const always = union(a.always, b.always);
      if (e.op === '==' || e.op === '!=') {
        // `x == true` is true only when x is; `x == false` only when x is false.
        let base: Facts | undefined;
        let lit: boolean | undefined;
        if (e.right.kind === 'literal' && typeof e.right.value === 'boolean') {
          base = a;
          lit = e.right.value;
        } else if (e.left.kind === 'literal' && typeof e.left.value === 'boolean') {
          base = b;
          lit = e.left.value;
        }
        if (base && lit !== undefined) {
          const truthy = e.op === '==' ? lit : !lit;
          return { always, t: union(always, truthy ? base.t : base.f), f: always };
        }
      }
      return same(always);
    }
  }
}

/** Facts of a template string: every `{{ }}` of it is evaluated when it is rendered. */
export function templateFacts(t: ParsedTemplate, guard: PathSet, visit: ReadVisitor | undefined): Facts {
  if (t.whole) {
    const part = t.parts.find((p) => p.kind === 'expr');
    if (part && part.kind === 'expr' && part.expr) return exprFacts(part.expr, guard, visit);
    return NONE;
  }
  let always = EMPTY_SET;
  for (const p of t.parts) if (p.kind === 'expr' && p.expr) always = union(always, exprFacts(p.expr, guard, visit).always);
  return same(always);
}

/** How a Choice rule's parts were parsed (from the values stage). */
export interface RuleSources {
  condition(rule: ChoiceRule): ParsedTemplate | undefined;
  variable(rule: ChoiceRule): PathAst | undefined;
  operand(entry: Entry): PathAst | undefined;
}

/** Facts of a Choice rule (spec §3.3): a condition, a variable with its comparator, or and/or/not. */
export function ruleFacts(rule: ChoiceRule, guard: PathSet, src: RuleSources, visit: ReadVisitor | undefined, depth = 0): Facts {
  if (depth > 100) return NONE;
  if (rule.condition) {
    const t = src.condition(rule);
    return t ? templateFacts(t, guard, visit) : NONE;
  }
  if (rule.variable) {
    const v = src.variable(rule);
    const c = rule.comparators[0];
    if (!v) return NONE;
    if (c && c.key === 'isPresent') {
      visit?.(v, v.span, guard, true);
      const val = c.value?.kind === 'scalar' ? c.value.value : undefined;
      const p = single(v);
      if (val === true) return { always: EMPTY_SET, t: p, f: EMPTY_SET };
      if (val === false) return { always: EMPTY_SET, t: EMPTY_SET, f: p };
      return NONE;
    }
    visit?.(v, v.span, guard, false);
    let always = single(v);
    for (const cmp of rule.comparators) {
      const o = src.operand(cmp);
      if (o) {
        visit?.(o, o.span, guard, false);
        always = union(always, single(o));
      }
    }
    return same(always);
  }
  if (rule.and) {
    const parts: Facts[] = [];
    let g = guard;
    let t = EMPTY_SET;
    for (const r of rule.and) {
      const f = ruleFacts(r, g, src, visit, depth + 1);
      parts.push(f);
      g = union(g, f.t);
      t = union(t, f.t);
    }
    // False at position i: the earlier ones were true and this one false.
    let f: PathSet | undefined;
    let before = EMPTY_SET;
    for (const p of parts) {
      const here = union(before, p.f);
      f = f ? intersect(f, here) : here;
      before = union(before, p.t);
    }
    return { always: parts[0]?.always ?? EMPTY_SET, t, f: f ?? EMPTY_SET };
  }
  if (rule.or) {
    const parts: Facts[] = [];
    let g = guard;
    let f = EMPTY_SET;
    for (const r of rule.or) {
      const x = ruleFacts(r, g, src, visit, depth + 1);
      parts.push(x);
      g = union(g, x.f);
      f = union(f, x.f);
    }
    let t: PathSet | undefined;
    let before = EMPTY_SET;
    for (const p of parts) {
      const here = union(before, p.t);
      t = t ? intersect(t, here) : here;
      before = union(before, p.f);
    }
    return { always: parts[0]?.always ?? EMPTY_SET, t: t ?? EMPTY_SET, f };
  }
  if (rule.not) {
    const a = ruleFacts(rule.not, guard, src, visit, depth + 1);
    return { always: a.always, t: a.f, f: a.t };
  }
  return NONE;
}
