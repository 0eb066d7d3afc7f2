/**
 * Queries and data changes: SELECT (ACCESS SHARE, or ROW SHARE with FOR
 * UPDATE/SHARE), INSERT/UPDATE/DELETE/MERGE (ROW EXCLUSIVE on the target),
 * plus what people forget: every partition or inheritance child a planned
 * query opens, the other end of each foreign key, and sequences behind
 * defaults and nextval().
 */

import { optionOn } from '../../sql/statementOptions';
import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, reachesChildren } from '../lockFactBuilder';
import type { LockMode } from '../lockModes';
import { queryRelations, type QueryWrite } from '../../sql/queryRelations';
import { columnSequenceOf, descendantsOf, isPartitioned, isView, tableIn, viewBaseRelations } from '../schemaFacts';
import { foreignKeyLocks } from './foreignKeyEffects';

export interface QueryLockOptions {
  /**
   * The query is planned (so partitions and inheritance children are opened)
   * and, when `executed`, run (so foreign-key checks and defaults fire).
   * View, rule and policy bodies are only parsed: neither.
   */
  planned: boolean;
  executed: boolean;
  /** What the query is part of, for reasons: "SELECT", "CREATE VIEW". */
  context: string;
}

/** The same lock on every partition / child a planned query opens under `relation`. */
function onDescendants(relation: RangeVarNode, mode: LockMode, reason: string, context: LockContext, onlyWhen?: string): LockFact[] {
  const name = relationName(relation);
  if (!name || !reachesChildren(relation)) return [];
  return descendantsOf(context, name).map((child) => lockOn(child, mode, reason, onlyWhen ? { onlyWhen } : {}));
}

/** Sequences behind column defaults an INSERT leaves to the default (serial and identity columns). */
function defaultSequenceLocks(table: string, write: QueryWrite, context: LockContext): LockFact[] {
  const columns = tableIn(context, table)?.columns ?? [];
  const listed = ((write.node['cols'] as { ResTarget?: { name?: string } }[] | undefined) ?? []).map((col) => col.ResTarget?.name);
  return columns.flatMap((column) => {
    const sequence = listed.includes(column.name) ? undefined : columnSequenceOf(context, table, column.name);
    if (!sequence) return [];
    return [
      lockOn(sequence, 'ROW EXCLUSIVE', `nextval() for the default of ${column.name}`, {
        relationKind: 'sequence',
        onlyWhen: `a row takes the default of ${column.name}`,
      }),
    ];
  });
}

/**
 * A planned query on a view runs on the relations under it (the rewriter
 * expands the view), in the same mode, partitions and children included.
 */
function throughViews(relation: RangeVarNode, mode: LockMode, what: string, context: LockContext): LockFact[] {
  const name = relationName(relation);
  if (!name || !isView(context, name)) return [];
  return viewBaseRelations(context, name).flatMap((base) => [
    lockOn(base, mode, `${what} through view ${name}`),
    ...descendantsOf(context, base).map((child) => lockOn(child, mode, `${what} through view ${name}`)),
  ]);
}

const UNLESS_PRUNED = 'the WHERE clause does not rule the partition out';

function writeLocks(write: QueryWrite, context: LockContext, options: QueryLockOptions, filtered = false): LockFact[] {
  const verb = write.kind.toUpperCase();
  const facts = lockOnRangeVar(write.relation, 'ROW EXCLUSIVE', options.context === verb ? `${verb} writes rows` : `${options.context}: ${verb} writes rows`);
  const table = relationName(write.relation);
  if (!table || !options.planned) return facts;
  facts.push(...throughViews(write.relation, 'ROW EXCLUSIVE', verb, context));
  if (write.kind === 'insert') {
    // Rows are routed one by one: a partition is opened only when a row goes there.
    if (isPartitioned(context, table))
      facts.push(...onDescendants(write.relation, 'ROW EXCLUSIVE', `${verb} routes rows into partitions`, context, 'a row is routed to it'));
  } else {
    facts.push(
      ...onDescendants(
        write.relation,
        'ROW EXCLUSIVE',
        `${verb} on ${table} also changes its partitions and children`,
        context,
        filtered ? UNLESS_PRUNED : undefined,
      ),
    );
  }
  if (options.executed) {
    facts.push(...foreignKeyLocks(write, table, context));
    if (write.kind === 'insert' || write.kind === 'merge') facts.push(...defaultSequenceLocks(table, write, context));
  }
  return facts;
}

/** Every lock a query takes; `tree` is the query node (or list of nodes). */
export function queryLocks(tree: unknown, context: LockContext, options: QueryLockOptions): LockFact[] {
  const touched = queryRelations(tree);
  const pruning = touched.filtered ? UNLESS_PRUNED : undefined;
  const facts: LockFact[] = [];
  for (const relation of touched.reads) {
    facts.push(...lockOnRangeVar(relation, 'ACCESS SHARE', `${options.context} reads it`));
    if (options.planned) {
      facts.push(...onDescendants(relation, 'ACCESS SHARE', `${options.context} reads its partitions and children`, context, pruning));
      facts.push(...throughViews(relation, 'ACCESS SHARE', `${options.context} reads it`, context));
    }
  }
  for (const relation of touched.rowLocked) {
    facts.push(...lockOnRangeVar(relation, 'ROW SHARE', `${options.context} locks rows FOR UPDATE/SHARE`));
    if (options.planned) {
      facts.push(...onDescendants(relation, 'ROW SHARE', `${options.context} locks rows of its partitions and children`, context, pruning));
      facts.push(...throughViews(relation, 'ROW SHARE', `${options.context} locks rows`, context));
    }
  }
  for (const write of touched.writes) facts.push(...writeLocks(write, context, options, touched.filtered));
  if (options.executed) {
    for (const sequence of touched.sequences) {
      facts.push(lockOn(sequence.name, 'ROW EXCLUSIVE', `${options.context} calls a sequence function`, { relationKind: 'sequence' }));
    }
  }
  return facts;
}

type Body = Record<string, unknown>;

const executedQuery =
  (name: string) =>
  (body: Body, context: LockContext): LockFact[] =>
    queryLocks({ [name]: body }, context, { planned: true, executed: true, context: name.replace(/Stmt$/, '').toUpperCase() });

export const DML_LOCKS = {
  SelectStmt: executedQuery('SelectStmt'),
  InsertStmt: executedQuery('InsertStmt'),
  UpdateStmt: executedQuery('UpdateStmt'),
  DeleteStmt: executedQuery('DeleteStmt'),
  MergeStmt: (body: Body, context: LockContext): LockFact[] => {
    const facts = queryLocks({ MergeStmt: body }, context, { planned: true, executed: true, context: 'MERGE' });
    const note = context.pgVersion < 15 ? `MERGE needs PostgreSQL 15 or later (target is ${context.pgVersion})` : undefined;
    return note ? facts.map((fact) => ({ ...fact, note })) : facts;
  },

  /** EXPLAIN plans the query (locking what planning opens); EXPLAIN ANALYZE also runs it. */
  ExplainStmt: (body: Body, context: LockContext): LockFact[] => {
    const analyze = optionOn(body['options'], 'analyze');
    return queryLocks(body['query'], context, { planned: true, executed: analyze, context: analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN' });
  },

  /** COPY t FROM writes t; COPY t TO reads it; COPY (query) TO runs the query. */
  CopyStmt: (body: Body, context: LockContext): LockFact[] => {
    const relation = body['relation'] as RangeVarNode | undefined;
    if (!relation) return queryLocks(body['query'], context, { planned: true, executed: true, context: 'COPY' });
    if (body['is_from'] === true) return writeLocks({ relation, kind: 'insert', node: {} }, context, { planned: true, executed: true, context: 'COPY FROM' });
    // Observed: 11 and 12 let go of the lock when the COPY ends, not at commit.
    const releasedEarly = context.pgVersion < 13 ? { onlyWhen: 'the COPY is still running (PostgreSQL 11 and 12 release it when the COPY ends)' } : {};
    return lockOnRangeVar(relation, 'ACCESS SHARE', 'COPY TO reads every row', { scan: true, ...releasedEarly });
  },
};
