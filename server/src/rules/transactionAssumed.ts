import { normaliseName } from '../schema/schemaModel';
import type { Rule, StatementFacts } from './rule';
import { alterTableParts, statementRange } from '../sql/statementParts';
import { tableLocks } from './support/tableLocks';
import { existedBefore, refusedInTransaction } from './support/transactions';

/** Statements whose verdict depends on whether they share a transaction with the rest of the file. */
function dependsOnTransaction(facts: StatementFacts, pgVersion: number): boolean {
  if (refusedInTransaction(facts.statement, pgVersion)) return true;
  return alterTableParts(facts.statement)?.commands.some((command) => command.node.subtype === 'AT_ValidateConstraint') ?? false;
}

/** Existing tables the statement takes ACCESS EXCLUSIVE on: two of them in one transaction make a lock chain. */
function exclusivelyLocked(facts: StatementFacts): string[] {
  return tableLocks(facts)
    .filter((lock) => lock.mode === 'ACCESS EXCLUSIVE' && existedBefore(facts, lock.relation))
    .map((lock) => normaliseName(lock.relation));
}

/** The statement at which a transaction around the whole file would chain ACCESS EXCLUSIVE locks on two tables. */
function secondExclusiveTable(statements: readonly StatementFacts[]): StatementFacts | undefined {
  const tables = new Set<string>();
  for (const facts of statements) {
    const locked = exclusivelyLocked(facts);
    if (tables.size > 0 && locked.some((table) => !tables.has(table))) return facts;
    for (const table of locked) tables.add(table);
  }
  return undefined;
}

/**
 * A file no tool is recognised for, with no BEGIN, is taken to run
 * statement by statement (as psql -f runs it). Where that assumption
 * decides a finding (CONCURRENTLY, a VALIDATE after its NOT VALID, ACCESS
 * EXCLUSIVE on two tables), one note says what was assumed and how to change it.
 */
export const transactionAssumed: Rule = {
  id: 'transaction-assumed',
  fileLevel: true,
  title: 'How the file runs is assumed: statement by statement',
  defaultSeverity: 'info',
  docs: {
    why:
      'Whether statements share a transaction decides several findings: CREATE INDEX CONCURRENTLY fails inside one, a VALIDATE ' +
      'CONSTRAINT in the same transaction as its NOT VALID keeps the stronger lock, and locks on several tables add up until ' +
      'commit. Fearless reads this from the migration tool (golang-migrate, diesel, goose, Flyway... each has known behaviour) ' +
      'and from BEGIN/COMMIT in the file. For a file of no recognised tool and no BEGIN it assumes what psql -f and most deploy ' +
      'scripts do: each statement runs on its own. If your tool wraps each file in a transaction, set "transactionMode": ' +
      '"always" in fearless.config.json ("never" states the default explicitly and silences this note).',
    bad: 'ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk;',
    good: 'BEGIN;\nALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\nCOMMIT;\nALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk;',
  },
  check(context) {
    if (!context.transactionAssumed) return [];
    const statements = context.statements.filter((facts) => facts.statement.kind !== undefined && facts.statement.kind !== 'VariableSetStmt');
    if (statements.length < 2) return [];
    const decisive = statements.find((facts) => dependsOnTransaction(facts, context.pgVersion)) ?? secondExclusiveTable(statements);
    if (!decisive) return [];
    return [
      {
        ...statementRange(decisive.statement),
        message: 'No migration tool recognised and no BEGIN, so statements are taken to run one by one',
        advice:
          'If your tool wraps each file in a transaction, set "transactionMode": "always" in fearless.config.json ' +
          '("never" states the default and silences this note).',
      },
    ];
  },
};
