/**
 * Subcommands that link or unlink two tables: ATTACH / DETACH PARTITION and
 * INHERIT / NO INHERIT. The relation people forget is the default partition:
 * attaching or detaching a partition changes which rows the default may
 * hold, so it is locked ACCESS EXCLUSIVE too (and scanned on attach).
 */

import { relationName } from '../../sql/astNames';
import type { LockFact } from '../lockFact';
import { lockOn, needsVersion } from '../lockFactBuilder';
import { defaultPartitionOf, foreignKeysFrom, foreignKeysTo, indexIn, isDefaultPartition } from '../schemaFacts';
import type { SubcommandHandler, SubcommandInput, SubcommandLocks } from './alterTableTypes';

/**
 * The parent's foreign keys are copied onto an attached partition, and made
 * its own on detach: their triggers change on the referenced tables. On 11,
 * attaching only checked the referenced table (ROW SHARE, observed).
 */
function parentForeignKeyLocks(input: SubcommandInput, verb: 'ATTACH PARTITION' | 'DETACH PARTITION'): LockFact[] {
  const mode = verb === 'ATTACH PARTITION' && input.context.pgVersion < 12 ? 'ROW SHARE' : 'SHARE ROW EXCLUSIVE';
  return foreignKeysFrom(input.context, input.target.name).flatMap((key) =>
    key.referencedTable && key.referencedTable !== input.target.name
      ? [lockOn(key.referencedTable, mode, `${verb} changes foreign key ${key.name}'s triggers on the referenced table`)]
      : [],
  );
}

function defaultPartitionLock(input: SubcommandInput, partition: string, isNewDefault: boolean, scan: boolean, why: string): LockFact[] {
  const fallback = defaultPartitionOf(input.context, input.target.name);
  if (!fallback || isNewDefault || fallback === partition) return [];
  return [lockOn(fallback, 'ACCESS EXCLUSIVE', why, { scan })];
}

/** ALTER INDEX parent ATTACH PARTITION child: both indexes, and a look at both tables. */
function attachIndex(input: SubcommandInput): SubcommandLocks {
  const child = relationName(input.command.def?.PartitionCmd?.name);
  // Observed in pg_locks: ACCESS EXCLUSIVE on the parent index on 11, SHARE UPDATE EXCLUSIVE from 12 (like ALTER INDEX RENAME).
  const parentMode = input.context.pgVersion >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  const facts: LockFact[] = [input.on(parentMode, 'ATTACH PARTITION makes this the parent of a partition index')];
  const parentTable = indexIn(input.context, input.target.name)?.table;
  if (parentTable) facts.push(lockOn(parentTable, 'ACCESS SHARE', 'ALTER INDEX ATTACH PARTITION checks the partitioned table'));
  if (child) {
    facts.push(lockOn(child, 'ACCESS EXCLUSIVE', 'ATTACH PARTITION attaches this index to the partitioned index', { relationKind: 'index' }));
    const childTable = indexIn(input.context, child)?.table;
    if (childTable) facts.push(lockOn(childTable, 'ACCESS SHARE', "ALTER INDEX ATTACH PARTITION checks the partition's table"));
  }
  return { facts, recurse: 'none' };
}

export const attachPartition: SubcommandHandler = (input) => {
  if (input.target.objtype === 'OBJECT_INDEX') return attachIndex(input);
  const partitionCmd = input.command.def?.PartitionCmd;
  const partition = relationName(partitionCmd?.name);
  const isDefault = partitionCmd?.bound?.is_default === true;
  // Before 12 the parent was locked ACCESS EXCLUSIVE; since, queries on it go on.
  const parentMode = input.context.pgVersion >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  const facts: LockFact[] = [input.on(parentMode, 'ATTACH PARTITION')];
  if (partition) {
    facts.push(
      lockOn(partition, 'ACCESS EXCLUSIVE', 'ATTACH PARTITION checks every row against the partition bound (skipped when a CHECK constraint proves it)', {
        scan: true,
        ...(partitionCmd?.name?.location === undefined ? {} : { byteLocation: partitionCmd.name.location }),
      }),
    );
    facts.push(...defaultPartitionLock(input, partition, isDefault, true, 'ATTACH PARTITION checks the default partition holds no rows of the new bound'));
  }
  facts.push(...parentForeignKeyLocks(input, 'ATTACH PARTITION'));
  return { facts, recurse: 'none' };
};

/**
 * Tables whose foreign keys reference the partitioned table keep one
 * constraint per partition: detaching drops theirs for this partition (after
 * checking no row points into it), under ACCESS EXCLUSIVE. (The ALTER TABLE
 * page says SHARE; PostgreSQL 15 and 18 take ACCESS EXCLUSIVE.)
 */
function referencingTablesLocks(input: SubcommandInput): LockFact[] {
  return foreignKeysTo(input.context, input.target.name)
    .filter((key) => key.table !== input.target.name)
    .map((key) =>
      lockOn(key.table, 'ACCESS EXCLUSIVE', `DETACH PARTITION drops foreign key ${key.name}'s link to the partition, after checking no row points into it`, {
        scan: true,
      }),
    );
}

/**
 * Observed in pg_locks on 11 to 18: ACCESS EXCLUSIVE on the partition from
 * 14; before, SHARE UPDATE EXCLUSIVE, except for the default partition and
 * (from 12, when foreign keys may reference a partitioned table) a
 * partition whose parent other tables reference.
 */
function detachedPartitionMode(input: SubcommandInput, detachingDefault: boolean): 'ACCESS EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE' {
  if (input.context.pgVersion >= 14 || detachingDefault) return 'ACCESS EXCLUSIVE';
  const referenced = foreignKeysTo(input.context, input.target.name).some((key) => key.table !== input.target.name);
  return input.context.pgVersion >= 12 && referenced ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE';
}

export const detachPartition: SubcommandHandler = (input) => {
  const partitionCmd = input.command.def?.PartitionCmd;
  const partition = relationName(partitionCmd?.name);
  const location = partitionCmd?.name?.location === undefined ? {} : { byteLocation: partitionCmd.name.location };
  if (partitionCmd?.concurrent) {
    const note = [needsVersion(input.context, 14, 'DETACH PARTITION CONCURRENTLY'), 'cannot run inside a transaction block or with a default partition']
      .filter(Boolean)
      .join('; ');
    const facts = [input.on('SHARE UPDATE EXCLUSIVE', 'DETACH PARTITION CONCURRENTLY waits for queries on the parent instead of blocking them', { note })];
    // Two transactions: SHARE UPDATE EXCLUSIVE on both first; once queries using the parent are done, ACCESS EXCLUSIVE on the partition.
    if (partition) {
      facts.push(
        lockOn(
          partition,
          'ACCESS EXCLUSIVE',
          'DETACH PARTITION CONCURRENTLY finishes under ACCESS EXCLUSIVE on the partition, after waiting for queries on the parent',
          {
            ...location,
            note,
          },
        ),
      );
    }
    facts.push(...referencingTablesLocks(input), ...parentForeignKeyLocks(input, 'DETACH PARTITION'));
    return { facts, recurse: 'none' };
  }
  const facts: LockFact[] = [input.on('ACCESS EXCLUSIVE', 'DETACH PARTITION')];
  if (partition) {
    const detachingDefault = isDefaultPartition(input.context, partition);
    facts.push(lockOn(partition, detachedPartitionMode(input, detachingDefault), 'DETACH PARTITION', location));
    facts.push(...defaultPartitionLock(input, partition, detachingDefault, false, 'DETACH PARTITION changes what the default partition may hold'));
  }
  facts.push(...referencingTablesLocks(input), ...parentForeignKeyLocks(input, 'DETACH PARTITION'));
  return { facts, recurse: 'none' };
};

export const addInherit: SubcommandHandler = ({ command, on }) => {
  const parent = command.def?.RangeVar;
  const facts = [on('ACCESS EXCLUSIVE', 'INHERIT')];
  const name = relationName(parent);
  if (name)
    facts.push(
      lockOn(
        name,
        'SHARE UPDATE EXCLUSIVE',
        'INHERIT makes this the parent: its queries start reading the child',
        parent?.location === undefined ? {} : { byteLocation: parent.location },
      ),
    );
  return { facts, recurse: 'none' };
};

export const dropInherit: SubcommandHandler = ({ command, on }) => {
  const parent = command.def?.RangeVar;
  const facts = [on('ACCESS EXCLUSIVE', 'NO INHERIT')];
  const name = relationName(parent);
  if (name) facts.push(lockOn(name, 'ACCESS SHARE', 'NO INHERIT reads the parent', parent?.location === undefined ? {} : { byteLocation: parent.location }));
  return { facts, recurse: 'none' };
};
