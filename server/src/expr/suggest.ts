// Did-you-mean support: edit distance and the closest candidate within a threshold.
// Pure and bounded: names longer than MAX_COMPARED_LENGTH are never compared.

const MAX_COMPARED_LENGTH = 256;

/** Levenshtein distance (insertions, deletions, substitutions), in UTF-16 units. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length];
}

/**
 * Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters as
 * one edit ("Doen" -> "Done" is 1), the most common typo in names.
 */
export function osaDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      curr[j] = d;
    }
    [prev2, prev, curr] = [prev, curr, prev2];
  }
  return prev[b.length];
}

/**
 * Distance used for suggestions: case-insensitive optimal string alignment (Levenshtein with
 * adjacent swaps), except that a match that differs only in case counts 0.5 (so it beats any
 * real typo but is not an exact match).
 */
export function suggestionDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d = osaDistance(a.toLowerCase(), b.toLowerCase());
  return d === 0 ? 0.5 : d;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}

/**
 * The candidate closest to `name`, or undefined when none is within `maxDistance`
 * (default: max(1, floor(name.length / 3))). Ties go to the earlier candidate.
 */
export function closest(
  name: string,
  candidates: Iterable<string>,
  maxDistance?: number,
): string | undefined {
  if (name.length === 0 || name.length > MAX_COMPARED_LENGTH) return undefined;
  const limit = maxDistance ?? Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.length > MAX_COMPARED_LENGTH) continue;
    if (Math.abs(candidate.length - name.length) > limit) continue;
    // Among equal edit distances, prefer a candidate that only adds letters ("nxt" -> "next", not "not").
    const raw = suggestionDistance(name, candidate);
    // As many edits as characters leaves nothing in common ("7" -> "R"): not a suggestion.
    if (raw >= name.length || raw >= candidate.length) continue;
    const d = raw >= 1 && isSubsequence(name.toLowerCase(), candidate.toLowerCase()) ? raw - 0.25 : raw;
    if (raw <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
