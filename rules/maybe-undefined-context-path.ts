// Reports a read of a context path that is missing on some path reaching the state, with one such
// path from the start, state by state (catch edges included), as related locations.
import { Rule } from '../server/src/analysis/rule';
import { readIssueVisitor } from '../server/src/analysis/context-rules';
import { describeMaybe } from '../server/src/shapes/describe';

export const rule: Rule = {
  meta: {
    id: 'maybe-undefined-context-path',
    kind: 'problem',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'A context path that is missing on some of the paths reaching the state that reads it.',
    messages: {
      maybe: '"{{path}}" may be undefined here: {{reason}}.',
    },
    docs: {
      description:
        'A path set on one Choice branch only, a result that a catch path never received (a catch passes on the failing state\'s input), a key that a pruning removes on one path, or a field declared optional (`T?`, or not `required` in a JSON Schema): on those paths the read fails the execution with `States.Runtime`. The related locations give one concrete path from the start on which the value is missing. Guard the read with `| default: …`, test it with `| defined` (or `isPresent: true`) in a Choice first, or set it on every path. After a read, later states know the path exists (the execution would have stopped otherwise), so one mistake is reported once.',
      valid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    result: $.receipt\n    catch:\n      - error_equals: [States.ALL]\n        next: Notify\n    next: Notify\n  - name: Notify\n    type: Task\n    resource: urn:cascade:activity:notify\n    parameters:\n      receipt: "{{ $.receipt | default: \'none\' }}"\n    end: true\n',
      ],
      invalid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    result: $.receipt\n    catch:\n      - error_equals: [States.ALL]\n        next: Notify\n    next: Notify\n  - name: Notify\n    type: Task\n    resource: urn:cascade:activity:notify\n    parameters:\n      receipt: "{{ $.receipt.id }}"\n#                    ^^^^^^^ warning[maybe-undefined-context-path]: "$.receipt" may be undefined here: it is not set when "Charge" fails and its catch goes to "Notify".\n    end: true\n',
      ],
    },
  },
  create(context) {
    return readIssueVisitor(context, 'maybe-undefined-context-path', describeMaybe);
  },
};
