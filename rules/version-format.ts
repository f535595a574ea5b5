// A contract version (`version`, a migration's `from` and `to`) is `v<N>` (spec §2, §9). This rule
// owns the check: the schema accepts any string or number here, so it is reported once.
import { Rule } from '../server/src/analysis/rule';
import { Entry } from '../server/src/model/types';
import { isVersion } from '../server/src/model/migrations';

/** `2`, `V2`, `v02`, ` v2 ` -> `v2`; `2.0` -> `v2` as well (the caller offers that one only as a suggestion). */
export function normalizeVersion(text: string): { version: string; exact: boolean } | undefined {
  const m = /^\s*[vV]?\s*0*([0-9]+)((?:\.0+)*)\s*$/.exec(text);
  if (!m) return undefined;
  return { version: `v${Number(m[1])}`, exact: m[2] === '' };
}

export const rule: Rule = {
  meta: {
    id: 'version-format',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Contract versions are written "v<N>".',
    messages: {
      fixable: '{{key}} "{{value}}" is not of the form "v<N>"; write "{{fixed}}".',
      invalid: '{{key}} "{{value}}" is not of the form "v<N>"; write "v" and a whole number, e.g. "v2".',
    },
    fixable: true,
    docs: {
      description:
        'A workflow\'s `version` and the `from`/`to` of its migrations name versions of its input contract, written `v<N>` (`v1`, `v2`, ...; `v1` when `version` is absent). The versions are compared by number, so `2`, `V2` or `v02` are fixed to `v2`; `v2.1` has no such reading and must be rewritten.',
      valid: ['workflows:\n  - name: Intake\n    version: v2\n    input: { order_id: string }\n    migrations:\n      - { from: v1, to: v2 }\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n'],
      invalid: [
        'workflows:\n  - name: Intake\n    version: 2\n    #        ^ error[version-format]: Version "2" is not of the form \"v<N>\"; write "v2".\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
        'workflows:\n  - name: Intake\n    version: v2.1\n    #        ^^^^ error[version-format]: Version "v2.1" is not of the form \"v<N>\"; write "v" and a whole number, e.g. "v2".\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
      ],
    },
  },
  create(context) {
    const check = (e: Entry | undefined, key: string): void => {
      const n = e?.value;
      if (!e || !n || n.kind !== 'scalar' || n.value === null || typeof n.value === 'boolean') return; // invalid-value / missing-field
      const text = context.text.slice(n.span.start, n.span.end);
      if (typeof n.value === 'string' && isVersion(n.value)) return;
      const value = typeof n.value === 'string' ? n.value : text;
      const norm = normalizeVersion(value);
      if (!norm) {
        context.report({ messageId: 'invalid', data: { key, value }, span: n.span });
        return;
      }
      const edit = { title: `Write "${norm.version}"`, edits: [{ span: n.span, newText: norm.version }] };
      context.report({ messageId: 'fixable', data: { key, value, fixed: norm.version }, span: n.span, ...(norm.exact ? { fix: edit } : { suggestions: [edit] }) });
    };
    return {
      workflow(wf) {
        check(wf.version, 'Version');
        for (const m of wf.migrations) {
          check(m.from, '"from" version');
          check(m.to, '"to" version');
        }
      },
    };
  },
};
