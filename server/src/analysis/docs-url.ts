// Where each rule's documentation lives (the README's rule table links to these anchors).
export const DOCS_BASE = 'https://github.com/cascade-lint/cascade-lint/blob/main/docs/rules.md';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}
