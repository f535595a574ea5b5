// Reports `States.ALL` anywhere but alone in the last catch entry (spec §5).
import { Rule } from '../server/src/analysis/rule';
import { STATES_ALL } from '../server/src/graph/errors';

export const rule: Rule = {
  meta: {
    id: 'catch-all-not-last',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: '`States.ALL` goes alone in the last catch entry.',
    messages: {
      notLast: '"States.ALL" catches every error, so the catch entries after it never run; move this entry to the end of "catch".',
      notAlone: '"States.ALL" already catches every error; write it alone: "error_equals: [States.ALL]".',
    },
    docs: {
      description:
        'Catch entries are tried in order and `States.ALL` matches any error, so an entry holding it must be the last one, and it must be the only name in its list (spec §5). The entries it hides are also reported by shadowed-catch.',
      valid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [ServiceUnavailable]\n        next: Retry\n      - error_equals: [States.ALL]\n        next: Failed\n    end: true\n  - name: Retry\n    type: Pass\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
      ],
      invalid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [States.ALL]\n#                      ^^^^^^^^^^ error[catch-all-not-last]: "States.ALL" catches every error, so the catch entries after it never run; move this entry to the end of "catch".\n        next: Failed\n      - error_equals: [ServiceUnavailable]\n        next: Failed\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [ServiceUnavailable, States.ALL]\n#                                          ^^^^^^^^^^ error[catch-all-not-last]: "States.ALL" already catches every error; write it alone: "error_equals: [States.ALL]".\n        next: Failed\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
      ],
    },
  },
  create(context) {
    return {
      state(s) {
        const last = s.catches.length - 1;
        for (const c of s.catches) {
          for (const n of c.errorEquals) {
            if (n.name !== STATES_ALL) continue;
            if (c !== s.catches[last]) context.report({ messageId: 'notLast', span: n.span });
            else if (c.errorEquals.length > 1) context.report({ messageId: 'notAlone', span: n.span });
          }
        }
      },
    };
  },
};
