// The shape of a template expression's value in a given context (spec §4): paths resolve in the
// context, comparisons and `not` are booleans, filters have fixed result types. What cannot be
// followed is `unknown`.
import type { Expr, ParsedTemplate } from '../expr/template';
import { Ctx, resolve } from './context';
import { BOOLEAN, NULL, NUMBER, STRING, Shape, UNKNOWN, arrayOf, join } from './shape';

export function exprShape(e: Expr, ctx: Ctx, depth = 0): Shape {
  if (depth > 250) return UNKNOWN;
  switch (e.kind) {
    case 'literal':
      return e.value === null ? NULL : typeof e.value === 'string' ? STRING : typeof e.value === 'number' ? NUMBER : BOOLEAN;
    case 'path': {
      const r = resolve(ctx, e.path.root, e.path.segments);
      return r.status === 'missing' ? UNKNOWN : r.shape;
    }
    case 'not':
      return BOOLEAN;
    case 'binary':
      return BOOLEAN;
    case 'array': {
      const tuple = e.items.map((i) => exprShape(i, ctx, depth + 1));
      let items: Shape | undefined;
      for (const t of tuple) items = items ? join(items, t) : t;
      return arrayOf(items ?? UNKNOWN, tuple);
    }
    case 'filter': {
      switch (e.name) {
        case 'defined':
          return BOOLEAN;
        case 'default': {
          const arg = e.args[0] ? exprShape(e.args[0], ctx, depth + 1) : UNKNOWN;
          if (e.input.kind === 'path') {
            const r = resolve(ctx, e.input.path.root, e.input.path.segments);
            if (r.status === 'missing') return arg;
            if (r.status === 'present' && r.shape.kind !== 'null' && r.shape.kind !== 'unknown') return r.shape;
            return join(r.shape, arg);
          }
          return join(exprShape(e.input, ctx, depth + 1), arg);
        }
        case 'length':
          return NUMBER;
        case 'upcase':
        case 'downcase':
        case 'json':
        case 'join':
          return STRING;
        case 'keys':
          return arrayOf(STRING);
        case 'first':
        case 'last': {
          const s = exprShape(e.input, ctx, depth + 1);
          if (s.kind === 'string') return STRING;
          if (s.kind === 'array') {
            if (s.tuple && s.tuple.length > 0) return e.name === 'first' ? s.tuple[0] : s.tuple[s.tuple.length - 1];
            return s.items;
          }
          return UNKNOWN;
        }
        default:
          return UNKNOWN;
      }
    }
  }
}

/** The value of a template string: its expression's when it is one whole `{{ }}`, else a string. */
export function templateShape(t: ParsedTemplate, ctx: Ctx): Shape {
  if (t.errors.length > 0) return UNKNOWN;
  if (!t.whole) return STRING;
  const part = t.parts.find((p) => p.kind === 'expr');
  if (!part || part.kind !== 'expr' || !part.expr) return UNKNOWN;
  return exprShape(part.expr, ctx);
}
