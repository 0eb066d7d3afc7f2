/**
 * CREATE TABLE / TABLE AS / MATERIALIZED VIEW / VIEW. The new relation is
 * invisible to others until commit, so its own lock blocks nobody and is not
 * listed; what matters is what it locks elsewhere: the parent a partition
 * joins (ACCESS EXCLUSIVE, and the default partition, which is scanned), the
 * parents it inherits (SHARE UPDATE EXCLUSIVE), the tables its foreign keys
 * reference (SHARE ROW EXCLUSIVE: they get triggers), LIKE sources and the
 * tables its query reads (ACCESS SHARE).
 */

import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar } from '../lockFactBuilder';
import { defaultPartitionOf, foreignKeysFrom, tableIn } from '../schemaFacts';

import { queryLocks } from './dml';
import type { ConstraintNode } from '../../sql/ast';

type Body = Record<string, unknown>;

/** Foreign keys declared in CREATE TABLE, inline on a column or as table constraints. */
function referencedTables(tableElements: unknown[] | undefined): RangeVarNode[] {
  const referenced: RangeVarNode[] = [];
  for (const element of tableElements ?? []) {
    const entry = element as { Constraint?: ConstraintNode; ColumnDef?: { constraints?: { Constraint?: ConstraintNode }[] } };
    const constraints = entry.Constraint ? [entry.Constraint] : (entry.ColumnDef?.constraints ?? []).map((c) => c.Constraint ?? {});
    for (const constraint of constraints) {
      if (constraint.contype === 'CONSTR_FOREIGN' && constraint.pktable) referenced.push(constraint.pktable);
    }
  }
  return referenced;
}

function partitionOfLocks(parent: RangeVarNode, isDefault: boolean, context: LockContext): LockFact[] {
  const parentName = relationName(parent);
  if (!parentName) return [];
  const facts = lockOnRangeVar(parent, 'ACCESS EXCLUSIVE', 'CREATE TABLE ... PARTITION OF adds a partition to the parent');
  const fallback = defaultPartitionOf(context, parentName);
  if (fallback && !isDefault) {
    facts.push(
      lockOn(fallback, 'ACCESS EXCLUSIVE', 'CREATE TABLE ... PARTITION OF checks the default partition holds no rows of the new bound', { scan: true }),
    );
  }
  // The parent's foreign keys are cloned onto the new partition, adding triggers on the referenced tables (on 11 only read: observed).
  const referencedMode = context.pgVersion >= 12 ? 'SHARE ROW EXCLUSIVE' : 'ACCESS SHARE';
  for (const key of foreignKeysFrom(context, parentName)) {
    if (key.referencedTable) facts.push(lockOn(key.referencedTable, referencedMode, `the partition gets a copy of foreign key ${key.name}`));
  }
  return facts;
}

export const CREATE_RELATION_LOCKS = {
  CreateStmt: (body: Body, context: LockContext): LockFact[] => {
    const facts: LockFact[] = [];
    for (const referenced of referencedTables(body['tableElts'] as unknown[] | undefined)) {
      facts.push(...lockOnRangeVar(referenced, 'SHARE ROW EXCLUSIVE', 'CREATE TABLE with a FOREIGN KEY adds triggers to the referenced table'));
    }
    for (const element of (body['tableElts'] as { TableLikeClause?: { relation?: RangeVarNode } }[] | undefined) ?? []) {
      facts.push(...lockOnRangeVar(element.TableLikeClause?.relation, 'ACCESS SHARE', 'CREATE TABLE (LIKE ...) copies its definition'));
    }
    const parents = ((body['inhRelations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []).map((entry) => entry.RangeVar);
    const bound = body['partbound'] as { is_default?: boolean } | undefined;
    for (const parent of parents) {
      if (!parent) continue;
      if (bound) facts.push(...partitionOfLocks(parent, bound.is_default === true, context));
      else facts.push(...lockOnRangeVar(parent, 'SHARE UPDATE EXCLUSIVE', 'CREATE TABLE ... INHERITS adds a child: queries on the parent start reading it'));
    }
    return facts;
  },

  /** CREATE TABLE AS / CREATE MATERIALIZED VIEW run their query (WITH NO DATA only parses it). */
  CreateTableAsStmt: (body: Body, context: LockContext): LockFact[] => {
    const into = body['into'] as { skipData?: boolean } | undefined;
    const what = body['objtype'] === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
    const runs = into?.skipData !== true;
    return queryLocks(body['query'], context, { planned: runs, executed: runs, context: what });
  },

  /** A view's query is only parsed: it locks the tables it names, not their partitions. */
  ViewStmt: (body: Body, context: LockContext): LockFact[] => {
    const facts = queryLocks(body['query'], context, { planned: false, executed: false, context: 'CREATE VIEW' });
    const view = body['view'] as RangeVarNode | undefined;
    const name = relationName(view);
    if (body['replace'] === true && name) {
      const exists = tableIn(context, name) !== undefined;
      facts.push(
        ...lockOnRangeVar(
          view,
          'ACCESS EXCLUSIVE',
          'CREATE OR REPLACE VIEW replaces the query of an existing view',
          exists ? {} : { onlyWhen: 'the view exists' },
        ),
      );
    }
    return facts;
  },
};
