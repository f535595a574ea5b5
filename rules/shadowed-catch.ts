// Reports catch names that can never take effect: caught already by an earlier entry, or naming
// an error the state can never raise (known only when its errors are declared, spec §8).
import { Rule } from '../server/src/analysis/rule';
import { errorFlow } from '../server/src/analysis/stages';
import { closest } from '../server/src/expr/suggest';
import {
  ANY_ERROR, BUILTIN_ERRORS, ERROR_MATCHERS, RaisedError, STATES_ALL, STATES_BRANCH_FAILED, STATES_RUNTIME, STATES_TIMEOUT,
  canOccur, catchNameMatches, describeErrors,
} from '../server/src/graph/errors';
import { CatchEntry } from '../server/src/model/types';

export const rule: Rule = {
  meta: {
    id: 'shadowed-catch',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Every catch entry must be able to catch something.',
    messages: {
      shadowed: 'Catch entry {{entry}} never catches "{{name}}": entry {{earlier}} already catches it.',
      shadowedBy: 'Catch entry {{entry}} never catches "{{name}}": entry {{earlier}} already catches it with "{{by}}".',
      neverRaised: 'State "{{state}}" never raises "{{name}}"; it can raise {{raised}}.',
      neverRaisedSuggest: 'State "{{state}}" never raises "{{name}}"; did you mean "{{suggestion}}"?',
      noTimeout: 'State "{{state}}" has no "timeout", so "States.Timeout" never happens; add "timeout" or remove this name.',
      notParallel: '"States.BranchFailed" only happens on a Parallel state; "{{state}}" is a {{type}} state.',
      unknownBuiltin: 'Unknown built-in error "{{name}}"; did you mean "{{suggestion}}"?',
      unknownBuiltinList: 'Unknown built-in error "{{name}}"; the built-in errors are "States.ALL", "States.TaskFailed", "States.Timeout", "States.BranchFailed" and "States.NoChoiceMatched".',
      runtime: '"States.Runtime" is never caught: reading an undefined path fails the execution for good.',
    },
    docs: {
      description:
        'Catch entries are tried in order and the first one that matches wins (spec §5). A name that an earlier entry already catches (the same name, or any activity error after `States.TaskFailed`) never takes effect; entries after a `States.ALL` entry are catch-all-not-last\'s finding. The sibling messages report names that can never occur: `States.Timeout` on a state without `timeout`, `States.BranchFailed` outside a Parallel, `States.Runtime` (never caught), a misspelt built-in, and a domain error that the state\'s declared activity (`spec.activities[].errors`) does not raise. Undeclared activities may raise anything, so any domain name is plausible for them.',
      valid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [CardDeclined]\n        next: Failed\n      - error_equals: [States.ALL]\n        next: Failed\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
      ],
      invalid: [
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [CardDeclined]\n        next: Failed\n      - error_equals: [CardDeclined, Expired]\n#                      ^^^^^^^^^^^^ error[shadowed-catch]: Catch entry 2 never catches "CardDeclined": entry 1 already catches it.\n        next: Failed\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
        'states:\n  - name: Charge\n    type: Task\n    resource: urn:cascade:activity:charge\n    catch:\n      - error_equals: [States.Timeout]\n#                      ^^^^^^^^^^^^^^ error[shadowed-catch]: State "Charge" has no "timeout", so "States.Timeout" never happens; add "timeout" or remove this name.\n        next: Failed\n    end: true\n  - name: Failed\n    type: Fail\n    error: ChargeFailed\n',
        'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  activities:\n    - urn: urn:cascade:activity:charge\n      errors: [CardDeclined, ServiceUnavailable]\n  workflows:\n    - name: Pay\n      start: Charge\n      states:\n        - name: Charge\n          type: Task\n          resource: urn:cascade:activity:charge\n          catch:\n            - error_equals: [CardDecline]\n#                            ^^^^^^^^^^^ error[shadowed-catch]: State "Charge" never raises "CardDecline"; did you mean "CardDeclined"?\n              next: Failed\n            - error_equals: [States.ALL]\n              next: Failed\n          end: true\n        - name: Failed\n          type: Fail\n          error: ChargeFailed\n',
      ],
    },
  },
  create(context) {
    return {
      workflow(wf) {
        const flow = errorFlow(context.analysis, wf);
        for (const s of wf.allStates) {
          if (!s.catches.length) continue;
          const { raised } = flow.of(s);
          const earlier: CatchEntry[] = [];
          s.catches.forEach((c, i) => {
            const entryNo = i + 1;
            const allAt = earlier.findIndex((x) => x.errorEquals.some((n) => n.name === STATES_ALL));
            if (allAt >= 0) {
              // Entries behind States.ALL never run: catch-all-not-last reports that, once, on the States.ALL.
              earlier.push(c);
              return;
            }
            for (const n of c.errorEquals) {
              const name = n.name;
              if (name === STATES_ALL) continue;
              const data: Record<string, string | number> = { entry: entryNo, name, state: s.name || '(unnamed)', type: s.type };
              if (name === STATES_RUNTIME) { context.report({ messageId: 'runtime', span: n.span }); continue; }
              if (name.startsWith('States.') && !BUILTIN_ERRORS.includes(name)) {
                const suggestion = closest(name, BUILTIN_ERRORS.filter((b) => b !== STATES_RUNTIME), 4);
                context.report({ messageId: suggestion ? 'unknownBuiltin' : 'unknownBuiltinList', data: { ...data, suggestion: suggestion ?? '' }, span: n.span, suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: n.span, newText: suggestion }] }] : undefined });
                continue;
              }
              // Matchers are only hidden by the same matcher earlier (a trailing catch-all is a habit, not a mistake).
              if (ERROR_MATCHERS.includes(name)) {
                const prev = earlier.findIndex((x) => x.errorEquals.some((m) => m.name === name));
                if (prev >= 0) { context.report({ messageId: 'shadowed', data: { ...data, earlier: prev + 1 }, span: n.span }); continue; }
              }
              if (!canOccur(name, raised)) {
                if (name === STATES_TIMEOUT && s.type !== 'Parallel') context.report({ messageId: 'noTimeout', data, span: n.span });
                else if (name === STATES_BRANCH_FAILED && s.type !== 'Parallel') context.report({ messageId: 'notParallel', data, span: n.span });
                else {
                  const candidates = [...new Set(raised.map((e) => e.name).filter((x) => x !== ANY_ERROR))];
                  const suggestion = closest(name, candidates);
                  context.report({
                    messageId: suggestion ? 'neverRaisedSuggest' : 'neverRaised',
                    data: { ...data, suggestion: suggestion ?? '', raised: raised.length ? describeErrors(raised, 'and') : 'no error' },
                    span: n.span,
                    suggestions: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: n.span, newText: suggestion }] }] : undefined,
                  });
                }
                continue;
              }
              if (ERROR_MATCHERS.includes(name)) continue;
              // A specific name: hidden when every error it could catch is caught earlier.
              const matching = raised.filter((e) => catchNameMatches(name, e) || e.name === ANY_ERROR).map((e): RaisedError => (e.name === ANY_ERROR ? { ...e, name } : e));
              const coveredBy = matching.map((e) => earlier.findIndex((x) => x.errorEquals.some((m) => catchNameMatches(m.name, e))));
              if (matching.length && coveredBy.every((k) => k >= 0)) {
                const prev = Math.min(...coveredBy);
                const by = earlier[prev].errorEquals.find((m) => matching.some((e) => catchNameMatches(m.name, e)))!;
                context.report({ messageId: by.name === name ? 'shadowed' : 'shadowedBy', data: { ...data, earlier: prev + 1, by: by.name }, span: n.span, related: [{ span: by.span, message: `entry ${prev + 1} catches "${name}" here` }] });
              }
            }
            earlier.push(c);
          });
        }
      },
    };
  },
};
