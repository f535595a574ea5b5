// Finds what sits at an offset of an analysed file: the YAML document, the chain of nodes from
// its root, the workflow and the innermost state. Pure lookups over spans; never throws.
import { containsOffset, Span, TextEdit } from '../syntax/types';
import { YNode, YPair, YMap, YScalar } from '../syntax/yaml-tree';
import { State, Workflow } from '../model/types';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { FileAnalysis } from '../analysis/analyze';

export interface ChainStep {
  node: YNode;
  /** The mapping key this node is the value of. */
  key?: string;
  /** The sequence index this node is the item of. */
  index?: number;
  pair?: YPair;
}

export interface NodeChain {
  steps: ChainStep[];
  /** The offset is on this pair's key. */
  onKey?: YPair;
  /** The offset is after this pair's key but the pair has no value node there (typing a value). */
  inEmptyValueOf?: YPair;
}

const MAX_CHAIN = 600;

/** The chain of nodes from the root to the innermost node that contains the offset. */
export function chainAt(root: YNode | null, offset: number): NodeChain {
  const chain: NodeChain = { steps: [] };
  if (!root || !containsOffset(root.span, offset)) return chain;
  chain.steps.push({ node: root });
  let node: YNode = root;
  for (let guard = 0; guard < MAX_CHAIN; guard++) {
    if (node.kind === 'map') {
      const pair = pairAt(node, offset);
      if (!pair) break;
      if (containsOffset(pair.key.span, offset) && pair.key.span.end > pair.key.span.start) {
        chain.onKey = pair;
        break;
      }
      if (!pair.value || !containsOffset(pair.value.span, offset)) {
        if (!pair.value || offset > pair.key.span.end) chain.inEmptyValueOf = pair.value ? undefined : pair;
        break;
      }
      chain.steps.push({ node: pair.value, key: String(pair.key.value ?? ''), pair });
      node = pair.value;
    } else if (node.kind === 'seq') {
      const index = node.items.findIndex((i) => containsOffset(i.span, offset));
      if (index < 0) break;
      chain.steps.push({ node: node.items[index], index });
      node = node.items[index];
    } else break;
  }
  return chain;
}

function pairAt(map: YMap, offset: number): YPair | undefined {
  // Later pairs win at a shared boundary (`a: x` ending where `b` starts is impossible, but a
  // zero-length value can touch the next key).
  let hit: YPair | undefined;
  for (const p of map.pairs) if (containsOffset(p.span, offset)) hit = p;
  return hit;
}

export function documentAt(analysis: FileAnalysis, offset: number): DocumentAnalysis | undefined {
  const docs = analysis.documents;
  for (const d of docs) {
    const s = d.model.yaml.span;
    if (offset >= s.start && offset <= s.end) return d;
  }
  return docs[docs.length - 1];
}

/** The workflow whose mapping contains the offset. */
export function workflowAt(da: DocumentAnalysis, offset: number): Workflow | undefined {
  let best: Workflow | undefined;
  for (const wf of da.model.workflows) if (containsOffset(wf.span, offset) && (!best || wf.span.start >= best.span.start)) best = wf;
  return best;
}

/** The innermost state whose mapping contains the offset. */
export function stateAt(da: DocumentAnalysis, offset: number): State | undefined {
  let best: State | undefined;
  for (const wf of da.model.workflows) {
    if (!containsOffset(wf.span, offset)) continue;
    for (const s of wf.allStates) {
      if (containsOffset(s.span, offset) && (!best || s.span.end - s.span.start <= best.span.end - best.span.start)) best = s;
    }
  }
  return best;
}

export function scalarAt(chain: NodeChain): YScalar | undefined {
  if (chain.onKey) return chain.onKey.key;
  const last = chain.steps[chain.steps.length - 1]?.node;
  return last && last.kind === 'scalar' ? last : undefined;
}

/** Plain scalars that YAML (1.2 core schema) reads as null, a boolean or a number, not a string. */
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * The edit that makes a scalar spell the string `text`: inside its quotes when it has them;
 * quoted when, written plain, YAML would read `text` as a boolean, a number or null.
 */
export function scalarRename(node: YScalar, text: string): TextEdit {
  if (node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE') return { span: innerSpan(node), newText: text };
  return { span: node.span, newText: NOT_A_STRING.test(text) ? `"${text}"` : text };
}

/** The span of a scalar's text without its quotes. */
export function innerSpan(node: YScalar): Span {
  if ((node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE') && node.span.end - node.span.start >= 2) return { start: node.span.start + 1, end: node.span.end - 1 };
  return node.span;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end || a.start === b.start || (a.start === a.end && a.start >= b.start && a.start <= b.end);
}
