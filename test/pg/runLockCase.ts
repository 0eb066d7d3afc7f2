/** One lock case, end to end: the facts for the statement, then PostgreSQL's word on them. */

import type { LockContext } from '../../server/src/locks/lockFact';
import { lockFactsFor } from '../../server/src/locks/statementLocks';
import { parseSql } from '../../server/src/sql/parseSql';
import type { LockCase } from './lockCases';
import { assertAgreement, observeInTransaction, type SqlSession } from './lockObservation';

export async function runLockCase(session: SqlSession, lockCase: LockCase, context: LockContext): Promise<void> {
  const parsed = await parseSql(`${lockCase.sql};`);
  const statement = parsed.statements[0];
  if (!statement?.kind) throw new Error(`does not parse: ${lockCase.sql}`);
  const facts = lockFactsFor(statement, context);
  const { observation, resolved } = await observeInTransaction(session, lockCase.sql, facts, lockCase.setup);
  assertAgreement(lockCase.sql, facts, resolved, observation, lockCase.newFileWithoutRewrite ? { newFileWithoutRewrite: true } : {});
}
