import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'prefer-timestamptz';

test('timestamp and timestamp(3) without time zone are found on the type', async () => {
  const sql = 'CREATE TABLE t (a timestamp, b timestamp(3) without time zone NOT NULL);';
  const findings = await fires(RULE, sql, {}, 2);
  assert.deepEqual(
    findings.map((finding) => underlined(sql, finding)),
    ['timestamp', 'timestamp(3) without time zone'],
  );
  assert.equal(findings[1]!.message, `Column "t"."b" is timestamp without time zone, read in each session's TimeZone`);
  assert.equal(findings[1]!.advice, 'Use timestamptz(3), which stores an instant in the same 8 bytes.');
  for (const finding of findings) assert.equal(messageProblem(finding.message), undefined, finding.message);
});

test('timestamptz and timestamp with time zone are clean', async () => {
  await clean(RULE, 'CREATE TABLE t (a timestamptz, b timestamp with time zone, c date);');
});

test('fix keeps precision and array bounds', async () => {
  const sql = 'ALTER TABLE t ADD COLUMN seen timestamp(3) without time zone[] DEFAULT NULL;';
  const history = 'CREATE TABLE t (id bigint);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history }))[0]!);
  assert.equal(fixed, 'ALTER TABLE t ADD COLUMN seen timestamptz(3)[] DEFAULT NULL;');
  await clean(RULE, fixed, { history });
});

test('ALTER COLUMN TYPE timestamp is found too', async () => {
  await fires(RULE, 'ALTER TABLE t ALTER COLUMN seen TYPE timestamp;', { history: 'CREATE TABLE t (seen text);' });
});
