import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'change-column-type';
const HISTORY = 'CREATE TABLE events (id integer PRIMARY KEY, name varchar(20), amount numeric(10,2));';

test('a type change that rewrites is found; the advice names the old type', async () => {
  const sql = 'ALTER TABLE events ALTER COLUMN id TYPE bigint;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ALTER COLUMN id TYPE bigint');
  assert.equal(finding!.message, 'Type change of "id" blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, rewrites the table)');
  assert.equal(
    finding!.advice,
    'Leave "id" (now integer) as it is and add a new column: write both, backfill in batches, switch reads, then drop the old one.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('other ALTER TABLE subcommands are clean', async () => {
  await clean(RULE, "ALTER TABLE events ALTER COLUMN name SET DEFAULT 'x';", { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id integer);\nALTER TABLE audit ALTER COLUMN id TYPE bigint;');
});

test('exemption: binary-coercible changes (varchar(20) → varchar(50) or text) do not rewrite', async () => {
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN name TYPE varchar(50);', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN name TYPE text;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN amount TYPE numeric(12,2);', { history: HISTORY });
});
