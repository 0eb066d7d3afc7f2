import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTableSizes } from '../../server/src/config/projectConfig';
import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { factsOfFile } from '../../server/src/migrations/fileFacts';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { compactBytes, TableSizes } from '../../server/src/migrations/tableSizes';
import { defaultConfig } from '../../server/src/config/projectConfig';
import { lintParsedFile } from '../../server/src/rules';
import { parseSql } from '../../server/src/sql/parseSql';
import { redactConnectionString } from '../../server/src/drill/tableSizesFromDatabase';

async function findings(sql: string, sizes: Record<string, { rows?: number; bytes?: number }>) {
  const schema = SchemaModel.empty();
  for (const statement of (await parseSql('CREATE TABLE events (id bigint, note text); CREATE TABLE tiny (id int);')).statements) {
    applyStatementToSchema(schema, statement, 'history.sql');
  }
  const tableSizes = TableSizes.none();
  for (const [name, size] of Object.entries(sizes)) tableSizes.add(name, size);
  const parsed = await parseSql(sql);
  const facts = factsOfFile(parsed, schema, { pgVersion: 18, transactionMode: 'auto', migrationPath: 'm.sql', tableSizes });
  return lintParsedFile({ parsed, facts, config: defaultConfig() });
}

test('a small table lowers the severity one step and says why', async () => {
  const [finding] = await findings("SET lock_timeout = '1s'; CREATE INDEX i ON tiny (id);", { tiny: { rows: 120 } });
  assert.equal(finding!.ruleId, 'index-without-concurrently');
  assert.equal(finding!.severity, 'warning');
  assert.match(finding!.advice ?? '', /^Table size: "tiny" ≈ 120 rows: small enough that this is quick, so the severity is lowered\. /);
  assert.doesNotMatch(finding!.message, /rows/, 'the message stays one short sentence');
});

test('a large table scanned under a blocking lock raises a warning to an error', async () => {
  const [finding] = await findings('ALTER TABLE events ALTER COLUMN note SET NOT NULL;', { events: { rows: 50_000_000, bytes: 12 * 1024 ** 3 } });
  assert.equal(finding!.ruleId, 'lock-timeout-missing');
  assert.equal(finding!.severity, 'error');
  assert.match(finding!.advice ?? '', /"events" ≈ 50M rows, 12 GB: the scan or rewrite under this lock will take long/);
});

test('unknown sizes change nothing', async () => {
  const [finding] = await findings("SET lock_timeout = '1s'; CREATE INDEX i ON events (id);", { other: { rows: 1 } });
  assert.equal(finding!.severity, 'error');
  assert.doesNotMatch(`${finding!.message} ${finding!.advice ?? ''}`, /rows/);
});

test('config validation of tables', () => {
  const parsed = parseTableSizes({ events: { rows: 5e7 }, bad: { rows: -1 }, worse: 'big' }, 'fearless.config.json');
  assert.deepEqual(parsed.tables, { events: { rows: 5e7 } });
  assert.equal(parsed.problems.length, 2);
  assert.equal(compactBytes(1536), '1.5 kB');
});

test('connection strings are redacted from error messages', () => {
  const url = 'postgres://app:s3cr%21t@db.internal:5432/prod';
  const message = redactConnectionString(`connect failed for ${url} (password s3cr!t rejected)`, url);
  assert.doesNotMatch(message, /s3cr/);
  assert.match(message, /<database url>/);
});
