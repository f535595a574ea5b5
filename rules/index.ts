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
import { rule as versionFormat } from './version-format';
import { rule as breakingInputChange } from './breaking-input-change';
import { rule as missingMigration } from './missing-migration';
import { rule as invalidMigration } from './invalid-migration';
import { rule as removedInputField } from './removed-input-field';

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
  versionFormat,
  breakingInputChange,
  missingMigration,
  invalidMigration,
  removedInputField,
  unusedSuppression,
];
