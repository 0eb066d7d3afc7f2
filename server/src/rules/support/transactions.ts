/**
 * What the transaction rules share: whether the tool wraps a part, what
 * existed before the migration, what PostgreSQL refuses inside a transaction
 * block. (Which statements share a transaction is a file fact:
 * StatementFacts.transaction.)
 */

import type { ParsedStatement } from '../../sql/parseSql';
import type { RuleContext, StatementFacts } from '../rule';
import { optionOn } from '../../sql/statementOptions';
import { alterTableParts, bodyOf } from '../../sql/statementParts';
import { normaliseName } from '../../schema/schemaModel';

/**
 * The migration tool runs this statement's part in a transaction of its own
 * and COMMITs it at the end: the convention says it wraps the part, or
 * transactionMode is "always" ("never" says it does not).
 */
export function toolWrapsPart(facts: StatementFacts, context: RuleContext): boolean {
  if (context.transactionMode === 'always') return true;
  if (context.transactionMode === 'never') return false;
  return facts.section?.transaction === 'wrapped';
}

/** The relation existed before this migration: not created earlier in the same file. */
export function existedBefore(facts: StatementFacts, relation: string): boolean {
  return !facts.tablesCreatedEarlierInFile.has(normaliseName(relation));
}

/** A short quote of a statement for messages: its first line, at most 60 characters. */
export function quoteStatement(facts: StatementFacts): string {
  const firstLine = facts.statement.text.replace(/\s+/g, ' ').trim();
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}...` : firstLine;
}

/**
 * The statement belongs to a reverse part. Reverses run after the code that
 * used the forward's objects was rolled back, and undo exactly what the
 * forward added or renamed: "deployed code still uses it" does not apply
 * (whether data is lost is the pairing rules' concern).
 */
export function inReversePart(facts: StatementFacts): boolean {
  return facts.section?.role === 'reverse';
}

/** What PostgreSQL refuses inside a transaction block, for this statement and server version. */
export function refusedInTransaction(statement: ParsedStatement, pgVersion: number): string | undefined {
  switch (statement.kind) {
    case 'IndexStmt':
      return bodyOf<{ concurrent?: boolean }>(statement, 'IndexStmt')?.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return bodyOf<{ concurrent?: boolean }>(statement, 'DropStmt')?.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt': {
      const body = bodyOf<{ kind?: string; params?: unknown }>(statement, 'ReindexStmt');
      if (optionOn(body?.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
      const kind = body?.kind?.replace('REINDEX_OBJECT_', '');
      return kind === 'SCHEMA' || kind === 'DATABASE' || kind === 'SYSTEM' ? `REINDEX ${kind}` : undefined;
    }
    case 'AlterTableStmt':
      return alterTableParts(statement)?.commands.some((command) => command.node.subtype === 'AT_DetachPartition' && command.node.def?.PartitionCmd?.concurrent)
        ? 'DETACH PARTITION ... CONCURRENTLY'
        : undefined;
    case 'VacuumStmt':
      return bodyOf<{ is_vacuumcmd?: boolean }>(statement, 'VacuumStmt')?.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterEnumStmt': {
      const body = bodyOf<{ newVal?: string; oldVal?: string }>(statement, 'AlterEnumStmt');
      return pgVersion < 12 && body?.newVal && !body.oldVal ? `ALTER TYPE ... ADD VALUE (before PostgreSQL 12)` : undefined;
    }
    default:
      return undefined;
  }
}
