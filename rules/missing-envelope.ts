// Notes fragments (documents without the application envelope) and rejects documents that
// are neither an application nor a fragment.
import { Rule } from '../server/src/analysis/rule';

export const rule: Rule = {
  meta: {
    id: 'missing-envelope',
    kind: 'suggestion',
    defaultSeverity: 'info',
    recommended: true,
    summary: 'A Cascade document should be a full application with apiVersion, kind, metadata and spec.',
    messages: {
      fragment: 'This document is a "{{form}}" fragment without the application envelope (apiVersion, kind, metadata, spec); it is analysed on its own.',
      notCascade: 'This document is not a Cascade application: expected "apiVersion: cascade.io/v1" with "kind", "metadata" and "spec", or a "workflows:" or "states:" fragment.',
      empty: 'The document is empty: expected a Cascade application ("apiVersion: cascade.io/v1", "kind: Application", "metadata", "spec").',
    },
    docs: {
      description:
        'Documentation snippets often start at `workflows:` or `states:`. Such fragments are analysed (a `states:` fragment without `start` starts at its first state) and get this info-level note. A document that is none of these, or an empty file, is an error.',
      valid: ['apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: shop }\nspec:\n  workflows:\n    - name: W\n      start: Done\n      states:\n        - name: Done\n          type: Succeed\n'],
      invalid: [
        'states:\n#^^^^^^@1 info[missing-envelope]: This document is a "states:" fragment without the application envelope (apiVersion, kind, metadata, spec); it is analysed on its own.\n  - name: Done\n    type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      document(doc) {
        const root = doc.root;
        if (doc.kind === 'workflows-fragment' || doc.kind === 'states-fragment') {
          const key = doc.kind === 'workflows-fragment' ? 'workflows' : 'states';
          const pair = root!.pairs.find((p) => p.key.value === key)!;
          context.report({ messageId: 'fragment', data: { form: `${key}:` }, span: pair.key.span });
        } else if (doc.kind === 'not-cascade') {
          const span = root?.pairs[0]?.key.span ?? doc.yaml.root?.span ?? doc.yaml.span;
          context.report({ messageId: 'notCascade', span, severity: 'error' });
        } else if (doc.kind === 'empty') {
          // Only an entirely empty file is a problem; an empty trailing document (`---` at the end) is not.
          const onlyDoc = context.analysis.file.parsed.documents.length === 1;
          if (onlyDoc && context.analysis.syntaxProblems.length === 0) context.report({ messageId: 'empty', span: { start: doc.yaml.span.start, end: doc.yaml.span.start }, severity: 'error' });
        }
      },
    };
  },
};
