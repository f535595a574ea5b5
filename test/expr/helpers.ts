// Test helpers for expr/: read back the text a span marks, so assertions show what is marked.

import assert from 'node:assert/strict';
import type { ExprError } from '../../server/src/expr';
import type { Span } from '../../server/src/syntax/types';

export function marked(text: string, span: Span | undefined): string {
  if (!span) throw new Error('expected a span');
  return text.slice(span.start, span.end);
}

/** Every {start, end} object reachable from `value` (iterative, so deep trees are fine). */
export function allSpans(value: unknown): Span[] {
  const out: Span[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') out.push(o as unknown as Span);
    for (const k of Object.keys(o)) stack.push(o[k]);
  }
  return out;
}

/**
 * Asserts that `error` (from parsing `text`) exists, marks exactly `mark` and mentions `includes`.
 * Returns the message.
 */
export function assertErrorAt(text: string, error: ExprError | undefined, mark: string, includes = ''): string {
  assert.ok(error, `expected an error for ${JSON.stringify(text)}`);
  assert.equal(marked(text, error.span), mark, `${JSON.stringify(text)}: ${error.message}`);
  assert.ok(error.message.includes(includes), `${JSON.stringify(text)}: ${error.message}`);
  return error.message;
}
