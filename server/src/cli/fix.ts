// Applies autofixes: non-overlapping edits, several passes until nothing changes (bounded).
import { Finding, TextEdit } from '../syntax/types';

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Pick fixes whose edits do not overlap (first come first served) and apply them. */
export function applyFixes(text: string, findings: Finding[]): { text: string; applied: number } {
  const chosen: TextEdit[] = [];
  let applied = 0;
  for (const f of findings) {
    if (!f.fix || f.fix.edits.length === 0) continue;
    const clash = f.fix.edits.some((e) => chosen.some((c) => e.span.start < c.span.end && c.span.start < e.span.end));
    if (clash) continue;
    chosen.push(...f.fix.edits);
    applied++;
  }
  return { text: applyEdits(text, chosen), applied };
}
