/**
 * TRUNCATE and LOCK TABLE: both lock what they name and, unless ONLY, every
 * partition and inheritance child. TRUNCATE ... CASCADE also empties every
 * table whose foreign keys reference the truncated ones (transitively), and
 * RESTART IDENTITY resets their owned sequences. LOCK TABLE on a view locks
 * the tables the view reads, in the same mode.
 */

import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, reachesChildren } from '../lockFactBuilder';
import { LOCK_MODES, type LockMode } from '../lockModes';
import { descendantsOf, foreignKeysTo, isView, ownedSequencesOf, viewBaseRelations, withPartitions } from '../schemaFacts';

type Body = Record<string, unknown>;

function truncate(body: Body, context: LockContext): LockFact[] {
  const relations = ((body['relations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []).map((entry) => entry.RangeVar);
  const cascade = body['behavior'] === 'DROP_CASCADE';
  const facts: LockFact[] = [];
  const emptied: string[] = [];
  const reason = 'TRUNCATE swaps in an empty file (no per-row work)';
  for (const relation of relations) {
    const name = relationName(relation);
    if (!name) continue;
    facts.push(...lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', reason));
    emptied.push(name);
    if (!reachesChildren(relation)) continue;
    for (const child of descendantsOf(context, name)) {
      facts.push(lockOn(child, 'ACCESS EXCLUSIVE', 'TRUNCATE empties the partitions and children too'));
      emptied.push(child);
    }
  }
  if (cascade) {
    for (let next = 0; next < emptied.length; next++) {
      for (const key of foreignKeysTo(context, emptied[next]!)) {
        for (const table of withPartitions(context, key.table)) {
          if (emptied.includes(table)) continue;
          facts.push(lockOn(table, 'ACCESS EXCLUSIVE', `TRUNCATE ... CASCADE empties it too (foreign key ${key.name})`));
          emptied.push(table);
        }
      }
    }
  }
  if (body['restart_seqs'] === true) {
    for (const table of emptied) {
      for (const sequence of ownedSequencesOf(context, table)) {
        facts.push(lockOn(sequence, 'ACCESS EXCLUSIVE', 'TRUNCATE ... RESTART IDENTITY resets the sequence', { relationKind: 'sequence' }));
      }
    }
  }
  return facts;
}

function lockTable(body: Body, context: LockContext): LockFact[] {
  const mode: LockMode = LOCK_MODES[((body['mode'] as number | undefined) ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
  const facts: LockFact[] = [];
  for (const entry of (body['relations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []) {
    const relation = entry.RangeVar;
    const name = relationName(relation);
    if (!name) continue;
    facts.push(...lockOnRangeVar(relation, mode, `LOCK TABLE IN ${mode} MODE`));
    if (!reachesChildren(relation)) continue;
    const reached = isView(context, name) ? viewBaseRelations(context, name) : [];
    for (const table of [name, ...reached]) {
      if (table !== name) facts.push(lockOn(table, mode, `LOCK TABLE on a view locks the tables it reads`));
      for (const child of descendantsOf(context, table)) facts.push(lockOn(child, mode, 'LOCK TABLE locks the partitions and children too'));
    }
  }
  return facts;
}

export const TRUNCATE_AND_LOCK_LOCKS = {
  TruncateStmt: truncate,
  LockStmt: lockTable,
};
