import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPhases } from '../../../server/src/plan/planPhases';
import { recogniseChanges } from '../../../server/src/plan/recogniseChanges';
import { parseSql } from '../../../server/src/sql/parseSql';
import { schemaFrom } from '../../helpers/lintText';

const HISTORY = 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);';

async function plan(sql: string, backfills: Record<string, string> = {}, pgVersion = 16): Promise<ReturnType<typeof planPhases>> {
  const parsed = await parseSql(sql);
  return planPhases(recogniseChanges(parsed.statements), await schemaFrom(HISTORY), { backfillValues: new Map(Object.entries(backfills)), batchSize: 100, pauseMs: 0, pgVersion, source: 'x.up.sql' });
}

test('a NOT NULL column with a constant default needs no phases on PostgreSQL 11+, but does on 10', async () => {
  const instant = await plan("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';");
  assert.deepEqual(instant.phases.map((phase) => phase.slug), ['expand']);
  assert.match(instant.phases[0]!.forward, /ADD COLUMN status text DEFAULT 'new' NOT NULL;/);
  const old = await plan("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';", {}, 10);
  assert.deepEqual(old.phases.map((phase) => phase.slug), ['add_status_nullable', 'validate_status_not_null', 'set_status_not_null']);
  assert.equal(old.backfills[0]!.value, "'new'", 'the default is the backfill value');
});

test('a volatile default is not instant: the column is phased and backfilled with it; a stable one like now() is instant', async () => {
  const planned = await plan('ALTER TABLE orders ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();');
  assert.deepEqual(planned.phases.map((phase) => phase.slug), ['add_token_nullable', 'validate_token_not_null', 'set_token_not_null']);
  assert.equal(planned.backfills[0]!.value, 'gen_random_uuid()');
  assert.match(planned.backfills[0]!.script, /last_key bigint := NULL;/);
  const stable = await plan('ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();');
  assert.deepEqual(stable.phases.map((phase) => phase.slug), ['expand']);
});

test('SET NOT NULL on an existing column without a backfill value is planned, with the open question', async () => {
  const planned = await plan('ALTER TABLE orders ALTER COLUMN total SET NOT NULL;');
  assert.deepEqual(planned.phases.map((phase) => phase.slug), ['add_total_nullable', 'validate_total_not_null', 'set_total_not_null']);
  assert.equal(planned.backfills.length, 0);
  assert.match(planned.openQuestions[0]!, /--backfill orders\.total=EXPR/);
  assert.doesNotMatch(planned.phases[0]!.forward, /ADD COLUMN/);
});

test('statements the planner does not know are kept, with a TODO reverse and an open question', async () => {
  const planned = await plan('ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN total TYPE bigint;');
  assert.match(planned.phases[0]!.forward, /ALTER TABLE orders ALTER COLUMN total TYPE bigint;/);
  assert.match(planned.phases[0]!.reverse, /-- TODO: undo "ALTER TABLE orders ALTER COLUMN total TYPE bigint"/);
  assert.match(planned.openQuestions.join('\n'), /Kept as written, without a proven reverse/);
});
