// Editor features over a FileAnalysis: pure functions of (analysis, offset), spans in and out,
// no LSP types. server/src/lsp adapts them to the protocol.
export * from './hover';
export * from './completion';
export * from './navigation';
export { testFileStateNames, testFileTargets } from './test-refs';
export type { FileEdits, WorkspaceFile, TestStateName } from './test-refs';
export * from './symbols';
export * from './code-actions';
export * from './graph-view';
export * from './shapes-port';
export { contextPathAt, describeContextPath } from './context-paths';
export type { ContextPathSite } from './context-paths';
export { warmForEditing } from './warm';
