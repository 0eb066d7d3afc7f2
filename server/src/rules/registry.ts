/**
 * Every finding fearless reports, in one list: the rules (one file each in
 * this folder, in the order their findings are listed: statement rules, then
 * the rules about forward/reverse pairs), and the findings that come from
 * reading the text or from fearless's own directives. A new rule is its file
 * and its line in RULES (`npm run new-rule <id>` writes both).
 */

import { addColumnRewritesTable } from './addColumnRewritesTable';
import { addNotNullColumnWithoutDefault } from './addNotNullColumnWithoutDefault';
import { alterDomainAddConstraint } from './alterDomainAddConstraint';
import { attachPartitionScans } from './attachPartitionScans';
import { backfillInSchemaTransaction } from './backfillInSchemaTransaction';
import { cannotRunInTransaction } from './cannotRunInTransaction';
import { changeColumnType } from './changeColumnType';
import { checkConstraintWithoutNotValid } from './checkConstraintWithoutNotValid';
import { concurrentIndexIfNotExists } from './concurrentIndexIfNotExists';
import { constraintBuildsIndexUnderLock } from './constraintBuildsIndexUnderLock';
import { createDomainWithConstraint } from './createDomainWithConstraint';
import { detachPartitionWithoutConcurrently } from './detachPartitionWithoutConcurrently';
import { disableTriggerAll } from './disableTriggerAll';
import { dropColumn } from './dropColumn';
import { duplicateColumnAssignment } from './duplicateColumnAssignment';
import { dropDatabase } from './dropDatabase';
import { dropIndexWithoutConcurrently } from './dropIndexWithoutConcurrently';
import { dropNotNull } from './dropNotNull';
import { dropTable } from './dropTable';
import { enumValueUsedInTransaction } from './enumValueUsedInTransaction';
import { exclusionConstraintOnExistingTable } from './exclusionConstraintOnExistingTable';
import { exclusiveLockChain } from './exclusiveLockChain';
import { foreignKeyWithoutNotValid } from './foreignKeyWithoutNotValid';
import { identifierTooLong } from './identifierTooLong';
import { indexWithManyColumns } from './indexWithManyColumns';
import { indexWithoutConcurrently } from './indexWithoutConcurrently';
import { lockTable } from './lockTable';
import { lockTimeoutMissing } from './lockTimeoutMissing';
import { preferBigintForIds } from './preferBigintForIds';
import { preferIdempotentDdl } from './preferIdempotentDdl';
import { preferIdentityOverSerial } from './preferIdentityOverSerial';
import { preferJsonbOverJson } from './preferJsonbOverJson';
import { preferTextOverChar } from './preferTextOverChar';
import { preferTextOverVarchar } from './preferTextOverVarchar';
import { preferTimestamptz } from './preferTimestamptz';
import { refreshMatviewWithoutConcurrently } from './refreshMatviewWithoutConcurrently';
import { reindexWithoutConcurrently } from './reindexWithoutConcurrently';
import { renameColumn } from './renameColumn';
import { replicaIdentityDropped } from './replicaIdentityDropped';
import { renameTable } from './renameTable';
import { setNotNullScansTable } from './setNotNullScansTable';
import { statementTimeoutMissing } from './statementTimeoutMissing';
import { transactionAssumed } from './transactionAssumed';
import { transactionNesting } from './transactionNesting';
import { triggerLeftDisabled } from './triggerLeftDisabled';
import { truncateCascade } from './truncateCascade';
import { unbatchedBackfill } from './unbatchedBackfill';
import { uncommittedTransaction } from './uncommittedTransaction';
import { vacuumFullOrCluster } from './vacuumFullOrCluster';
import { validateInLockingTransaction } from './validateInLockingTransaction';

import { dataLossInPair } from './dataLossInPair';
import { reverseEmpty } from './reverseEmpty';
import { reverseIncomplete } from './reverseIncomplete';
import { reverseMissing } from './reverseMissing';
import { reverseUnexpected } from './reverseUnexpected';
import type { Rule, Severity } from './rule';
import type { SqlProblemCode } from '../sql/parseSql';

export const RULES: readonly Rule[] = [
  // Locks that block traffic on existing tables.
  indexWithoutConcurrently,
  lockTimeoutMissing,
  statementTimeoutMissing,
  addColumnRewritesTable,
  setNotNullScansTable,
  foreignKeyWithoutNotValid,
  checkConstraintWithoutNotValid,
  constraintBuildsIndexUnderLock,
  exclusionConstraintOnExistingTable,
  changeColumnType,
  dropIndexWithoutConcurrently,
  concurrentIndexIfNotExists,
  reindexWithoutConcurrently,
  detachPartitionWithoutConcurrently,
  attachPartitionScans,
  refreshMatviewWithoutConcurrently,
  vacuumFullOrCluster,
  lockTable,
  alterDomainAddConstraint,
  // Transactions: what shares one, and what cannot run in one.
  validateInLockingTransaction,
  exclusiveLockChain,
  backfillInSchemaTransaction,
  unbatchedBackfill,
  cannotRunInTransaction,
  enumValueUsedInTransaction,
  transactionNesting,
  uncommittedTransaction,
  transactionAssumed,
  // Changes that break running code or lose data.
  addNotNullColumnWithoutDefault,
  renameColumn,
  renameTable,
  dropColumn,
  dropTable,
  dropNotNull,
  truncateCascade,
  dropDatabase,
  identifierTooLong,
  duplicateColumnAssignment,
  disableTriggerAll,
  triggerLeftDisabled,
  replicaIdentityDropped,
  // Schema style.
  preferBigintForIds,
  preferIdentityOverSerial,
  preferTimestamptz,
  preferJsonbOverJson,
  preferTextOverChar,
  preferTextOverVarchar,
  createDomainWithConstraint,
  indexWithManyColumns,
  preferIdempotentDdl,
  // Forward and reverse judged together.
  reverseMissing,
  reverseEmpty,
  reverseIncomplete,
  reverseUnexpected,
  dataLossInPair,
];

export type TextFindingId = SqlProblemCode | 'invalid-utf8' | 'unreadable-file' | 'unknown-rule-in-ignore' | 'syntax-newer-than-target' | 'rule-failure';

/** Findings that are not a rule's: what reading the text says (`parser`), and fearless's own directives and failures (`directive`). */
export const TEXT_FINDINGS: Record<TextFindingId, { severity: Severity; title: string; kind: 'parser' | 'directive' }> = {
  'syntax-error': { severity: 'error', title: 'PostgreSQL cannot parse the statement', kind: 'parser' },
  unterminated: { severity: 'error', title: 'Unterminated string, quoted identifier, dollar quote or comment', kind: 'parser' },
  'nul-byte': { severity: 'error', title: 'NUL byte in the SQL text', kind: 'parser' },
  'parser-failure': { severity: 'warning', title: 'The parser could not process the statement (too deep or too large); it is not checked', kind: 'parser' },
  'invalid-utf8': { severity: 'error', title: 'The file is not valid UTF-8', kind: 'parser' },
  'unknown-rule-in-ignore': { severity: 'warning', title: 'A fearless-ignore comment names a rule that does not exist', kind: 'directive' },
  'syntax-newer-than-target': { severity: 'error', title: 'The statement uses syntax newer than the configured PostgreSQL version', kind: 'directive' },
  'rule-failure': { severity: 'warning', title: 'A rule failed on the file and was skipped (a fearless bug)', kind: 'directive' },
  'unreadable-file': { severity: 'error', title: 'The CLI could not read the file', kind: 'parser' },
};

/** Every id a finding can have: what `fearless-ignore` comments and the `rules` setting may name. */
export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set([...RULES.map((rule) => rule.id), ...Object.keys(TEXT_FINDINGS)]);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

export interface RuleSummary {
  id: string;
  title: string;
  /** `off` for an opt-in rule. */
  defaultSeverity: Severity | 'off';
  kind: 'rule' | 'parser' | 'directive';
  counterparts?: { squawk?: string; strongMigrations?: string };
}

/** What `fearless rules` lists: every rule, then the findings that are not a rule's. */
export function ruleSummaries(): RuleSummary[] {
  return [
    ...RULES.map(
      (rule): RuleSummary => ({
        id: rule.id,
        title: rule.title,
        defaultSeverity: rule.defaultSeverity,
        kind: 'rule',
        ...(rule.counterparts ? { counterparts: rule.counterparts } : {}),
      }),
    ),
    ...Object.entries(TEXT_FINDINGS).map(([id, entry]): RuleSummary => ({ id, title: entry.title, defaultSeverity: entry.severity, kind: entry.kind })),
  ];
}
