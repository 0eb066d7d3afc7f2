import type { ParsedStatement } from '../sql/parseSql';
import type { Rule, RuleFinding } from './rule';
import { howToRunOutsideTransaction } from './support/outsideTransaction';
import { alterTableParts, bodyOf, statementRange } from './support/statementParts';

interface DefElem {
  DefElem?: { defname?: string; arg?: { String?: { sval?: string }; Integer?: { ival?: number } } };
}

function optionOn(options: DefElem[] | undefined, name: string): boolean {
  const option = options?.find((entry) => entry.DefElem?.defname === name)?.DefElem;
  if (!option) return false;
  const value = option.arg?.String?.sval?.toLowerCase();
  return value === undefined ? option.arg?.Integer?.ival !== 0 : !['false', 'off', '0', 'no'].includes(value);
}

/** What PostgreSQL refuses inside a transaction block, for this statement and server version. */
function refusedInTransaction(statement: ParsedStatement, pgVersion: number): string | undefined {
  switch (statement.kind) {
    case 'IndexStmt':
      return bodyOf<{ concurrent?: boolean }>(statement, 'IndexStmt')?.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return bodyOf<{ concurrent?: boolean }>(statement, 'DropStmt')?.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt': {
      const body = bodyOf<{ kind?: string; params?: DefElem[] }>(statement, 'ReindexStmt');
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

/**
 * Statements PostgreSQL refuses inside a transaction block (CONCURRENTLY,
 * VACUUM, CREATE DATABASE, ...) in a file the tool runs as one transaction,
 * or between BEGIN and COMMIT: the migration fails every time.
 */
export const cannotRunInTransaction: Rule = {
  id: 'cannot-run-in-transaction',
  title: 'Statement that cannot run inside a transaction block runs in one',
  defaultSeverity: 'error',
  counterparts: { squawk: 'ban-concurrent-index-creation-in-transaction' },
  docs: {
    why:
      'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, DETACH PARTITION ... CONCURRENTLY, VACUUM, ' +
      'CREATE/DROP DATABASE, ALTER SYSTEM and (before PostgreSQL 12) ALTER TYPE ... ADD VALUE fail with "cannot run inside a ' +
      'transaction block". Most migration tools wrap each migration in a transaction, and a file sent as one multi-statement ' +
      'query string is one implicit transaction too, so such a statement needs a migration of its own that the tool runs ' +
      'without a transaction. REFRESH MATERIALIZED VIEW CONCURRENTLY is allowed in a transaction.',
    bad: 'CREATE TABLE audit (id bigint);\nCREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);',
    good: 'CREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      if (!facts.inTransaction) return [];
      const what = refusedInTransaction(facts.statement, context.pgVersion);
      if (!what) return [];
      const range = statementRange(facts.statement);
      const where = facts.inExplicitTransaction ? 'between BEGIN and COMMIT' : 'in a file that runs as one transaction';
      return [
        {
          ...range,
          message: `${what} cannot run inside a transaction block, and this one runs ${where}: the migration fails with "cannot run inside a transaction block". To fix it, ${howToRunOutsideTransaction(facts, context)}.`,
        },
      ];
    });
  },
};
