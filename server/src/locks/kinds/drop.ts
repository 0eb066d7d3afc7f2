/**
 * DROP of tables, views, indexes, sequences, triggers, rules, policies and
 * statistics. Dropping a relation also locks, ACCESS EXCLUSIVE, everything
 * whose catalog entries it changes: the tables at the other end of its
 * foreign keys (their triggers go), the partitioned parent and its default
 * partition when a partition goes, the partitions of a partitioned table,
 * its owned sequences, and with CASCADE the referencing tables and views.
 */

import { droppedObjectNames } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, stringsOf, withNote } from '../lockFactBuilder';
import {
  defaultPartitionOf,
  dependentViewsOf,
  descendantsOf,
  foreignKeysFrom,
  foreignKeysTo,
  indexIn,
  isDefaultPartition,
  ownedSequencesOf,
  partitionParentOf,
  statisticsTableOf,
  withPartitions,
} from '../schemaFacts';

type Body = Record<string, unknown>;

function dropTable(table: string, cascade: boolean, context: LockContext): LockFact[] {
  const facts = [lockOn(table, 'ACCESS EXCLUSIVE', 'DROP TABLE')];
  for (const key of foreignKeysFrom(context, table)) {
    if (key.referencedTable)
      facts.push(lockOn(key.referencedTable, 'ACCESS EXCLUSIVE', `DROP TABLE removes foreign key ${key.name}'s triggers from the referenced table`));
  }
  const parent = partitionParentOf(context, table);
  if (parent) {
    facts.push(lockOn(parent, 'ACCESS EXCLUSIVE', 'DROP TABLE of a partition changes the partitioned table'));
    const fallback = defaultPartitionOf(context, parent);
    if (fallback && !isDefaultPartition(context, table))
      facts.push(lockOn(fallback, 'ACCESS EXCLUSIVE', 'DROP TABLE of a partition changes what the default partition may hold'));
  }
  // Partitions always go with their table; inheritance children only with CASCADE.
  for (const child of descendantsOf(context, table, cascade ? 'all' : 'partitions'))
    facts.push(lockOn(child, 'ACCESS EXCLUSIVE', 'DROP TABLE drops the partitions and children too'));
  for (const sequence of ownedSequencesOf(context, table))
    facts.push(lockOn(sequence, 'ACCESS EXCLUSIVE', 'DROP TABLE drops the sequences it owns', { relationKind: 'sequence' }));
  if (cascade) {
    for (const key of foreignKeysTo(context, table)) {
      if (key.table === table) continue;
      for (const relation of withPartitions(context, key.table))
        facts.push(lockOn(relation, 'ACCESS EXCLUSIVE', `DROP TABLE ... CASCADE drops foreign key ${key.name} referencing it`));
    }
    for (const view of dependentViewsOf(context, table)) facts.push(lockOn(view, 'ACCESS EXCLUSIVE', 'DROP ... CASCADE drops views that use it'));
  }
  return facts;
}

/**
 * DROP INDEX locks the index and its table ACCESS EXCLUSIVE. CONCURRENTLY
 * holds SHARE UPDATE EXCLUSIVE on both while it waits out the queries using
 * the index, then takes ACCESS EXCLUSIVE on the index alone for the drop.
 */
function dropIndex(index: string, concurrent: boolean, context: LockContext): LockFact[] {
  const tableMode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  const facts = [
    lockOn(index, 'ACCESS EXCLUSIVE', concurrent ? 'DROP INDEX CONCURRENTLY waits for queries using it, then drops it' : 'DROP INDEX', {
      relationKind: 'index',
    }),
  ];
  const table = indexIn(context, index)?.table;
  if (table) {
    facts.push(
      lockOn(table, tableMode, concurrent ? 'DROP INDEX CONCURRENTLY lets reads and writes go on' : 'DROP INDEX locks its table: every query on it waits'),
    );
    // An index on a partitioned table takes the partitions' indexes with it.
    for (const partition of descendantsOf(context, table, 'partitions'))
      facts.push(lockOn(partition, tableMode, "DROP INDEX drops each partition's index too"));
  }
  return concurrent ? withNote(facts, 'cannot run inside a transaction block') : facts;
}

/** `[table..., object]` names of DROP TRIGGER / RULE / POLICY: the table is all but the last part. */
function tableOfObjectOnTable(objects: unknown[] | undefined): string[] {
  return (objects ?? []).flatMap((object) => {
    const parts = stringsOf((object as { List?: { items?: unknown } }).List?.items);
    return parts.length > 1 ? [parts.slice(0, -1).join('.')] : [];
  });
}

export const DROP_LOCKS = {
  DropStmt: (body: Body, context: LockContext): LockFact[] => {
    const objects = body['objects'] as unknown[] | undefined;
    const cascade = body['behavior'] === 'DROP_CASCADE';
    const names = droppedObjectNames(objects);
    switch (body['removeType']) {
      case 'OBJECT_TABLE':
      case 'OBJECT_FOREIGN_TABLE':
        return names.flatMap((name) => dropTable(name, cascade, context));
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
        return names.flatMap((name) => [
          lockOn(name, 'ACCESS EXCLUSIVE', body['removeType'] === 'OBJECT_VIEW' ? 'DROP VIEW' : 'DROP MATERIALIZED VIEW'),
          ...(cascade ? dependentViewsOf(context, name).map((view) => lockOn(view, 'ACCESS EXCLUSIVE', 'DROP ... CASCADE drops views that use it')) : []),
        ]);
      case 'OBJECT_INDEX':
        return names.flatMap((name) => dropIndex(name, body['concurrent'] === true, context));
      case 'OBJECT_SEQUENCE':
        return names.map((name) => lockOn(name, 'ACCESS EXCLUSIVE', 'DROP SEQUENCE', { relationKind: 'sequence' }));
      case 'OBJECT_TRIGGER':
        return tableOfObjectOnTable(objects).map((table) => lockOn(table, 'ACCESS EXCLUSIVE', 'DROP TRIGGER'));
      case 'OBJECT_RULE':
        return tableOfObjectOnTable(objects).map((table) => lockOn(table, 'ACCESS EXCLUSIVE', 'DROP RULE changes what queries on the table do'));
      case 'OBJECT_POLICY':
        return tableOfObjectOnTable(objects).map((table) => lockOn(table, 'ACCESS EXCLUSIVE', 'DROP POLICY changes which rows queries see'));
      case 'OBJECT_STATISTIC_EXT':
        return names.flatMap((name) => {
          const table = statisticsTableOf(context, name);
          // On 11 only the statistics object is locked (observed); from 12 its table too.
          return table && context.pgVersion >= 12 ? [lockOn(table, 'SHARE UPDATE EXCLUSIVE', 'DROP STATISTICS')] : [];
        });
      default:
        return [];
    }
  },
};
