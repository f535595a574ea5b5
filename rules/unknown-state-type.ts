// Reports schema violations of kind "unknown-state-type", mapped from ajv errors to exact spans by schema/validate.
import { Rule } from '../server/src/analysis/rule';
import { schemaProblems } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'unknown-state-type',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: "A state's type must be one of the Cascade state types.",
    messages: { problem: '{{message}}' },
    docs: {
      description: "The state types are Task, Choice, Parallel, Wait, Pass, HumanTask, EvaluatePolicy, Receive, Succeed and Fail. An unknown type gets a did-you-mean; the state is still analysed with the keys every state has.",
      valid: ["states:\n  - name: Done\n    type: Succeed\n"],
      invalid: ["states:\n  - name: Done\n    type: Succed\n#         ^^^^^^ error[unknown-state-type]: Unknown state type \"Succed\"; did you mean \"Succeed\"?\n"],
    },
  },
  create(context) {
    return {
      document() {
        for (const p of schemaProblems(context.analysis)) {
          if (p.kind === 'unknown-state-type') context.report({ messageId: 'problem', data: { message: p.message }, span: p.span, suggestions: p.suggestions });
        }
      },
    };
  },
};
