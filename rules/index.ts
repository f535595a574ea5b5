// The explicit rule registry: every rule, in the order it runs.
import { Rule } from '../server/src/analysis/rule';
import { rule as yamlSyntax } from './yaml-syntax';
import { rule as duplicateKey } from './duplicate-key';
import { rule as missingEnvelope } from './missing-envelope';
import { rule as unknownApiVersion } from './unknown-api-version';
import { rule as conflictingKeys } from './conflicting-keys';
import { rule as preferCanonicalKeys } from './prefer-canonical-keys';
import { rule as unknownField } from './unknown-field';
import { rule as missingField } from './missing-field';
import { rule as invalidValue } from './invalid-value';
import { rule as unknownStateType } from './unknown-state-type';
import { rule as invalidPath } from './invalid-path';
import { rule as invalidTemplate } from './invalid-template';
import { rule as unknownFilter } from './unknown-filter';
import { rule as invalidDuration } from './invalid-duration';
import { rule as invalidUrn } from './invalid-urn';
import { rule as preferTemplateSyntax } from './prefer-template-syntax';
import { rule as stateNameCase } from './state-name-case';
import { rule as urnNameCase } from './urn-name-case';
import { rule as unusedSuppression } from './unused-suppression';
import { rule as duplicateStateName } from './duplicate-state-name';
import { rule as duplicateWorkflowName } from './duplicate-workflow-name';
import { rule as unknownStartState } from './unknown-start-state';
import { rule as unknownTransitionTarget } from './unknown-transition-target';
import { rule as missingTransition } from './missing-transition';
import { rule as conflictingTransition } from './conflicting-transition';
import { rule as unreachableState } from './unreachable-state';
import { rule as noTerminalPath } from './no-terminal-path';
import { rule as choiceWithoutDefault } from './choice-without-default';
import { rule as branchEscape } from './branch-escape';
import { rule as catchAllNotLast } from './catch-all-not-last';
import { rule as shadowedCatch } from './shadowed-catch';
import { rule as missingCatch } from './missing-catch';
import { rule as uncaughtError } from './uncaught-error';
import { rule as invalidRetry } from './invalid-retry';
import { rule as retryTooAggressive } from './retry-too-aggressive';
import { rule as versionFormat } from './version-format';
import { rule as breakingInputChange } from './breaking-input-change';
import { rule as missingMigration } from './missing-migration';
import { rule as invalidMigration } from './invalid-migration';
import { rule as removedInputField } from './removed-input-field';
import { rule as undefinedContextPath } from './undefined-context-path';
import { rule as maybeUndefinedContextPath } from './maybe-undefined-context-path';
import { rule as prunedContextPath } from './pruned-context-path';
import { rule as unknownInputField } from './unknown-input-field';
import { rule as unknownProperty } from './unknown-property';
import { rule as parallelWriteConflict } from './parallel-write-conflict';
import { rule as replacesContext } from './replaces-context';
import { rule as noObjectInterpolation } from './no-object-interpolation';
import { rule as conditionTypeMismatch } from './condition-type-mismatch';
import { rule as unusedResult } from './unused-result';

export const ALL_RULES: readonly Rule[] = [
  yamlSyntax,
  duplicateKey,
  missingEnvelope,
  unknownApiVersion,
  conflictingKeys,
  preferCanonicalKeys,
  unknownField,
  missingField,
  invalidValue,
  unknownStateType,
  invalidPath,
  invalidTemplate,
  unknownFilter,
  invalidDuration,
  invalidUrn,
  preferTemplateSyntax,
  stateNameCase,
  urnNameCase,
  duplicateStateName,
  duplicateWorkflowName,
  unknownStartState,
  unknownTransitionTarget,
  missingTransition,
  conflictingTransition,
  unreachableState,
  noTerminalPath,
  choiceWithoutDefault,
  branchEscape,
  catchAllNotLast,
  shadowedCatch,
  missingCatch,
  uncaughtError,
  invalidRetry,
  retryTooAggressive,
  versionFormat,
  breakingInputChange,
  missingMigration,
  invalidMigration,
  removedInputField,
  undefinedContextPath,
  maybeUndefinedContextPath,
  prunedContextPath,
  unknownInputField,
  unknownProperty,
  parallelWriteConflict,
  replacesContext,
  noObjectInterpolation,
  conditionTypeMismatch,
  unusedResult,
  unusedSuppression,
];
