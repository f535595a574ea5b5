// Warns about retry policies with more than 5 retries (spec §5): they hammer a failing service
// and delay the catch that would handle the failure.
import { Rule } from '../server/src/analysis/rule';

export const MAX_REASONABLE_RETRIES = 5;

export const rule: Rule = {
  meta: {
    id: 'retry-too-aggressive',
    kind: 'problem',
    defaultSeverity: 'warning',
    recommended: true,
    summary: 'Retry at most 5 times.',
    messages: {
      tooMany: 'State "{{name}}" retries up to {{count}} times; more than 5 retries hammer a failing service and delay its catch, so use 5 or fewer.',
    },
    docs: {
      description:
        '`max_attempts` counts retries after the first attempt (spec §5). Past 5 retries a failure is rarely transient: the extra attempts add load to a service that is already struggling and postpone the catch entry that handles the failure. Permanent errors are never retried, whatever the policy says (see invalid-retry).',
      valid: ['states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    retries:\n      max_attempts: 5\n    end: true\n'],
      invalid: [
        'states:\n  - name: Load\n    type: Task\n    resource: urn:cascade:activity:load\n    retries:\n      max_attempts: 10\n#                   ^^ warning[retry-too-aggressive]: State "Load" retries up to 10 times; more than 5 retries hammer a failing service and delay its catch, so use 5 or fewer.\n    end: true\n',
      ],
    },
  },
  create(context) {
    return {
      state(s) {
        const v = s.retries?.maxAttempts?.value;
        if (!v || v.kind !== 'scalar' || typeof v.value !== 'number' || !Number.isInteger(v.value)) return;
        if (v.value > MAX_REASONABLE_RETRIES) context.report({ messageId: 'tooMany', data: { name: s.name || '(unnamed)', count: v.value }, span: v.span });
      },
    };
  },
};
