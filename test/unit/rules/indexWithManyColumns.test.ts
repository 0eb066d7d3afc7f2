import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'index-with-many-columns';

test('a non-unique B-tree index on four columns is found', async () => {
  const [finding] = await fires(RULE, 'CREATE INDEX i ON events (a, b, c, d);', {}, 1);
  assert.match(finding!.message, /4 columns/);
});

test('three columns, unique indexes, other access methods and sort-order indexes are clean', async () => {
  await clean(RULE, 'CREATE INDEX i ON events (a, b, c);');
  await clean(RULE, 'CREATE UNIQUE INDEX i ON events (a, b, c, d);');
  await clean(RULE, 'CREATE INDEX i ON events USING gin (a, b, c, d);');
  await clean(RULE, 'CREATE INDEX i ON events (a, b, c DESC, d DESC);');
});
