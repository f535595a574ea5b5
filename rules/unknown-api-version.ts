// Rejects an apiVersion other than cascade.io/v1, the only version this linter knows.
import { Rule } from '../server/src/analysis/rule';
import { scalarString } from '../server/src/syntax/yaml-tree';

export const KNOWN_API_VERSIONS = ['cascade.io/v1'];

export const rule: Rule = {
  meta: {
    id: 'unknown-api-version',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'apiVersion must be a known Cascade API version.',
    messages: { unknown: 'Unknown apiVersion "{{value}}": the only known version is "cascade.io/v1".', missing: 'The application has no "apiVersion": add "apiVersion: cascade.io/v1".' },
    fixable: true,
    docs: {
      description: '`cascade.io/v1` is the only API version cascade-lint knows. Another value is probably a typo, or a file for a newer tool.',
      valid: ['apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  workflows:\n    - name: W\n      start: Done\n      states:\n        - name: Done\n          type: Succeed\n'],
      invalid: [
        'apiVersion: cascade.io/v2\n#           ^^^^^^^^^^^^^ error[unknown-api-version]: Unknown apiVersion "cascade.io/v2": the only known version is "cascade.io/v1".\nkind: Application\nmetadata: { name: shop }\nspec:\n  workflows:\n    - name: W\n      start: Done\n      states:\n        - name: Done\n          type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      document(doc) {
        if (doc.kind !== 'application') return;
        const e = doc.apiVersion;
        if (!e) return; // missing-field reports a missing apiVersion
        const v = scalarString(e.value);
        if (v === undefined) return; // invalid-value reports a non-string
        if (!KNOWN_API_VERSIONS.includes(v)) {
          context.report({
            messageId: 'unknown',
            data: { value: v },
            span: e.valueSpan,
            suggestions: [{ title: 'Use "cascade.io/v1"', edits: [{ span: e.valueSpan, newText: 'cascade.io/v1' }] }],
          });
        }
      },
    };
  },
};
