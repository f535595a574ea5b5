// Reports a template filter that does not exist, with the nearest known filter.
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';
import { KNOWN_FILTERS, findUnknownFilters } from '../server/src/expr/template';
import { closest } from '../server/src/expr/suggest';

/** Names other template languages use for our filters. */
const SYNONYMS: Record<string, string> = {
  upper: 'upcase', uppercase: 'upcase', lower: 'downcase', lowercase: 'downcase', size: 'length', len: 'length', count: 'length',
  tojson: 'json', to_json: 'json', dump: 'json', exists: 'defined', present: 'defined', is_defined: 'defined', fallback: 'default', d: 'default',
};

/** The filters that take an argument (spec §4). */
const WITH_ARGUMENT = ['default', 'join'];

export const rule: Rule = {
  meta: {
    id: 'unknown-filter',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Template filters must be known filters.',
    messages: {
      unknown: 'Unknown filter "{{name}}"; did you mean "{{suggestion}}"?',
      unknownList: 'Unknown filter "{{name}}"; the filters are {{list}}.',
    },
    docs: {
      description: 'The filters are `default`, `defined`, `length`, `upcase`, `downcase`, `json`, `keys`, `first`, `last` and `join`. Any other name fails the execution when the template is rendered.',
      valid: ['states:\n  - name: Greet\n    type: Pass\n    value: "{{ workflow.input.name | upcase }}"\n    end: true\n'],
      invalid: ['states:\n  - name: Greet\n    type: Pass\n    value: "{{ workflow.input.name | upper }}"\n    #                                ^^^^^ error[unknown-filter]: Unknown filter "upper"; did you mean "upcase"?\n    end: true\n'],
    },
  },
  create(context) {
    const list = KNOWN_FILTERS.map((f) => `"${f}"`).join(', ');
    return {
      document() {
        for (const t of documentValues(context.analysis).templates) {
          for (const part of t.parsed.parts) {
            if (part.kind !== 'expr' || !part.expr) continue;
            for (const f of findUnknownFilters(part.expr)) {
              // With an argument ("jon: ','"), the filters that take one come first: "join", not "json".
              const candidates = f.args > 0 ? [...WITH_ARGUMENT, ...KNOWN_FILTERS.filter((k) => !WITH_ARGUMENT.includes(k))] : KNOWN_FILTERS;
              const suggestion = SYNONYMS[f.name.toLowerCase()] ?? closest(f.name, candidates);
              context.report({
                messageId: suggestion ? 'unknown' : 'unknownList',
                data: { name: f.name, suggestion: suggestion ?? '', list },
                span: f.span,
                suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: f.span, newText: suggestion }] }] : undefined,
              });
            }
          }
        }
      },
    };
  },
};
