// The shapes/ layer's public surface: the lattice, the dataflow analysis, read checks, witnesses
// and the editor queries. Nothing here imports the analysis layer.
export * from './shape';
export * from './context';
export * from './convert';
export * from './infer';
export * from './reads';
export * from './witness';
export * from './checks';
export * from './query';
export { describeMaybe, describeUndefined, describePruned, describeUnknownInput, describeUnknownProperty, describeWitness, stepText, stepSpan } from './describe';
