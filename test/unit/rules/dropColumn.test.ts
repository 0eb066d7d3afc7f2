import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'drop-column';
const HISTORY = 'CREATE TABLE events (id bigint, legacy text);';

test('DROP COLUMN on an existing table is found on the subcommand', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN note text, DROP COLUMN legacy;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'DROP COLUMN legacy');
  assert.equal(finding!.message, 'DROP COLUMN "events"."legacy" breaks deployed code that still uses it');
  assert.equal(finding!.advice, 'Ship code that no longer uses the column first, then drop it in a later migration (and keep a backup: it cannot be undone).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('other subcommands are clean, and a fearless-ignore comment acknowledges a planned drop', async () => {
  await clean(RULE, 'ALTER TABLE events ADD COLUMN note text;', { history: HISTORY });
  await clean(RULE, '-- fearless-ignore drop-column\nALTER TABLE events DROP COLUMN legacy;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint, tmp text);\nALTER TABLE audit DROP COLUMN tmp;');
});

test('exemption: a reverse migration drops what its forward added (old code never used it)', async () => {
  await clean(RULE, 'ALTER TABLE events DROP COLUMN legacy;', { history: HISTORY, role: 'reverse' });
});
