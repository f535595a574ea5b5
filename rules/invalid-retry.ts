// Reports retry policies that cannot work as written: bad counts, durations and multipliers,
// a first delay longer than the cap, and retries of a state that only raises permanent errors.
import { Rule, RuleContext } from '../server/src/analysis/rule';
import { errorFlow } from '../server/src/analysis/stages';
import { Entry, State } from '../server/src/model/types';
import { parseDuration, formatDuration } from '../server/src/expr/duration';
import { scalarCharOffsets } from '../server/src/syntax/yaml-tree';
import { PERMANENT_ERRORS } from '../server/src/graph/errors';
import { quoteList } from '../server/src/analysis/wording';

export const DEFAULT_INITIAL_INTERVAL_MS = 1000;
export const DEFAULT_MAX_INTERVAL_MS = 60_000;

/** A duration entry's value in ms; reports a string that does not parse. undefined when unknown. */
function durationMs(context: RuleContext, e: Entry | undefined): number | undefined {
  const v = e?.value;
  if (!e || !v || v.kind !== 'scalar' || typeof v.value !== 'string') return undefined; // non-strings: the schema reports them
  const parsed = parseDuration(v.value);
  if (parsed.error) {
    const at = scalarCharOffsets(context.text, v);
    const start = at(parsed.error.span.start);
    const end = parsed.error.span.end > parsed.error.span.start ? at(parsed.error.span.end - 1) + 1 : start;
    context.report({ messageId: 'badDuration', data: { key: e.canonical, problem: parsed.error.message }, span: { start, end } });
    return undefined;
  }
  return parsed.ms;
}

function numberOf(e: Entry | undefined): number | undefined {
  const v = e?.value;
  return v && v.kind === 'scalar' && typeof v.value === 'number' ? v.value : undefined;
}

export const rule: Rule = {
  meta: {
    id: 'invalid-retry',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A retry policy must be able to run as written.',
    messages: {
      maxAttempts: '"max_attempts" must be a whole number of retries, 0 or more, not {{value}}.',
      badDuration: 'Invalid "{{key}}": {{problem}}',
      multiplier: '"multiplier" must be at least 1 (each delay is the previous one times it), not {{value}}.',
      initialOverMax: '"initial_interval" ({{initial}}) is longer than "max_interval" ({{max}}); the first delay would exceed the cap.',
      maxUnderDefault: '"max_interval" ({{max}}) is shorter than the default "initial_interval" of 1s; set "initial_interval" too.',
      initialOverDefault: '"initial_interval" ({{initial}}) is longer than the default "max_interval" of 60s; set "max_interval" too.',
      permanentOnly: 'State "{{name}}" can only fail with permanent errors ({{errors}}), which are never retried; remove "retries".',
    },
    docs: {
      description:
        'Retries run after the first attempt: `max_attempts` counts them (a whole number, 0 or more), and the delay before retry k is `min(initial_interval × multiplier^k, max_interval)` (spec §5), so `initial_interval` must not exceed `max_interval` (defaults 1s and 60s) and `multiplier` must be at least 1. Durations are `<number><unit>` with units ms, s, m, h, d. The `permanentOnly` message reports retries on a state whose declared errors are all permanent (ValidationError, AuthorizedError, NotFoundError, InvalidInput): the platform never retries those, so the policy is dead configuration.',
      valid: [
        'states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    retries:\n      max_attempts: 3\n      backoff:\n        initial_interval: 1s\n        max_interval: 30s\n        multiplier: 2\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    retries:\n      max_attempts: 3\n      backoff:\n        initial_interval: 1m\n#                         ^^ error[invalid-retry]: "initial_interval" (1m) is longer than "max_interval" (30s); the first delay would exceed the cap.\n        max_interval: 30s\n        multiplier: 0.5\n#                   ^^^ error[invalid-retry]: "multiplier" must be at least 1 (each delay is the previous one times it), not 0.5.\n    end: true\n',
        'states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    retries:\n      max_attempts: -1\n#                   ^^ error[invalid-retry]: "max_attempts" must be a whole number of retries, 0 or more, not -1.\n      initial_interval: 5secs\n      #                  ^^^^ error[invalid-retry]: Invalid "initial_interval": Unknown duration unit "secs"; use "ms", "s", "m", "h" or "d" (did you mean "s"?).\n    end: true\n',
        'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  activities:\n    - urn: urn:cascade:activity:load_order\n      errors: [NotFoundError, ValidationError]\n  workflows:\n    - name: Orders\n      start: Load\n      states:\n        - name: Load\n          type: Task\n          resource: urn:cascade:activity:load_order\n          retries:\n#         ^^^^^^^ error[invalid-retry]: State "Load" can only fail with permanent errors ("NotFoundError" and "ValidationError"), which are never retried; remove "retries".\n            max_attempts: 3\n          end: true\n',
      ],
    },
  },
  create(context) {
    const check = (s: State): void => {
      const r = s.retries;
      if (!r || !r.node) return;
      const ma = r.maxAttempts?.value;
      if (ma && ma.kind === 'scalar' && (typeof ma.value !== 'number' || !Number.isInteger(ma.value) || ma.value < 0)) {
        context.report({ messageId: 'maxAttempts', data: { value: typeof ma.value === 'string' ? JSON.stringify(ma.value) : String(ma.value) }, span: ma.span });
      }
      const initial = durationMs(context, r.initialInterval);
      const max = durationMs(context, r.maxInterval);
      const mult = numberOf(r.multiplier);
      if (mult !== undefined && mult < 1) context.report({ messageId: 'multiplier', data: { value: String(mult) }, span: r.multiplier!.value!.span });
      const initialText = r.initialInterval?.value?.kind === 'scalar' ? String(r.initialInterval.value.value) : '';
      const maxText = r.maxInterval?.value?.kind === 'scalar' ? String(r.maxInterval.value.value) : '';
      if (initial !== undefined && max !== undefined) {
        if (initial > max) context.report({ messageId: 'initialOverMax', data: { initial: initialText, max: maxText }, span: r.initialInterval!.value!.span, related: [{ span: r.maxInterval!.value!.span, message: `the cap is ${formatDuration(max)}` }] });
      } else if (initial !== undefined && !r.maxInterval && initial > DEFAULT_MAX_INTERVAL_MS) {
        context.report({ messageId: 'initialOverDefault', data: { initial: initialText }, span: r.initialInterval!.value!.span });
      } else if (max !== undefined && !r.initialInterval && max < DEFAULT_INITIAL_INTERVAL_MS) {
        context.report({ messageId: 'maxUnderDefault', data: { max: maxText }, span: r.maxInterval!.value!.span });
      }
    };
    return {
      workflow(wf) {
        const flow = errorFlow(context.analysis, wf);
        for (const s of wf.allStates) {
          check(s);
          if (!s.retries) continue;
          const info = flow.of(s);
          const names = [...new Set(info.raised.map((e) => e.name))];
          if (info.closed && names.length > 0 && names.every((n) => PERMANENT_ERRORS.includes(n))) {
            context.report({ messageId: 'permanentOnly', data: { name: s.name || '(unnamed)', errors: quoteList(names.sort(), 'and') }, span: s.retries.entry.keySpan });
          }
        }
      },
    };
  },
};
