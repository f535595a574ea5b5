// The shared body of the rules that report context reads (undefined, maybe-undefined, pruned,
// unknown input field, unknown property): each takes its own kind of issue from the one cached
// check of a workflow's reads and words it with its describe function.
import type { RuleContext, RuleVisitor } from './rule';
import { contextReadIssues, workflowShapes } from './stages';
import type { ReadIssue, ReadRule } from '../shapes/reads';
import type { WorkflowShapes } from '../shapes/infer';
import type { Described } from '../shapes/describe';

export function readIssueVisitor(
  context: RuleContext,
  rule: ReadRule,
  describe: (ws: WorkflowShapes, issue: ReadIssue) => Described,
  skip: (issue: ReadIssue) => boolean = () => false,
): RuleVisitor {
  return {
    workflow(wf) {
      const issues = contextReadIssues(context.analysis, wf).filter((i) => i.rule === rule && !skip(i));
      if (issues.length === 0) return;
      const ws = workflowShapes(context.analysis, wf);
      for (const issue of issues) {
        const d = describe(ws, issue);
        context.report({ messageId: d.messageId, data: d.data, span: d.span, related: d.related, hint: d.hint, suggestions: d.suggestions });
      }
    },
  };
}
