// Reports transitions that contradict each other or the state's type: `next` with `end: true`,
// and `next`/`end` on Choice, Succeed and Fail states.
import { Rule } from '../server/src/analysis/rule';
import { flowGraph } from '../server/src/analysis/stages';
import { hasEndTrue } from '../server/src/graph/flow-graph';

export const rule: Rule = {
  meta: {
    id: 'conflicting-transition',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'A state has one way out: `next` or `end: true`, never both; Choice, Succeed and Fail take neither.',
    messages: {
      nextAndEnd: 'State "{{name}}" has both "next" and "end: true"; keep "next: {{next}}" or "end: true", not both.',
      choice: 'A Choice state takes no "{{key}}": its rules carry "next" and the fallback is "default".',
      choiceNext: 'A Choice state takes no "next": its rules carry "next"; use "default: {{next}}" for the fallback.',
      final: 'A {{type}} state ends the {{scope}} and takes no "{{key}}"; remove it.',
      singleBranch: 'A single-state branch ends its branch and takes no "next"; remove it.',
    },
    docs: {
      description:
        'A non-terminal state has exactly one of `next` or `end: true` (spec §3); writing both leaves it unclear where the execution goes. A Choice state moves on through its rules and `default`, and Succeed and Fail end the workflow (or branch), so none of them takes `next` or `end`. `end: false` next to `next` is accepted (it changes nothing).',
      valid: [
        'states:\n  - name: Load\n    type: Pass\n    next: Done\n  - name: Done\n    type: Succeed\n',
        'states:\n  - name: Load\n    type: Pass\n    end: false\n    next: Done\n  - name: Done\n    type: Succeed\n',
      ],
      invalid: [
        'states:\n  - name: Load\n    type: Pass\n    next: Done\n    end: true\n#   ^^^ error[conflicting-transition]: State "Load" has both "next" and "end: true"; keep "next: Done" or "end: true", not both.\n  - name: Done\n    type: Succeed\n',
        'states:\n  - name: Done\n    type: Succeed\n    end: true\n#   ^^^ error[conflicting-transition]: A Succeed state ends the workflow and takes no "end"; remove it.\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        for (const s of wf.allStates) {
          const nextEntry = s.fields.get('next');
          const scope = g.scopeOf(s);
          if (s.type === 'Choice') {
            if (nextEntry) context.report({ messageId: s.default ? 'choice' : 'choiceNext', data: { key: 'next', next: s.next?.name ?? '' }, span: nextEntry.keySpan });
            if (s.end) context.report({ messageId: 'choice', data: { key: 'end' }, span: s.end.keySpan });
            continue;
          }
          if (s.type === 'Succeed' || s.type === 'Fail') {
            const where = scope.kind === 'branch' ? 'branch' : 'workflow';
            if (nextEntry) context.report({ messageId: 'final', data: { type: s.type, key: 'next', scope: where }, span: nextEntry.keySpan });
            if (s.end) context.report({ messageId: 'final', data: { type: s.type, key: 'end', scope: where }, span: s.end.keySpan });
            continue;
          }
          if (scope.branch?.single && s.next) {
            // An edge out of the branch is reported by branch-escape; one back to itself here.
            const edge = g.out(s).find((e) => e.kind === 'next');
            if (!edge?.escapes && nextEntry) context.report({ messageId: 'singleBranch', span: nextEntry.keySpan });
            continue;
          }
          if (s.next && hasEndTrue(s)) context.report({ messageId: 'nextAndEnd', data: { name: s.name || '(unnamed)', next: s.next.name }, span: s.end!.keySpan });
        }
      },
    };
  },
};
