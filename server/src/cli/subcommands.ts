// Subcommands of `cascade-lint` (graph, explain, test, run, contracts), each in its own module.
import type { Io } from './main';
import { graphCommand } from './graph-command';
import { explainCommand } from './explain';

export type Subcommand = (argv: string[], io: Io) => Promise<number> | number;

export const SUBCOMMANDS: Record<string, Subcommand> = {
  graph: graphCommand,
  explain: explainCommand,
};
