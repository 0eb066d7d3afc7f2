import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPhases } from '../../../server/src/plan/planPhases';
import { recogniseChanges } from '../../../server/src/plan/recogniseChanges';
import { parseSql } from '../../../server/src/sql/parseSql';
import { schemaFrom } from '../../helpers/lintText';
import { TableSizes } from '../../../server/src/migrations/tableSizes';

const HISTORY = 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);';

async function plan(sql: string, backfills: Record<string, string> = {}, pgVersion = 16): Promise<ReturnType<typeof planPhases>> {
  const parsed = await parseSql(sql);
  return planPhases(recogniseChanges(parsed.statements), await schemaFrom(HISTORY), {
    backfillValues: new Map(Object.entries(backfills)),
    batchSize: 100,
    pauseMs: 0,
    pgVersion,
    source: 'x.up.sql',
  });
}

test('a NOT NULL column with a constant default needs no phases on PostgreSQL 11+, but does on 10', async () => {
  const instant = await plan("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';");
  assert.deepEqual(
    instant.phases.map((phase) => phase.slug),
    ['expand'],
  );
  assert.match(instant.phases[0]!.forward, /ADD COLUMN status text DEFAULT 'new' NOT NULL;/);
  const old = await plan("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';", {}, 10);
  // Before 12 SET NOT NULL scans even with the validated check: the plan stops at the check, and says so.
  assert.deepEqual(
    old.phases.map((phase) => phase.slug),
    ['add_status_nullable', 'add_status_not_null_check', 'validate_status_not_null'],
  );
  assert.match(
    old.openQuestions.join('\n'),
    /On PostgreSQL 10, SET NOT NULL reads the whole table under ACCESS EXCLUSIVE even with a validated check, so the plan stops at the validated orders_status_not_null_check/,
  );
  assert.equal(
    old.phases[0]!.forward,
    "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN status text;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\n",
    'the default is set after the column exists: no rewrite on 10',
  );
  assert.equal(old.backfills[0]!.value, "'new'", 'the default is the backfill value');
});

test('a volatile default is not instant: the column is phased and backfilled with it; a stable one like now() is instant', async () => {
  const planned = await plan('ALTER TABLE orders ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();');
  assert.deepEqual(
    planned.phases.map((phase) => phase.slug),
    ['add_token_nullable', 'add_token_not_null_check', 'validate_token_not_null', 'set_token_not_null'],
  );
  assert.equal(planned.backfills[0]!.value, 'gen_random_uuid()');
  assert.match(planned.backfills[0]!.script, /last_key_1 bigint := NULL;/);
  const stable = await plan('ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();');
  assert.deepEqual(
    stable.phases.map((phase) => phase.slug),
    ['expand'],
  );
});

test('SET NOT NULL on an existing column without a backfill value is planned, with the open question', async () => {
  const planned = await plan('ALTER TABLE orders ALTER COLUMN total SET NOT NULL;');
  assert.deepEqual(
    planned.phases.map((phase) => phase.slug),
    ['add_total_not_null_check', 'validate_total_not_null', 'set_total_not_null'],
  );
  assert.equal(planned.backfills.length, 0);
  assert.match(planned.openQuestions[0]!, /--backfill orders\.total=EXPR/);
  assert.doesNotMatch(planned.phases[0]!.forward, /ADD COLUMN/);
});

test('statements the planner does not know are kept in the first phase: reversed when the reverse is provable, a TODO and an open question when not', async () => {
  const planned = await plan(
    "ALTER TABLE orders ADD COLUMN note text;\nCOMMENT ON TABLE orders IS 'Orders';\nUPDATE orders SET total = 0 WHERE total IS NULL;",
  );
  assert.match(planned.phases[0]!.forward, /COMMENT ON TABLE orders IS 'Orders';\nUPDATE orders SET total = 0 WHERE total IS NULL;/);
  assert.match(planned.phases[0]!.reverse, /-- TODO: undo "UPDATE orders SET total = 0 WHERE total IS NULL"/);
  assert.match(planned.phases[0]!.reverse, /COMMENT ON TABLE orders IS NULL;/);
  assert.match(planned.openQuestions.join('\n'), /Kept as written, without a proven reverse: UPDATE orders/);
  assert.match(planned.openQuestions.join('\n'), /Kept as written in the first phase \(not a change the planner phases\): COMMENT ON TABLE/);
});

const ACCOUNTS =
  'CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL, plan text);\nCREATE INDEX accounts_email_idx ON accounts (email);\nCREATE INDEX accounts_plan_email_idx ON accounts (plan, lower(email));';

async function planOn(history: string, sql: string): Promise<ReturnType<typeof planPhases>> {
  const parsed = await parseSql(sql);
  return planPhases(recogniseChanges(parsed.statements), await schemaFrom(history), {
    backfillValues: new Map(),
    batchSize: 100,
    pauseMs: 0,
    pgVersion: 16,
    source: 'x.up.sql',
  });
}

test('a serial primary key widened to bigint: copy, sync trigger, copied key index, validated NOT NULL, then the swap moves key, default and sequence', async () => {
  const planned = await planOn(ACCOUNTS, 'ALTER TABLE accounts ALTER COLUMN id TYPE bigint;');
  assert.deepEqual(
    planned.phases.map((phase) => phase.slug),
    ['add_id_new_nullable', 'index_accounts_pkey_new_concurrently', 'validate_id_new_not_null', 'set_id_new_not_null', 'swap_id_to_bigint', 'drop_id_old'],
  );
  assert.match(
    planned.phases[0]!.forward,
    /ADD COLUMN id_new bigint;\nCREATE FUNCTION accounts_id_new_sync\(\)[\s\S]*NEW\.id_new := NEW\.id;[\s\S]*BEFORE INSERT OR UPDATE ON accounts/,
  );
  assert.equal(planned.phases[1]!.forward, 'CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey_new ON accounts (id_new);\n');
  const swap = planned.phases[4]!.forward;
  assert.match(swap, /DROP CONSTRAINT accounts_pkey, ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_new;/);
  assert.match(swap, /ALTER COLUMN id_new SET DEFAULT nextval\('accounts_id_seq'::regclass\);/);
  assert.match(swap, /ALTER SEQUENCE accounts_id_seq OWNED BY accounts\.id_new;\nALTER SEQUENCE accounts_id_seq AS bigint;/);
  assert.match(swap, /RENAME COLUMN id TO id_old;\n-- fearless-ignore rename-column\nALTER TABLE accounts RENAME COLUMN id_new TO id;/);
  assert.match(planned.phases[4]!.reverse, /UPDATE accounts SET id_old = id WHERE id_old IS DISTINCT FROM id;/);
  assert.equal(planned.backfills.length, 1);
  assert.match(planned.backfills[0]!.script, /WHERE id_new IS NULL AND id IS NOT NULL AND/);
  assert.ok(planned.phases[5]!.pointOfNoReturn);
});

test('a renamed column: both names kept in step both ways, plain indexes copied, the expression index left to the engineer', async () => {
  const planned = await planOn(ACCOUNTS, 'ALTER TABLE accounts RENAME COLUMN email TO login;');
  assert.deepEqual(
    planned.phases.map((phase) => phase.slug),
    ['add_login_nullable', 'index_accounts_login_idx_concurrently', 'validate_login_not_null', 'set_login_not_null', 'drop_email'],
  );
  assert.match(
    planned.phases[0]!.forward,
    /IF TG_OP = 'INSERT' THEN\n {4}IF NEW\.login IS NULL THEN NEW\.login := NEW\.email; ELSE NEW\.email := NEW\.login; END IF;/,
  );
  assert.match(planned.phases[0]!.forward, /ALTER COLUMN email DROP NOT NULL;/);
  assert.match(planned.openQuestions.join('\n'), /accounts_plan_email_idx is more than a list of columns/);
  assert.match(planned.phases[4]!.forward, /DROP TRIGGER accounts_login_sync ON accounts;[\s\S]*DROP COLUMN email;/);
  assert.match(planned.phases[4]!.reverse, /ADD COLUMN email text;\n[\s\S]*CREATE INDEX accounts_email_idx ON accounts \(email\);/);
});

test('a unique constraint: the index built CONCURRENTLY, then attached; a table rename behind a view; a dropped table last', async () => {
  const unique = await planOn(ACCOUNTS, 'ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);');
  assert.deepEqual(
    unique.phases.map((phase) => phase.slug),
    ['index_accounts_email_key_concurrently', 'add_accounts_email_key_using_index'],
  );
  assert.match(unique.phases[1]!.forward, /ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key;/);
  const renamed = await planOn(ACCOUNTS, 'ALTER TABLE accounts RENAME TO users;');
  assert.deepEqual(
    renamed.phases.map((phase) => phase.slug),
    ['rename_accounts_to_users', 'drop_view_accounts'],
  );
  assert.match(renamed.phases[0]!.forward, /RENAME TO users;\nCREATE VIEW accounts AS SELECT \* FROM users;/);
  const dropped = await planOn(ACCOUNTS, 'DROP TABLE accounts;');
  assert.deepEqual(
    dropped.phases.map((phase) => phase.slug),
    ['drop_accounts'],
  );
  assert.match(dropped.phases[0]!.reverse, /CREATE TABLE accounts/);
});

test('what the planner refuses to phase, it says', async () => {
  const history = `${ACCOUNTS}\nCREATE TABLE sessions (id bigint PRIMARY KEY, account_id integer REFERENCES accounts (id), token integer GENERATED ALWAYS AS IDENTITY);`;
  await assert.rejects(planOn(history, 'ALTER TABLE accounts ALTER COLUMN id TYPE bigint;'), /sessions_account_id_fkey on sessions references accounts\.id/);
  await assert.rejects(planOn(history, 'ALTER TABLE sessions ALTER COLUMN token TYPE bigint;'), /identity column/);
  await assert.rejects(planOn(history, 'ALTER TABLE sessions RENAME COLUMN id TO session_id;'), /part of the primary key/);
  await assert.rejects(planOn(history, 'ALTER TABLE accounts ALTER COLUMN nope TYPE bigint;'), /do not say what accounts\.nope is/);
});

test('a known table size gives the backfill an estimate in the plan: batches, and the time the pauses alone take', async () => {
  const sizes = TableSizes.none();
  sizes.add('orders', { rows: 50_000_000 });
  const parsed = await parseSql("ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';");
  const planned = planPhases(recogniseChanges(parsed.statements), await schemaFrom(HISTORY), {
    backfillValues: new Map(),
    batchSize: 1000,
    pauseMs: 100,
    pgVersion: 10,
    source: 'x.up.sql',
    tableSizes: sizes,
  });
  assert.equal(planned.backfills[0]!.estimate, '≈ 50M rows: ≈ 50k batches of 1000, whose pauses alone take 1.4 h');
  const unknown = await plan("ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';", {}, 10);
  assert.equal(unknown.backfills[0]!.estimate, undefined);
});

test('the NOT VALID check comes after the backfill, not with the column: the running release does not set the column yet', async () => {
  const planned = await plan('ALTER TABLE orders ADD COLUMN region text NOT NULL;', { 'orders.region': "'eu'" });
  assert.deepEqual(
    planned.phases.map((phase) => phase.slug),
    ['add_region_nullable', 'add_region_not_null_check', 'validate_region_not_null', 'set_region_not_null'],
  );
  assert.doesNotMatch(planned.phases[0]!.forward, /CHECK/);
  assert.equal(planned.backfills[0]!.afterPhase, 0);
  assert.match(planned.phases[1]!.forward, /ADD CONSTRAINT orders_region_not_null_check CHECK \(region IS NOT NULL\) NOT VALID;/);
  assert.match(planned.phases[1]!.release, /After the backfill has finished/);
  assert.match(planned.phases[3]!.forward, /SET NOT NULL;\nALTER TABLE orders DROP CONSTRAINT orders_region_not_null_check;/);
});

test('SET NOT NULL on an existing column: the backfill runs before the first phase', async () => {
  const planned = await plan('ALTER TABLE orders ALTER COLUMN total SET NOT NULL;', { total: '0' });
  assert.equal(planned.backfills[0]!.afterPhase, -1);
  assert.equal(planned.backfills[0]!.value, '0');
  assert.deepEqual(planned.openQuestions, []);
});

test('a nullable column with a volatile default: added without it, the default set for new rows, existing rows backfilled', async () => {
  const planned = await plan('ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();');
  assert.deepEqual(
    planned.phases.map((phase) => phase.slug),
    ['expand'],
  );
  assert.equal(
    planned.phases[0]!.forward,
    "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();\n",
  );
  assert.deepEqual(
    planned.backfills.map((backfill) => [backfill.column, backfill.value, backfill.afterPhase]),
    [['token', 'gen_random_uuid()', 0]],
  );
});

test('a composite primary key: the backfill pages by the whole key as a row', async () => {
  const parsed = await parseSql("ALTER TABLE lines ADD COLUMN status text NOT NULL DEFAULT 'open';");
  const planned = planPhases(
    recogniseChanges(parsed.statements),
    await schemaFrom('CREATE TABLE lines (order_id bigint, line_no integer, PRIMARY KEY (order_id, line_no));'),
    {
      backfillValues: new Map(),
      batchSize: 100,
      pauseMs: 0,
      pgVersion: 10,
      source: 'x.up.sql',
    },
  );
  const script = planned.backfills[0]!.script;
  assert.match(script, /last_key_1 bigint := NULL;\n {2}batch_end_1 bigint;\n {2}last_key_2 integer := NULL;\n {2}batch_end_2 integer;/);
  assert.match(script, /ORDER BY order_id DESC, line_no DESC/);
  assert.match(script, /AND \(order_id, line_no\) <= \(batch_end_1, batch_end_2\);/);
});

test('a backfill value nothing takes, a table without a primary key and a SET NOT NULL that changes nothing are said, not planned silently', async () => {
  await assert.rejects(
    plan('ALTER TABLE orders ADD COLUMN region text NOT NULL;', { 'order.region': "'eu'" }),
    /--backfill order\.region: no column of this plan takes a value by that name \(these do: orders\.region\)/,
  );
  const parsed = await parseSql('ALTER TABLE logs ADD COLUMN level text NOT NULL;');
  await assert.rejects(
    (async () =>
      planPhases(recogniseChanges(parsed.statements), await schemaFrom('CREATE TABLE logs (line text);'), {
        backfillValues: new Map([['level', "'info'"]]),
        batchSize: 100,
        pauseMs: 0,
        pgVersion: 16,
        source: 'x.up.sql',
      }))(),
    /logs has no primary key to page the backfill of level by/,
  );
  const already = await planOn('CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);', 'ALTER TABLE orders ALTER COLUMN total SET NOT NULL;');
  assert.match(already.openQuestions.join('\n'), /orders\.total is NOT NULL already/);
  assert.equal(already.phases.length, 0);
});

test('a table the migration creates is empty: what the same migration does to it is kept as written, not phased', async () => {
  const parsed = await parseSql(
    'CREATE TABLE public.t2 (id bigint PRIMARY KEY, v text);\nALTER TABLE t2 ALTER COLUMN v SET NOT NULL;\nCREATE INDEX t2_v_idx ON t2 (v);\nALTER TABLE t2 RENAME TO t3;\nALTER TABLE t3 ADD COLUMN w text NOT NULL;\nCREATE INDEX orders_total_idx ON orders (total);',
  );
  const changes = recogniseChanges(parsed.statements);
  assert.deepEqual(
    changes.map((change) => change.kind),
    ['keep', 'keep', 'keep', 'keep', 'keep', 'create-index'],
  );
});

test('before PostgreSQL 12 a NOT NULL column is not moved onto a copy in phases: that SET NOT NULL would scan under ACCESS EXCLUSIVE', async () => {
  const parsed = await parseSql('ALTER TABLE accounts RENAME COLUMN email TO login;');
  await assert.rejects(
    (async () =>
      planPhases(recogniseChanges(parsed.statements), await schemaFrom(ACCOUNTS), {
        backfillValues: new Map(),
        batchSize: 100,
        pauseMs: 0,
        pgVersion: 11,
        source: 'x.up.sql',
      }))(),
    /accounts\.email is NOT NULL, and moving that onto its new column in phases needs PostgreSQL 12\+/,
  );
});
