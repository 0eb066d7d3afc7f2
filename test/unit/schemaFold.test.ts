import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaFrom } from '../helpers/lintText';

test('CREATE TABLE records columns, inline and table constraints, implicit indexes and serial sequences', async () => {
  const schema = await schemaFrom(`
    CREATE TABLE tenants (id bigserial PRIMARY KEY);
    CREATE TABLE public.events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id bigint NOT NULL REFERENCES tenants (id),
      name varchar(20) UNIQUE,
      amount numeric(10,2) DEFAULT 0,
      CONSTRAINT amount_positive CHECK (amount > 0),
      CONSTRAINT name_present CHECK (name IS NOT NULL)
    );`);
  const events = schema.table('events');
  assert.ok(events);
  assert.equal(events.kind, 'table');
  assert.deepEqual(
    events.columns.map((c) => [c.name, c.type?.display, c.notNull, c.hasDefault]),
    [
      ['id', 'bigint', true, true],
      ['tenant_id', 'bigint', true, false],
      ['name', 'varchar(20)', false, false],
      ['amount', 'numeric(10,2)', false, true],
    ],
  );
  assert.deepEqual(
    schema.foreignKeysFrom('events').map((c) => [c.name, c.referencedTable, c.columns]),
    [['events_tenant_id_fkey', 'tenants', ['tenant_id']]],
  );
  assert.deepEqual(
    schema.foreignKeysTo('public.tenants').map((c) => c.table),
    ['events'],
  );
  assert.equal(schema.index('events_pkey')?.table, 'events');
  assert.equal(schema.index('events_name_key')?.unique, true);
  assert.ok(schema.hasValidatedNotNullCheck('events', 'name'));
  assert.ok(schema.hasSequence('tenants_id_seq'));
});

test('ALTER TABLE: columns, NOT VALID then VALIDATE, drops, renames', async () => {
  const schema = await schemaFrom(`
    CREATE TABLE events (id bigint, note varchar(10));
    ALTER TABLE events ADD COLUMN region text, ALTER COLUMN note TYPE text;
    ALTER TABLE events ADD CONSTRAINT region_nn CHECK (region IS NOT NULL) NOT VALID;`);
  assert.equal(schema.column('events', 'note')?.type?.display, 'text');
  assert.equal(schema.constraint('events', 'region_nn')?.validated, false);
  assert.equal(schema.hasValidatedNotNullCheck('events', 'region'), false);

  const later = await schemaFrom(`
    CREATE TABLE events (id bigint, region text);
    CREATE TABLE tenants (id bigint PRIMARY KEY);
    ALTER TABLE events ADD CONSTRAINT region_nn CHECK (region IS NOT NULL) NOT VALID;
    ALTER TABLE events VALIDATE CONSTRAINT region_nn;
    ALTER TABLE events ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES tenants (id);
    CREATE INDEX events_region_idx ON events (region);
    ALTER TABLE events RENAME COLUMN region TO area;
    ALTER TABLE tenants RENAME TO accounts;
    ALTER INDEX events_region_idx RENAME TO events_area_idx;`);
  assert.ok(later.hasValidatedNotNullCheck('events', 'region'));
  assert.deepEqual(
    later.table('events')?.columns.map((c) => c.name),
    ['id', 'area'],
  );
  assert.equal(later.table('tenants'), undefined);
  assert.equal(later.foreignKeysFrom('events')[0]?.referencedTable, 'accounts');
  assert.equal(later.index('events_area_idx')?.table, 'events');
  assert.equal(later.index('events_region_idx'), undefined);
});

test('DROP removes what depended on the table; views, matviews, enums, partitions', async () => {
  const schema = await schemaFrom(`
    CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz) PARTITION BY RANGE (at);
    CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE VIEW recent AS SELECT * FROM events WHERE at > now() - interval '1 day';
    CREATE MATERIALIZED VIEW daily AS SELECT date_trunc('day', at) AS day, count(*) FROM events GROUP BY 1;
    CREATE TYPE mood AS ENUM ('sad', 'ok');
    ALTER TYPE mood ADD VALUE 'happy';
    CREATE TABLE doomed (id int PRIMARY KEY);
    CREATE INDEX doomed_idx ON doomed (id);
    DROP TABLE doomed;`);
  assert.equal(schema.table('events')?.kind, 'partitioned table');
  assert.equal(schema.table('events_2026')?.partitionOf, 'events');
  assert.deepEqual(
    schema.partitionsOf('events').map((t) => t.name),
    ['events_2026'],
  );
  assert.equal(schema.table('recent')?.kind, 'view');
  assert.equal(schema.table('daily')?.kind, 'materialized view');
  assert.deepEqual(schema.enumValues('mood'), ['sad', 'ok', 'happy']);
  assert.equal(schema.table('doomed'), undefined);
  assert.equal(schema.index('doomed_idx'), undefined);
  assert.equal(schema.index('doomed_pkey'), undefined);
});

test('clones are independent (copy on write)', async () => {
  const base = await schemaFrom('CREATE TABLE a (id int); CREATE INDEX a_idx ON a (id);');
  const copy = base.clone();
  copy.dropTable('a');
  assert.ok(base.table('a'));
  assert.ok(base.index('a_idx'));
  assert.equal(copy.table('a'), undefined);
  base.dropIndex('a_idx');
  assert.equal(base.index('a_idx'), undefined);
  const again = base.clone();
  assert.ok(again.table('a'));
});

test('IF NOT EXISTS keeps the first definition', async () => {
  const schema = await schemaFrom('CREATE TABLE a (id int); CREATE TABLE IF NOT EXISTS a (other text);');
  assert.deepEqual(
    schema.table('a')?.columns.map((c) => c.name),
    ['id'],
  );
});

test('unnamed constraints and indexes get the names PostgreSQL gives them, within 63 bytes', async () => {
  const longName = 'a'.repeat(60);
  const schema = await schemaFrom(`
    CREATE TABLE app.events (id bigint, amount int, CHECK (amount > 0), UNIQUE (id));
    CREATE INDEX ON app.events (amount);
    CREATE TABLE ${longName} (${longName} int UNIQUE);`);
  assert.ok(schema.constraint('app.events', 'events_amount_check'));
  assert.ok(schema.constraint('app.events', 'events_id_key'));
  assert.equal(schema.index('events_amount_idx')?.table, 'app.events');
  const key = schema.constraintsOf(longName)[0]!.name;
  assert.equal(new TextEncoder().encode(key).length, 63);
});
