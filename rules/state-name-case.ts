// Style: state names are PascalCase (spec §3).
import { Rule } from '../server/src/analysis/rule';

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

export function toPascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const out = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Z]/.test(out) ? out : 'S' + out;
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
        if (!s.nameNode || !s.name || PASCAL.test(s.name)) return;
        context.report({ messageId: 'notPascal', data: { name: s.name, suggestion: toPascalCase(s.name) }, span: s.nameNode.span });
      },
    };
  },
};
