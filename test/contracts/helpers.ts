// Small builders for the contract tests: a contract type from compact-type YAML, or from JSON Schema.
import { parseYaml } from '../../server/src/syntax/yaml-tree';
import { ContractType, compactToType, schemaToType } from '../../server/src/shapes/contracts/contract-type';

/** `compact('{ a: string, b: number? }')` -> the object type. */
export function compact(yaml: string): ContractType {
  return compactToType(parseYaml(yaml).documents[0].root).type;
}

export function schema(json: unknown): ContractType {
  return schemaToType(json);
}
