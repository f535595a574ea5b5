// `cascade-lint explain FILE STATE [--workflow NAME] [--phase input|effective|output]`: prints the
// context shape at a state as a tree, with presence, writers and why a value may be missing.
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../analysis/project';
import { workflowShapes } from '../analysis/stages';
import { decodeBytes } from '../syntax/decode';
import { Phase, explainTree, resolveAt } from '../shapes/query';
import type { Io } from './main';

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
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | undefined => argv[++i];
    if (a === '-h' || a === '--help') {
      io.stdout(USAGE);
      return 0;
    } else if (a === '--workflow' || a === '-w') workflow = value();
    else if (a === '--phase') {
      const p = value();
      if (p !== 'input' && p !== 'effective' && p !== 'output') {
        io.stderr(`cascade-lint explain: --phase must be input, effective or output, not "${p ?? ''}".\n`);
        return 2;
      }
      phase = p;
    } else if (a === '--path') one = value();
    else if (a === '--depth') depth = Math.max(1, Number(value()) || 6);
    else if (a.startsWith('-')) {
      io.stderr(`cascade-lint explain: unknown option "${a}".\n${USAGE}`);
      return 2;
    } else positional.push(a);
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
