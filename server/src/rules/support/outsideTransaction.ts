/** How to run one migration outside a transaction, in the words of the tool that runs it. */

import type { ConventionName } from '../../migrations/conventions/convention';
import type { RuleContext, StatementFacts } from '../rule';

const HOW: Partial<Record<ConventionName, string>> = {
  'golang-migrate': 'put it alone in a migration file of its own (a one-statement file is not run as a transaction block)',
  goose: 'put it in a migration of its own that starts with -- +goose NO TRANSACTION',
  dbmate: 'put it in a migration of its own whose marker is -- migrate:up transaction:false',
  'sql-migrate': 'put it in a migration of its own whose marker is -- +migrate Up notransaction',
  diesel: 'put it in a migration of its own with run_in_transaction = false in its metadata.toml',
  flyway: 'put it in a migration of its own with executeInTransaction=false in its script configuration',
  liquibase: 'put it in a changeset of its own with runInTransaction:false',
  prisma: 'put it alone in a migration of its own',
  supabase: 'put it alone in a migration of its own',
};

/** One sentence saying how to get the statement out of its transaction block. */
export function howToRunOutsideTransaction(facts: StatementFacts, context: RuleContext): string {
  if (facts.inExplicitTransaction) return 'move it after the COMMIT (or drop the BEGIN ... COMMIT around it)';
  return HOW[context.layout.convention] ?? 'put it alone in a migration of its own that your tool runs without a transaction';
}
