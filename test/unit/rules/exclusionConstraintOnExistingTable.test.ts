import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'exclusion-constraint-on-existing-table';
const HISTORY = 'CREATE TABLE bookings (room_id bigint, during tstzrange);';

test('ADD EXCLUDE on an existing table is found', async () => {
  const sql = 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)');
  assert.equal(finding!.message, 'ADD EXCLUDE blocks reads and writes on "bookings" (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(
    finding!.advice,
    'ADD EXCLUDE has no NOT VALID or USING INDEX form: declare it when the table is created, or copy the data into a new table that has it.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test("other constraints are not this rule's business", async () => {
  await clean(RULE, 'ALTER TABLE bookings ADD CONSTRAINT c CHECK (room_id > 0) NOT VALID;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE rooms (id bigint, during tstzrange);\nALTER TABLE rooms ADD EXCLUDE USING gist (during WITH &&);');
});
