// Durations (spec §4): one or more `<number><unit>` groups, units ms, s, m, h, d, e.g. "1h30m", "1.5s".
// Total: every input yields either milliseconds or one error marking the bad part.

import { exprError, quote, type ExprError } from './errors';
import { isDigit, isWhitespace, scanDigits } from './scan';

export const DURATION_UNITS: readonly string[] = Object.freeze(['ms', 's', 'm', 'h', 'd']);

const UNIT_MS = new Map<string, number>([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

/** Spellings people write for each unit, for the did-you-mean. */
const UNIT_ALIASES = new Map<string, string>([
  ...['msec', 'msecs', 'millis', 'milli', 'millisecond', 'milliseconds'].map((a) => [a, 'ms'] as [string, string]),
  ...['sec', 'secs', 'second', 'seconds'].map((a) => [a, 's'] as [string, string]),
  ...['min', 'mins', 'minute', 'minutes'].map((a) => [a, 'm'] as [string, string]),
  ...['hr', 'hrs', 'hour', 'hours'].map((a) => [a, 'h'] as [string, string]),
  ...['day', 'days'].map((a) => [a, 'd'] as [string, string]),
]);

const UNITS_TEXT = '"ms", "s", "m", "h" or "d"';
const EXAMPLE = 'e.g. "30s" or "1h30m"';

function isUnitLetter(text: string, i: number): boolean {
  return i < text.length && /[\p{L}µ]/u.test(text[i]);
}

/** Parses a duration into milliseconds (rounded to a microsecond). */
export function parseDuration(text: string): { ms?: number; error?: ExprError } {
  const len = text.length;
  if (len === 0) return { error: exprError(`A duration is empty; write a number and a unit, ${EXAMPLE}.`, 0, 0) };
  if (isWhitespace(text, 0) || isWhitespace(text, len - 1)) {
    if (text.trim() === '') return { error: exprError(`A duration is blank; write a number and a unit, ${EXAMPLE}.`, 0, len) };
    const start = isWhitespace(text, 0) ? 0 : text.trimEnd().length;
    const end = isWhitespace(text, 0) ? len - text.trimStart().length : len;
    return { error: exprError('A duration cannot start or end with whitespace; remove it.', start, end) };
  }
  let total = 0;
  let i = 0;
  while (i < len) {
    const numberStart = i;
    if (!isDigit(text, i)) {
      const c = text[i];
      if (c === '-') return { error: exprError('A duration cannot be negative; write a positive one, e.g. "30s".', i, i + 1) };
      if (isWhitespace(text, i)) {
        let end = i;
        while (isWhitespace(text, end)) end++;
        return { error: exprError('Spaces are not allowed inside a duration; write the parts together, e.g. "1h30m".', i, end) };
      }
      if (i === 0) {
        const iso = isoDurationMs(text);
        if (iso !== undefined) return { error: exprError(`ISO 8601 durations are not accepted; write ${quote(formatDuration(iso))}.`, 0, len) };
        return { error: exprError(`A duration starts with a number, ${EXAMPLE}.`, 0, len) };
      }
      return { error: exprError(`Unexpected ${quote(text.slice(i, i + 1))} in a duration; write numbers with units ${UNITS_TEXT}, ${EXAMPLE}.`, i, i + 1) };
    }
    i = scanDigits(text, i);
    if (i < len && text[i] === '.') {
      const fractionEnd = scanDigits(text, i + 1);
      if (fractionEnd === i + 1) {
        return { error: exprError(`Expected digits after "." in ${quote(text.slice(numberStart, i + 1))}, e.g. "1.5s".`, numberStart, i + 1) };
      }
      i = fractionEnd;
    }
    const numberText = text.slice(numberStart, i);
    const unitStart = i;
    while (isUnitLetter(text, i)) i++;
    const unit = text.slice(unitStart, i);
    if (unit === '') {
      return { error: exprError(`A unit is required after ${quote(numberText)}: ${UNITS_TEXT}, e.g. "${numberText}s".`, numberStart, i) };
    }
    const factor = UNIT_MS.get(unit);
    if (factor === undefined) {
      const lower = unit.toLowerCase();
      const near = UNIT_MS.has(lower) ? lower : UNIT_ALIASES.get(lower);
      const hint = near ? ` (did you mean "${near}"?)` : '';
      return { error: exprError(`Unknown duration unit ${quote(unit)}; use ${UNITS_TEXT}${hint}.`, unitStart, i) };
    }
    total += Number(numberText) * factor;
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
    return { error: exprError(`Duration ${quote(text)} is too long.`, 0, len) };
  }
  return { ms: Math.round(total * 1000) / 1000 };
}

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration without years and months ("PT1H30M", "P2D"), for the hint. */
function isoDurationMs(text: string): number | undefined {
  const m = ISO_DURATION.exec(text);
  if (!m || text.length < 3 || /T$/i.test(text)) return undefined;
  const [w, d, h, min, sec] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + sec * 1000;
}

/** Canonical text for a duration, largest units first: 5400000 -> "1h30m", 1500 -> "1s500ms", 0 -> "0s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`;
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const factor = UNIT_MS.get(unit) as number;
    const n = Math.floor(rest / factor);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * factor;
    }
  }
  const millis = Number(rest.toFixed(3));
  if (millis > 0) out += `${millis}ms`;
  return out === '' ? '0s' : out;
}
