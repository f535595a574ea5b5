// Reports reference paths (result, input_path, output_path, variable, catch result, bare `$.`
// parameters) that are not `$` followed by `.name`, `['name']` or `[index]` segments.
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'invalid-path',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Reference paths must name exactly one node.',
    messages: { invalid: '{{message}}' },
    docs: {
      description:
        'A reference path (`result`, `input_path`, `output_path`, a Choice `variable`, a catch `result`, a bare `$.` parameter) is `$` followed by `.name`, `[\'name\']` or `[index]` segments. Wildcards, filters, slices and `..` select several nodes and are not allowed; the finding marks the offending segment.',
      valid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    result: $.orders[0].id\n    end: true\n'],
      invalid: [
        "states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    result: $.orders[*].id\n    #               ^^^ error[invalid-path]: Wildcard \"[*]\" is not allowed in a reference path; use \"$.name\", \"$['name']\" or \"$[0]\" segments.\n    end: true\n",
      ],
    },
  },
  create(context) {
    return {
      document() {
        const v = documentValues(context.analysis);
        for (const p of v.paths) if (p.error) context.report({ messageId: 'invalid', data: { message: p.error.message }, span: p.error.span });
        for (const p of v.barePaths) if (p.error) context.report({ messageId: 'invalid', data: { message: p.error.message }, span: p.error.span });
      },
    };
  },
};
