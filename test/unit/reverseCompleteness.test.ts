import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReverse } from '../../server/src/reverse/completeness';
import { effectsOf } from '../../server/src/reverse/effects';
import { narrows } from '../../server/src/reverse/narrowing';
import { columnTypeOf } from '../../server/src/sql/astNames';
import { parseSql } from '../../server/src/sql/parseSql';

async function gaps(forward: string, reverse: string): Promise<string[]> {
  const effects = async (sql: string) => (await parseSql(sql)).statements.flatMap((statement) => effectsOf(statement));
  return checkReverse(await effects(forward), await effects(reverse)).map((gap) => `${gap.kind}: ${gap.message}`);
}

test('a complete reverse has no gaps, in any order of undoing', async () => {
  assert.deepEqual(
    await gaps(
      'ALTER TABLE events ADD COLUMN tenant_id bigint; CREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id); ALTER TABLE events ALTER COLUMN note SET NOT NULL;',
      'ALTER TABLE events ALTER COLUMN note DROP NOT NULL; DROP INDEX CONCURRENTLY events_tenant_idx; ALTER TABLE events DROP COLUMN tenant_id;',
    ),
    ['rollback-loses-data: Rolling back drops column events.tenant_id: values written to it after the forward ran are lost. Keep a copy first if they matter.'],
  );
});

test('what is not undone is named', async () => {
  assert.deepEqual(await gaps('CREATE INDEX i ON events (a); ALTER TABLE events ALTER COLUMN b SET DEFAULT 0;', ''), [
    'not-undone: The reverse does not undo: creates index i.',
    'not-undone: The reverse does not undo: changes default of events.b.',
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
  assert.deepEqual(await gaps('ALTER TABLE a RENAME TO b;', 'ALTER TABLE b RENAME TO c;'), ['not-undone: The reverse does not undo: renames (to b) table a.']);
});

test('dropping a table the forward created undoes everything on it', async () => {
  assert.deepEqual(
    await gaps('CREATE TABLE t (id int); CREATE INDEX t_idx ON t (id); INSERT INTO t VALUES (1); CREATE SEQUENCE t_id_seq;', 'DROP TABLE t;'),
    ['rollback-loses-data: Rolling back drops table t: values written to it after the forward ran are lost. Keep a copy first if they matter.'],
  );
});

test('enum values cannot be dropped: irreversible, with the rebuild path', async () => {
  const found = await gaps("ALTER TYPE mood ADD VALUE 'happy';", '');
  assert.equal(found.length, 1);
  assert.match(found[0]!, /^irreversible: PostgreSQL cannot drop an enum value.*rebuild the type/);
});

test('a reverse that drops what existed before is unexpected; recreating is not', async () => {
  assert.deepEqual(await gaps('ALTER TABLE events ADD COLUMN a int;', 'ALTER TABLE events DROP COLUMN a; DROP TABLE audit_log; CREATE INDEX x ON events (b);'), [
    'unexpected: The reverse drops table audit_log, which the forward never created: rolling back would destroy something that existed before this migration.',
    'rollback-loses-data: Rolling back drops column events.a: values written to it after the forward ran are lost. Keep a copy first if they matter.',
  ]);
});

test('forward data loss is called out even with a reverse', async () => {
  const found = await gaps('ALTER TABLE events DROP COLUMN legacy;', 'ALTER TABLE events ADD COLUMN legacy jsonb;');
  assert.deepEqual(found, ['forward-loses-data: The forward drops column events.legacy and its data: a reverse can recreate the column, not the values it held.']);
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
    await gaps('ALTER TABLE events ADD COLUMN t bigint; ALTER TABLE events ALTER COLUMN t SET NOT NULL; ALTER TABLE events ALTER COLUMN t SET DEFAULT 1;', 'ALTER TABLE events DROP COLUMN t;'),
    ['rollback-loses-data: Rolling back drops column events.t: values written to it after the forward ran are lost. Keep a copy first if they matter.'],
  );
});

test('a backfill of a column the reverse drops is undone with the column', async () => {
  assert.deepEqual(
    await gaps("ALTER TABLE events ADD COLUMN region text; UPDATE events SET region = 'eu';", 'ALTER TABLE events DROP COLUMN region;'),
    ['rollback-loses-data: Rolling back drops column events.region: values written to it after the forward ran are lost. Keep a copy first if they matter.'],
  );
  assert.deepEqual(await gaps("UPDATE events SET note = 'x';", ''), ['not-undone: The reverse does not undo: writes rows of events.']);
});
