/**
 * A quick fix never trades one error for another (issue 19). In a file the
 * tool runs as one transaction, "build the index CONCURRENTLY" and the fixes
 * that VALIDATE later must put that work into a migration of its own, laid out
 * for the project's tool. For every tool fearless writes migrations for and
 * every such fix: apply the fix the way an editor would (new files, this file,
 * the pair's reverse), then lint the whole folder with the CLI (no rule fires
 * more often than before, the fixed one less) and drill the result on PGlite
 * (forward, reverse, forward again all run; each case on three of the six tools).
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeMigration } from '../../server/src/workflows/analyzeMigration';
import { defaultConfig } from '../../server/src/config/projectConfig';
import { MigrationHistory } from '../../server/src/migrations/migrationHistory';
import { conventionByName, type ConventionName } from '../../server/src/migrations/conventions';
import type { Fix } from '../../server/src/rules';
import { TextLines } from '../../server/src/sql/textLines';
import { runCliAsync, workspace } from '../helpers/runCli';

const TOOLS: ConventionName[] = ['dbmate', 'goose', 'sql-migrate', 'golang-migrate', 'diesel', 'flyway'];

const versionOf = (tool: ConventionName, n: number): string => (tool === 'diesel' ? `2024-01-0${n}-000000` : tool === 'flyway' ? String(n) : `000${n}`);

const BASE = {
  forward:
    'CREATE TABLE tenants (id bigint PRIMARY KEY);\n' +
    'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, kind text, amount int);\n' +
    'CREATE INDEX events_kind_idx ON events (kind);\n',
  reverse: 'DROP TABLE events;\nDROP TABLE tenants;\n',
};

interface Case {
  name: string;
  rule: string;
  forward: string;
  reverse: string;
  /** What the fix's title says it does. */
  title: RegExp;
  /** golang-migrate runs a one-statement file without a transaction: the plain rewrite is the fix there. */
  titleOnGolangMigrate?: RegExp;
  /** Migrations the fix adds. */
  added: number;
}

const CASES: Case[] = [
  {
    name: 'CREATE INDEX among other statements',
    rule: 'index-without-concurrently',
    forward: 'ALTER TABLE events ADD COLUMN note text;\nCREATE INDEX events_tenant_id_idx ON events (tenant_id);\n',
    reverse: 'DROP INDEX events_tenant_id_idx;\nALTER TABLE events DROP COLUMN note;\n',
    title: /^Build the index CONCURRENTLY in a new migration \(.*build_events_tenant_id_idx.*\)$/,
    added: 1,
  },
  {
    name: 'CREATE INDEX alone in its migration',
    rule: 'index-without-concurrently',
    forward: 'CREATE INDEX events_tenant_id_idx ON events (tenant_id);\n',
    reverse: 'DROP INDEX events_tenant_id_idx;\n',
    title: /^Build the index CONCURRENTLY, and run this migration outside a transaction$/,
    titleOnGolangMigrate: /^Build the index CONCURRENTLY$/,
    added: 0,
  },
  {
    name: 'DROP INDEX among other statements',
    rule: 'drop-index-without-concurrently',
    forward: 'ALTER TABLE events ADD COLUMN note text;\nDROP INDEX events_kind_idx;\n',
    reverse: 'CREATE INDEX events_kind_idx ON events (kind);\nALTER TABLE events DROP COLUMN note;\n',
    title: /^Drop the index CONCURRENTLY in a new migration/,
    added: 1,
  },
  {
    name: 'CREATE INDEX CONCURRENTLY in a transaction',
    rule: 'cannot-run-in-transaction',
    forward: 'ALTER TABLE events ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);\n',
    reverse: 'DROP INDEX events_tenant_id_idx;\nALTER TABLE events DROP COLUMN note;\n',
    title: /^Move CREATE INDEX CONCURRENTLY to a new migration/,
    added: 1,
  },
  {
    name: 'SET NOT NULL',
    rule: 'set-not-null-scans-table',
    forward: 'ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;\n',
    reverse: 'ALTER TABLE events ALTER COLUMN tenant_id DROP NOT NULL;\n',
    title: /^Add a NOT VALID CHECK now; VALIDATE it and SET NOT NULL in a new migration \(.*set_events_tenant_id_not_null.*\)$/,
    added: 1,
  },
  {
    name: 'a validated CHECK',
    rule: 'check-constraint-without-not-valid',
    forward: 'ALTER TABLE events ADD CONSTRAINT events_amount_positive CHECK (amount > 0);\n',
    reverse: 'ALTER TABLE events DROP CONSTRAINT events_amount_positive;\n',
    title: /^Add events_amount_positive NOT VALID; VALIDATE it in a new migration/,
    added: 1,
  },
  {
    name: 'a validated FOREIGN KEY',
    rule: 'foreign-key-without-not-valid',
    forward: 'ALTER TABLE events ADD CONSTRAINT events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id);\n',
    reverse: 'ALTER TABLE events DROP CONSTRAINT events_tenant_id_fkey;\n',
    title: /^Add events_tenant_id_fkey NOT VALID; VALIDATE it in a new migration/,
    added: 1,
  },
  {
    name: 'ADD UNIQUE among other statements',
    rule: 'constraint-builds-index-under-lock',
    forward: 'ALTER TABLE events ADD COLUMN note text;\nALTER TABLE events ADD CONSTRAINT events_kind_key UNIQUE (kind);\n',
    reverse: 'ALTER TABLE events DROP CONSTRAINT events_kind_key;\nALTER TABLE events DROP COLUMN note;\n',
    title: /^Build the index CONCURRENTLY, then ADD UNIQUE USING INDEX, in new migrations/,
    added: 2,
  },
];

/** Writes one migration the tool's way; returns its forward file. */
function writeMigration(folder: string, tool: ConventionName, n: number, slug: string, forward: string, reverse: string): string {
  const files = conventionByName(tool).phaseWriter!.files(folder, versionOf(tool, n), { slug, forward, reverse, outsideTransaction: false });
  for (const file of files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    fs.writeFileSync(file.path, file.text);
  }
  return files.find((file) => file.kind === 'forward' || file.kind === 'migration')!.path;
}

function applyEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** Applies a fix as an editor applies its workspace edit. */
function applyFix(file: string, fix: Fix): void {
  for (const created of fix.newFiles ?? []) {
    assert.ok(!fs.existsSync(created.path), `the fix would overwrite ${created.path}`);
    fs.mkdirSync(path.dirname(created.path), { recursive: true });
    fs.writeFileSync(created.path, created.content);
  }
  const byFile = new Map<string, { start: number; end: number; newText: string }[]>([[file, [...fix.edits]]]);
  for (const edit of fix.otherEdits ?? []) {
    const lines = new TextLines(fs.readFileSync(edit.path, 'utf8'));
    byFile.set(edit.path, [
      ...(byFile.get(edit.path) ?? []),
      { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText },
    ]);
  }
  for (const [target, edits] of byFile) fs.writeFileSync(target, applyEdits(fs.readFileSync(target, 'utf8'), edits));
}

/** How often each rule fires over the folder, per `fearless lint --format json`. */
async function ruleCounts(folder: string): Promise<Map<string, number>> {
  const result = await runCliAsync(['lint', '--format', 'json', folder], { cwd: folder, env: {} });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const report = JSON.parse(result.stdout) as { files: { diagnostics: { rule: string }[] }[] };
  const counts = new Map<string, number>();
  for (const diagnostic of report.files.flatMap((file) => file.diagnostics)) counts.set(diagnostic.rule, (counts.get(diagnostic.rule) ?? 0) + 1);
  return counts;
}

const isForward = (file: string): boolean => file.endsWith('.sql') && !/(^|[/._])down\.sql$/.test(file) && !/[/\\]U\d+__/.test(file);

// Each case lints twice and drills once (about a second); they run side by side.
test('fixes that need a migration of their own', { concurrency: 4 }, async (suite) => {
  const cases: Promise<void>[] = [];
  for (const tool of TOOLS) {
    for (const entry of CASES) {
      const running = suite.test(`${tool}: the fix for ${entry.name} leaves no new finding and drills`, async () => {
        const root = workspace({ 'fearless.config.json': JSON.stringify({ pgVersion: 16 }) });
        const folder = path.join(root, 'migrations');
        writeMigration(folder, tool, 1, 'create_events', BASE.forward, BASE.reverse);
        const file = writeMigration(folder, tool, 2, 'change_events', entry.forward, entry.reverse);
        const analysis = await analyzeMigration(file, fs.readFileSync(file, 'utf8'), { config: defaultConfig(), history: new MigrationHistory(false) });
        const finding = analysis.findings.find((candidate) => candidate.ruleId === entry.rule);
        assert.ok(finding, `${entry.rule} fires on ${path.basename(file)}: ${analysis.findings.map((f) => f.ruleId).join(', ')}`);
        const fix = finding.fixes?.find((candidate) => candidate.suppression !== true);
        assert.ok(fix, `${entry.rule} offers a fix`);
        assert.match(fix.title, (tool === 'golang-migrate' && entry.titleOnGolangMigrate) || entry.title);
        assert.ok(!/In a later migration/i.test([...fix.edits.map((edit) => edit.newText)].join('\n')), 'no commented-out later steps');
        assert.equal(fix.newFiles?.filter((created) => isForward(created.path)).length ?? 0, entry.added, 'migrations added');

        const before = await ruleCounts(folder);
        applyFix(file, fix);
        const after = await ruleCounts(folder);
        assert.ok((after.get(entry.rule) ?? 0) < (before.get(entry.rule) ?? 0), `${entry.rule} is fixed`);
        const worse = [...after].filter(([rule, count]) => count > (before.get(rule) ?? 0));
        if (worse.length > 0) {
          const text = (await runCliAsync(['lint', folder], { cwd: folder, env: {} })).stdout;
          assert.fail(`${worse.map(([rule, count]) => `${rule} fires ${count}× after the fix, ${before.get(rule) ?? 0}× before`).join('; ')}:\n${text}`);
        }

        // The newest migration, drilled after the whole history: forward, reverse and forward again run.
        // Each case is drilled on half the tools (three of six, one-file and two-file layouts alike): a drill is most of a case's time.
        if ((TOOLS.indexOf(tool) + CASES.indexOf(entry)) % 2 === 1) return;
        const newest =
          (fix.newFiles ?? [])
            .map((created) => created.path)
            .filter(isForward)
            .at(-1) ?? file;
        const drill = await runCliAsync(['drill', newest], { cwd: root, env: {} });
        assert.equal(drill.status, 0, `drill of ${path.relative(root, newest)}:\n${drill.stdout}\n${drill.stderr}`);
      });
      cases.push(running);
    }
  }
  await Promise.all(cases);
});

async function firstRepair(tool: ConventionName, forward: string, reverse: string, rule: string): Promise<Fix | undefined> {
  const root = workspace({});
  const folder = path.join(root, 'migrations');
  writeMigration(folder, tool, 1, 'create_events', BASE.forward, BASE.reverse);
  const file = writeMigration(folder, tool, 2, 'change_events', forward, reverse);
  const analysis = await analyzeMigration(file, fs.readFileSync(file, 'utf8'), { config: defaultConfig(), history: new MigrationHistory(false) });
  const finding = analysis.findings.find((candidate) => candidate.ruleId === rule);
  assert.ok(finding, `${rule} fires`);
  return finding.fixes?.find((candidate) => candidate.suppression !== true);
}

test('no move when a later statement of the file could depend on the moved one (the order would change)', async () => {
  const fix = await firstRepair(
    'dbmate',
    'DROP INDEX events_kind_idx;\nCREATE INDEX CONCURRENTLY events_kind_idx ON events (kind, tenant_id);\n',
    'DROP INDEX events_kind_idx;\nCREATE INDEX events_kind_idx ON events (kind);\n',
    'drop-index-without-concurrently',
  );
  assert.equal(fix, undefined);
});

test('the session settings before the moved statement go with it (search_path), where the tool runs them one by one', async () => {
  const forward = 'SET search_path TO public;\nALTER TABLE events ADD COLUMN note text;\nCREATE INDEX events_note_idx ON events (note);\n';
  const reverse = 'DROP INDEX events_note_idx;\nALTER TABLE events DROP COLUMN note;\n';
  const fix = await firstRepair('dbmate', forward, reverse, 'index-without-concurrently');
  assert.match(fix!.newFiles![0]!.content, /-- migrate:up transaction:false\nSET search_path TO public;\nCREATE INDEX CONCURRENTLY events_note_idx/);
  // golang-migrate sends the file as one query string: a SET beside CONCURRENTLY would make it a transaction again.
  assert.equal(await firstRepair('golang-migrate', forward, reverse, 'index-without-concurrently'), undefined);
});

test('a migration rewritten whole only when it is as the tool writes it: a comment above the marker keeps it as it is', async () => {
  const root = workspace({});
  const folder = path.join(root, 'migrations');
  writeMigration(folder, 'dbmate', 1, 'create_events', BASE.forward, BASE.reverse);
  const file = writeMigration(folder, 'dbmate', 2, 'index', 'CREATE INDEX events_note_idx ON events (kind);\n', 'DROP INDEX events_note_idx;\n');
  fs.writeFileSync(file, `-- Ticket 42: the index the report needs.\n${fs.readFileSync(file, 'utf8')}`);
  const analysis = await analyzeMigration(file, fs.readFileSync(file, 'utf8'), { config: defaultConfig(), history: new MigrationHistory(false) });
  const finding = analysis.findings.find((candidate) => candidate.ruleId === 'index-without-concurrently');
  assert.deepEqual(finding?.fixes?.filter((candidate) => candidate.suppression !== true) ?? [], []);
});
