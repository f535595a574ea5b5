// Reports cascade-lint-disable directives that suppress nothing, or name unknown rules.
// The pipeline computes this (it needs every other rule's findings); this file is its meta.
import { Rule } from '../server/src/analysis/rule';

export const rule: Rule = {
  meta: {
    id: 'unused-suppression',
    kind: 'suggestion',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'Suppression comments must suppress something.',
    messages: { unused: 'Unused suppression directive.', unknownRule: 'Unknown rule in suppression directive.' },
    fixable: true,
    docs: {
      description:
        '`# cascade-lint-disable-next-line id[, id] -- reason` hides findings on the next line, `# cascade-lint-disable-file id` in the whole file. A directive that hides nothing (the problem was fixed, or the id is misspelt) is reported so that stale suppressions do not pile up.',
      valid: ['states:\n  - name: A\n    type: Succeed\n'],
      invalid: [
        'states:\n  # cascade-lint-disable-next-line duplicate-key -- legacy\n#                                  ^^^^^^^^^^^^^ warning[unused-suppression]: Unused "cascade-lint-disable-next-line" for "duplicate-key": no such finding is reported here.\n  - name: A\n    type: Succeed\n',
      ],
    },
  },
  create() {
    return {};
  },
};
