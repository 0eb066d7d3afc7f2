/**
 * How SET NOT NULL avoids its scan: a `CHECK (col IS NOT NULL)` added NOT
 * VALID and validated under SHARE UPDATE EXCLUSIVE proves the column has no
 * NULL, and from PostgreSQL 12 SET NOT NULL trusts that proof instead of
 * reading every row under ACCESS EXCLUSIVE. The lock knowledge base, the
 * set-not-null rule's quick fix and the phase planner share these facts.
 */

import { bareName } from '../sql/astNames';
import { generatedName } from '../sql/quoteIdentifier';

/** Whether SET NOT NULL skips its scan when a validated NOT NULL check exists (before 12 it always scans). */
export function setNotNullTrustsValidatedCheck(pgVersion: number): boolean {
  return pgVersion >= 12;
}

/** Not `<table>_<column>_not_null`: PostgreSQL 18 gives that name to the NOT NULL constraint itself. */
export function notNullCheckName(table: string, column: string): string {
  return generatedName(bareName(table), column, 'not_null_check');
}
