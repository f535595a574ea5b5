// The typed model of a Cascade document: application, workflows and states (a union by type).
// Every node keeps the YAML node it came from, so span, key span and value span are exact.
import { Span } from '../syntax/types';
import { YMap, YNode, YPair, YScalar, YDocument } from '../syntax/yaml-tree';

/** One key/value of a mapping, under its canonical key, with the spelling the user wrote. */
export interface Entry {
  /** The key as written (`resultPath`). */
  key: string;
  /** The canonical key (`result`). */
  canonical: string;
  keyNode: YScalar;
  value: YNode | null;
  pair: YPair;
  span: Span;
  keySpan: Span;
  valueSpan: Span;
}

/** A state name written somewhere a state name goes (next, default, start, catch next). */
export interface StateRef {
  name: string;
  node: YScalar;
  span: Span;
  /** What wrote it: 'next' | 'default' | 'start' | 'catch' | 'choice'. */
  via: 'next' | 'default' | 'start' | 'catch' | 'choice';
}

export const STATE_TYPES = ['Task', 'Choice', 'Parallel', 'Wait', 'Pass', 'HumanTask', 'EvaluatePolicy', 'Receive', 'Succeed', 'Fail'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export interface RetryPolicy {
  entry: Entry;
  node: YMap | null;
  maxAttempts?: Entry;
  initialInterval?: Entry;
  maxInterval?: Entry;
  multiplier?: Entry;
  /** True when the backoff keys sit directly under `retries` (the flat layout). */
  flat: boolean;
  backoff?: Entry;
}

export interface ErrorName {
  name: string;
  node: YScalar;
  span: Span;
}

export interface CatchEntry {
  node: YMap;
  span: Span;
  index: number;
  /** The written key: error_equals, errors or error. */
  errorsEntry?: Entry;
  errorEquals: ErrorName[];
  next?: StateRef;
  result?: Entry;
  fields: Map<string, Entry>;
}

export interface ChoiceRule {
  node: YMap;
  span: Span;
  index: number;
  next?: StateRef;
  condition?: Entry;
  variable?: Entry;
  /** Comparator entries (`stringEquals`, `isPresent`, ...). */
  comparators: Entry[];
  and?: ChoiceRule[];
  or?: ChoiceRule[];
  not?: ChoiceRule;
  fields: Map<string, Entry>;
  /** The `- default: State` item form. */
  defaultItem?: StateRef;
}

interface StateBase {
  node: YMap;
  span: Span;
  name: string;
  nameNode?: YScalar;
  /** Span for findings about the whole state: its name value, else its first key. */
  anchor: Span;
  typeName: string;
  typeEntry?: Entry;
  fields: Map<string, Entry>;
  workflow: Workflow;
  /** The Parallel state and branch this state belongs to, when nested. */
  parent?: { state: ParallelState; branch: Branch };
  next?: StateRef;
  end?: Entry;
  description?: string;
  inputPath?: Entry;
  outputPath?: Entry;
  result?: Entry;
  catches: CatchEntry[];
  retries?: RetryPolicy;
  timeout?: Entry;
  parameters?: Entry;
}

export interface TaskState extends StateBase {
  type: 'Task';
  resource?: Entry;
  /** The resource URN, with `action: name` expanded to `urn:cascade:activity:name`. */
  resourceUrn?: string;
}
export interface ChoiceState extends StateBase {
  type: 'Choice';
  choices: ChoiceRule[];
  default?: StateRef;
}
export interface Branch {
  node: YMap;
  span: Span;
  index: number;
  /** A single state used as a branch (the seed's form). */
  single: boolean;
  name?: string;
  nameNode?: YScalar;
  start?: StateRef;
  states: State[];
}
export interface ParallelState extends StateBase {
  type: 'Parallel';
  branches: Branch[];
}
export interface WaitState extends StateBase {
  type: 'Wait';
  duration?: Entry;
  seconds?: Entry;
  until?: Entry;
}
export interface PassState extends StateBase {
  type: 'Pass';
  value?: Entry;
}
export interface HumanTaskState extends StateBase {
  type: 'HumanTask';
  ui?: Entry;
  uiSchemaUrn?: string;
  assignee?: Entry;
}
export interface EvaluatePolicyState extends StateBase {
  type: 'EvaluatePolicy';
  policy?: Entry;
  engine?: Entry;
}
export interface ReceiveState extends StateBase {
  type: 'Receive';
  event?: Entry;
}
export interface SucceedState extends StateBase {
  type: 'Succeed';
}
export interface FailState extends StateBase {
  type: 'Fail';
  error?: Entry;
  cause?: Entry;
}
/** A state whose `type` is missing or unknown: only common fields are modelled. */
export interface UnknownState extends StateBase {
  type: 'Unknown';
}

export type State =
  | TaskState
  | ChoiceState
  | ParallelState
  | WaitState
  | PassState
  | HumanTaskState
  | EvaluatePolicyState
  | ReceiveState
  | SucceedState
  | FailState
  | UnknownState;

export interface Migration {
  node: YMap;
  span: Span;
  from?: Entry;
  to?: Entry;
  rename?: Entry;
  set?: Entry;
  remove?: Entry;
}

export interface Workflow {
  node: YMap;
  span: Span;
  anchor: Span;
  name: string;
  nameNode?: YScalar;
  description?: string;
  start?: StateRef;
  timeout?: Entry;
  version?: Entry;
  input?: Entry;
  inputSchema?: Entry;
  migrations: Migration[];
  /** Top-level states, in order. */
  states: State[];
  /** Every state, branches included, in document order. */
  allStates: State[];
  /** First definition of each name (duplicates are a finding). */
  stateByName: Map<string, State>;
  fields: Map<string, Entry>;
  /** True for a `states:` fragment without `start`: starts at its first state. */
  implicitStart: boolean;
  document: CascadeDocument;
  index: number;
}

export interface ActivityDeclaration {
  node: YMap;
  span: Span;
  urn: string;
  urnNode?: YScalar;
  input?: Entry;
  output?: Entry;
  inputSchema?: Entry;
  outputSchema?: Entry;
  errors: ErrorName[];
  description?: string;
  /** Where it came from: the document itself or a catalogue file named by the config. */
  source?: string;
}

export interface SchemaDeclaration {
  node: YMap;
  span: Span;
  urn: string;
  urnNode?: YScalar;
  schema?: Entry;
  source?: string;
}

export type DocumentKind = 'application' | 'workflows-fragment' | 'states-fragment' | 'not-cascade' | 'empty';

/** A key written with an accepted non-canonical spelling. */
export interface AliasUse {
  entry: Entry;
  canonical: string;
}

export interface KeyConflict {
  first: Entry;
  second: Entry;
  canonical: string;
}

export interface CascadeDocument {
  index: number;
  kind: DocumentKind;
  yaml: YDocument;
  root: YMap | null;
  apiVersion?: Entry;
  kindEntry?: Entry;
  metadata?: Entry;
  name?: string;
  workflows: Workflow[];
  activities: ActivityDeclaration[];
  schemas: SchemaDeclaration[];
  aliasUses: AliasUse[];
  keyConflicts: KeyConflict[];
}
