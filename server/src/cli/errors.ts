// Errors the CLI turns into exit code 2 with a one-line message (bad usage, a missing file).
export class UsageError extends Error {}
