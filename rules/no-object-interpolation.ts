// Warns when a `{{ }}` inside a larger string yields an object or a list: it is rendered as JSON
// text (spec §4), which is rarely what a message, a subject or an id should contain.
import { Rule } from '../server/src/analysis/rule';
import { workflowShapes } from '../server/src/analysis/stages';
import { interpolationIssues } from '../server/src/shapes/checks';

export const rule: Rule = {
  meta: {
    id: 'no-object-interpolation',
    kind: 'suggestion',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'An object or a list rendered inside a larger string.',
    messages: {
      object: '"{{text}}" is an object, rendered as JSON inside the text; pick a field such as "{{example}}", or use "| json" if JSON is meant.',
      objectNoExample: '"{{text}}" is an object, rendered as JSON inside the text; pick one of its fields, or use "| json" if JSON is meant.',
      array: '"{{text}}" is a list, rendered as JSON inside the text; use "| join: \', \'" or "| length", or "| json" if JSON is meant.',
    },
    docs: {
      description:
        'When a string is exactly one `{{ }}`, its value keeps its JSON type; inside a longer string every template is rendered as text, and objects and lists render as JSON. That is usually a mistake (a whole customer record in an email subject). Pick a field, format a list with `join`, or say that JSON is meant with `| json`. The shape of the value comes from the context analysis; values of unknown shape are not reported.',
      valid: [
        'states:\n  - name: Tag\n    type: Pass\n    value: { id: c1, name: Ada }\n    result: $.customer\n    next: Send\n  - name: Send\n    type: Task\n    resource: urn:cascade:activity:send_email\n    parameters:\n      subject: "Hello {{ $.customer.name }}"\n      customer: "{{ $.customer }}"\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: Tag\n    type: Pass\n    value: { id: c1, name: Ada }\n    result: $.customer\n    next: Send\n  - name: Send\n    type: Task\n    resource: urn:cascade:activity:send_email\n    parameters:\n      subject: "Hello {{ $.customer }}"\n#                     ^^^^^^^^^^^^^^^^ warning[no-object-interpolation]: "{{ $.customer }}" is an object, rendered as JSON inside the text; pick a field such as "$.customer.id", or use "| json" if JSON is meant.\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        for (const i of interpolationIssues(workflowShapes(context.analysis, wf))) {
          const text = context.text.slice(i.span.start, i.span.end);
          if (i.shape.kind === 'array') context.report({ messageId: 'array', data: { text }, span: i.span });
          else if (i.example) context.report({ messageId: 'object', data: { text, example: i.example }, span: i.span });
          else context.report({ messageId: 'objectNoExample', data: { text }, span: i.span });
        }
      },
    };
  },
};
