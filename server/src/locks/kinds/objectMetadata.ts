/**
 * Statements about a relation rather than its rows: COMMENT ON, CREATE
 * STATISTICS, GRANT/REVOKE, ALTER ... SET SCHEMA, and sequences. COMMENT and
 * CREATE STATISTICS take SHARE UPDATE EXCLUSIVE (only other DDL waits);
 * comments on a constraint, trigger, rule or policy take ACCESS SHARE on its
 * table. GRANT takes ACCESS SHARE from PostgreSQL 18 and nothing before.
 */

import type { RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, stringsOf } from '../lockFactBuilder';
import { ownedSequencesOf } from '../schemaFacts';

type Body = Record<string, unknown>;

const COMMENT_ON_RELATION: Record<string, LockFact['relationKind'] | 'relation'> = {
  OBJECT_TABLE: 'relation',
  OBJECT_VIEW: 'relation',
  OBJECT_MATVIEW: 'relation',
  OBJECT_FOREIGN_TABLE: 'relation',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
};

const COMMENT_ON_TABLE_PART = new Set(['OBJECT_COLUMN']);
const COMMENT_ON_OBJECT_OF_TABLE = new Set(['OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

function comment(body: Body): LockFact[] {
  const objtype = body['objtype'] as string | undefined;
  const parts = stringsOf((body['object'] as { List?: { items?: unknown } } | undefined)?.List?.items);
  const kind = COMMENT_ON_RELATION[objtype ?? ''];
  if (kind && parts.length > 0) {
    return [lockOn(parts.join('.'), 'SHARE UPDATE EXCLUSIVE', 'COMMENT ON (catalog only)', kind === 'relation' ? {} : { relationKind: kind })];
  }
  if (parts.length < 2) return [];
  const table = parts.slice(0, -1).join('.');
  if (COMMENT_ON_TABLE_PART.has(objtype ?? '')) return [lockOn(table, 'SHARE UPDATE EXCLUSIVE', 'COMMENT ON COLUMN (catalog only)')];
  if (COMMENT_ON_OBJECT_OF_TABLE.has(objtype ?? '')) return [lockOn(table, 'ACCESS SHARE', 'COMMENT ON an object of the table (catalog only)')];
  return [];
}

function createStatistics(body: Body): LockFact[] {
  return ((body['relations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []).flatMap((entry) =>
    lockOnRangeVar(entry.RangeVar, 'SHARE UPDATE EXCLUSIVE', 'CREATE STATISTICS (catalog only; ANALYZE fills it)'),
  );
}

function grant(body: Body, context: LockContext): LockFact[] {
  if (context.pgVersion < 18 || body['targtype'] !== 'ACL_TARGET_OBJECT') return [];
  const objtype = body['objtype'];
  if (objtype !== 'OBJECT_TABLE' && objtype !== 'OBJECT_SEQUENCE') return [];
  const verb = body['is_grant'] === true ? 'GRANT' : 'REVOKE';
  return ((body['objects'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []).flatMap((entry) =>
    lockOnRangeVar(entry.RangeVar, 'ACCESS SHARE', `${verb} (catalog only)`, objtype === 'OBJECT_SEQUENCE' ? { relationKind: 'sequence' } : {}),
  );
}

const SCHEMA_MOVES: Record<string, LockFact['relationKind'] | 'relation'> = {
  OBJECT_TABLE: 'relation',
  OBJECT_VIEW: 'relation',
  OBJECT_MATVIEW: 'relation',
  OBJECT_FOREIGN_TABLE: 'relation',
  OBJECT_SEQUENCE: 'sequence',
};

function setSchema(body: Body, context: LockContext): LockFact[] {
  const kind = SCHEMA_MOVES[(body['objectType'] as string | undefined) ?? ''];
  const relation = body['relation'] as RangeVarNode | undefined;
  if (!kind || !relation) return [];
  const facts = lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', 'SET SCHEMA (catalog only)', kind === 'relation' ? {} : { relationKind: kind });
  const table = facts[0]?.relation;
  if (table && body['objectType'] === 'OBJECT_TABLE') {
    for (const sequence of ownedSequencesOf(context, table)) {
      facts.push(lockOn(sequence, 'ACCESS EXCLUSIVE', 'SET SCHEMA moves the sequences the table owns', { relationKind: 'sequence' }));
    }
  }
  return facts;
}

/** `OWNED BY table.column`: the table is read to check the column. */
function ownedBy(options: unknown, verb: string): LockFact[] {
  for (const option of (options as { DefElem?: { defname?: string; arg?: { List?: { items?: unknown } } } }[] | undefined) ?? []) {
    if (option.DefElem?.defname !== 'owned_by') continue;
    const parts = stringsOf(option.DefElem.arg?.List?.items);
    if (parts.length >= 2) return [lockOn(parts.slice(0, -1).join('.'), 'ACCESS SHARE', `${verb} ... OWNED BY looks up the column`)];
  }
  return [];
}

export const OBJECT_METADATA_LOCKS = {
  CommentStmt: comment,
  CreateStatsStmt: createStatistics,
  GrantStmt: grant,
  AlterObjectSchemaStmt: setSchema,
  CreateSeqStmt: (body: Body): LockFact[] => ownedBy(body['options'], 'CREATE SEQUENCE'),
  /** ALTER SEQUENCE options rewrite the sequence's single row; only nextval() callers wait. */
  AlterSeqStmt: (body: Body): LockFact[] => [
    ...lockOnRangeVar(body['sequence'] as RangeVarNode | undefined, 'SHARE ROW EXCLUSIVE', 'ALTER SEQUENCE (nextval() waits)', { relationKind: 'sequence' }),
    ...ownedBy(body['options'], 'ALTER SEQUENCE'),
  ],
};
