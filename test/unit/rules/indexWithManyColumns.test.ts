import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'index-with-many-columns';

test('a non-unique B-tree index on four columns is found', async () => {
  const [finding] = await fires(RULE, 'CREATE INDEX i ON events (a, b, c, d);', {}, 1);
  assert.equal(finding!.message, 'Non-unique index "i" on "events" has 4 columns (large, slows every write)');
  assert.equal(finding!.advice, 'Keep the most selective two or three columns and move the rest to INCLUDE.');
  assert.equal(messageProblem(finding!.message), undefined);
  const [unnamed] = await fires(RULE, 'CREATE INDEX ON app.events (a, b, c, d, e);', {}, 1);
  assert.equal(unnamed!.message, 'Non-unique index on "app.events" has 5 columns (large, slows every write)');
});

test('three columns, unique indexes, other access methods and sort-order indexes are clean', async () => {
  await clean(RULE, 'CREATE INDEX i ON events (a, b, c);');
  await clean(RULE, 'CREATE UNIQUE INDEX i ON events (a, b, c, d);');
  await clean(RULE, 'CREATE INDEX i ON events USING gin (a, b, c, d);');
  await clean(RULE, 'CREATE INDEX i ON events (a, b, c DESC, d DESC);');
});
