// `cascade-lint graph FILE [--workflow NAME] [--format mermaid|dot|json] [-o FILE]`: prints the
// flow graph of one workflow. Exit 0 on success, 2 for a usage problem (missing file, unknown
// workflow, several workflows and no --workflow).
import * as fs from 'fs';
import * as path from 'path';
import type { Io } from './main';
import { decodeBytes } from '../syntax/decode';
import { eachArg } from './argv';
import { analyzeText } from '../analysis/analyze';
import { flowGraph } from '../analysis/stages';
import { DocumentAnalysis } from '../analysis/document-analysis';
import { Workflow } from '../model/types';
import { UsageError } from './usage-error';
import { GRAPH_FORMATS, GraphFormat, exportGraph } from '../service/graph-export';

export const GRAPH_HELP = `Usage: cascade-lint graph FILE [--workflow NAME] [--format mermaid|dot|json] [-o FILE]

Prints the flow graph of a workflow: states, next/choice/default/catch edges (catch edges dashed
and labelled with their errors, choice edges with their condition), Parallel branches as
subgraphs, terminal states marked and unreachable states greyed.

Options:
  -w, --workflow <name>   the workflow to draw (needed when the file has several)
  -f, --format <name>     mermaid (default; paste into a \`\`\`mermaid block on GitHub), dot, json
  -o, --output-file <f>   write to a file instead of standard output
  -h, --help              print this help
`;


function quoteNames(names: string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}

export function graphCommand(argv: string[], io: Io): number {
  let file: string | undefined;
  let workflow: string | undefined;
  let format: GraphFormat = 'mermaid';
  let outputFile: string | undefined;
  try {
    let help = false;
    eachArg(argv, (name) => new UsageError(`Option "${name}" needs a value.`), (arg) => {
      const a = arg.name;
      const value = arg.value;
      switch (a) {
        case '-h':
        case '--help':
          help = true;
          break;
        case '-w':
        case '--workflow':
          workflow = value();
          break;
        case '-f':
        case '--format': {
          const f = value();
          if (!(GRAPH_FORMATS as readonly string[]).includes(f)) throw new UsageError(`Unknown graph format "${f}": use mermaid, dot or json.`);
          format = f as GraphFormat;
          break;
        }
        case '-o':
        case '--output-file':
          outputFile = value();
          break;
        default:
          if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option "${a}" for "graph"; see "cascade-lint graph --help".`);
          if (file !== undefined) throw new UsageError(`"graph" draws one file at a time; got "${file}" and "${arg.raw}".`);
          file = arg.raw;
      }
    });
    if (help) {
      io.stdout(GRAPH_HELP);
      return 0;
    }
    if (file === undefined) throw new UsageError('Missing FILE: cascade-lint graph FILE [--workflow NAME] [--format mermaid|dot|json].');
    const abs = path.resolve(io.cwd, file);
    let bytes: Buffer;
    try {
      if (!fs.statSync(abs).isFile()) throw new UsageError(`"${file}" is not a file.`);
      bytes = fs.readFileSync(abs);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `File "${file}" does not exist.` : `Cannot read "${file}": ${(e as Error).message}`);
    }
    const decoded = decodeBytes(bytes);
    if (decoded.problem) throw new UsageError(`Cannot read "${file}": ${decoded.problem.message}`);
    const analysis = analyzeText(decoded.text, { fileName: abs, rules: new Map(), force: true });
    const all: { da: DocumentAnalysis; wf: Workflow }[] = [];
    for (const da of analysis.documents) for (const wf of da.model.workflows) all.push({ da, wf });
    if (all.length === 0) throw new UsageError(`"${file}" has no workflow to draw.`);
    const names = all.map((x) => x.wf.name);
    let chosen: { da: DocumentAnalysis; wf: Workflow } | undefined;
    if (workflow !== undefined) {
      chosen = all.find((x) => x.wf.name === workflow);
      if (!chosen) throw new UsageError(`No workflow "${workflow}" in "${file}"; its workflows are ${quoteNames(names)}.`);
    } else if (all.length > 1) {
      throw new UsageError(`"${file}" has ${all.length} workflows (${quoteNames(names)}); choose one with --workflow NAME.`);
    } else chosen = all[0];
    const g = flowGraph(chosen.da, chosen.wf);
    const text = exportGraph(g, format, { lines: analysis.file.lines });
    if (outputFile !== undefined) fs.writeFileSync(path.resolve(io.cwd, outputFile), text);
    else io.stdout(text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cascade-lint graph: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
