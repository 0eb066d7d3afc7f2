import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'attach-partition-scans';
const PARENT = 'CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);';
const ATTACH = "ALTER TABLE events ATTACH PARTITION events_2026_09 FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');";

test('attaching a table without a validated CHECK on the key is found at the subcommand', async () => {
  const history = `${PARENT}\nCREATE TABLE events_2026_09 (LIKE events);`;
  const [finding] = await fires(RULE, ATTACH, { history }, 1);
  assert.equal(underlined(ATTACH, finding!), "ATTACH PARTITION events_2026_09 FOR VALUES FROM ('2026-09-01') TO ('2026-10-01')");
  assert.equal(finding!.message, 'ATTACH PARTITION scans "events_2026_09" under ACCESS EXCLUSIVE to check the bound');
  assert.equal(finding!.advice, 'Add a validated CHECK on "events_2026_09" matching the bound first (NOT VALID, then VALIDATE), so the attach skips its scan.');
  assert.equal(messageProblem(finding!.message), undefined);
  // A table the history does not show may hold rows too.
  await fires(RULE, ATTACH, { history: PARENT }, 1);
});

test('the default partition is scanned too, and said, even when the incoming table is proven', async () => {
  const history = `${PARENT}\nCREATE TABLE events_default PARTITION OF events DEFAULT;\nCREATE TABLE events_2026_09 (LIKE events);\nALTER TABLE events_2026_09 ADD CONSTRAINT events_2026_09_bound CHECK (created_at >= '2026-09-01' AND created_at < '2026-10-01');`;
  const [finding] = await fires(RULE, ATTACH, { history }, 1);
  assert.equal(finding!.message, 'ATTACH PARTITION scans the default partition "events_default" under ACCESS EXCLUSIVE to check the bound');
  assert.equal(finding!.advice, 'Only a validated CHECK on "events_default" that excludes the new range spares the default partition\'s scan.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('both scanned: both named in one short sentence, both ways in the advice', async () => {
  const history = `${PARENT}\nCREATE TABLE events_default PARTITION OF events DEFAULT;\nCREATE TABLE events_2026_09 (LIKE events);`;
  const [finding] = await fires(RULE, ATTACH, { history }, 1);
  assert.equal(finding!.message, 'ATTACH PARTITION scans "events_2026_09" and default partition "events_default" under ACCESS EXCLUSIVE to check the bound');
  assert.equal(
    finding!.advice,
    'Add a validated CHECK on "events_2026_09" matching the bound first (NOT VALID, then VALIDATE), so the attach skips its scan. ' +
      'Only a validated CHECK on "events_default" that excludes the new range spares the default partition\'s scan.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a validated CHECK on the key (from the history or earlier in the file, dropped afterwards), or an empty new table: clean', async () => {
  const history = `${PARENT}\nCREATE TABLE events_2026_09 (LIKE events);`;
  await clean(RULE, ATTACH, {
    history: `${history}\nALTER TABLE events_2026_09 ADD CONSTRAINT b CHECK (created_at >= '2026-09-01' AND created_at < '2026-10-01');`,
  });
  await clean(
    RULE,
    `ALTER TABLE events_2026_09 ADD CONSTRAINT b CHECK (created_at >= '2026-09-01' AND created_at < '2026-10-01') NOT VALID;\nALTER TABLE events_2026_09 VALIDATE CONSTRAINT b;\n${ATTACH}\nALTER TABLE events_2026_09 DROP CONSTRAINT b;`,
    { history, runs: 'none' },
  );
  await clean(RULE, `CREATE TABLE events_2026_09 (LIKE events);\n${ATTACH}`, { history: PARENT });
  // A NOT VALID check proves nothing.
  await fires(RULE, ATTACH, { history: `${history}\nALTER TABLE events_2026_09 ADD CONSTRAINT b CHECK (created_at >= '2026-09-01') NOT VALID;` }, 1);
});

test('a table this file created and filled is scanned', async () => {
  await fires(RULE, `CREATE TABLE events_2026_09 (LIKE events);\nINSERT INTO events_2026_09 SELECT * FROM events_staging;\n${ATTACH}`, { history: PARENT }, 1);
});
