// Shape fixtures: expected context shapes and read types written as YAML comments under the
// text they are about, like the finding annotations:
//   - name: Notify
//   #       ^^^^^^ shape: {receipt?: unknown, workflow: {…}}
//       x: "{{ $.receipt.id }}"
//   #         ^^^^^^^^^^^^ type: unknown?
// `shape` (carets under a state's name) is the context the state receives; `shape.effective`
// and `shape.output` are its E and O (spec §5). `type` (carets under a path in a read) is what
// that read finds: its shape, `?` when it may be missing, `undefined` when it is not there.
// `…` in an expectation matches anything. CASCADE_UPDATE_FIXTURES=1 rewrites the expectations.
import { analyzeText } from '../../server/src/analysis/analyze';
import { documentValues, workflowShapes } from '../../server/src/analysis/stages';
import { LineIndex } from '../../server/src/syntax/line-index';
import { formatShape } from '../../server/src/shapes/shape';
import { contextForRead } from '../../server/src/shapes/reads';
import { resolve } from '../../server/src/shapes/context';
import { isAnnotation } from './annotations';

const SHAPE = /^(\s*)#(\s*)(\^+)\s+(shape|shape\.effective|shape\.output|type):\s?(.*)$/;

interface ShapeExpectation {
  /** 0-based line of the clean text the carets are under. */
  line: number;
  startCol: number;
  endCol: number;
  kind: string;
  expected: string;
}

export interface ShapeOutcome {
  failures: string[];
  rewritten?: string;
}

function matches(expected: string, actual: string): boolean {
  const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const parts = norm(expected).split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(norm(actual));
}

export function checkShapeFixture(text: string, fileName: string, update: boolean): ShapeOutcome {
  const lines = text.split(/\r?\n/);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const clean: string[] = [];
  const exps: ShapeExpectation[] = [];
  for (const line of lines) {
    const m = SHAPE.exec(line);
    if (m) {
      const start = m[1].length + 1 + m[2].length;
      exps.push({ line: clean.length - 1, startCol: start, endCol: start + m[3].length, kind: m[4], expected: m[5] });
      continue;
    }
    if (!isAnnotation(line)) clean.push(line);
  }
  const cleanText = clean.join(eol);
  const idx = new LineIndex(cleanText);
  const analysis = analyzeText(cleanText, { fileName, force: true });
  if (analysis.internalErrors.length) throw new Error(analysis.internalErrors.join('\n'));
  const failures: string[] = [];
  const actuals: string[] = [];
  for (const e of exps) {
    const start = idx.offsetAt({ line: e.line, character: e.startCol });
    const end = idx.offsetAt({ line: e.line, character: e.endCol });
    let actual: string | undefined;
    for (const doc of analysis.documents) {
      for (const wf of doc.model.workflows) {
        const ws = workflowShapes(doc, wf);
        if (e.kind.startsWith('shape')) {
          const state = wf.allStates.find((s) => s.nameNode && s.nameNode.span.start <= start && end <= s.nameNode.span.end);
          if (!state) continue;
          const f = ws.facts(state);
          const ctx = !f ? undefined : e.kind === 'shape' ? f.entry : e.kind === 'shape.effective' ? f.effective : (f.output ?? f.effective);
          actual = ctx ? formatShape(ctx.top) : 'unreached';
        } else {
          const read = documentValues(doc).reads.find((r) => r.workflow === wf && r.span.start <= start && end <= r.span.end);
          if (!read) continue;
          const ctx = contextForRead(ws, read);
          if (!ctx) actual = 'unreached';
          else {
            const r = resolve(ctx, read.path.root, read.path.segments);
            actual = r.status === 'missing' ? 'undefined' : `${formatShape(r.shape)}${r.status === 'maybe' ? '?' : ''}`;
          }
        }
      }
    }
    actual ??= '(nothing annotated here: carets must be under a state name or a read path)';
    actuals.push(actual);
    if (!matches(e.expected, actual)) failures.push(`${e.line + 1}:${e.startCol + 1} ${e.kind}\n  expected: ${e.expected}\n  actual:   ${actual}`);
  }
  if (update && failures.length > 0) {
    const out: string[] = [];
    let k = 0;
    for (const line of lines) {
      const m = SHAPE.exec(line);
      if (m) {
        const e = exps[k];
        const actual = actuals[k++];
        out.push(matches(e.expected, actual) ? line : `${m[1]}#${m[2]}${m[3]} ${m[4]}: ${actual}`);
      } else out.push(line);
    }
    return { failures: [], rewritten: out.join(eol) };
  }
  return { failures };
}
