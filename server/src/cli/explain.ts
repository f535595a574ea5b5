// `cascade-lint explain FILE STATE [--workflow NAME] [--phase input|effective|output]`: prints the
// context shape at a state as a tree, with presence, writers and why a value may be missing.
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../analysis/project';
import { workflowShapes } from '../analysis/stages';
import { decodeBytes } from '../syntax/decode';
import { Phase, explainTree, resolveAt } from '../shapes/query';
import type { Io } from './main';
import { eachArg } from './argv';

class UsageError extends Error {}

const USAGE = `Usage: cascade-lint explain <file> <state> [--workflow <name>] [--phase input|effective|output] [--path <path>] [--depth <n>]

Prints the context shape at a state: every key with its type, "?" when it may be missing on
some path (and one path on which it is), and the states that write it.
  --phase   input (default: what the state receives), effective (after its input_path: what
            its parameters read), output (after its result, before its output_path)
  --path    explain one path instead, e.g. "$.customer.id" or "workflow.input.order_id"
`;

export function explainCommand(argv: string[], io: Io): number {
  let workflow: string | undefined;
  let phase: Phase = 'input';
  let one: string | undefined;
  let depth = 6;
  let help = false;
  const positional: string[] = [];
  try {
    eachArg(argv, (o) => new UsageError(`Option "${o}" needs a value.`), (a) => {
      switch (a.name) {
        case '-h':
        case '--help':
          help = true;
          break;
        case '-w':
        case '--workflow':
          workflow = a.value();
          break;
        case '--phase': {
          const p = a.value();
          if (p !== 'input' && p !== 'effective' && p !== 'output') throw new UsageError(`--phase must be input, effective or output, not "${p}".`);
          phase = p;
          break;
        }
        case '--path':
          one = a.value();
          break;
        case '--depth':
          depth = Math.max(1, Number(a.value()) || 6);
          break;
        default:
          if (a.raw.startsWith('-') && a.raw !== '-') throw new UsageError(`Unknown option "${a.raw}"; see "cascade-lint explain --help".`);
          positional.push(a.raw);
      }
    });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`cascade-lint explain: ${e.message}\n`);
    return 2;
  }
  if (help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positional.length !== 2) {
    io.stderr(USAGE);
    return 2;
  }
  const [fileArg, stateName] = positional;
  const file = path.resolve(io.cwd, fileArg);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    io.stderr(`cascade-lint explain: cannot read "${fileArg}": ${(e as Error).message}\n`);
    return 2;
  }
  const decoded = decodeBytes(bytes);
  const analysis = new Project().analyze(file, decoded.text, { force: true, decodeProblem: decoded.problem });
  const matches: { doc: (typeof analysis.documents)[number]; wf: (typeof analysis.documents)[number]['model']['workflows'][number] }[] = [];
  for (const doc of analysis.documents) {
    for (const wf of doc.model.workflows) {
      if (workflow !== undefined && wf.name !== workflow) continue;
      if (wf.stateByName.has(stateName)) matches.push({ doc, wf });
    }
  }
  if (matches.length === 0) {
    const names = analysis.documents.flatMap((d) => d.model.workflows.filter((w) => workflow === undefined || w.name === workflow).flatMap((w) => [...w.stateByName.keys()]));
    io.stderr(`cascade-lint explain: no state "${stateName}"${workflow ? ` in workflow "${workflow}"` : ''}${names.length ? `; states: ${names.slice(0, 20).join(', ')}` : ''}.\n`);
    return 2;
  }
  if (matches.length > 1) {
    io.stderr(`cascade-lint explain: state "${stateName}" is in several workflows (${matches.map((m) => m.wf.name).join(', ')}); choose one with --workflow.\n`);
    return 2;
  }
  const { doc, wf } = matches[0];
  const ws = workflowShapes(doc, wf);
  const state = wf.stateByName.get(stateName)!;
  if (one !== undefined) {
    const info = resolveAt(ws, state, one, phase);
    if (!info) {
      io.stderr(`cascade-lint explain: "${one}" is not a path such as "$.customer.id" or "workflow.input.x".\n`);
      return 2;
    }
    const out = [`${info.path} at "${state.name}": ${info.status === 'always' ? info.type : info.status === 'maybe' ? `${info.type} (may be missing)` : info.status}`];
    if (info.writers.length) out.push(`  written by ${info.writers.map((s) => `"${s.name}"`).join(', ')}`);
    if (info.prunedBy) out.push(`  removed by the ${info.prunedBy.via} of "${info.prunedBy.by.name}"`);
    if (info.missing) {
      out.push(`  missing: ${info.missing.reason}`);
      for (const r of info.missing.related) {
        const p = analysis.file.lines.positionAt(r.span.start);
        out.push(`    ${p.line + 1}:${p.character + 1}  ${r.message}`);
      }
    }
    io.stdout(out.join('\n') + '\n');
    return 0;
  }
  io.stdout(explainTree(ws, state, phase, depth));
  return 0;
}
