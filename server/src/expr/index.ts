// The expr/ layer's public surface: paths, templates and expressions, durations, URNs, suggestions.
// Every parser here is total (never throws) and returns spans relative to the start of its input.

export * from './errors';
export * from './suggest';
export * from './path';
export * from './template';
export * from './duration';
export * from './urn';
