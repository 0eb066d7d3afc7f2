/** Every statement rule, in the order their findings are listed. One file per rule. */

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
import type { Rule } from './rule';
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

export const ALL_RULES: readonly Rule[] = [
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
];
