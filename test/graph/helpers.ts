// Test helpers for graph/: build the model of a YAML text and look states up by name.
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { buildDocument } from '../../server/src/model/build';
import { CascadeDocument, State, Workflow } from '../../server/src/model/types';
import { FlowGraph, buildFlowGraph } from '../../server/src/graph';

export function docOf(text: string): CascadeDocument {
  const parsed = parseYaml(text);
  return buildDocument(parsed.documents[0], 0);
}

export function graphOf(text: string, workflow = 0): { g: FlowGraph; wf: Workflow; st: (name: string) => State } {
  const doc = docOf(text);
  const wf = doc.workflows[workflow];
  if (!wf) throw new Error('no workflow in the text');
  const g = buildFlowGraph(wf);
  const st = (name: string): State => {
    const s = wf.allStates.find((x) => x.name === name);
    if (!s) throw new Error(`no state ${name}`);
    return s;
  };
  return { g, wf, st };
}

export const names = (states: Iterable<State>): string[] => [...states].map((s) => s.name).sort();
