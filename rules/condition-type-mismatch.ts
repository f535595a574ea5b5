// Reports Choice conditions that cannot be what they mean: a condition whose value is not a
// boolean, a comparison of values of known different types (always false, or always true for
// "!="), and a comparator whose variable or operand is not of the comparator's type (spec §3.3).
import { Rule } from '../server/src/analysis/rule';
import { workflowShapes } from '../server/src/analysis/stages';
import { conditionIssues } from '../server/src/shapes/checks';
import { typeName } from '../server/src/shapes/shape';
import { ChoiceRule } from '../server/src/model/types';

export const rule: Rule = {
  meta: {
    id: 'condition-type-mismatch',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A Choice condition that is not a boolean, or compares values of different types.',
    messages: {
      notBoolean: 'The condition "{{text}}" is {{type}}, not a boolean; compare it, e.g. "{{text}} == …".',
      textAround: 'The condition has text around its "{{ }}", so it is a string, not a boolean; write the whole condition inside one "{{ }}".',
      plainString: 'The condition "{{text}}" is a plain string, not a template, so it is always true; write "{{fixed}}".',
      compare: '"{{left}}" is {{leftType}} and "{{right}}" is {{rightType}}, so "{{op}}" is always {{always}}.',
      order: '"{{op}}" compares two numbers or two strings, but "{{operand}}" is {{type}}, so it is always false.',
      variable: '"{{variable}}" is {{type}}, so "{{comparator}}" is never true; use a comparator for {{family}}s.',
      operand: '"{{comparator}}" compares {{family}}s, but this operand is {{type}}, so the rule is never true.',
    },
    docs: {
      description:
        'A condition must be a boolean (spec §3.3): a `{{ expression }}` template, since a plain string is always true. `==` and `!=` compare JSON values without coercion, so a number never equals a string; ordering operators compare two numbers or two strings and are false otherwise; a comparator whose two sides are not of its type is false. Such a rule never (or always) matches: usually a field of the wrong type or a quoted number. Types come from the context analysis; values of unknown type are not reported.',
      valid: [
        'states:\n  - name: Load\n    type: Pass\n    value: { total: 120, tier: gold }\n    result: $.order\n    next: Route\n  - name: Route\n    type: Choice\n    choices:\n      - condition: "{{ $.order.total > 100 }}"\n        next: Big\n      - variable: $.order.tier\n        stringEquals: gold\n        next: Big\n    default: Big\n  - name: Big\n    type: Succeed\n',
      ],
      invalid: [
        'states:\n  - name: Load\n    type: Pass\n    value: { total: 120, tier: gold }\n    result: $.order\n    next: Route\n  - name: Route\n    type: Choice\n    choices:\n      - condition: "{{ $.order.total == \'120\' }}"\n#                      ^^^^^^^^^^^^^^^^^^^^^^ error[condition-type-mismatch]: "$.order.total" is a number and "\'120\'" is a string, so "==" is always false.\n        next: Big\n      - variable: $.order.tier\n        numericEquals: 1\n#       ^^^^^^^^^^^^^ error[condition-type-mismatch]: "$.order.tier" is a string, so "numericEquals" is never true; use a comparator for strings.\n        next: Big\n    default: Big\n  - name: Big\n    type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        // A condition without "{{ }}" is a non-empty string, which is always true.
        // A rule with two comparators is invalid-value's finding; their types are not a second one.
        const twoComparators: ChoiceRule[] = [];
        for (const s of wf.allStates) {
          if (s.type !== 'Choice') continue;
          const rules: ChoiceRule[] = [...s.choices];
          for (let k = 0; k < rules.length && k < 10_000; k++) {
            const r = rules[k];
            rules.push(...(r.and ?? []), ...(r.or ?? []), ...(r.not ? [r.not] : []));
            if (r.comparators.length > 1) twoComparators.push(r);
            const n = r.condition?.value;
            if (n?.kind !== 'scalar' || typeof n.value !== 'string' || n.value.includes('{{') || n.value.trim() === '') continue;
            const fixed = `{{ ${n.value.trim()} }}`;
            context.report({
              messageId: 'plainString',
              data: { text: n.value, fixed },
              span: n.span,
              suggestions: [{ title: `Change to "${fixed}"`, edits: [{ span: n.span, newText: JSON.stringify(fixed) }] }],
            });
          }
        }
        const src = (s: { start: number; end: number }): string => context.text.slice(s.start, s.end);
        const inTwoComparatorRule = (span: { start: number }): boolean => twoComparators.some((r) => r.comparators.some((c) => c.keySpan.start === span.start || c.valueSpan.start === span.start));
        for (const i of conditionIssues(workflowShapes(context.analysis, wf))) {
          if ((i.kind === 'variable' || i.kind === 'operand') && inTwoComparatorRule(i.span)) continue;
          switch (i.kind) {
            case 'notBoolean':
              context.report({ messageId: 'notBoolean', data: { text: src(i.span), type: typeName(i.shape) }, span: i.span });
              break;
            case 'textAround':
              context.report({ messageId: 'textAround', span: i.span });
              break;
            case 'compare':
              context.report({
                messageId: 'compare',
                data: { left: src(i.left.span), right: src(i.right.span), leftType: typeName(i.leftShape), rightType: typeName(i.rightShape), op: i.op, always: i.op === '!=' ? 'true' : 'false' },
                span: i.span,
              });
              break;
            case 'order':
              context.report({ messageId: 'order', data: { op: i.op, operand: src(i.operand.span), type: typeName(i.shape) }, span: i.span });
              break;
            case 'variable':
              context.report({ messageId: 'variable', data: { variable: i.variable, type: typeName(i.shape), comparator: i.comparator, family: i.family }, span: i.span });
              break;
            case 'operand':
              context.report({ messageId: 'operand', data: { comparator: i.comparator, type: typeName(i.shape), family: i.family }, span: i.span });
              break;
          }
        }
      },
    };
  },
};
