// Reports a workflow name used twice in one file (spec §2: names are unique within the file,
// because test cases, contracts and `cascade-lint run` pick a workflow by its name).
import { Rule } from '../server/src/analysis/rule';
import { YNode, getPair } from '../server/src/syntax/yaml-tree';
import { Span } from '../server/src/syntax/types';

/** The written workflow names of a document's YAML root (application or `workflows:` fragment). */
function workflowNames(root: YNode | null): { name: string; span: Span }[] {
  if (!root || root.kind !== 'map') return [];
  const spec = getPair(root, 'spec')?.value;
  const list = getPair(spec && spec.kind === 'map' ? spec : root, 'workflows')?.value;
  if (!list || list.kind !== 'seq') return [];
  const out: { name: string; span: Span }[] = [];
  for (const w of list.items) {
    const n = w.kind === 'map' ? getPair(w, 'name')?.value : undefined;
    if (n && n.kind === 'scalar' && n.value !== null) out.push({ name: String(n.value), span: n.span });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'duplicate-workflow-name',
    kind: 'problem',
    defaultSeverity: 'error',
    recommended: true,
    summary: 'Workflow names must be unique within a file.',
    messages: {
      duplicate: 'Workflow name "{{name}}" is already used in this file; workflow names must be unique.',
    },
    docs: {
      description:
        'Test cases (`name:` in a `.cascade-test.yaml`), the contracts file and `cascade-lint run` pick a workflow by its name, so a name may be used only once per file, across its YAML documents too (spec §2). The first definition wins; every later one is reported, with the first as a related location.',
      valid: ['workflows:\n  - name: Orders\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n  - name: Refunds\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n'],
      invalid: [
        'workflows:\n  - name: Orders\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n  - name: Orders\n#         ^^^^^^ error[duplicate-workflow-name]: Workflow name "Orders" is already used in this file; workflow names must be unique.\n    start: Done\n    states:\n      - name: Done\n        type: Succeed\n',
      ],
    },
  },
  create(context) {
    return {
      document(doc) {
        const first = new Map<string, Span>();
        // Names from the documents above this one come first.
        const docs = context.analysis.file.parsed.documents;
        for (let i = 0; i < doc.index && i < docs.length; i++) for (const w of workflowNames(docs[i].root)) if (!first.has(w.name)) first.set(w.name, w.span);
        for (const wf of doc.workflows) {
          if (!wf.nameNode || wf.nameNode.value === null) continue;
          const at = first.get(wf.name);
          if (!at) {
            first.set(wf.name, wf.nameNode.span);
            continue;
          }
          context.report({ messageId: 'duplicate', data: { name: wf.name }, span: wf.nameNode.span, related: [{ span: at, message: `"${wf.name}" is first defined here` }] });
        }
      },
    };
  },
};
