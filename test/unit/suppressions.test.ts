import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, lintText } from '../helpers/lintText';
import { suppressionFix } from '../../server/src/rules/suppressions';
import { parseSql } from '../../server/src/sql/parseSql';

const HISTORY = 'CREATE TABLE events (id bigint, tenant_id bigint);';

test('fearless-ignore above a statement silences that rule for that statement only', async () => {
  const sql = [
    "SET lock_timeout = '5s';",
    '-- index is tiny, built off-hours',
    '-- fearless-ignore index-without-concurrently',
    'CREATE INDEX a ON events (id);',
    'CREATE INDEX b ON events (tenant_id);',
  ].join('\n');
  const { findings } = await lintText(sql, { history: HISTORY });
  const flagged = findings.filter((f) => f.ruleId === 'index-without-concurrently');
  assert.equal(flagged.length, 1);
  assert.equal(sql.slice(flagged[0]!.start, flagged[0]!.end), 'CREATE INDEX b ON events (tenant_id);');
});

test('several ids, and a file-level directive', async () => {
  const sql =
    '-- fearless-ignore-file lock-timeout-missing\n-- fearless-ignore index-without-concurrently, lock-timeout-missing\nCREATE INDEX a ON events (id);\nCREATE INDEX b ON events (id);';
  const { findings } = await lintText(sql, { history: HISTORY });
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['index-without-concurrently'],
  );
});

test('an unknown rule id in a directive is reported at the id', async () => {
  const sql = '-- fearless-ignore no-such-rule\nSELECT 1;';
  const { findings } = await lintText(sql);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.ruleId, 'unknown-rule-in-ignore');
  assert.equal(sql.slice(findings[0]!.start, findings[0]!.end), 'no-such-rule');
});

test('a directive two statements up does not leak down', async () => {
  const sql = "-- fearless-ignore index-without-concurrently\nSET lock_timeout = '1s';\nCREATE INDEX a ON events (id);";
  const { findings } = await lintText(sql, { history: HISTORY });
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['index-without-concurrently'],
  );
});

test('every rule finding offers the ignore fix, and applying it silences the finding', async () => {
  const sql = "SET lock_timeout = '5s';\n  CREATE INDEX a ON events (id);\n";
  const { findings } = await lintText(sql, { history: HISTORY });
  const fix = findings[0]!.fixes!.find((f) => f.title === 'Ignore index-without-concurrently for this statement');
  assert.ok(fix);
  const fixed = applyEdits(sql, fix.edits);
  assert.equal(fixed, "SET lock_timeout = '5s';\n  -- fearless-ignore index-without-concurrently\n  CREATE INDEX a ON events (id);\n");
  assert.deepEqual((await lintText(fixed, { history: HISTORY })).findings, []);
});

test('syntax errors can be silenced too (newer syntax than the PostgreSQL 16 grammar)', async () => {
  const sql = '-- fearless-ignore syntax-error\nCREATE INDX x;\nSELECT 1;';
  assert.deepEqual((await lintText(sql)).findings, []);
});

test('newer syntax is reported when the configured PostgreSQL is older', async () => {
  const sql = 'ALTER TABLE events ADD CONSTRAINT events_id_nn NOT NULL id;';
  const on17 = await lintText(sql, { history: HISTORY, config: { pgVersion: 17 } });
  assert.ok(on17.findings.some((f) => f.ruleId === 'syntax-newer-than-target' && /needs PostgreSQL 18 \(the migrations target 17\)$/.test(f.message)));
  const on18 = await lintText(sql, { history: HISTORY, config: { pgVersion: 18 } });
  assert.ok(!on18.findings.some((f) => f.ruleId === 'syntax-newer-than-target'));
  assert.ok(!on18.findings.some((f) => f.ruleId === 'syntax-error'));
});

test('a finding about the file as a whole is ignored for the file, not "for this statement" (under a Liquibase header)', async () => {
  const plain = 'ALTER TABLE events ADD COLUMN note text;\n';
  const statement = (await parseSql(plain)).statements[0]!;
  assert.deepEqual(suppressionFix(plain, statement, 'reverse-missing', true), {
    title: 'Ignore reverse-missing in this file',
    suppression: true,
    edits: [{ start: 0, end: 0, newText: '-- fearless-ignore-file reverse-missing\n' }],
  });
  const liquibase = '--liquibase formatted sql\n--changeset a:1\nALTER TABLE events ADD COLUMN note text;\n';
  const inChangeset = (await parseSql(liquibase)).statements[0]!;
  assert.equal(suppressionFix(liquibase, inChangeset, 'reverse-missing', true)!.edits[0]!.start, '--liquibase formatted sql\n'.length);
  assert.equal(suppressionFix(plain, statement, 'index-without-concurrently')!.title, 'Ignore index-without-concurrently for this statement');
  // A file-level finding on a tool's marker comment (outside any statement) is still ignorable for the file; others are not.
  assert.equal(suppressionFix('-- migrate:up\n', undefined, 'reverse-missing', true)!.title, 'Ignore reverse-missing in this file');
  assert.equal(suppressionFix('-- migrate:up\n', undefined, 'index-without-concurrently'), undefined);
});
