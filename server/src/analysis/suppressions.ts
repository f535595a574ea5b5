// Inline suppressions: `# cascade-lint-disable-next-line id[, id] -- reason` and
// `# cascade-lint-disable-file [id, ...]`. Each directive records whether it was used.
import { YComment } from '../syntax/yaml-tree';
import { LineIndex } from '../syntax/line-index';
import { Span } from '../syntax/types';

export interface Directive {
  kind: 'next-line' | 'file';
  span: Span;
  /** Empty = every rule. */
  ids: { id: string; span: Span; used: boolean }[];
  /** Line (0-based) the next-line directive applies to. */
  targetLine: number;
  usedAll: boolean;
}

const DIRECTIVE = /^#\s*cascade-lint-(disable-next-line|disable-file)\b([^]*)$/;

export function parseDirectives(comments: YComment[], lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const kind = m[1] === 'disable-file' ? 'file' : 'next-line';
    const rest = m[2].split('--')[0];
    const restStart = c.span.start + c.text.length - m[2].length;
    const ids: Directive['ids'] = [];
    const re = /[A-Za-z0-9_/-]+/g;
    let mm: RegExpExecArray | null;
    while ((mm = re.exec(rest)) !== null) {
      const s = restStart + mm.index;
      ids.push({ id: mm[0], span: { start: s, end: s + mm[0].length }, used: false });
    }
    const line = lines.positionAt(c.span.start).line;
    // The directive covers the next line that is not itself a comment or blank.
    let target = line + 1;
    while (target < lines.lineCount && /^\s*(#.*)?$/.test(lines.lineText(target))) target++;
    out.push({ kind, span: c.span, ids, targetLine: target, usedAll: false });
  }
  return out;
}

/** True (and marks the directive used) when a finding is suppressed. */
export function isSuppressed(directives: Directive[], ruleId: string, startLine: number): boolean {
  let hit = false;
  for (const d of directives) {
    if (d.kind === 'next-line' && d.targetLine !== startLine) continue;
    if (d.ids.length === 0) {
      d.usedAll = true;
      hit = true;
      continue;
    }
    for (const i of d.ids) {
      if (i.id === ruleId) {
        i.used = true;
        hit = true;
      }
    }
  }
  return hit;
}
