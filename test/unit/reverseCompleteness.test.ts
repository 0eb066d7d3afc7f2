import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviceFor, checkReverse, type ReverseGap } from '../../server/src/reverse/completeness';
import { effectsInOrder, effectsOf } from '../../server/src/schema/effects';
import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { narrows } from '../../server/src/reverse/narrowing';
import { columnTypeOf } from '../../server/src/sql/astNames';
import { parseSql } from '../../server/src/sql/parseSql';
import { messageProblem } from '../helpers/messageShape';

/** Every gap's message is one short sentence (what the Problems panel shows), its advice the safe way. */
function said(found: readonly ReverseGap[]): string[] {
  for (const gap of found) {
    assert.equal(messageProblem(gap.message), undefined, gap.message);
    assert.ok(adviceFor(gap).length > 0, gap.message);
  }
  return found.map((gap) => `${gap.kind}: ${gap.message}`);
}

async function reverseGaps(forward: string, reverse: string, history?: string): Promise<ReverseGap[]> {
  if (history !== undefined) {
    const before = SchemaModel.empty();
    for (const statement of (await parseSql(history)).statements) applyStatementToSchema(before, statement, 'history.sql');
    const forwardSide = effectsInOrder((await parseSql(forward)).statements, before, 'forward.sql');
    const reverseSide = effectsInOrder((await parseSql(reverse)).statements, forwardSide.schemaAfter, 'reverse.sql');
    return checkReverse(forwardSide.effects, reverseSide.effects);
  }
  const effects = async (sql: string) => (await parseSql(sql)).statements.flatMap((statement) => effectsOf(statement));
  return checkReverse(await effects(forward), await effects(reverse));
}

/** With `history`, the forward runs on the schema it folds to and the reverse on what the forward leaves, as in a pair. */
async function gaps(forward: string, reverse: string, history?: string): Promise<string[]> {
  return said(await reverseGaps(forward, reverse, history));
}

test('a complete reverse has no gaps, in any order of undoing', async () => {
  assert.deepEqual(
    await gaps(
      'ALTER TABLE events ADD COLUMN tenant_id bigint; CREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id); ALTER TABLE events ALTER COLUMN note SET NOT NULL;',
      'ALTER TABLE events ALTER COLUMN note DROP NOT NULL; DROP INDEX CONCURRENTLY events_tenant_idx; ALTER TABLE events DROP COLUMN tenant_id;',
    ),
    ['rollback-loses-data: Rolling back drops column "events"."tenant_id" with the values written to it since the forward ran'],
  );
});

test('what is not undone is named, with how to undo it', async () => {
  const found = await reverseGaps('CREATE INDEX i ON events (a); ALTER TABLE events ALTER COLUMN b SET DEFAULT 0; ALTER TABLE events RENAME c TO d;', '');
  assert.deepEqual(
    found.map((gap) => adviceFor(gap)),
    ['Drop it in the reverse.', 'Restore it as it was in the reverse.', 'Rename it back in the reverse.'],
  );
  assert.deepEqual(await gaps('CREATE INDEX i ON events (a); ALTER TABLE events ALTER COLUMN b SET DEFAULT 0;', ''), [
    'not-undone: The forward creates index "i", which the reverse does not undo',
    'not-undone: The forward changes default of "events"."b", which the reverse does not undo',
  ]);
});

test('renames are followed: a type change after a rename is undone on the old name', async () => {
  assert.deepEqual(
    await gaps(
      'ALTER TABLE user_ RENAME COLUMN icon TO avatar; ALTER TABLE user_ ALTER COLUMN avatar TYPE text;',
      'ALTER TABLE user_ RENAME COLUMN avatar TO icon; ALTER TABLE user_ ALTER COLUMN icon TYPE bytea USING icon::bytea;',
    ),
    [],
  );
  assert.deepEqual(await gaps('ALTER TABLE a RENAME TO b;', 'ALTER TABLE b RENAME TO c;'), [
    'not-undone: The forward renames table "a" to "b", which the reverse does not undo',
  ]);
});

test('dropping a table the forward created undoes everything on it', async () => {
  assert.deepEqual(await gaps('CREATE TABLE t (id int); CREATE INDEX t_idx ON t (id); INSERT INTO t VALUES (1); CREATE SEQUENCE t_id_seq;', 'DROP TABLE t;'), [
    'rollback-loses-data: Rolling back drops table "t" with the values written to it since the forward ran',
  ]);
});

test('enum values cannot be dropped: irreversible, with the rebuild path', async () => {
  const found = await reverseGaps("ALTER TYPE mood ADD VALUE 'happy';", '');
  assert.deepEqual(said(found), ['irreversible: PostgreSQL cannot drop enum value "mood"."happy", so the reverse cannot remove it']);
  assert.match(adviceFor(found[0]!), /^Rebuild the type in the reverse \(create a new type without the value, .*\), or keep the value and say so there\.$/);
});

test('a reverse that drops what existed before is unexpected; recreating is not', async () => {
  const [unexpected, lost] = await reverseGaps('ALTER TABLE events ADD COLUMN a int;', 'DROP TABLE audit_log; ALTER TABLE events DROP COLUMN a;');
  assert.equal(
    adviceFor(unexpected!),
    'Remove it from the reverse, which should undo only what its forward does: rolling back would destroy something that existed before this migration.',
  );
  assert.equal(adviceFor(lost!), 'Keep a copy first (a backup table or an export) if those values matter.');
  assert.deepEqual(
    await gaps('ALTER TABLE events ADD COLUMN a int;', 'ALTER TABLE events DROP COLUMN a; DROP TABLE audit_log; CREATE INDEX x ON events (b);'),
    [
      'unexpected: The reverse drops table "audit_log", which the forward never created',
      'rollback-loses-data: Rolling back drops column "events"."a" with the values written to it since the forward ran',
    ],
  );
});

test('forward data loss is called out even with a reverse', async () => {
  const [loss] = await reverseGaps('ALTER TABLE events DROP COLUMN legacy;', 'ALTER TABLE events ADD COLUMN legacy jsonb;');
  assert.equal(
    adviceFor(loss!),
    'Keep a copy first (a backup table or an export), or stage the drop: stop writing to it, wait, then drop it. A reverse can recreate the column, not its values.',
  );
  const found = await gaps('ALTER TABLE events DROP COLUMN legacy;', 'ALTER TABLE events ADD COLUMN legacy jsonb;');
  assert.deepEqual(found, ['forward-loses-data: The forward drops column "events"."legacy" and its data, which no reverse can restore']);
});

test('a reverse that drops and recreates a table restores its indexes too', async () => {
  assert.deepEqual(
    await gaps(
      'CREATE UNIQUE INDEX s_key ON s (k); ALTER TABLE s ADD CONSTRAINT s_fk FOREIGN KEY (k) REFERENCES t (id);',
      'DROP TABLE IF EXISTS s; CREATE TABLE s (k int);',
    ),
    [],
  );
});

test('functions: CREATE OR REPLACE and DROP FUNCTION with arguments match', async () => {
  assert.deepEqual(await gaps('CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;', 'DROP FUNCTION IF EXISTS f(int);'), []);
  assert.deepEqual(await gaps('DROP FUNCTION f(int);', 'CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;'), []);
});

test('narrowing type changes are data loss; widening is not', async () => {
  const type = async (sql: string) => {
    const statement = (await parseSql(`ALTER TABLE t ALTER COLUMN c TYPE ${sql};`)).statements[0]!;
    const command = (statement.node!['AlterTableStmt'] as { cmds: { AlterTableCmd: { def: { ColumnDef: { typeName: never } } } }[] }).cmds[0]!.AlterTableCmd;
    return columnTypeOf(command.def.ColumnDef.typeName)!;
  };
  assert.equal(narrows(await type('text'), await type('varchar(10)')), true);
  assert.equal(narrows(await type('varchar(20)'), await type('varchar(10)')), true);
  assert.equal(narrows(await type('varchar(10)'), await type('varchar(20)')), false);
  assert.equal(narrows(await type('bigint'), await type('integer')), true);
  assert.equal(narrows(await type('integer'), await type('bigint')), false);
  assert.equal(narrows(await type('numeric(10,2)'), await type('numeric(10,1)')), true);
  assert.equal(narrows(await type('numeric(10,2)'), await type('numeric(12,2)')), false);
});

test('NOT NULL, default and type set on a column the reverse drops need no undoing of their own', async () => {
  assert.deepEqual(
    await gaps(
      'ALTER TABLE events ADD COLUMN t bigint; ALTER TABLE events ALTER COLUMN t SET NOT NULL; ALTER TABLE events ALTER COLUMN t SET DEFAULT 1;',
      'ALTER TABLE events DROP COLUMN t;',
    ),
    ['rollback-loses-data: Rolling back drops column "events"."t" with the values written to it since the forward ran'],
  );
});

test('a backfill of a column the reverse drops is undone with the column', async () => {
  assert.deepEqual(await gaps("ALTER TABLE events ADD COLUMN region text; UPDATE events SET region = 'eu';", 'ALTER TABLE events DROP COLUMN region;'), [
    'rollback-loses-data: Rolling back drops column "events"."region" with the values written to it since the forward ran',
  ]);
  assert.deepEqual(await gaps("UPDATE events SET note = 'x';", ''), ['not-undone: The forward writes rows of "events", which the reverse does not undo']);
});

test('dropping a schema undoes everything the forward created in it', async () => {
  assert.deepEqual(
    await gaps(
      'CREATE SCHEMA utils; CREATE TABLE utils.saved (id int); CREATE OR REPLACE FUNCTION utils.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
      'DROP SCHEMA utils CASCADE;',
    ),
    [],
  );
});

test('a table rebuilt through a copy under its own name is one redefinition, and the copying is part of it', async () => {
  // As Authelia's V0003.WebAuthnKIDLength does it: rename away, create anew, copy the rows, drop the old one.
  const forward =
    'ALTER TABLE devices DROP CONSTRAINT devices_pkey; ALTER TABLE devices RENAME TO _bkp_devices; ' +
    'CREATE TABLE devices (id serial CONSTRAINT devices_pkey PRIMARY KEY, kid varchar(512) NOT NULL); ' +
    'INSERT INTO devices (id, kid) SELECT id, kid FROM _bkp_devices; DROP TABLE _bkp_devices;';
  assert.deepEqual(await gaps(forward, ''), ['not-undone: The forward redefines table "devices", which the reverse does not undo']);
  // The same rebuild back to the old definition undoes it.
  const back =
    'ALTER TABLE devices RENAME TO _bkp_devices; CREATE TABLE devices (id serial PRIMARY KEY, kid varchar(64) NOT NULL); ' +
    'INSERT INTO devices (id, kid) SELECT id, kid FROM _bkp_devices; DROP TABLE _bkp_devices;';
  assert.deepEqual(await gaps(forward, back), []);
});

test('a table renamed away and a new one created under its name, the old one kept: both are said', async () => {
  assert.deepEqual(await gaps('ALTER TABLE devices RENAME TO _bkp_devices; CREATE TABLE devices (id int);', ''), [
    'not-undone: The forward renames table "devices" to "_bkp_devices", which the reverse does not undo',
    'not-undone: The forward creates table "devices", which the reverse does not undo',
  ]);
});

test('an enum swapped with the old type renamed out of the way first is a change of its values, undone by a swap back', async () => {
  // Lemmy's 2025-08-01-000042_community-hidden-visibility, in short.
  const forward =
    "ALTER TYPE visibility RENAME TO visibility__; CREATE TYPE visibility AS ENUM ('Public', 'Unlisted'); " +
    'ALTER TABLE community ALTER COLUMN visibility TYPE visibility USING visibility::text::visibility; DROP TYPE visibility__ CASCADE;';
  const back =
    "ALTER TYPE visibility RENAME TO visibility__; CREATE TYPE visibility AS ENUM ('Public'); " +
    'ALTER TABLE community ALTER COLUMN visibility TYPE visibility USING visibility::text::visibility; DROP TYPE visibility__;';
  assert.deepEqual(await gaps(forward, back), []);
  const notUndone = await gaps(forward, '');
  assert.ok(
    notUndone.some((gap) => /^not-undone: The forward changes type "visibility"/.test(gap)),
    notUndone.join('\n'),
  );
  assert.ok(!notUndone.some((gap) => /renames|creates type|drops type/.test(gap)), notUndone.join('\n'));
});

test('a table renamed in the forward comes back when the reverse creates it anew and drops the renamed one', async () => {
  // Lemmy's 2025-08-01-000063 turns comment_reply into notification; its down creates comment_reply again.
  const forward =
    'ALTER TABLE comment_reply RENAME TO notification; ALTER INDEX idx_comment_reply_comment RENAME TO idx_notification_comment; ' +
    'ALTER TABLE notification RENAME CONSTRAINT comment_reply_pkey TO notification_pkey; ALTER TABLE notification ADD COLUMN kind text;';
  const reverse =
    'CREATE TABLE comment_reply (id int PRIMARY KEY, comment_id int); INSERT INTO comment_reply SELECT id, comment_id FROM notification; ' +
    'CREATE INDEX idx_comment_reply_comment ON comment_reply (comment_id); DROP TABLE notification;';
  const history = 'CREATE TABLE comment_reply (id int PRIMARY KEY, comment_id int); CREATE INDEX idx_comment_reply_comment ON comment_reply (comment_id);';
  assert.deepEqual(await gaps(forward, reverse, history), []);
  // Without the new table the rename is not undone.
  assert.deepEqual(
    (await gaps('ALTER TABLE comment_reply RENAME TO notification;', 'DROP TABLE notification;')).filter((gap) => gap.startsWith('not-undone')),
    ['not-undone: The forward renames table "comment_reply" to "notification", which the reverse does not undo'],
  );
});

test('a rename is not undone by a new object under the old name while the renamed one stays', async () => {
  for (const [forward, reverse] of [
    ['ALTER TABLE a RENAME TO b;', 'CREATE TABLE a (id int);'],
    ['ALTER TABLE a RENAME TO b;', 'CREATE VIEW a AS SELECT * FROM b;'],
    ['ALTER INDEX i RENAME TO j;', 'CREATE INDEX i ON t (x);'],
    ['ALTER TYPE mood RENAME TO feeling;', "CREATE TYPE mood AS ENUM ('a');"],
  ]) {
    assert.ok(
      (await gaps(forward!, reverse!)).some((gap) => gap.startsWith('not-undone: The forward renames')),
      `${forward} / ${reverse}`,
    );
  }
});

test('a name renamed twice: what is created under the second vacated name is not the first object', async () => {
  const forward =
    'ALTER TABLE users RENAME TO accounts; ALTER TABLE accounts RENAME TO _bkp; CREATE TABLE accounts (id bigint); INSERT INTO accounts SELECT id FROM _bkp; DROP TABLE _bkp;';
  const alone = await gaps(forward, '');
  assert.ok(alone.includes('not-undone: The forward renames table "users" to "_bkp", which the reverse does not undo'), alone.join('\n'));
  assert.ok(alone.includes('forward-loses-data: The forward drops table "_bkp" and its data, which no reverse can restore'), alone.join('\n'));
  assert.ok(!alone.some((gap) => /redefines/.test(gap)), alone.join('\n'));
  const onlyNewDropped = await gaps(forward, 'DROP TABLE accounts;');
  assert.ok(
    onlyNewDropped.some((gap) => /not-undone: .*users/.test(gap)),
    onlyNewDropped.join('\n'),
  );
});

test('dropping a schema does not undo what the forward dropped in it', async () => {
  const found = await gaps(
    'CREATE SCHEMA IF NOT EXISTS app; DROP TABLE app.legacy;',
    'DROP SCHEMA app CASCADE;',
    'CREATE SCHEMA app; CREATE TABLE app.legacy (id int);',
  );
  assert.ok(found.includes('not-undone: The forward drops table "app"."legacy", which the reverse does not undo'), found.join('\n'));
});

test('renames in a schema are followed like those in public', async () => {
  assert.deepEqual(await gaps('ALTER TABLE app.a RENAME TO b;', 'ALTER TABLE app.b RENAME TO a;'), []);
  const forward =
    'ALTER TABLE app.devices RENAME TO _bkp_devices; CREATE TABLE app.devices (id int, kid varchar(512)); ' +
    'INSERT INTO app.devices SELECT id, kid FROM app._bkp_devices; DROP TABLE app._bkp_devices;';
  assert.deepEqual(await gaps(forward, ''), ['not-undone: The forward redefines table "app"."devices", which the reverse does not undo']);
});

test('columns of a table created under a vacated name keep their own identities', async () => {
  const forward = 'ALTER TABLE t RENAME TO t_old; CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b;';
  const found = await gaps(forward, 'ALTER TABLE t RENAME COLUMN b TO a; DROP TABLE t; ALTER TABLE t_old RENAME TO t;');
  assert.deepEqual(
    found.filter((gap) => gap.startsWith('not-undone')),
    [],
  );
});
