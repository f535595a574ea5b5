// Structural checks that the JSON Schema says badly or not at all, over the typed model: the form
// of a choice rule (one test; a `variable` with exactly one comparator; a `- default:` item alone),
// and keys that set the same thing twice in two layouts (a Choice fallback written twice, a backoff
// key both flat and under `backoff`, `policies` next to `decisions`). One problem per mistake: a
// rule with a key the schema does not know is left to unknown-field.
import { CHOICE_COMPARATORS } from '../model/build';
import { CascadeDocument, ChoiceRule, Entry, State } from '../model/types';
import { YMap, getPair } from '../syntax/yaml-tree';
import { Span } from '../syntax/types';
import type { SchemaProblem } from './validate';

const TESTS = ['condition', 'variable', 'and', 'or', 'not'] as const;
const RULE_KEYS = new Set<string>([...TESTS, ...CHOICE_COMPARATORS, 'next', 'default']);
const TEST_WORDS = '"condition", "variable" with a comparator, "and", "or" or "not"';

function byPosition(a: Entry, b: Entry): number {
  return a.keySpan.start - b.keySpan.start;
}

function checkRule(rule: ChoiceRule, nested: boolean, out: SchemaProblem[]): void {
  const keys = [...rule.fields.keys()];
  if (keys.length === 0 || keys.some((k) => !RULE_KEYS.has(k))) return;
  const tests = TESTS.map((k) => rule.fields.get(k)).filter((e): e is Entry => !!e).sort(byPosition);
  const comparators = [...rule.comparators].sort(byPosition);
  const defaultEntry = rule.fields.get('default');
  if (defaultEntry && !nested) {
    if (tests.length === 0 && comparators.length === 0) {
      // Meant as the fallback item: the other keys are what does not belong.
      for (const e of [...rule.fields.values()].filter((x) => x !== defaultEntry)) {
        out.push({ kind: 'unknown-field', messageId: 'defaultItemAlone', message: `Key "${e.key}" does not belong to a "- default:" fallback item; write "- default: <State>" alone, or use the state-level "default".`, span: e.keySpan });
      }
    } else {
      out.push({ kind: 'unknown-field', messageId: 'defaultInRule', message: 'Key "default" does not belong to a choice rule with a test; write the fallback as the state-level "default: <State>".', span: defaultEntry.keySpan });
    }
    return;
  }
  if (tests.length === 0) {
    if (comparators.length > 0) {
      out.push({ kind: 'missing-field', messageId: 'comparatorWithoutVariable', message: `Comparator "${comparators[0].key}" needs "variable": the path of the value it compares.`, span: comparators[0].keySpan });
    } else {
      out.push({ kind: 'missing-field', messageId: 'ruleWithoutTest', message: `A choice rule needs a test: ${TEST_WORDS}.`, span: rule.node.pairs[0]?.key.span ?? rule.span });
    }
    return;
  }
  if (tests.length > 1) {
    out.push({ kind: 'invalid-value', messageId: 'twoTests', message: `A choice rule has one test, but this one has both "${tests[0].key}" and "${tests[1].key}"; split it into two rules or combine them with "and".`, span: tests[1].keySpan });
  } else if (tests[0].key === 'variable') {
    if (comparators.length === 0) {
      out.push({ kind: 'missing-field', messageId: 'noComparator', message: 'The "variable" rule needs a comparator such as "stringEquals", "numericGreaterThan" or "isPresent".', span: tests[0].keySpan });
    } else if (comparators.length > 1) {
      out.push({ kind: 'invalid-value', messageId: 'twoComparators', message: `A "variable" rule takes exactly one comparator, but this one has "${comparators[0].key}" and "${comparators[1].key}"; combine two rules with "and".`, span: comparators[1].keySpan });
    }
  } else if (comparators.length > 0) {
    out.push({ kind: 'invalid-value', messageId: 'comparatorWithoutVariable', message: `Comparator "${comparators[0].key}" only goes with "variable", not with "${tests[0].key}".`, span: comparators[0].keySpan });
  }
  for (const sub of [...(rule.and ?? []), ...(rule.or ?? []), ...(rule.not ? [rule.not] : [])]) checkRule(sub, true, out);
}

/** The `- default:` items of a Choice's `choices`, in order. */
function defaultItems(s: State): { span: Span; name: string }[] {
  const list = s.fields.get('choices')?.value;
  if (list?.kind !== 'seq') return [];
  const out: { span: Span; name: string }[] = [];
  for (const item of list.items) {
    if (item.kind === 'map' && item.pairs.length === 1 && item.pairs[0].key.value === 'default') {
      const v = item.pairs[0].value;
      out.push({ span: item.pairs[0].key.span, name: v?.kind === 'scalar' ? String(v.value) : '' });
    }
  }
  return out;
}

/** Backoff keys written both flat under `retries` and under `backoff` (the nested one is used). */
export function flatBackoffConflicts(s: State): { flat: Entry; nested: Entry }[] {
  const r = s.retries;
  if (!r?.node || !r.backoff || r.backoff.value?.kind !== 'map') return [];
  const flat = new Map<string, Entry>();
  for (const e of [r.initialInterval, r.maxInterval, r.multiplier]) if (e) flat.set(e.canonical, e);
  const out: { flat: Entry; nested: Entry }[] = [];
  const backoff = r.backoff.value;
  for (const p of r.node.pairs) {
    const key = String(p.key.value);
    const canonical = key === 'initialInterval' ? 'initial_interval' : key === 'maxInterval' ? 'max_interval' : key;
    if (!['initial_interval', 'max_interval', 'multiplier'].includes(canonical)) continue;
    const nested = flat.get(canonical);
    if (nested && nested.pair !== p && backoff.pairs.includes(nested.pair)) {
      out.push({ flat: { key, canonical, keyNode: p.key, value: p.value, pair: p, span: p.span, keySpan: p.key.span, valueSpan: p.value?.span ?? p.key.span }, nested });
    }
  }
  return out;
}

/** `- default:` items that another fallback (the state-level `default` or an earlier item) overrides. */
export function ignoredDefaultItems(s: State): { span: Span; name: string; by: Span; byState: boolean }[] {
  if (s.type !== 'Choice') return [];
  const items = defaultItems(s);
  const stateLevel = s.fields.get('default');
  const winner = stateLevel ? { span: stateLevel.keySpan, byState: true } : items[0] ? { span: items[0].span, byState: false } : undefined;
  if (!winner) return [];
  return items.filter((i) => i.span !== winner.span).map((i) => ({ ...i, by: winner.span, byState: winner.byState }));
}

export function structureProblems(doc: CascadeDocument): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const wf of doc.workflows) {
    for (const s of wf.allStates) {
      if (s.type === 'Choice') {
        for (const r of s.choices) checkRule(r, false, out);
        for (const d of ignoredDefaultItems(s)) {
          out.push({
            kind: 'conflicting-keys',
            messageId: 'twoDefaults',
            message: d.byState
              ? `The state-level "default" already sets the fallback, so this "- default: ${d.name}" item is ignored; keep only one.`
              : `An earlier "- default:" item already sets the fallback, so this one ("${d.name}") is ignored; keep only one.`,
            span: d.span,
          });
        }
      }
      for (const c of flatBackoffConflicts(s)) {
        out.push({
          kind: 'conflicting-keys',
          messageId: 'flatAndNested',
          message: `"${c.flat.key}" is set both here and under "backoff", which wins; keep only "backoff.${c.nested.canonical}".`,
          span: c.flat.keySpan,
        });
      }
    }
  }
  // `policies` and its alias `decisions` in one mapping.
  const holder = doc.kind === 'application' ? doc.root && getPair(doc.root, 'spec')?.value : doc.kind === 'workflows-fragment' ? doc.root : undefined;
  if (holder && holder.kind === 'map') {
    const map: YMap = holder;
    const policies = getPair(map, 'policies');
    const decisions = getPair(map, 'decisions');
    if (policies && decisions) {
      const second = policies.span.start > decisions.span.start ? policies : decisions;
      const first = second === policies ? decisions : policies;
      out.push({ kind: 'conflicting-keys', messageId: 'conflict', message: `"${String(second.key.value)}" and "${String(first.key.value)}" both set "policies"; keep only "policies".`, span: second.key.span });
    }
  }
  return out;
}
