/**
 * Per parser node kind, the function that lists its relation locks. Kinds
 * not listed take no relation lock on anything that exists before them
 * (SET, CREATE FUNCTION/TYPE/SCHEMA/EXTENSION, ALTER TYPE ... ADD VALUE, ...).
 */

import type { LockContext, LockFact } from '../lockFact';
import { alterTableLocks } from './alterTable';
import { CREATE_RELATION_LOCKS } from './createRelations';
import { DML_LOCKS } from './dml';
import { DROP_LOCKS } from './drop';
import { INDEX_LOCKS } from './indexes';
import { MAINTENANCE_LOCKS } from './maintenance';
import { OBJECT_METADATA_LOCKS } from './objectMetadata';
import { RENAME_LOCKS } from './rename';
import { TRIGGER_RULE_POLICY_LOCKS } from './triggersRulesPolicies';
import { TRUNCATE_AND_LOCK_LOCKS } from './truncateAndLock';

export type LocksOfKind = (body: Record<string, unknown>, context: LockContext) => LockFact[];

export const LOCKS_BY_KIND: Record<string, LocksOfKind> = {
  AlterTableStmt: alterTableLocks,
  ...CREATE_RELATION_LOCKS,
  ...DML_LOCKS,
  ...DROP_LOCKS,
  ...INDEX_LOCKS,
  ...MAINTENANCE_LOCKS,
  ...OBJECT_METADATA_LOCKS,
  ...RENAME_LOCKS,
  ...TRIGGER_RULE_POLICY_LOCKS,
  ...TRUNCATE_AND_LOCK_LOCKS,
};
