/**
 * Every rule over real migrations and odd statements: no rule throws, and
 * every repair any rule offers produces SQL that PostgreSQL's parser accepts.
 * The corpus (../shared/corpus) is folded in order, as the CLI does.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../../server/src/config/projectConfig';
import { applyStatementToSchema } from '../../../server/src/schema/applyStatement';
import { factsOfFile } from '../../../server/src/migrations/fileFacts';
import { SchemaModel } from '../../../server/src/schema/schemaModel';
import { lintParsedFile, type Finding } from '../../../server/src/rules';
import { parseSql } from '../../../server/src/sql/parseSql';
import { applyEdits } from '../../helpers/lintText';

const LEMMY = path.resolve(__dirname, '../../../../../shared/corpus/LemmyNet__lemmy');

async function lintFolded(texts: string[], transactionMode: 'auto' | 'never'): Promise<{ text: string; findings: Finding[] }[]> {
  const schema = SchemaModel.empty();
  const results: { text: string; findings: Finding[] }[] = [];
  for (const [index, text] of texts.entries()) {
    const parsed = await parseSql(text);
    const facts = factsOfFile(parsed, schema.clone(), { pgVersion: 16, transactionMode, migrationPath: `m${index}.sql` });
    results.push({ text, findings: lintParsedFile({ parsed, facts, config: defaultConfig() }) });
    for (const statement of parsed.statements) applyStatementToSchema(schema, statement, `m${index}.sql`);
  }
  return results;
}

async function assertRepairsParse(results: { text: string; findings: Finding[] }[]): Promise<number> {
  let repairs = 0;
  for (const { text, findings } of results) {
    const before = (await parseSql(text)).problems.length;
    for (const finding of findings) {
      for (const fix of finding.fixes ?? []) {
        if (fix.suppression) continue;
        repairs++;
        const fixed = applyEdits(text, fix.edits);
        const problems = (await parseSql(fixed)).problems;
        assert.ok(
          problems.length <= before,
          `${finding.ruleId} "${fix.title}" broke the SQL:\n${fixed.slice(Math.max(0, finding.start - 200), finding.end + 400)}\n${JSON.stringify(problems)}`,
        );
      }
    }
  }
  return repairs;
}

test('odd statements: no rule throws, every repair parses', async () => {
  const odd = [
    'ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b;',
    'ALTER TABLE t;',
    'ALTER TABLE IF EXISTS ONLY public."T" * ADD COLUMN IF NOT EXISTS "X" int DEFAULT random()::int NOT NULL, ADD CHECK (true);',
    'ALTER TABLE t ADD CONSTRAINT x NOT NULL c;',
    'ALTER TABLE t ALTER COLUMN c TYPE int USING c::int, ALTER COLUMN d SET NOT NULL, VALIDATE CONSTRAINT v;',
    'ALTER INDEX i SET TABLESPACE x;',
    'ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1);',
    'CREATE TABLE t AS SELECT 1;',
    'CREATE TABLE t (LIKE u INCLUDING ALL, id int PRIMARY KEY, CHECK (id > 0));',
    'CREATE TABLE t PARTITION OF p FOR VALUES FROM (1) TO (2);',
    'CREATE TEMP TABLE t (id serial) ON COMMIT DROP;',
    'CREATE DOMAIN d AS int;',
    'ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0);',
    'DROP TABLE;',
    'DROP INDEX;',
    'DROP TYPE IF EXISTS a, b CASCADE;',
    'REINDEX SYSTEM;',
    'CLUSTER;',
    'VACUUM;',
    'LOCK TABLE a, b IN EXCLUSIVE MODE NOWAIT;',
    'UPDATE t SET (a, b) = (1, 2);',
    'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x;',
    'INSERT INTO t DEFAULT VALUES;',
    'MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE;',
    "COMMIT PREPARED 'x';",
    'SAVEPOINT s;',
    'DO $$ BEGIN ALTER TABLE t ADD COLUMN x int; END $$;',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;',
    'CREATE INDEX ON t ((a + b), c DESC NULLS LAST) WHERE d;',
    "ALTER TYPE e ADD VALUE 'x'; ALTER TYPE e RENAME VALUE 'a' TO 'b';",
    'TRUNCATE ONLY a, b RESTART IDENTITY CASCADE;',
    'REFRESH MATERIALIZED VIEW mv WITH NO DATA;',
    'SELECT 1 +;',
    'ALTER TABLE "🎉" ADD COLUMN "é" varchar(3) DEFAULT gen_random_uuid()::text;',
  ].join('\n');
  for (const mode of ['auto', 'never'] as const) {
    const history = 'CREATE TABLE t (id int, c text, d text); CREATE TABLE u (id int); CREATE TABLE "🎉" (id int);';
    await assertRepairsParse(await lintFolded([history, odd], mode));
    // Each statement alone, too (a single-statement file is not a transaction).
    for (const line of odd.split('\n')) await assertRepairsParse(await lintFolded([history, line], mode));
  }
});

test("Lemmy's 342 forward migrations: no rule throws, every repair parses", { skip: !fs.existsSync(LEMMY) && 'corpus not found' }, async () => {
  const folders = fs
    .readdirSync(LEMMY)
    .filter((name) => fs.existsSync(path.join(LEMMY, name, 'up.sql')))
    .sort();
  const texts = folders.map((name) => fs.readFileSync(path.join(LEMMY, name, 'up.sql'), 'utf8'));
  assert.ok(texts.length > 300);
  const results = await lintFolded(texts, 'auto');
  const repairs = await assertRepairsParse(results);
  assert.ok(repairs > 100, `expected many repairs to check, got ${repairs}`);
});
