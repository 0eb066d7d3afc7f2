/**
 * The lock facts name more relations because the schema model records a few
 * things about earlier migrations (lockFixture.ts, FOLDED_FACTS). The fold
 * must record each of them from the fixture's SQL: the pg_locks checks run
 * on the schema exactly as the fold leaves it.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FOLDED_FACTS, foldedFixtureSchema } from './lockFixture';

for (const fact of FOLDED_FACTS) {
  test(`the schema fold records ${fact.what}`, async () => {
    assert.ok(fact.recorded(await foldedFixtureSchema()));
  });
}
