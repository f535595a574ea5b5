// Answers the editor's context questions from the context-shape analysis (shapes/query): the
// type and presence of a path at a state, who writes it, why it may be missing, and the fields
// available below a path for completion. Shapes are computed once per document version.
import { PathSegment } from '../expr/path';
import { State, Workflow } from '../model/types';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { workflowShapes } from '../analysis/stages';
import { contextAt, resolveAt } from '../shapes/query';
import { resolve } from '../shapes/context';
import { formatShape, sortedFields } from '../shapes/shape';
import type { ContextPathSite } from './context-paths';
import { ContextShapes, PathChild, ShapeDescription } from './shapes-port';

export const shapeQueries: ContextShapes = {
  describe(da: DocumentAnalysis, site: ContextPathSite): ShapeDescription | undefined {
    const ws = workflowShapes(da, site.workflow);
    const segments = site.path.segments.slice(0, site.segmentCount);
    const info = resolveAt(ws, site.state, { root: site.path.root, rootSpan: site.path.rootSpan, segments, span: site.span }, site.phase);
    if (!info) return undefined;
    const notes: string[] = [];
    if (info.status === 'maybe' && info.missing) notes.push(`May be missing: ${info.missing.reason}`);
    if (info.status === 'pruned' && info.prunedBy) notes.push(`Removed by the ${info.prunedBy.via === 'result' ? '`result: $`' : `\`${info.prunedBy.via}\``} of "${info.prunedBy.by.name}".`);
    if (info.status === 'unreached') notes.push(`"${site.state.name}" is not reached from the start, so its context is unknown.`);
    const presence = info.status === 'always' ? 'always' : info.status === 'maybe' ? 'maybe' : info.status === 'unreached' ? 'unknown' : 'never';
    return {
      type: info.status === 'always' || info.status === 'maybe' ? info.type : undefined,
      presence,
      writers: info.writers.map((s) => s.name),
      notes,
    };
  },

  children(da: DocumentAnalysis, wf: Workflow, state: State, root: '$' | 'workflow', segments: readonly PathSegment[]): PathChild[] | undefined {
    const ws = workflowShapes(da, wf);
    const ctx = contextAt(ws, state, 'effective');
    if (!ctx) return undefined;
    const r = resolve(ctx, root, segments);
    if (r.status === 'missing' || r.shape.kind !== 'object') return undefined;
    const out: PathChild[] = [];
    for (const [name, f] of sortedFields(r.shape)) out.push({ name, kind: 'field', type: formatShape(f.shape, 1), presence: r.shape.maybe.has(name) ? 'maybe' : 'always' });
    // An open object whose fields nobody described: let the declarations say what they know.
    if (out.length === 0 && r.shape.open) return undefined;
    return out;
  },
};
