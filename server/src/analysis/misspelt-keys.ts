// What a misspelt key was meant to be, from the schema's did-you-mean: so that one typo is one
// finding (unknown-field), not also "missing transition", "no such state" and "unreachable".
import { DocumentAnalysis } from './document-analysis';
import { schemaProblems } from './stages';
import { State } from '../model/types';
import { YPair } from '../syntax/yaml-tree';

/** key start offset -> the key it probably meant, for every unknown key with a suggestion. */
function suggestedKeys(a: DocumentAnalysis): Map<number, string> {
  return a.cached('suggestedKeys', () => {
    const m = new Map<number, string>();
    for (const p of schemaProblems(a)) {
      const to = p.kind === 'unknown-field' ? p.suggestions?.[0]?.edits[0]?.newText : undefined;
      if (to !== undefined) m.set(p.span.start, to);
    }
    return m;
  });
}

/** The pair of `state` whose key is a misspelling of `key` (`nxt` for `next`), if any. */
export function misspeltKey(a: DocumentAnalysis, state: State, key: string): YPair | undefined {
  const m = suggestedKeys(a);
  if (m.size === 0) return undefined;
  return state.node.pairs.find((p) => m.get(p.key.span.start) === key);
}

/** The name a state without `name` was meant to have (`nme: Load`), if any. */
export function intendedName(a: DocumentAnalysis, state: State): string | undefined {
  if (state.name) return undefined;
  const v = misspeltKey(a, state, 'name')?.value;
  return v && v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}
