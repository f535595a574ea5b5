// Suggests the canonical spelling of keys that have several accepted forms; autofixable.
import { Rule } from '../server/src/analysis/rule';
import { scalarString } from '../server/src/syntax/yaml-tree';
import { flatBackoffConflicts, ignoredDefaultItems } from '../server/src/schema/structure';

export const rule: Rule = {
  meta: {
    id: 'prefer-canonical-keys',
    kind: 'style',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'Write keys in their canonical spelling.',
    messages: {
      alias: 'Use the canonical key "{{canonical}}" instead of "{{key}}".',
      action: 'Use "resource: urn:cascade:activity:{{name}}" instead of "action: {{name}}".',
      flatRetry: 'Put "{{key}}" under "backoff:" in "retries" (the canonical layout).',
      defaultItem: 'Use the state-level "default: {{name}}" instead of a "- default:" item in "choices".',
    },
    fixable: true,
    docs: {
      description:
        'The spec accepts several spellings for some keys (`result_path`, `inputPath`, `retry`, `maxAttempts`, `errors`, `action: name`, ...). One spelling per concept keeps workflows easy to read and search. `--fix` rewrites them.',
      valid: ['states:\n  - name: A\n    type: Pass\n    result: $.a\n    end: true\n'],
      invalid: [
        'states:\n  - name: A\n    type: Pass\n    result_path: $.a\n#   ^^^^^^^^^^^ warning[prefer-canonical-keys]: Use the canonical key "result" instead of "result_path".\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      state(s) {
        const r = s.retries;
        if (r?.flat && r.node) {
          // A flat key that is also under `backoff` is conflicting-keys' finding: moving it would duplicate it.
          const doubled = new Set(flatBackoffConflicts(s).map((c) => c.flat.pair));
          for (const p of r.node.pairs) {
            const k = String(p.key.value);
            if (doubled.has(p)) continue;
            if (['initial_interval', 'max_interval', 'multiplier', 'initialInterval', 'maxInterval'].includes(k)) {
              context.report({ messageId: 'flatRetry', data: { key: k }, span: p.key.span });
            }
          }
        }
        if (s.type === 'Choice') {
          const list = s.fields.get('choices')?.value;
          const ignored = new Set(ignoredDefaultItems(s).map((d) => d.span));
          if (list?.kind === 'seq') {
            for (const item of list.items) {
              if (item.kind === 'map' && item.pairs.length === 1 && item.pairs[0].key.value === 'default' && !ignored.has(item.pairs[0].key.span)) {
                const v = item.pairs[0].value;
                context.report({ messageId: 'defaultItem', data: { name: v && v.kind === 'scalar' ? String(v.value) : '' }, span: item.pairs[0].key.span });
              }
            }
          }
        }
      },
      document(doc) {
        // Both keys of a conflict are conflicting-keys' finding: renaming the alias would only duplicate the key.
        const conflicting = new Set(doc.keyConflicts.flatMap((c) => [c.first.keySpan.start, c.second.keySpan.start]));
        for (const u of doc.aliasUses) {
          if (conflicting.has(u.entry.keySpan.start)) continue;
          if (u.entry.key === 'action') {
            const name = scalarString(u.entry.value);
            if (name === undefined) continue;
            const urn = name.startsWith('urn:') ? name : `urn:cascade:activity:${name}`;
            context.report({
              messageId: 'action',
              data: { name },
              span: u.entry.keySpan,
              fix: { title: 'Use "resource"', edits: [{ span: u.entry.keySpan, newText: 'resource' }, { span: u.entry.valueSpan, newText: urn }] },
            });
            continue;
          }
          const key = u.entry.keyNode;
          const quoted = key.style === 'QUOTE_DOUBLE' || key.style === 'QUOTE_SINGLE';
          const edits = [{ span: u.entry.keySpan, newText: quoted ? JSON.stringify(u.canonical) : u.canonical }];
          // `error: Name` names one error; `error_equals` takes a list of them.
          const v = u.entry.value;
          if (u.canonical === 'error_equals' && v?.kind === 'scalar' && (v.style === 'PLAIN' || v.style === 'QUOTE_DOUBLE' || v.style === 'QUOTE_SINGLE')) {
            edits.push({ span: v.span, newText: `[${context.text.slice(v.span.start, v.span.end)}]` });
          }
          context.report({
            messageId: 'alias',
            data: { key: u.entry.key, canonical: u.canonical },
            span: u.entry.keySpan,
            fix: { title: `Rename "${u.entry.key}" to "${u.canonical}"`, edits },
          });
        }
      },
    };
  },
};
