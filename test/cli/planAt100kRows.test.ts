/**
 * Every planned phase set, applied the way production would apply it, on
 * tables of 100,000 rows: each forward in order on PGlite, each backfill
 * script after the migration it is numbered after. The backfills must finish
 * (their own progress query shows nothing remaining) in one committed
 * transaction per batch, and the phases after them (validation, SET NOT
 * NULL, swaps, drops) must then apply.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../helpers/paths';
import { runCli, workspace } from '../helpers/runCli';
import { ORDERS, PLAN_CASES } from './planCases';

type Pglite = { exec(sql: string): Promise<unknown>; query<T>(sql: string): Promise<{ rows: T[] }>; close(): Promise<void> };

const BATCH = 5000;

// A third of orders.status and half of order_lines.quantity are NULL: the SET NOT NULL backfills have rows to do, and rows to skip.
const SEEDS: Record<string, string> = {
  customers: "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 1000) g;",
  orders:
    "INSERT INTO orders (id, customer_id, total, ref, status) SELECT g, g % 1000 + 1, g, 'r' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'new' END FROM generate_series(1, 100000) g;",
  counters: "INSERT INTO counters (hits, label) SELECT g, 'c' || g FROM generate_series(1, 100000) g;",
  order_lines: 'INSERT INTO order_lines SELECT g / 4, g % 4, CASE WHEN g % 2 = 0 THEN NULL ELSE 1 END FROM generate_series(0, 99999) g;',
};

/** Rows for the tables the naive migration names (customers always: orders reference them); the others stay empty, to keep the run short. */
function seedFor(naive: string): string {
  return Object.entries(SEEDS)
    .filter(([table]) => table === 'customers' || new RegExp(`\\b${table}\\b`).test(naive))
    .map(([, sql]) => sql)
    .join('\n');
}

async function pglite(): Promise<Pglite> {
  const { PGlite } = createRequire(path.join(REPO_ROOT, 'package.json'))('@electric-sql/pglite') as { PGlite: { create(): Promise<Pglite> } };
  return PGlite.create();
}

/** The script's own progress query, from its header comment. */
function progressQuery(script: string): string {
  const query = /^-- {3}(SELECT count\(\*\) FILTER .*;)$/m.exec(script)?.[1];
  assert.ok(query, `the backfill script carries its progress query:\n${script}`);
  return query;
}

async function currentXid(db: Pglite): Promise<bigint> {
  const [row] = (await db.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows;
  return BigInt(row!.xid);
}

/** Runs one backfill script to the end; returns how many rows it had to do and in how many committed transactions. */
async function runBackfill(db: Pglite, script: string): Promise<{ rows: number; transactions: number }> {
  const progress = progressQuery(script);
  const [before] = (await db.query<{ remaining: string }>(progress)).rows;
  const started = await currentXid(db);
  await db.exec(script);
  // Each committed batch wrote, so took one transaction id; the last loop finds nothing and writes nothing.
  const transactions = Number((await currentXid(db)) - started - 1n);
  const [after] = (await db.query<{ remaining: string }>(progress)).rows;
  assert.equal(Number(after!.remaining), 0, `nothing remains after the backfill (${progress})`);
  return { rows: Number(before!.remaining), transactions };
}

for (const { name, naive, backfill, phases, backfills: expected = [] } of PLAN_CASES) {
  test(`${name}: every phase and backfill applies in order on 100,000-row tables`, async () => {
    const root = workspace({ ...ORDERS, 'migrations/0002_naive.up.sql': `${naive}\n`, 'migrations/0002_naive.down.sql': 'SELECT 1;\n' });
    const written = runCli(
      [
        'plan',
        ...(backfill ? ['--backfill', backfill] : []),
        '--batch-size',
        String(BATCH),
        '--pause-ms',
        '0',
        '--replace',
        '--write',
        'migrations/0002_naive.up.sql',
      ],
      { cwd: root },
    );
    assert.equal(written.status, 0, written.stderr);
    const forwards = fs
      .readdirSync(path.join(root, 'migrations'))
      .filter((file) => file.endsWith('.up.sql'))
      .sort();
    assert.equal(forwards.length, phases.length + 1);
    const backfills = fs.existsSync(path.join(root, 'backfills')) ? fs.readdirSync(path.join(root, 'backfills')).sort() : [];
    const db = await pglite();
    const ran: string[] = [];
    try {
      for (const forward of forwards) {
        await db.exec(fs.readFileSync(path.join(root, 'migrations', forward), 'utf8')).catch((error: Error) => assert.fail(`${forward}: ${error.message}`));
        if (forward.startsWith('0001_')) await db.exec(seedFor(naive));
        const version = forward.split('_')[0]!;
        for (const script of backfills.filter((file) => file.startsWith(`${version}_`))) {
          const { rows, transactions } = await runBackfill(db, fs.readFileSync(path.join(root, 'backfills', script), 'utf8'));
          assert.ok(rows > BATCH, `${script} had rows to do (${rows})`);
          assert.equal(transactions, Math.ceil(rows / BATCH), `${script}: ${rows} rows in batches of ${BATCH}, each committed`);
          ran.push(script);
        }
      }
    } finally {
      await db.close();
    }
    assert.deepEqual(backfills, expected, 'the backfills the change needs were written');
    assert.deepEqual(ran, backfills, 'every backfill ran, after the migration it is numbered after');
  });
}
