import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { withFoldedSchemaCache } from '../../server/src/migrations/foldedSchemaCache';
import { MigrationHistory } from '../../server/src/migrations/migrationHistory';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { schemaFrom } from '../helpers/lintText';
import { workspace } from '../helpers/runCli';

const HISTORY = `
  CREATE TABLE tenants (id bigint PRIMARY KEY);
  CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE, note text DEFAULT 'x' CHECK (note <> ''));
  CREATE INDEX events_tenant ON events (tenant_id);
  CREATE TYPE mood AS ENUM ('ok', 'sad');
  CREATE VIEW busy_tenants AS SELECT t.id FROM tenants t JOIN events e ON e.tenant_id = t.id;
  COMMENT ON TABLE events IS 'what happened';`;

test('a schema model survives a round trip through its record and v8 serialisation, views keeping what they read', async () => {
  const folded = await schemaFrom(HISTORY);
  const restored = SchemaModel.fromRecord(v8.deserialize(v8.serialize(folded.toRecord())));
  for (const schema of [folded, restored]) {
    assert.deepEqual(
      schema.table('events')?.columns.map((column) => [column.name, column.notNull, column.defaultSql]),
      [
        ['id', true, undefined],
        ['tenant_id', true, undefined],
        ['note', false, "'x'"],
      ],
    );
    assert.deepEqual(
      schema.foreignKeysTo('tenants').map((constraint) => [constraint.table, constraint.onDelete]),
      [['events', 'cascade']],
    );
    assert.equal(schema.index('events_tenant')?.table, 'events');
    assert.deepEqual(schema.enumValues('mood'), ['ok', 'sad']);
    assert.deepEqual([...schema.viewSources('busy_tenants')].sort(), ['events', 'tenants']);
    assert.deepEqual(
      schema.dependentViewsOf('events').map((view) => view.name),
      ['busy_tenants'],
    );
  }
  assert.equal(restored.table('busy_tenants')?.definingStatement, undefined, 'no parse tree is kept on disk');
  // A restored model folds on like any other, without touching the record it came from.
  const copy = restored.clone();
  copy.renameColumn('events', 'note', 'remark');
  assert.ok(copy.column('events', 'remark'));
  assert.ok(restored.column('events', 'note'));
});

function migrations(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

test('the fold of a history is kept by content hash, adopted by the next run, and folded anew when a history file changes', async () => {
  const cacheDirectory = workspace({});
  const root = workspace({});
  migrations(root, {
    'migrations/1_create.up.sql': HISTORY,
    'migrations/1_create.down.sql': 'DROP VIEW busy_tenants; DROP TABLE events; DROP TABLE tenants; DROP TYPE mood;',
    'migrations/2_note.up.sql': 'ALTER TABLE events ADD COLUMN seen boolean;',
    'migrations/2_note.down.sql': 'ALTER TABLE events DROP COLUMN seen;',
  });
  const forward = path.join(root, 'migrations/2_note.up.sql');
  const text = fs.readFileSync(forward, 'utf8');
  const schemaVia = async (): Promise<SchemaModel> => {
    const history = new MigrationHistory(false);
    return withFoldedSchemaCache(history, forward, text, { cacheDirectory }, () => history.schemaBefore(forward, text));
  };

  const first = await schemaVia();
  assert.ok(first.table('busy_tenants')?.definingStatement, 'the first run folds the history itself');
  assert.equal(fs.readdirSync(path.join(cacheDirectory, 'folded-schemas')).filter((name) => name.endsWith('.schema')).length, 1);

  const second = await schemaVia();
  assert.equal(second.table('busy_tenants')?.definingStatement, undefined, 'the second run adopts the kept fold');
  assert.deepEqual(
    second.table('events')?.columns.map((column) => column.name),
    ['id', 'tenant_id', 'note'],
  );

  fs.appendFileSync(path.join(root, 'migrations/1_create.up.sql'), '\nALTER TABLE events ADD COLUMN region text;\n');
  const third = await schemaVia();
  assert.deepEqual(
    third.table('events')?.columns.map((column) => column.name),
    ['id', 'tenant_id', 'note', 'region'],
  );
  assert.ok(third.table('busy_tenants')?.definingStatement, 'a changed history file is folded again');
});
