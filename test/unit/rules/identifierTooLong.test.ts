import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'identifier-too-long';
const LONG = 'events_by_tenant_and_created_at_for_the_monthly_billing_report_query';

test('an identifier over 63 bytes is found, saying what PostgreSQL keeps', async () => {
  const sql = `CREATE INDEX ${LONG} ON events (tenant_id);`;
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(underlined(sql, finding!), LONG);
  assert.equal(finding!.message, `PostgreSQL cuts this ${LONG.length}-byte identifier to 63 bytes, so it names "${LONG.slice(0, 63)}"`);
  assert.equal(finding!.advice, 'Choose a name of 63 bytes or fewer.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('bytes, not characters: a quoted name of 40 accented characters is 80 bytes and is cut at a character', async () => {
  const name = 'é'.repeat(40);
  const [finding] = await fires(RULE, `ALTER TABLE events ADD COLUMN "${name}" int;`, {}, 1);
  assert.equal(finding!.message, `PostgreSQL cuts this 80-byte identifier to 63 bytes, so it names "${'é'.repeat(31)}"`);
});

test('63 bytes, strings and dollar-quoted bodies: clean', async () => {
  await clean(RULE, `CREATE TABLE ${'a'.repeat(63)} (id int);`);
  await clean(RULE, `SELECT '${'x'.repeat(100)}';`);
  await clean(RULE, `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 AS ${'b'.repeat(70)} $$;`);
});
