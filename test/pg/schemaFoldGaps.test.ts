/**
 * The lock facts name more relations when the schema model records a few
 * things about earlier migrations (lockFixture.ts, FOLD_GAPS). The pg_locks
 * checks supply them by hand; here the fold must record them from the
 * fixture's SQL. A gap still open would stay a todo, so it stays visible.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FOLD_GAPS, foldedFixtureSchema } from './lockFixture';

/** Every gap is closed now; an entry here would keep one visible as a todo. */
const STILL_OPEN: string[] = [];

for (const gap of FOLD_GAPS) {
  const open = STILL_OPEN.some((prefix) => gap.what.startsWith(prefix));
  test(`the schema fold records ${gap.what}`, open ? { todo: 'the schema model does not record the relations a view reads yet' } : {}, async () => {
    assert.ok(gap.recorded(await foldedFixtureSchema()));
  });
}
