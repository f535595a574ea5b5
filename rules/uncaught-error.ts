// Reports a declared activity error that no catch handles (not the state's, not an enclosing
// Parallel's) when the author does handle errors on that path: the forgotten case ends the workflow.
import { Rule } from '../server/src/analysis/rule';
import { errorFlow, flowGraph } from '../server/src/analysis/stages';
import { reachableInWorkflow } from '../server/src/graph/queries';
import { ANY_ERROR } from '../server/src/graph/errors';
import { quoteList } from '../server/src/analysis/wording';
import { closest } from '../server/src/expr/suggest';

export const rule: Rule = {
  meta: {
    id: 'uncaught-error',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Every error a state\'s activity declares must be handled by some catch on its way out.',
    messages: {
      uncaught: 'State "{{name}}" can fail with "{{error}}" (declared by "{{urn}}"), and no catch handles it; add it to a catch entry (caught now: {{caught}}).',
      uncaughtNoList: 'State "{{name}}" can fail with "{{error}}" (declared by "{{urn}}"), and no catch handles it; add it to a catch entry or catch "States.ALL".',
    },
    docs: {
      description:
        'When a state (or a Parallel around it) catches some errors, every error its activity declares in `spec.activities[].errors` (spec §8) should be handled too: one that is not ends the whole workflow. One finding per declared error that no catch on the way out handles, marked on the state. A state with no catch at all on its way out is missing-catch\'s business.',
      valid: [
        'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  activities:\n    - urn: urn:cascade:activity:charge\n      errors: [CardDeclined, ServiceUnavailable]\n  workflows:\n    - name: Pay\n      start: Charge\n      states:\n        - name: Charge\n          type: Task\n          resource: urn:cascade:activity:charge\n          catch:\n            - error_equals: [CardDeclined, ServiceUnavailable]\n              next: Failed\n          end: true\n        - name: Failed\n          type: Fail\n          error: ChargeFailed\n',
      ],
      invalid: [
        'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  activities:\n    - urn: urn:cascade:activity:charge\n      errors: [CardDeclined, ServiceUnavailable]\n  workflows:\n    - name: Pay\n      start: Charge\n      states:\n        - name: Charge\n#               ^^^^^^ error[uncaught-error]: State "Charge" can fail with "ServiceUnavailable" (declared by "urn:cascade:activity:charge"), and no catch handles it; add it to a catch entry (caught now: "CardDeclined").\n          type: Task\n          resource: urn:cascade:activity:charge\n          catch:\n            - error_equals: [CardDeclined]\n              next: Failed\n          end: true\n        - name: Failed\n          type: Fail\n          error: ChargeFailed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const g = flowGraph(context.analysis, wf);
        const flow = errorFlow(context.analysis, wf);
        const reached = g.root.start ? reachableInWorkflow(g) : undefined;
        for (const s of wf.allStates) {
          const info = flow.of(s);
          if (!info.declaration || (reached && !reached.has(s))) continue;
          const handlers = [s, ...flow.enclosing(s)].filter((x) => x.catches.length > 0);
          if (!handlers.length) continue;
          const caught = [...new Set(handlers.flatMap((x) => x.catches.flatMap((c) => c.errorEquals.map((n) => n.name))))];
          // A misspelt catch name ("CardDeclinde") is shadowed-catch's did-you-mean: the error it
          // was meant for is not reported again as uncaught.
          const raisedNames = [...new Set(info.raised.map((e) => e.name).filter((n) => n !== ANY_ERROR))];
          const meant = new Set(caught.filter((n) => !raisedNames.includes(n)).map((n) => closest(n, raisedNames)));
          for (const e of flow.reachingEnd(s)) {
            if (e.kind !== 'activity' || e.name === ANY_ERROR || e.source !== s || meant.has(e.name)) continue;
            context.report({
              messageId: caught.length ? 'uncaught' : 'uncaughtNoList',
              data: { name: s.name || '(unnamed)', error: e.name, urn: info.declaration.urn, caught: quoteList(caught, 'and') },
              span: s.anchor,
              related: info.declaration.errors.filter((d) => d.name === e.name && !info.declaration!.source).map((d) => ({ span: d.span, message: `"${e.name}" is declared here` })),
            });
          }
        }
      },
    };
  },
};
