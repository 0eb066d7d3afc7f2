/**
 * One fixture folder per migration tool (test/fixtures/conventions/<tool>):
 * the convention is detected, forward and reverse are paired, a missing
 * reverse is flagged with a fix that creates it at the tool's path, the
 * history comes from the right files, and transaction handling is known.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeMigration } from '../../server/src/workflows/analyzeMigration';
import type { MigrationAnalysis } from '../../server/src/rules/lintFile';
import { defaultConfig } from '../../server/src/config/projectConfig';
import { MigrationHistory } from '../../server/src/migrations/migrationHistory';
import { FIXTURES_DIR } from '../helpers/paths';

const ROOT = path.join(FIXTURES_DIR, 'conventions');

async function analyze(relative: string): Promise<MigrationAnalysis & { path: string }> {
  const file = path.join(ROOT, relative);
  const analysis = await analyzeMigration(file, fs.readFileSync(file, 'utf8'), { config: defaultConfig(), history: new MigrationHistory(false) });
  return { ...analysis, path: file };
}

function missingReverseFix(
  analysis: MigrationAnalysis,
): { title: string; newFiles?: { path: string; content: string }[]; edits: { newText: string }[] } | undefined {
  return analysis.findings.find((finding) => finding.ruleId === 'reverse-missing')?.fixes?.[0];
}

/** inTransaction of the CREATE INDEX [CONCURRENTLY] statement. */
function indexInTransaction(analysis: MigrationAnalysis): boolean | undefined {
  return analysis.facts.statements.find((facts) => facts.statement.kind === 'IndexStmt')?.inTransaction;
}

interface Case {
  convention: string;
  paired: string;
  unpaired: string;
  expectedReversePath?: string;
  expectedReverseSection?: string;
  indexInTransaction: boolean;
}

const CASES: Case[] = [
  {
    convention: 'golang-migrate',
    paired: 'golang-migrate/1_create_events.up.sql',
    unpaired: 'golang-migrate/2_add_index.up.sql',
    expectedReversePath: 'golang-migrate/2_add_index.down.sql',
    indexInTransaction: true,
  },
  {
    convention: 'diesel',
    paired: 'diesel/2020-01-01-000000_create_events/up.sql',
    unpaired: 'diesel/2020-02-01-000000_add_index/up.sql',
    expectedReversePath: 'diesel/2020-02-01-000000_add_index/down.sql',
    indexInTransaction: true,
  },
  {
    convention: 'dbmate',
    paired: 'dbmate/20200101000000_create_events.sql',
    unpaired: 'dbmate/20200201000000_add_index.sql',
    expectedReverseSection: '-- migrate:down',
    indexInTransaction: false,
  },
  {
    convention: 'goose',
    paired: 'goose/00001_create_events.sql',
    unpaired: 'goose/00002_add_index.sql',
    expectedReverseSection: '-- +goose Down',
    indexInTransaction: false,
  },
  {
    convention: 'sql-migrate',
    paired: 'sql-migrate/1_create_events.sql',
    unpaired: 'sql-migrate/2_add_index.sql',
    expectedReverseSection: '-- +migrate Down',
    indexInTransaction: false,
  },
  {
    convention: 'flyway',
    paired: 'flyway/V1__create_events.sql',
    unpaired: 'flyway/V2__add_index.sql',
    expectedReversePath: 'flyway/U2__add_index.sql',
    indexInTransaction: true,
  },
  {
    convention: 'sqitch',
    paired: 'sqitch/deploy/create_events.sql',
    unpaired: 'sqitch/deploy/add_index.sql',
    expectedReversePath: 'sqitch/revert/add_index.sql',
    indexInTransaction: false,
  },
];

for (const entry of CASES) {
  test(`${entry.convention}: detected and paired`, async () => {
    const analysis = await analyze(entry.paired);
    assert.equal(analysis.facts.layout.convention, entry.convention);
    const forward = analysis.facts.pairs?.sections.find((pair) => pair.section.role === 'forward');
    assert.ok(forward?.counterpart?.exists, `no counterpart found for ${entry.paired}`);
    assert.ok((forward.other?.statementCount ?? 0) > 0);
    assert.deepEqual(
      analysis.findings.filter((finding) => finding.ruleId.startsWith('reverse-')),
      [],
    );
  });

  test(`${entry.convention}: a missing reverse is flagged with a fix at the tool's path`, async () => {
    const analysis = await analyze(entry.unpaired);
    const fix = missingReverseFix(analysis);
    assert.ok(fix, `no reverse-missing finding for ${entry.unpaired}: ${JSON.stringify(analysis.findings.map((f) => f.ruleId))}`);
    if (entry.expectedReversePath) {
      assert.equal(fix.newFiles?.[0]?.path, path.join(ROOT, entry.expectedReversePath));
      assert.match(fix.newFiles![0]!.content, /^-- Reverse of .*drafted by fearless/);
      assert.match(fix.newFiles![0]!.content, /^DROP INDEX (CONCURRENTLY )?events_tenant_idx;$/m);
    } else {
      assert.ok(fix.edits[0]!.newText.includes(entry.expectedReverseSection!), JSON.stringify(fix));
    }
  });

  test(`${entry.convention}: the history comes from the earlier forward, and transactions are known`, async () => {
    const analysis = await analyze(entry.unpaired);
    assert.ok(analysis.facts.schemaBefore.table('events'), 'events should exist from the earlier migration');
    assert.equal(indexInTransaction(analysis), entry.indexInTransaction);
  });
}

test('diesel: metadata.toml run_in_transaction = false takes the migration out of the transaction', async () => {
  const analysis = await analyze('diesel/2020-03-01-000000_concurrent_index/up.sql');
  assert.equal(indexInTransaction(analysis), false);
  assert.ok(!analysis.findings.some((finding) => finding.ruleId === 'reverse-incomplete'));
});

test('a reverse file is analysed against the schema after its own forward', async () => {
  const analysis = await analyze('golang-migrate/1_create_events.down.sql');
  assert.ok(analysis.facts.schemaBefore.table('events'));
  assert.equal(analysis.facts.pairs?.sections[0]?.section.role, 'reverse');
  assert.ok(analysis.facts.pairs?.sections[0]?.counterpart?.exists);
});

test('sqitch verify scripts are neither forward nor reverse', async () => {
  const analysis = await analyze('sqitch/verify/create_events.sql');
  assert.equal(analysis.facts.layout.sections[0]?.role, 'verify');
  assert.ok(!analysis.findings.some((finding) => finding.ruleId.startsWith('reverse-')));
});

test('liquibase: changesets pair with their rollback lines; one without is flagged', async () => {
  const analysis = await analyze('liquibase/changelog.sql');
  assert.equal(analysis.facts.layout.convention, 'liquibase');
  const forwards = analysis.facts.pairs!.sections.filter((pair) => pair.section.role === 'forward');
  assert.deepEqual(
    forwards.map((pair) => [pair.section.migrationId, pair.counterpart?.exists]),
    [
      ['fixture:1', true],
      ['fixture:2', false],
    ],
  );
  assert.equal(forwards[0]!.other?.statementCount, 1, 'the --rollback line is read as SQL');
  assert.equal(analysis.findings.filter((finding) => finding.ruleId === 'reverse-missing').length, 1);
  assert.equal(indexInTransaction(analysis), false);
});

for (const [convention, file] of [
  ['prisma', 'prisma/migrations/20200201000000_index/migration.sql'],
  ['supabase', 'supabase/supabase/migrations/20200201000000_index.sql'],
  ['plain', 'plain/002_index.sql'],
] as const) {
  test(`${convention}: forward-only, no reverse expected, history still folded`, async () => {
    const analysis = await analyze(file);
    assert.equal(analysis.facts.layout.convention, convention);
    assert.equal(analysis.facts.layout.forwardOnly, true);
    assert.ok(!analysis.findings.some((finding) => finding.ruleId.startsWith('reverse-')));
    assert.ok(analysis.facts.schemaBefore.table('events'));
    assert.ok(analysis.findings.some((finding) => finding.ruleId === 'index-without-concurrently'));
  });
}

test('a convention can be forced in the config', async () => {
  const file = path.join(ROOT, 'plain/002_index.sql');
  const analysis = await analyzeMigration(file, fs.readFileSync(file, 'utf8'), {
    config: { ...defaultConfig(), convention: 'dbmate' },
    history: new MigrationHistory(false, 'dbmate'),
  });
  assert.equal(analysis.facts.layout.convention, 'dbmate');
});

test('a narrowing type change in a forward is data loss, judged against the history', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-narrow-'));
  try {
    fs.mkdirSync(path.join(root, 'migrations'));
    fs.writeFileSync(path.join(root, 'migrations/1_create.up.sql'), 'CREATE TABLE users (name text);\n');
    fs.writeFileSync(path.join(root, 'migrations/1_create.down.sql'), 'DROP TABLE users;\n');
    const forward = 'ALTER TABLE users ALTER COLUMN name TYPE varchar(20);\n';
    fs.writeFileSync(path.join(root, 'migrations/2_narrow.up.sql'), forward);
    fs.writeFileSync(path.join(root, 'migrations/2_narrow.down.sql'), 'ALTER TABLE users ALTER COLUMN name TYPE text;\n');
    const analysis = await analyzeMigration(path.join(root, 'migrations/2_narrow.up.sql'), forward, {
      config: defaultConfig(),
      history: new MigrationHistory(false),
    });
    const loss = analysis.findings.find((finding) => finding.ruleId === 'data-loss-in-pair');
    assert.ok(loss, JSON.stringify(analysis.findings.map((f) => f.ruleId)));
    assert.match(loss.message, /from text to varchar\(20\) can lose data/);
    assert.ok(!analysis.findings.some((finding) => finding.ruleId === 'reverse-incomplete'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
