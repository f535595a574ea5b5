// The graph/ layer's public surface: the flow graph of a workflow, its queries and its error flow.
export * from './flow-graph';
export * from './queries';
export * from './errors';
