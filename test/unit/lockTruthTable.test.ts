/**
 * docs/lock-truth-table.json holds what PostgreSQL 11 to 18 held in
 * pg_locks for every lock case (written by the version matrix,
 * test/pg/lockMatrix.test.ts, which also fails when a server disagrees with
 * it). Here, without a server: the lock knowledge base gives the same locks
 * for every (statement, major) pair, every refusal is one the version gates
 * (or the case) announce, every case is in the table, and the page
 * docs/lock-truth-table.md is the one rendered from it.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { NEWEST_BUILD_MAJOR, OLDEST_BUILD_MAJOR } from '../../server/src/drill/postgresBuilds/builds';
import { REPO_ROOT } from '../helpers/paths';
import { CONCURRENT_LOCK_CASES } from '../pg/concurrentLockCases';
import { LOCK_CASES } from '../pg/lockCases';
import { cellOn, disagreements, factsFor, refusalExplained, type TruthTable, truthTableMarkdown } from '../pg/lockTruth';

const table = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'lock-truth-table.json'), 'utf8')) as TruthTable;
const MAJORS = Array.from({ length: NEWEST_BUILD_MAJOR - OLDEST_BUILD_MAJOR + 1 }, (_, index) => OLDEST_BUILD_MAJOR + index);

test('the truth table holds every lock case, observed once on every major 11 to 18', () => {
  assert.deepEqual(
    table.statements.map((statement) => statement.sql),
    [...LOCK_CASES, ...CONCURRENT_LOCK_CASES].map((lockCase) => lockCase.sql),
    'the cases changed: run npm run docs:locks',
  );
  assert.deepEqual(Object.keys(table.servers).map(Number), MAJORS);
  for (const statement of table.statements) {
    const majors = statement.observed.flatMap((group) => group.majors);
    assert.deepEqual(majors, MAJORS, statement.sql);
  }
});

test('the lock knowledge base gives what each major held, and each refusal is announced', async () => {
  const problems: string[] = [];
  for (const lockCase of [...LOCK_CASES, ...CONCURRENT_LOCK_CASES]) {
    const statement = table.statements.find((entry) => entry.sql === lockCase.sql)!;
    for (const major of MAJORS) {
      const cell = cellOn(statement, major)!;
      const announced = await refusalExplained(lockCase, major);
      if ('refused' in cell) {
        if (!announced) problems.push(`${lockCase.sql} on ${major}: refused (${cell.refused}), and nothing announces it`);
        else if (announced.syntax && !/\(SQLSTATE (42601|0A000)\)$/.test(cell.refused))
          problems.push(`${lockCase.sql} on ${major}: the gate says ${announced.why}, but the server refused it otherwise (${cell.refused})`);
        continue;
      }
      if (announced) problems.push(`${lockCase.sql} on ${major}: accepted, though ${announced.why}`);
      const facts = await factsFor(lockCase.sql, major);
      for (const problem of disagreements(facts, cell, lockCase, statement.watched === true)) problems.push(`${lockCase.sql} on ${major}: ${problem}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('a fact the servers contradict is caught (the comparison can fail)', async () => {
  const lockCase = { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2024' };
  const on13 = cellOn(
    table.statements.find((entry) => entry.sql === lockCase.sql),
    13,
  )!;
  assert.ok('locks' in on13);
  assert.deepEqual(disagreements(await factsFor(lockCase.sql, 13), on13, lockCase), []);
  // The facts of 14 (ACCESS EXCLUSIVE on the partition) against what 13 held.
  assert.deepEqual(disagreements(await factsFor(lockCase.sql, 14), on13, lockCase), [
    'SHARE UPDATE EXCLUSIVE on measurements_2024; the facts say ACCESS EXCLUSIVE',
  ]);
});

test('docs/lock-truth-table.md is the page rendered from the table', () => {
  const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'lock-truth-table.md'), 'utf8');
  assert.equal(page, truthTableMarkdown(table), 'run npm run docs:locks');
});
