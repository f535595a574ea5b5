// The ids of the rules that read the flow graph and the error flow (issue 3), for tests.
export const FLOW_RULES: readonly string[] = [
  'duplicate-state-name', 'unknown-start-state', 'unknown-transition-target', 'missing-transition', 'conflicting-transition',
  'unreachable-state', 'no-terminal-path', 'choice-without-default', 'branch-escape', 'catch-all-not-last', 'shadowed-catch',
  'missing-catch', 'uncaught-error', 'invalid-retry', 'retry-too-aggressive',
];
