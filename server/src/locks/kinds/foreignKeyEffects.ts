/**
 * Writes on either end of a foreign key lock the other end: the check that a
 * new or changed key exists reads the referenced table FOR KEY SHARE (ROW
 * SHARE), and deleting or re-keying a referenced row looks for referencing
 * rows the same way, or changes them (ROW EXCLUSIVE) when the key cascades or
 * sets null/default. The checks run only for rows that need them.
 */

import type { LockContext, LockFact } from '../lockFact';
import { lockOn } from '../lockFactBuilder';
import type { LockMode } from '../lockModes';
import type { QueryWrite } from '../../sql/queryRelations';
import type { ReferentialAction } from '../../schema/schemaModel';
import { descendantsOf, foreignKeysFrom, foreignKeysTo, referencedColumnsOf, withPartitions } from '../schemaFacts';

type Change = 'insert' | 'update' | 'delete';

function resTargetNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => (item as { ResTarget?: { name?: string } }).ResTarget?.name).filter((name): name is string => name !== undefined);
}

/** The changes a write makes, with the columns an UPDATE sets. */
function changesOf(write: QueryWrite): { change: Change; columns: string[] }[] {
  const node = write.node;
  switch (write.kind) {
    case 'insert': {
      const changes: { change: Change; columns: string[] }[] = [{ change: 'insert', columns: [] }];
      const conflict = node['onConflictClause'] as { action?: string; targetList?: unknown } | undefined;
      if (conflict?.action === 'ONCONFLICT_UPDATE') changes.push({ change: 'update', columns: resTargetNames(conflict.targetList) });
      return changes;
    }
    case 'update':
      return [{ change: 'update', columns: resTargetNames(node['targetList']) }];
    case 'delete':
      return [{ change: 'delete', columns: [] }];
    case 'merge': {
      const clauses = (node['mergeWhenClauses'] as { MergeWhenClause?: { commandType?: string; targetList?: unknown } }[] | undefined) ?? [];
      return clauses.flatMap(({ MergeWhenClause: clause }): { change: Change; columns: string[] }[] => {
        if (clause?.commandType === 'CMD_INSERT') return [{ change: 'insert' as const, columns: [] }];
        if (clause?.commandType === 'CMD_UPDATE') return [{ change: 'update' as const, columns: resTargetNames(clause.targetList) }];
        if (clause?.commandType === 'CMD_DELETE') return [{ change: 'delete' as const, columns: [] }];
        return [];
      });
    }
  }
}

const CHANGES_REFERENCING_ROWS = new Set<ReferentialAction>(['cascade', 'set null', 'set default']);

function referencingLock(action: ReferentialAction | undefined): LockMode {
  return action && CHANGES_REFERENCING_ROWS.has(action) ? 'ROW EXCLUSIVE' : 'ROW SHARE';
}

export function foreignKeyLocks(write: QueryWrite, table: string, context: LockContext): LockFact[] {
  const facts: LockFact[] = [];
  for (const { change, columns } of changesOf(write)) {
    if (change === 'insert' || change === 'update') {
      for (const key of foreignKeysFrom(context, table)) {
        if (!key.referencedTable) continue;
        if (change === 'update' && !key.columns.some((column) => columns.includes(column))) continue;
        const what = key.columns.join(', ') || 'key';
        const onlyWhen = change === 'insert' ? `a new row has a non-null ${what}` : `an updated row sets ${what}`;
        facts.push(lockOn(key.referencedTable, 'ROW SHARE', `foreign key ${key.name}: the referenced row is locked FOR KEY SHARE`, { onlyWhen }));
        // A partitioned referenced table: the check reads the partition holding the key.
        for (const partition of descendantsOf(context, key.referencedTable, 'partitions')) {
          facts.push(
            lockOn(partition, 'ROW SHARE', `foreign key ${key.name}: the referenced row is locked in its partition`, {
              onlyWhen: `${onlyWhen} that falls in this partition`,
            }),
          );
        }
      }
    }
    if (change === 'delete' || change === 'update') {
      for (const key of foreignKeysTo(context, table)) {
        const referenced = referencedColumnsOf(context, key);
        if (change === 'update' && !referenced.some((column) => columns.includes(column))) continue;
        const action = change === 'delete' ? key.onDelete : key.onUpdate;
        const mode = referencingLock(action);
        const details = {
          onlyWhen: change === 'delete' ? 'rows are deleted' : `an updated row changes ${referenced.join(', ') || 'its key'}`,
          ...(action === undefined ? { note: 'ROW EXCLUSIVE instead when the foreign key cascades or sets null/default (its action is not known here)' } : {}),
        };
        const reason =
          mode === 'ROW EXCLUSIVE'
            ? `foreign key ${key.name} ON ${change.toUpperCase()} ${action?.toUpperCase()} changes referencing rows`
            : `foreign key ${key.name}: referencing rows are looked up FOR KEY SHARE`;
        for (const relation of withPartitions(context, key.table)) facts.push(lockOn(relation, mode, reason, details));
      }
    }
  }
  return facts;
}
