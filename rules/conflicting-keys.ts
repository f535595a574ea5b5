// Reports two spellings of the same key in one mapping (`result` and `result_path`).
import { Rule } from '../server/src/analysis/rule';
import { schemaProblems } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'conflicting-keys',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A key must not be written in two accepted spellings at once.',
    messages: { conflict: '"{{second}}" and "{{first}}" both set "{{canonical}}"; keep only "{{canonical}}".', layout: '{{message}}' },
    docs: {
      description: 'The spec accepts several spellings of some keys (`result`, `result_path`, `resultPath`). Writing two of them in one mapping leaves it unclear which one wins; cascade-lint uses the first. The same holds for one setting written in two layouts: a Choice fallback as the state-level `default` and as a `- default:` item, a backoff key both directly under `retries` and under `backoff`, `policies` next to `decisions`.',
      valid: ['states:\n  - name: A\n    type: Pass\n    result: $.a\n    end: true\n'],
      invalid: [
        'states:\n  - name: A\n    type: Pass\n    result: $.a\n    result_path: $.b\n#   ^^^^^^^^^^^ error[conflicting-keys]: "result_path" and "result" both set "result"; keep only "result".\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      document(doc) {
        for (const p of schemaProblems(context.analysis)) {
          if (p.kind === 'conflicting-keys') context.report({ messageId: 'layout', data: { message: p.message }, span: p.span });
        }
        for (const c of doc.keyConflicts) {
          context.report({
            messageId: 'conflict',
            data: { first: c.first.key, second: c.second.key, canonical: c.canonical },
            span: c.second.keySpan,
            related: [{ span: c.first.keySpan, message: `"${c.canonical}" is first set here as "${c.first.key}"` }],
          });
        }
      },
    };
  },
};
