// Reports durations that are not `<number><unit>` with units ms, s, m, h, d (compounds allowed).
import { Rule } from '../server/src/analysis/rule';
import { documentValues } from '../server/src/analysis/stages';

export const rule: Rule = {
  meta: {
    id: 'invalid-duration',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Durations must be `<number><unit>` with units ms, s, m, h or d.',
    messages: { invalid: '{{message}}' },
    docs: {
      description: 'Timeouts, Wait durations and retry intervals are written `<number><unit>` with units `ms`, `s`, `m`, `h` and `d`; compounds such as `1h30m` are allowed. The finding marks the bad part (an unknown unit, a missing unit).',
      valid: ['states:\n  - name: Pause\n    type: Wait\n    duration: 1h30m\n    end: true\n'],
      invalid: ['states:\n  - name: Pause\n    type: Wait\n    duration: 5mins\n    #          ^^^^ error[invalid-duration]: Unknown duration unit "mins"; use "ms", "s", "m", "h" or "d".\n    end: true\n'],
    },
  },
  create(context) {
    return {
      document() {
        for (const d of documentValues(context.analysis).durations) if (d.error) context.report({ messageId: 'invalid', data: { message: d.error.message }, span: d.error.span });
      },
    };
  },
};
