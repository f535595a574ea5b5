// A workflow's input contract (spec §9): its version plus its input type, read from `input`
// (compact types), `input_schema` (JSON Schema) or `input_schema: <schema URN>` resolved through
// the schema declarations visible to the document. Spans point into the workflow's own file; a
// schema declared in a catalogue file contributes its type but no spans.
import { Span } from '../../syntax/types';
import { toPlain } from '../../syntax/yaml-tree';
import { SchemaDeclaration, State, Workflow } from '../../model/types';
import { workflowVersion } from '../../model/migrations';
import { ContractType, compactToType, schemaToType } from './contract-type';

export type ContractSource = 'input' | 'input_schema' | 'schema-urn' | 'none';

export interface WorkflowContract {
  workflow: Workflow;
  /** As written (`v1` when absent); only meaningful when `versionValid`. */
  version: string;
  versionValid: boolean;
  /** Undefined when the workflow declares no input contract. */
  input?: ContractType;
  source: ContractSource;
  schemaUrn?: string;
  /** The `input`/`input_schema` key, for changes of the whole input. */
  inputSpan?: Span;
}

export function extractContract(wf: Workflow, schemas: ReadonlyMap<string, SchemaDeclaration>, ownSchemas: readonly SchemaDeclaration[] = []): WorkflowContract {
  const v = workflowVersion(wf);
  const c: WorkflowContract = { workflow: wf, version: v.version, versionValid: v.valid, source: 'none' };
  if (wf.input) {
    c.source = 'input';
    c.inputSpan = wf.input.keySpan;
    c.input = compactToType(wf.input.value).type;
  } else if (wf.inputSchema) {
    c.inputSpan = wf.inputSchema.keySpan;
    const node = wf.inputSchema.value;
    if (node?.kind === 'scalar' && typeof node.value === 'string') {
      c.source = 'schema-urn';
      c.schemaUrn = node.value;
      const decl = schemas.get(node.value);
      const schemaNode = decl?.schema?.value;
      // Spans only when the declaration is in this document (a catalogue lives in another file).
      if (decl && schemaNode) c.input = schemaToType(toPlain(schemaNode), ownSchemas.includes(decl) ? schemaNode : undefined);
      else c.input = { kind: 'unknown' };
    } else {
      c.source = 'input_schema';
      c.input = node ? schemaToType(toPlain(node), node) : { kind: 'unknown' };
    }
  }
  return c;
}

/** States that can pause an execution for days (spec §7). */
export function longRunningStates(wf: Workflow): State[] {
  return wf.allStates.filter(
    (s) => s.type === 'HumanTask' || s.type === 'Receive' || s.type === 'Wait' || (s.type === 'Task' && !!s.resourceUrn?.startsWith('urn:cascade:waitFor:')),
  );
}
