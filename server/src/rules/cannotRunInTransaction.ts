import type { Rule, RuleFinding } from './rule';
import { howToRunOutsideTransaction } from './support/outsideTransaction';
import { normaliseName } from '../schema/schemaModel';
import { dottedName, type StringNode } from '../sql/astNames';
import { bodyOf, statementRange } from '../sql/statementParts';
import { refusedInTransaction } from './support/transactions';
import { fixesOf } from './support/edits';
import { migrationSlug, outsideTransactionFix } from './support/ownMigration';

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
    bad: 'BEGIN;\nCREATE TABLE audit (id bigint);\nCREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);\nCOMMIT;',
    good: 'CREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);',
  },
  check(context) {
    const transactions = context.statements.map((facts) => facts.transaction);
    const enumsCreated = new Map<string, number | undefined>();
    return context.statements.flatMap((facts, index): RuleFinding[] => {
      const created = bodyOf<{ typeName?: StringNode[] }>(facts.statement, 'CreateEnumStmt');
      if (created) enumsCreated.set(normaliseName(dottedName(created.typeName) ?? ''), transactions[index]);
      if (!facts.inTransaction) return [];
      const what = refusedInTransaction(facts.statement, context.pgVersion);
      if (!what) return [];
      // Before 12, ADD VALUE is allowed in the transaction that created the enum type itself.
      const altered = bodyOf<{ typeName?: StringNode[] }>(facts.statement, 'AlterEnumStmt');
      const type = altered ? normaliseName(dottedName(altered.typeName) ?? '') : undefined;
      if (type !== undefined && enumsCreated.has(type) && enumsCreated.get(type) === transactions[index]) return [];
      const range = statementRange(facts.statement);
      const where = facts.inExplicitTransaction ? 'between BEGIN and COMMIT' : 'in a file run as one transaction';
      const how = howToRunOutsideTransaction(facts, context);
      const statement = what.replace(/ \.\.\. /g, ' ');
      const fix = outsideTransactionFix(facts, context, '', [], migrationSlug(statement), {
        alone: 'Run this migration outside a transaction',
        moved: `Move ${statement} to a new migration`,
      });
      return [
        {
          ...range,
          // `CREATE INDEX CONCURRENTLY fails between BEGIN and COMMIT ("cannot run inside a transaction block")`
          // (`...` in `DETACH PARTITION ... CONCURRENTLY` would read as the end of a sentence.)
          message: `${statement} fails ${where} ("cannot run inside a transaction block")`,
          advice: `${how.charAt(0).toUpperCase()}${how.slice(1)}.`,
          ...fixesOf(fix),
        },
      ];
    });
  },
};
