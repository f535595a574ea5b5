// Reports a state name used twice in one workflow, branches included (spec §3: names are unique
// workflow-wide because transitions, mocks and traces key on them).
import { Rule } from '../server/src/analysis/rule';

export const rule: Rule = {
  meta: {
    id: 'duplicate-state-name',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'State names must be unique across the whole workflow, branches included.',
    messages: {
      duplicate: 'State name "{{name}}" is already used in this workflow; names must be unique, branches included.',
    },
    docs: {
      description:
        'Transitions, test mocks and execution traces refer to states by name, so a name may be used only once per workflow, inside Parallel branches too. The first definition wins; every later one is reported, with the first as a related location.',
      valid: ['states:\n  - name: Load\n    type: Pass\n    next: Done\n  - name: Done\n    type: Succeed\n'],
      invalid: [
        'states:\n  - name: Load\n    type: Pass\n    next: Done\n  - name: Load\n#         ^^^^ error[duplicate-state-name]: State name "Load" is already used in this workflow; names must be unique, branches included.\n    type: Pass\n    end: true\n  - name: Done\n    type: Succeed\n',
        'states:\n  - name: Fan\n    type: Parallel\n    end: true\n    branches:\n      - name: Check\n        type: Pass\n      - name: Other\n        start: Check\n        states:\n          - name: Check\n#                 ^^^^^ error[duplicate-state-name]: State name "Check" is already used in this workflow; names must be unique, branches included.\n            type: Pass\n            end: true\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        for (const s of wf.allStates) {
          if (!s.name || !s.nameNode) continue;
          const first = wf.stateByName.get(s.name);
          if (!first || first === s) continue;
          context.report({
            messageId: 'duplicate',
            data: { name: s.name },
            span: s.anchor,
            related: [{ span: first.anchor, message: `"${s.name}" is first defined here` }],
          });
        }
      },
    };
  },
};
