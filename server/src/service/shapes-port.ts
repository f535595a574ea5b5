// The questions editor features ask the context-shape analysis. The service works without an
// implementation (declarations only); shapes/ provides one through `contextShapes()`.
import { PathSegment } from '../expr/path';
import { State, Workflow } from '../model/types';
import { DocumentAnalysis } from '../analysis/document-analysis';
import type { ContextPathSite } from './context-paths';

export type Presence = 'always' | 'maybe' | 'never' | 'unknown';

export interface ShapeDescription {
  type?: string;
  presence?: Presence;
  /** Names of the states that write the path. */
  writers?: string[];
  notes?: string[];
}

export interface PathChild {
  name: string;
  /** A field (`.name`) or the array element (`[0]`). */
  kind: 'field' | 'index';
  type?: string;
  presence?: Presence;
}

export interface ContextShapes {
  describe(da: DocumentAnalysis, site: ContextPathSite): ShapeDescription | undefined;
  /** The fields available below a path, on the context a state reads; undefined when unknown. */
  children(da: DocumentAnalysis, wf: Workflow, state: State, root: '$' | 'workflow', segments: readonly PathSegment[]): PathChild[] | undefined;
}
