/**
 * `fearless plan` on the tenant_id example: the naive migration becomes
 * phases that lint clean at warning level, drill green on PGlite with
 * generated rows (the backfill runs between the phases), and whose backfill
 * script fills a 100,000-row table in batches.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../helpers/paths';
import { runCli, runCliAsync, workspace, type CliResult } from '../helpers/runCli';
import { NAIVE, ORDERS, PLAN_CASES } from './planCases';

/** `fearless lint` of the paths: the findings at warning level or above, one line each. */
function findingsAtWarning(paths: string[], cwd: string): string[] {
  const lint = runCli(['lint', '--format', 'json', ...paths], { cwd });
  const files = (JSON.parse(lint.stdout) as { files: { path: string; diagnostics: { rule: string; severity: string; message: string }[] }[] }).files;
  return files.flatMap((file) =>
    file.diagnostics
      .filter((finding) => finding.severity === 'error' || finding.severity === 'warning')
      .map((finding) => `${file.path}: ${finding.rule}: ${finding.message}`),
  );
}

const CACHE = { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') };
const EXAMPLES = path.join(REPO_ROOT, 'examples', 'migrations');

function tenantProject(): string {
  return workspace(
    Object.fromEntries(
      ['0001_create_events.up.sql', '0001_create_events.down.sql', '0002_add_tenant_id.up.sql', '0002_add_tenant_id.down.sql'].map((name) => [
        `migrations/${name}`,
        fs.readFileSync(path.join(EXAMPLES, name), 'utf8'),
      ]),
    ),
  );
}

interface CheckJson {
  reviews: { forward: string; items: { id: string; status: string; evidence: string[] }[] }[];
  summary: { migrations: number; ready: number; notReady: number };
}

/** `fearless check` (the CI gate) passed: no checklist item failed on any pair. */
function assertCheckPasses(check: CliResult, migrations: number): void {
  const report = JSON.parse(check.stdout) as CheckJson;
  const failed = report.reviews.flatMap((review) =>
    review.items.filter((item) => item.status === 'fail').map((item) => `${path.basename(review.forward)}: ${item.id}: ${item.evidence.join(' ')}`),
  );
  assert.deepEqual(failed, []);
  assert.deepEqual(report.summary, { migrations, ready: migrations, notReady: 0 });
  assert.equal(check.status, 0, check.stderr);
}

const PHASES = [
  'migrations/0002_add_tenant_id_nullable',
  'migrations/0003_index_events_tenant_id_idx_concurrently',
  'migrations/0004_add_tenant_id_not_null_check',
  'migrations/0005_validate_tenant_id_not_null',
  'migrations/0006_set_tenant_id_not_null',
];

test('the preview lists every file and writes nothing', () => {
  const root = tenantProject();
  const before = fs.readdirSync(path.join(root, 'migrations')).sort();
  const result = runCli(['plan', '--backfill', 'events.tenant_id=1', '--replace', '--format', 'json', 'migrations/0002_add_tenant_id.up.sql'], { cwd: root });
  assert.equal(result.status, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as {
    written: boolean;
    files: { path: string; kind: string; text: string }[];
    removed: string[];
    openQuestions: string[];
  };
  assert.equal(plan.written, false);
  assert.deepEqual(
    plan.files.map((file) => `${file.kind} ${file.path}`),
    [
      ...PHASES.flatMap((phase) => [`forward ${phase}.up.sql`, `reverse ${phase}.down.sql`]),
      'backfill backfills/0002_backfill_events_tenant_id.sql',
      'plan plans/0002_add_tenant_id.plan.md',
    ],
  );
  assert.deepEqual(plan.removed, ['migrations/0002_add_tenant_id.up.sql', 'migrations/0002_add_tenant_id.down.sql']);
  assert.deepEqual(plan.openQuestions, []);
  // No check with the column: the running release inserts rows without tenant_id until the backfill is done.
  assert.equal(plan.files[0]!.text, "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN tenant_id bigint;\n");
  assert.equal(plan.files[2]!.text, 'CREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);\n');
  assert.equal(
    plan.files[4]!.text,
    "SET lock_timeout = '5s';\nALTER TABLE events ADD CONSTRAINT events_tenant_id_not_null_check CHECK (tenant_id IS NOT NULL) NOT VALID;\n",
  );
  const document = plan.files.find((file) => file.kind === 'plan')!.text;
  assert.match(
    document,
    /Then run the backfill `\.\.\/backfills\/0002_backfill_events_tenant_id\.sql` \(events\.tenant_id = 1\) with psql, outside any transaction, once every running instance runs the release that sets tenant_id on each insert and update/,
  );
  assert.deepEqual(fs.readdirSync(path.join(root, 'migrations')).sort(), before, 'nothing written or removed');
});

test('written, the phases lint clean at warning level and drill green with generated rows, the backfill running between them', async () => {
  const root = tenantProject();
  const written = runCli(['plan', '--backfill', 'events.tenant_id=1', '--pause-ms', '0', '--replace', '--write', 'migrations/0002_add_tenant_id.up.sql'], {
    cwd: root,
  });
  assert.equal(written.status, 0, written.stderr);
  assert.equal(fs.existsSync(path.join(root, 'migrations/0002_add_tenant_id.up.sql')), false, 'the naive migration is replaced');
  const lint = runCli(['lint', '--format', 'json', ...PHASES.flatMap((phase) => [`${phase}.up.sql`, `${phase}.down.sql`])], { cwd: root });
  const files = (JSON.parse(lint.stdout) as { files: { path: string; diagnostics: { rule: string; severity: string; message: string }[] }[] }).files;
  assert.equal(files.length, PHASES.length * 2);
  const findings = files.flatMap((file) =>
    file.diagnostics
      .filter((finding) => finding.severity === 'error' || finding.severity === 'warning')
      .map((finding) => `${file.path}: ${finding.rule}: ${finding.message}`),
  );
  assert.deepEqual(findings, []);
  assert.equal(lint.status, 0);
  const drill = await runCliAsync(['drill', '--rows', '5', '--format', 'json', 'migrations'], { cwd: root, env: CACHE });
  const drills = (JSON.parse(drill.stdout) as { drills: { forward: string; verdict: string; reasons: string[] }[] }).drills;
  assert.deepEqual(
    drills.map((entry) => `${path.basename(entry.forward)} ${entry.verdict}`),
    ['0001_create_events.up.sql pass', ...PHASES.map((phase) => `${path.basename(phase)}.up.sql pass`)],
    drills.map((entry) => entry.reasons.join(' ')).join('\n'),
  );
  assert.equal(drill.status, 0);
  assertCheckPasses(await runCliAsync(['check', '--rows', '5', '--format', 'json', 'migrations'], { cwd: root, env: CACHE }), PHASES.length + 1);
  // Without the backfill, the rows generated before the column existed still hold NULL when the validation runs.
  fs.rmSync(path.join(root, 'backfills'), { recursive: true });
  const withoutBackfill = await runCliAsync(['drill', '--rows', '5', '--format', 'json', 'migrations'], { cwd: root, env: CACHE });
  assert.equal(withoutBackfill.status, 1);
  const failed = (JSON.parse(withoutBackfill.stdout) as { drills: { forward: string; verdict: string; reasons: string[] }[] }).drills.find(
    (entry) => entry.verdict === 'fail',
  )!;
  assert.equal(path.basename(failed.forward), '0005_validate_tenant_id_not_null.up.sql');
  assert.match(failed.reasons.join(' '), /is violated by some row/);
});

test('the backfill script fills 100,000 rows on PGlite, one transaction per batch, and runs again as a no-op', async () => {
  const root = tenantProject();
  const preview = runCli(
    [
      'plan',
      '--backfill',
      'events.tenant_id=id % 7',
      '--batch-size',
      '5000',
      '--pause-ms',
      '0',
      '--replace',
      '--format',
      'json',
      'migrations/0002_add_tenant_id.up.sql',
    ],
    { cwd: root },
  );
  const files = (JSON.parse(preview.stdout) as { files: { kind: string; text: string }[] }).files;
  const script = files.find((file) => file.kind === 'backfill')!.text;
  const expand = files.find((file) => file.kind === 'forward')!.text;
  const { PGlite } = createRequire(path.join(REPO_ROOT, 'package.json'))('@electric-sql/pglite') as {
    PGlite: { create(): Promise<{ exec(sql: string): Promise<unknown>; query<T>(sql: string): Promise<{ rows: T[] }>; close(): Promise<void> }> };
  };
  const db = await PGlite.create();
  try {
    await db.exec(fs.readFileSync(path.join(EXAMPLES, '0001_create_events.up.sql'), 'utf8'));
    await db.exec("INSERT INTO events (kind) SELECT 'k' || g FROM generate_series(1, 100000) g");
    await db.exec(expand);
    const started = Date.now();
    await db.exec(script);
    const elapsed = Date.now() - started;
    const [state] = (
      await db.query<{ remaining: number; batches: number; wrong: number }>(
        'SELECT count(*) FILTER (WHERE tenant_id IS NULL)::int AS remaining, count(DISTINCT xmin::text)::int AS batches, count(*) FILTER (WHERE tenant_id <> id % 7)::int AS wrong FROM events',
      )
    ).rows;
    assert.deepEqual(state, { remaining: 0, batches: 20, wrong: 0 }, `each batch of 5,000 committed on its own (${elapsed} ms)`);
    await db.exec(script);
    const [again] = (await db.query<{ batches: number }>('SELECT count(DISTINCT xmin::text)::int AS batches FROM events')).rows;
    assert.equal(again!.batches, 20, 'a second run touches nothing');
  } finally {
    await db.close();
  }
});

test('bad input: a clear message and exit 2', () => {
  const root = tenantProject();
  fs.writeFileSync(path.join(root, 'migrations/0003_later.up.sql'), 'SELECT 1;\n');
  fs.writeFileSync(path.join(root, 'migrations/0003_later.down.sql'), 'SELECT 1;\n');
  const cases: [string[], RegExp][] = [
    [['plan', 'migrations/nope.up.sql'], /nope\.up\.sql does not exist/],
    [['plan', 'migrations/0002_add_tenant_id.down.sql'], /not a forward migration/],
    [['plan', '--replace', 'migrations/0002_add_tenant_id.up.sql'], /migrations after 0002_add_tenant_id\.up\.sql exist/],
    [['plan', '--batch-size', '0', 'migrations/0002_add_tenant_id.up.sql'], /--batch-size must be a whole number of at least 1/],
    [['plan', '--backfill', 'tenant_id', 'migrations/0002_add_tenant_id.up.sql'], /is not COLUMN=EXPRESSION/],
    [
      ['plan', '--backfill', 'events.tenant=1', 'migrations/0002_add_tenant_id.up.sql'],
      /--backfill events\.tenant: no column of this plan takes a value by that name \(these do: events\.tenant_id\)/,
    ],
    [['plan', 'migrations/0003_later.up.sql'], /0003_later\.up\.sql has nothing to plan: none of its statements is a risky change the planner phases/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args, { cwd: root });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
  }
  // Tools the planner cannot write for are refused, not guessed at.
  const sqitch = workspace({
    'sqitch.plan': '%project=x\ncreate 2020-01-01T00:00:00Z a <a@b> # create\nnaive 2020-01-02T00:00:00Z a <a@b> # naive\n',
    'deploy/create.sql': 'CREATE TABLE t (id bigint PRIMARY KEY, v text);\n',
    'revert/create.sql': 'DROP TABLE t;\n',
    'deploy/naive.sql': 'CREATE INDEX t_v_idx ON t (v);\n',
    'revert/naive.sql': 'DROP INDEX t_v_idx;\n',
  });
  const refused = runCli(['plan', 'deploy/naive.sql'], { cwd: sqitch });
  assert.equal(refused.status, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /writing a plan as sqitch migrations is not supported yet/);
  // Without a value for the backfill the plan says what it needs.
  const open = runCli(['plan', '--format', 'json', 'migrations/0002_add_tenant_id.up.sql'], { cwd: root });
  assert.equal(open.status, 0, open.stderr);
  assert.match((JSON.parse(open.stdout) as { openQuestions: string[] }).openQuestions[0]!, /--backfill events\.tenant_id=EXPR/);
  // Numbered after the last migration when not replacing, the plan document saying the naive migration is still there; writing twice does not overwrite.
  const appended = JSON.parse(
    runCli(['plan', '--backfill', 'tenant_id=1', '--format', 'json', 'migrations/0002_add_tenant_id.up.sql'], { cwd: root }).stdout,
  ) as { files: { kind: string; text: string }[] };
  assert.match(
    appended.files.find((file) => file.kind === 'plan')!.text,
    /\*\*The naive migration stays in the folder\*\* \(`\.\.\/migrations\/0002_add_tenant_id\.up\.sql`, `\.\.\/migrations\/0002_add_tenant_id\.down\.sql`\)/,
  );
  assert.equal(runCli(['plan', '--backfill', 'tenant_id=1', '--write', 'migrations/0002_add_tenant_id.up.sql'], { cwd: root }).status, 0);
  assert.ok(fs.existsSync(path.join(root, 'migrations/0004_add_tenant_id_nullable.up.sql')));
  const again = runCli(['plan', '--backfill', 'tenant_id=1', '--write', 'migrations/0002_add_tenant_id.up.sql'], { cwd: root });
  assert.equal(again.status, 2, 'the plan document of this migration exists: nothing is overwritten');
  assert.match(again.stderr, /these files exist already, nothing was written: .*0002_add_tenant_id\.plan\.md/);
  assert.equal(fs.existsSync(path.join(root, 'migrations/0009_add_tenant_id_nullable.up.sql')), false);
});

for (const { name, naive, backfill, phases, backfills = [] } of PLAN_CASES) {
  test(`${name}: planned, linted clean at warning level, passes fearless check (drilled green with generated rows)`, async () => {
    const root = workspace({ ...ORDERS, 'migrations/0002_naive.up.sql': `${naive}\n`, 'migrations/0002_naive.down.sql': 'SELECT 1;\n' });
    const written = runCli(['plan', ...(backfill ? ['--backfill', backfill] : []), '--pause-ms', '0', '--replace', '--write', 'migrations/0002_naive.up.sql'], {
      cwd: root,
    });
    assert.equal(written.status, 0, written.stderr);
    const names = fs.readdirSync(path.join(root, 'migrations')).filter((file) => file.endsWith('.up.sql') && !file.startsWith('0001'));
    assert.deepEqual(
      names.map((file) => file.replace(/^\d+_/, '').replace(/\.up\.sql$/, '')),
      phases,
    );
    assert.deepEqual(fs.existsSync(path.join(root, 'backfills')) ? fs.readdirSync(path.join(root, 'backfills')).sort() : [], backfills);
    const planned = names.flatMap((file) => [`migrations/${file}`, `migrations/${file.replace(/\.up\.sql$/, '.down.sql')}`]);
    const findings = findingsAtWarning(planned, root);
    assert.deepEqual(findings, []);
    // The CI gate drills every pair (with generated rows, the backfills run after their phases) and checks each is complete.
    assertCheckPasses(await runCliAsync(['check', '--rows', '5', '--format', 'json', 'migrations'], { cwd: root, env: CACHE }), phases.length + 1);
  });
}

test('NOT NULL on an existing column: the plan document has its backfill run before the first phase, named after the migration before it', () => {
  const root = workspace({
    ...ORDERS,
    'migrations/0002_naive.up.sql': 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n',
    'migrations/0002_naive.down.sql': 'SELECT 1;\n',
  });
  const files = plannedFiles(root, ['--backfill', "status='new'", 'migrations/0002_naive.up.sql']);
  assert.deepEqual(
    files.filter((file) => file.kind === 'backfill').map((file) => file.path),
    ['backfills/0001_backfill_orders_status.sql'],
  );
  const document = files.find((file) => file.kind === 'plan')!.text;
  assert.match(
    document,
    /\nBefore the first phase, run the backfill `\.\.\/backfills\/0001_backfill_orders_status\.sql` \(orders\.status = 'new'\)[^\n]*once every running instance runs the release that sets status[^\n]*\n\n1\. `\.\.\/migrations\/0002_add_status_not_null_check\.up\.sql`/,
  );
});

test('for PostgreSQL 11 the plan stops at the validated check (SET NOT NULL would scan), and passes its check for that version', async () => {
  const root = tenantProject();
  fs.writeFileSync(path.join(root, 'fearless.config.json'), '{"pgVersion": 11}\n');
  const planned = await runCliAsync(
    ['plan', '--backfill', 'events.tenant_id=1', '--pause-ms', '0', '--replace', '--check', '--format', 'json', 'migrations/0002_add_tenant_id.up.sql'],
    { cwd: root, env: CACHE },
  );
  assert.equal(planned.status, 0, planned.stdout + planned.stderr);
  const plan = JSON.parse(planned.stdout) as { files: { kind: string; path: string }[]; openQuestions: string[]; check: { passed: boolean; lint: string[] } };
  assert.deepEqual(plan.check.lint, []);
  assert.equal(plan.check.passed, true);
  assert.deepEqual(
    plan.files.filter((file) => file.kind === 'forward').map((file) => path.basename(file.path)),
    [
      '0002_add_tenant_id_nullable.up.sql',
      '0003_index_events_tenant_id_idx_concurrently.up.sql',
      '0004_add_tenant_id_not_null_check.up.sql',
      '0005_validate_tenant_id_not_null.up.sql',
    ],
  );
  assert.match(plan.openQuestions.join('\n'), /On PostgreSQL 11, SET NOT NULL reads the whole table/);
});

type Pglite = { exec(sql: string): Promise<unknown>; query<T>(sql: string): Promise<{ rows: T[] }>; close(): Promise<void> };

async function pglite(): Promise<Pglite> {
  const { PGlite } = createRequire(path.join(REPO_ROOT, 'package.json'))('@electric-sql/pglite') as { PGlite: { create(): Promise<Pglite> } };
  return PGlite.create();
}

function plannedFiles(root: string, args: string[]): { kind: string; path: string; text: string }[] {
  const preview = runCli(['plan', '--pause-ms', '0', '--replace', '--format', 'json', ...args], { cwd: root });
  assert.equal(preview.status, 0, preview.stderr);
  return (JSON.parse(preview.stdout) as { files: { kind: string; path: string; text: string }[] }).files;
}

test('a type change: the copy backfill fills 100,000 rows on PGlite in batches, and the trigger keeps writes in step meanwhile', async () => {
  const root = workspace({
    ...ORDERS,
    'migrations/0002_naive.up.sql': 'ALTER TABLE counters ALTER COLUMN hits TYPE bigint;\n',
    'migrations/0002_naive.down.sql': 'SELECT 1;\n',
  });
  const files = plannedFiles(root, ['--batch-size', '5000', 'migrations/0002_naive.up.sql']);
  const script = files.find((file) => file.kind === 'backfill')!;
  assert.equal(path.basename(script.path), '0002_backfill_counters_hits_new.sql');
  const db = await pglite();
  try {
    await db.exec(ORDERS['migrations/0001_create.up.sql']);
    await db.exec("INSERT INTO counters (hits, label) SELECT g, 'c' || g FROM generate_series(1, 100000) g");
    await db.exec(files.find((file) => file.kind === 'forward')!.text);
    // Writes by the running release between the expand phase and the backfill go through the trigger.
    await db.exec("UPDATE counters SET hits = -1 WHERE id = 7; INSERT INTO counters (hits, label) VALUES (2147483647, 'max');");
    await db.exec(script.text);
    const [state] = (
      await db.query<{ remaining: number; wrong: number; batches: number }>(
        'SELECT count(*) FILTER (WHERE hits_new IS NULL)::int AS remaining, count(*) FILTER (WHERE hits_new IS DISTINCT FROM hits)::int AS wrong, count(DISTINCT xmin::text)::int AS batches FROM counters WHERE id > 7 AND id <= 100000',
      )
    ).rows;
    assert.deepEqual(state, { remaining: 0, wrong: 0, batches: 20 });
    const [written] = (
      await db.query<{ updated: string; inserted: string }>(
        "SELECT (SELECT hits_new FROM counters WHERE id = 7)::text AS updated, (SELECT hits_new FROM counters WHERE label = 'max')::text AS inserted",
      )
    ).rows;
    assert.deepEqual(written, { updated: '-1', inserted: '2147483647' });
  } finally {
    await db.close();
  }
});

test('a rename: while old and new releases run side by side, writes through either name reach both columns', async () => {
  const root = workspace({
    ...ORDERS,
    'migrations/0002_naive.up.sql': 'ALTER TABLE counters RENAME COLUMN label TO name;\n',
    'migrations/0002_naive.down.sql': 'SELECT 1;\n',
  });
  const files = plannedFiles(root, ['migrations/0002_naive.up.sql']);
  const db = await pglite();
  try {
    await db.exec(ORDERS['migrations/0001_create.up.sql']);
    await db.exec("INSERT INTO counters (label) VALUES ('before')");
    await db.exec(files.find((file) => file.kind === 'forward')!.text);
    await db.exec(files.find((file) => file.kind === 'backfill')!.text);
    await db.exec(
      "INSERT INTO counters (label) VALUES ('old release'); INSERT INTO counters (name) VALUES ('new release');" +
        "UPDATE counters SET label = 'old update' WHERE id = 1; UPDATE counters SET name = 'new update' WHERE id = 2;",
    );
    const rows = (await db.query<{ id: number; label: string; name: string }>('SELECT id, label, name FROM counters ORDER BY id')).rows;
    assert.deepEqual(rows, [
      { id: 1, label: 'old update', name: 'old update' },
      { id: 2, label: 'new update', name: 'new update' },
      { id: 3, label: 'new release', name: 'new release' },
    ]);
  } finally {
    await db.close();
  }
});

const CONVENTIONS: [string, Record<string, string>, string, string[]][] = [
  [
    'diesel',
    {
      'migrations/2024-01-01-000000_create/up.sql': ORDERS['migrations/0001_create.up.sql']!,
      'migrations/2024-01-01-000000_create/down.sql': ORDERS['migrations/0001_create.down.sql']!,
      'migrations/2024-01-02-000000_naive/up.sql': `${NAIVE}\n`,
      'migrations/2024-01-02-000000_naive/down.sql': 'SELECT 1;\n',
    },
    'migrations/2024-01-02-000000_naive/up.sql',
    ['migrations/2024-01-02-000002_index_orders_region_idx_concurrently/metadata.toml', 'backfills/2024-01-02-000000_backfill_orders_region.sql'],
  ],
  [
    'dbmate',
    {
      'db/migrations/20240101000000_create.sql': `-- migrate:up\n${ORDERS['migrations/0001_create.up.sql']}\n-- migrate:down\n${ORDERS['migrations/0001_create.down.sql']}`,
      'db/migrations/20240102000000_naive.sql': `-- migrate:up\n${NAIVE}\n\n-- migrate:down\nSELECT 1;\n`,
    },
    'db/migrations/20240102000000_naive.sql',
    ['db/migrations/20240102000002_index_orders_region_idx_concurrently.sql', 'db/backfills/20240102000000_backfill_orders_region.sql'],
  ],
  [
    'goose',
    {
      'migrations/00001_create.sql': `-- +goose Up\n${ORDERS['migrations/0001_create.up.sql']}\n-- +goose Down\n${ORDERS['migrations/0001_create.down.sql']}`,
      'migrations/00002_naive.sql': `-- +goose Up\n${NAIVE}\n\n-- +goose Down\nSELECT 1;\n`,
    },
    'migrations/00002_naive.sql',
    ['migrations/00004_index_orders_region_idx_concurrently.sql', 'backfills/00002_backfill_orders_region.sql'],
  ],
  [
    'sql-migrate',
    {
      'migrations/1_create.sql': `-- +migrate Up\n${ORDERS['migrations/0001_create.up.sql']}\n-- +migrate Down\n${ORDERS['migrations/0001_create.down.sql']}`,
      'migrations/2_naive.sql': `-- +migrate Up\n${NAIVE}\n\n-- +migrate Down\nSELECT 1;\n`,
    },
    'migrations/2_naive.sql',
    ['migrations/4_index_orders_region_idx_concurrently.sql', 'backfills/2_backfill_orders_region.sql'],
  ],
  [
    'flyway',
    {
      'sql/V1__create.sql': ORDERS['migrations/0001_create.up.sql']!,
      'sql/U1__create.sql': ORDERS['migrations/0001_create.down.sql']!,
      'sql/V2__naive.sql': `${NAIVE}\n`,
      'sql/U2__naive.sql': 'SELECT 1;\n',
    },
    'sql/V2__naive.sql',
    ['sql/V4__index_orders_region_idx_concurrently.sql.conf', 'backfills/2_backfill_orders_region.sql'],
  ],
];

for (const [convention, files, naive, expected] of CONVENTIONS) {
  test(`written as ${convention} migrations, the phases lint clean at warning level and drill green`, async () => {
    const root = workspace(files);
    const written = runCli(['plan', '--backfill', "orders.region='eu'", '--pause-ms', '0', '--replace', '--write', naive], { cwd: root });
    assert.equal(written.status, 0, written.stderr);
    for (const file of expected) assert.ok(fs.existsSync(path.join(root, file)), `${file} written`);
    // The plan document goes beside the migrations folder (plans/), never into it.
    const migrationsFolder = path.dirname(convention === 'diesel' ? path.dirname(naive) : naive);
    assert.ok(!fs.readdirSync(path.join(root, migrationsFolder)).some((name) => name.endsWith('.plan.md')), 'no plan document among the migrations');
    const plans = path.join(root, path.dirname(migrationsFolder), 'plans');
    const document = fs.readdirSync(plans).find((name) => name.endsWith('.plan.md'))!;
    assert.doesNotMatch(fs.readFileSync(path.join(plans, document), 'utf8'), /Open questions/, 'only the forward part is planned');
    assert.equal(fs.existsSync(path.join(root, naive)), false, 'the naive migration is replaced');
    const folder = path.dirname(convention === 'diesel' ? path.dirname(naive) : naive);
    const findings = findingsAtWarning([folder], root);
    assert.deepEqual(
      findings.filter((finding) => !finding.includes('create')),
      [],
    );
    const drill = await runCliAsync(['drill', '--rows', '5', '--format', 'json', folder], { cwd: root, env: CACHE });
    const drills = (JSON.parse(drill.stdout) as { drills: { forward: string; verdict: string; reasons: string[] }[] }).drills;
    assert.deepEqual(
      drills.filter((entry) => entry.verdict !== 'pass').map((entry) => `${entry.forward}: ${entry.reasons.join(' ')}`),
      [],
    );
    assert.equal(drills.length, 8, drills.map((entry) => entry.forward).join('\n'));
  });
}
