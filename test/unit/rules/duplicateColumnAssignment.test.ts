import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'duplicate-column-assignment';

test('a column set twice in UPDATE, listed twice in INSERT, or set twice in ON CONFLICT DO UPDATE is found at the repeat', async () => {
  const sql = "UPDATE events SET region = 'eu', status = 'new', region = 'us' WHERE id = 1;";
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(finding!.message, 'UPDATE sets column "region" twice, which PostgreSQL refuses');
  assert.equal(finding!.advice, 'Keep the one assignment you meant.');
  assert.equal(finding!.start, sql.lastIndexOf('region'));
  assert.equal(underlined(sql, finding!), 'region');
  const [insert] = await fires(RULE, 'INSERT INTO events (id, region, region) VALUES (1, 2, 3);', {}, 1);
  assert.equal(insert!.message, 'INSERT lists column "region" twice, which PostgreSQL refuses');
  const [upsert] = await fires(RULE, 'INSERT INTO events (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET region = 1, region = 2;', {}, 1);
  assert.equal(upsert!.message, 'ON CONFLICT DO UPDATE sets column "region" twice, which PostgreSQL refuses');
  for (const each of [finding, insert, upsert]) assert.equal(messageProblem(each!.message), undefined);
});

test('different array elements or composite fields, or each column once: clean', async () => {
  await clean(RULE, 'UPDATE events SET tags[1] = 1, tags[2] = 2;');
  await clean(RULE, 'UPDATE events SET point.x = 1, point.y = 2;');
  await clean(RULE, "UPDATE events SET region = 'us', status = 'new';");
});
