// Style: a bare `$.x` parameter is read as a path; `"{{ $.x }}"` says so explicitly. Autofixable.
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'prefer-template-syntax',
    kind: 'style',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'Write parameter paths as templates.',
    messages: { bare: 'Bare path "{{text}}" is read from the context; write "{{ {{text}} }}" to make that explicit.' },
    fixable: true,
    docs: {
      description: 'In `parameters`, a string that is exactly a path starting with `$.` is read as that path (as the reference docs\' examples do). The template form `"{{ $.x }}"` reads the same and cannot be mistaken for a literal string. `--fix` rewrites it.',
      valid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    parameters:\n      id: "{{ workflow.input.id }}"\n    end: true\n'],
      invalid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    parameters:\n      id: $.workflow.input.id\n      #   ^^^^^^^^^^^^^^^^^^^ warning[prefer-template-syntax]: Bare path "$.workflow.input.id" is read from the context; write "{{ $.workflow.input.id }}" to make that explicit.\n    end: true\n'],
    },
  },
  create(context) {
    return {
      document() {
        for (const b of documentValues(context.analysis).barePaths) {
          if (!b.path) continue;
          context.report({
            messageId: 'bare',
            data: { text: b.text },
            span: b.node.span,
            fix: { title: 'Use a template', edits: [{ span: b.node.span, newText: JSON.stringify(`{{ ${b.text} }}`) }] },
          });
        }
      },
    };
  },
};
