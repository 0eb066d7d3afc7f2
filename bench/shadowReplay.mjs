// Part 4: `fearless shadow` replaying 10,000 distinct captured statements (a
// PostgreSQL stderr log with bind parameters, generated for the example
// schema) against migration 0005 on PGlite, with 500 generated rows per table.
// The peer: the same 10,000 statements run raw through PGlite on two databases
// (each in a rolled-back transaction, nothing compared), what any replay
// costs at least. Target: under 60 s.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { heading, ms, nowMs } from './stats.mjs';

const QUERIES = 10_000;

/** The statements as (sql, parameters), every one distinct. */
function workload() {
  const statements = [];
  for (let i = 0; i < QUERIES; i++) {
    const id = String((i % 500) + 1);
    switch (i % 5) {
      case 0:
        statements.push(['SELECT id, kind, created_at FROM events WHERE id = $1 AND tenant_id >= $2', [id, String(i)]]);
        break;
      case 1:
        statements.push(['SELECT kind, count(*) AS n FROM events WHERE tenant_id < $1 GROUP BY kind', [String(i)]]);
        break;
      case 2:
        statements.push(['SELECT * FROM events WHERE kind = $1 OR id = $2 ORDER BY id LIMIT 10', [`v${i % 500}`, String(i)]]);
        break;
      case 3:
        statements.push(['UPDATE events SET payload = payload || $1 WHERE id = $2', [JSON.stringify({ n: i }), id]]);
        break;
      default:
        statements.push([`SELECT count(*) FROM events WHERE region = 'r${i}' OR created_at < now() - interval '${i} seconds'`, undefined]);
    }
  }
  return statements;
}

function asServerLog(statements) {
  const lines = [];
  statements.forEach(([sql, parameters], i) => {
    const stamp = `2026-11-25 10:00:${String(i % 60).padStart(2, '0')}.000 UTC [4242] app@shop `;
    if (!parameters) {
      lines.push(`${stamp}LOG:  statement: ${sql}`);
      return;
    }
    lines.push(`${stamp}LOG:  execute <unnamed>: ${sql}`);
    lines.push(`${stamp}DETAIL:  parameters: ${parameters.map((value, n) => `$${n + 1} = '${value.replace(/'/g, "''")}'`).join(', ')}`);
  });
  return `${lines.join('\n')}\n`;
}

async function rawReplay(repoRoot, statements) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { PGlite } = require('@electric-sql/pglite');
  const migrations = path.join(repoRoot, 'examples', 'migrations');
  const history = ['0001_create_events', '0002_add_tenant_id', '0003_add_region_safely', '0004_validate_region'].map((name) =>
    readFileSync(path.join(migrations, `${name}.up.sql`), 'utf8'),
  );
  const databases = [];
  for (let i = 0; i < 2; i++) {
    const db = await PGlite.create();
    for (const sql of history) await db.exec(sql);
    await db.exec("INSERT INTO events (tenant_id, kind, payload) SELECT g, 'v' || g, '{}' FROM generate_series(1, 500) g");
    databases.push(db);
  }
  await databases[1].exec('CREATE INDEX events_region_idx ON events (region)');
  const started = nowMs();
  for (const [sql, parameters] of statements) {
    for (const db of databases) {
      await db.exec('BEGIN');
      try {
        await db.query(sql, parameters ?? [], { rowMode: 'array' });
      } finally {
        await db.exec('ROLLBACK');
      }
    }
  }
  const elapsed = nowMs() - started;
  for (const db of databases) await db.close();
  return elapsed;
}

export async function benchShadow({ repoRoot }) {
  heading(`shadow replay of ${QUERIES.toLocaleString('en')} captured statements (PGlite)`);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'fearless-bench-shadow-'));
  try {
    const statements = workload();
    const log = path.join(directory, 'postgresql.log');
    writeFileSync(log, asServerLog(statements));
    const env = { ...process.env, FEARLESS_CACHE_DIR: path.join(directory, 'cache') };
    const args = [
      path.join(repoRoot, 'bin', 'fearless.js'),
      'shadow',
      '--capture',
      log,
      '--rows',
      '500',
      '--format',
      'json',
      path.join(repoRoot, 'examples', 'migrations', '0005_index_region_concurrently.up.sql'),
    ];
    const started = nowMs();
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const fearless = nowMs() - started;
    if (!result.stdout) return { skipped: `fearless shadow did not run: ${result.stderr.slice(0, 300)}` };
    const summary = JSON.parse(result.stdout).summary;
    const raw = await rawReplay(repoRoot, statements);
    console.log(
      `fearless shadow: ${ms(fearless)} ms for ${summary.replayed} replayed (${summary.identical} identical, ${summary.different + summary.failsAfter} different, ${summary.slower} slower), exit ${result.status}`,
    );
    console.log(`raw PGlite replay on two databases (no parsing, no comparison): ${ms(raw)} ms; ratio ${(fearless / raw).toFixed(2)}×`);
    return { fearless, raw, ratio: fearless / raw, replayed: summary.replayed };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
