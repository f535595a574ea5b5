// The error value every expr/ parser returns instead of throwing.
// Spans are relative to the start of the parsed string (index 0 = its first character).

import type { Span } from '../syntax/types';

export interface ExprError {
  message: string;
  span: Span;
}

export function exprError(message: string, start: number, end: number): ExprError {
  return { message, span: { start, end: Math.max(start, end) } };
}

/** Quotes a user-written fragment for a message, shortening it so messages stay one line. */
export function quote(text: string, max = 40): string {
  const shown = text.length > max ? text.slice(0, max - 1) + '…' : text;
  return JSON.stringify(shown);
}
