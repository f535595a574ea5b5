// Style: state names are PascalCase (spec §3).
import { Rule } from '../server/src/analysis/rule';

// Letters of any script: "Überweisung" is PascalCase, and its suggestion keeps its letters.
const PASCAL = /^\p{Lu}[\p{L}\p{N}]*$/u;

export function toPascalCase(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out = words.map((w) => { const [first, ...rest] = [...w]; return first.toUpperCase() + rest.join(''); }).join('');
  return /^\p{Lu}/u.test(out) ? out : 'S' + out;
}

export const rule: Rule = {
  meta: {
    id: 'state-name-case',
    kind: 'style',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'State names should be PascalCase.',
    messages: { notPascal: 'State name "{{name}}" is not PascalCase; write "{{suggestion}}".' },
    docs: {
      description: 'State names are PascalCase by convention (`LoadCustomer`, `IfInventoryAvailable`). Rename with the editor\'s rename, which updates every transition that names the state.',
      valid: ['states:\n  - name: LoadCustomer\n    type: Succeed\n'],
      invalid: ['states:\n  - name: load_customer\n    #     ^^^^^^^^^^^^^ warning[state-name-case]: State name "load_customer" is not PascalCase; write "LoadCustomer".\n    type: Succeed\n'],
    },
  },
  create(context) {
    return {
      state(s) {
        // A name that is not a string (`name: 123`) is invalid-value's finding.
        if (!s.nameNode || !s.name || typeof s.nameNode.value !== 'string' || PASCAL.test(s.name)) return;
        context.report({ messageId: 'notPascal', data: { name: s.name, suggestion: toPascalCase(s.name) }, span: s.nameNode.span });
      },
    };
  },
};
