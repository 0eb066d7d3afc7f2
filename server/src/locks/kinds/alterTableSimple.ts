/**
 * ALTER TABLE subcommands whose lock depends on nothing but the subcommand
 * (AlterTableGetLockLevel in tablecmds.c; anything not listed there takes
 * ACCESS EXCLUSIVE). Subcommands that also lock other relations, or whose
 * rewrite/scan depends on the schema, have their own modules.
 */

import type { LockMode } from '../lockModes';
import type { Recursion } from './alterTableTypes';

export interface SimpleSubcommand {
  mode: LockMode;
  /** Plain words for the reason. */
  what: string;
  recurse?: Recursion;
  rewrite?: boolean;
  /** First PostgreSQL version with this subcommand. */
  since?: number;
}

const ACCESS_EXCLUSIVE = 'ACCESS EXCLUSIVE' as const;
const SHARE_UPDATE_EXCLUSIVE = 'SHARE UPDATE EXCLUSIVE' as const;
const SHARE_ROW_EXCLUSIVE = 'SHARE ROW EXCLUSIVE' as const;

export const SIMPLE_SUBCOMMANDS: Record<string, SimpleSubcommand> = {
  // Planner and maintenance settings: no effect on what queries see, so writes may go on.
  AT_SetStatistics: { mode: SHARE_UPDATE_EXCLUSIVE, what: 'SET STATISTICS', recurse: 'all' },
  AT_SetOptions: { mode: SHARE_UPDATE_EXCLUSIVE, what: 'ALTER COLUMN SET (...)', recurse: 'all' },
  AT_ResetOptions: { mode: SHARE_UPDATE_EXCLUSIVE, what: 'ALTER COLUMN RESET (...)', recurse: 'all' },
  AT_DropCluster: { mode: SHARE_UPDATE_EXCLUSIVE, what: 'SET WITHOUT CLUSTER' },
  AT_DetachPartitionFinalize: { mode: SHARE_UPDATE_EXCLUSIVE, what: 'DETACH PARTITION ... FINALIZE', since: 14 },

  // Triggers only affect writes: reads go on.
  AT_EnableTrig: { mode: SHARE_ROW_EXCLUSIVE, what: 'ENABLE TRIGGER' },
  AT_DisableTrig: { mode: SHARE_ROW_EXCLUSIVE, what: 'DISABLE TRIGGER' },
  AT_EnableAlwaysTrig: { mode: SHARE_ROW_EXCLUSIVE, what: 'ENABLE ALWAYS TRIGGER' },
  AT_EnableReplicaTrig: { mode: SHARE_ROW_EXCLUSIVE, what: 'ENABLE REPLICA TRIGGER' },
  AT_EnableTrigAll: { mode: SHARE_ROW_EXCLUSIVE, what: 'ENABLE TRIGGER ALL' },
  AT_DisableTrigAll: { mode: SHARE_ROW_EXCLUSIVE, what: 'DISABLE TRIGGER ALL' },
  AT_EnableTrigUser: { mode: SHARE_ROW_EXCLUSIVE, what: 'ENABLE TRIGGER USER' },
  AT_DisableTrigUser: { mode: SHARE_ROW_EXCLUSIVE, what: 'DISABLE TRIGGER USER' },

  // Catalog-only changes that still block reads: queries must not see them half done.
  AT_CookedColumnDefault: { mode: ACCESS_EXCLUSIVE, what: 'SET DEFAULT (catalog only)' },
  AT_SetStorage: { mode: ACCESS_EXCLUSIVE, what: 'SET STORAGE (catalog only; applies to new rows)', recurse: 'all' },
  AT_SetCompression: { mode: ACCESS_EXCLUSIVE, what: 'SET COMPRESSION (catalog only; applies to new rows)', recurse: 'all', since: 14 },
  AT_DropExpression: { mode: ACCESS_EXCLUSIVE, what: 'DROP EXPRESSION (catalog only; values stay)', recurse: 'all', since: 13 },
  AT_AddIdentity: { mode: ACCESS_EXCLUSIVE, what: 'ADD GENERATED AS IDENTITY (catalog only; creates a sequence)', recurse: 'partitions' },
  AT_AlterConstraint: { mode: ACCESS_EXCLUSIVE, what: 'ALTER CONSTRAINT (catalog only)' },
  AT_EnableRule: { mode: ACCESS_EXCLUSIVE, what: 'ENABLE RULE' },
  AT_EnableAlwaysRule: { mode: ACCESS_EXCLUSIVE, what: 'ENABLE ALWAYS RULE' },
  AT_EnableReplicaRule: { mode: ACCESS_EXCLUSIVE, what: 'ENABLE REPLICA RULE' },
  AT_DisableRule: { mode: ACCESS_EXCLUSIVE, what: 'DISABLE RULE' },
  AT_EnableRowSecurity: { mode: ACCESS_EXCLUSIVE, what: 'ENABLE ROW LEVEL SECURITY' },
  AT_DisableRowSecurity: { mode: ACCESS_EXCLUSIVE, what: 'DISABLE ROW LEVEL SECURITY' },
  AT_ForceRowSecurity: { mode: ACCESS_EXCLUSIVE, what: 'FORCE ROW LEVEL SECURITY' },
  AT_NoForceRowSecurity: { mode: ACCESS_EXCLUSIVE, what: 'NO FORCE ROW LEVEL SECURITY' },
  AT_DropOf: { mode: ACCESS_EXCLUSIVE, what: 'NOT OF' },
  AT_DropOids: { mode: ACCESS_EXCLUSIVE, what: 'SET WITHOUT OIDS (a no-op that still locks)' },
  AT_GenericOptions: { mode: ACCESS_EXCLUSIVE, what: 'OPTIONS (...)' },
  AT_AlterColumnGenericOptions: { mode: ACCESS_EXCLUSIVE, what: 'ALTER COLUMN OPTIONS (...)' },
  AT_ReplaceRelOptions: { mode: ACCESS_EXCLUSIVE, what: 'replace options' },
  AT_AddColumnToView: { mode: ACCESS_EXCLUSIVE, what: 'CREATE OR REPLACE VIEW adds a column' },
  AT_CheckNotNull: { mode: 'ACCESS SHARE', what: 'check NOT NULL' },

  // Every row is written anew.
  AT_SetLogged: { mode: ACCESS_EXCLUSIVE, what: 'SET LOGGED rewrites the table into WAL (a no-op if it is already logged)', rewrite: true },
  AT_SetUnLogged: { mode: ACCESS_EXCLUSIVE, what: 'SET UNLOGGED rewrites the table (a no-op if it is already unlogged)', rewrite: true },
  AT_SetAccessMethod: {
    mode: ACCESS_EXCLUSIVE,
    what: 'SET ACCESS METHOD rewrites the table (a no-op if it already uses that method)',
    rewrite: true,
    since: 15,
  },
  AT_SetTableSpace: { mode: ACCESS_EXCLUSIVE, what: 'SET TABLESPACE copies every block to the new tablespace (a no-op if it is already there)', rewrite: true },
};
