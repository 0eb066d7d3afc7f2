/**
 * Attacks on a drill run on a real server: migrations that reached past the
 * scratch database (another database dropped, a superuser role created,
 * ALTER SYSTEM, COPY ... TO PROGRAM, ALTER DATABASE on the URL's own
 * database, and the same built at run time inside a function), as a
 * superuser that the user explicitly allowed and as the CREATEDB-only role
 * the README recommends; a privileged role without that consent; two
 * drills at once on one server, one trying to take the other's database;
 * and connections the server ends mid-drill. Each is checked against the
 * server itself afterwards, not against the drill's own report.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from 'pg';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { runCli, runCliAsync, workspace, type CliResult } from '../helpers/runCli';

interface DrillJson {
  drills: { forward: string; verdict: 'pass' | 'fail'; reasons: string[]; steps: { name: string; ok: boolean; detail: string }[] }[];
}

const CREATE_T = { 'migrations/1_create_t.up.sql': 'CREATE TABLE t (id int PRIMARY KEY);\n', 'migrations/1_create_t.down.sql': 'DROP TABLE t;\n' };

/** A project whose second migration is the attack (its reverse does nothing, so nothing else can fail the drill). */
function attackProject(attack: string): string {
  return workspace({ ...CREATE_T, 'migrations/2_attack.up.sql': attack, 'migrations/2_attack.down.sql': 'SELECT 1;\n' });
}

function drillJson(result: CliResult): DrillJson {
  assert.ok(result.stdout.trim().startsWith('{'), `no JSON report: ${result.stderr}`);
  return JSON.parse(result.stdout) as DrillJson;
}

describe('a drill on a real server cannot change anything but its scratch database', () => {
  let server: RealPostgres | undefined;
  let skip: string | undefined;
  let admin: Client;
  before(async () => {
    const started = await startRealPostgres();
    server = started.server;
    skip = started.skip;
    if (skip) {
      console.log(`# skipping the drill confinement attacks: ${skip}`);
      return;
    }
    admin = await server!.connect();
    await admin.query('CREATE DATABASE victim');
  });
  after(async () => {
    await admin?.end().catch(() => undefined);
    server?.stop();
  });

  async function one<T>(sql: string, parameters: unknown[] = []): Promise<T | undefined> {
    return (await admin.query(sql, parameters)).rows[0] as T | undefined;
  }
  async function scratchDatabasesLeft(): Promise<string[]> {
    return (await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'fearless_drill_%' ORDER BY 1")).rows.map((row) => row.datname as string);
  }

  /** The attacks, each with what PostgreSQL shows when it worked. */
  const attacks = (programMarker: string): { name: string; sql: string; happened: () => Promise<boolean> }[] => [
    {
      name: 'DROP DATABASE of another database',
      sql: 'DROP DATABASE victim;\n',
      happened: async () => (await one("SELECT 1 FROM pg_database WHERE datname = 'victim'")) === undefined,
    },
    {
      name: 'CREATE ROLE ... SUPERUSER',
      sql: 'CREATE ROLE attacker SUPERUSER LOGIN;\n',
      happened: async () => (await one("SELECT 1 FROM pg_roles WHERE rolname = 'attacker'")) !== undefined,
    },
    {
      name: 'ALTER SYSTEM',
      sql: "ALTER SYSTEM SET work_mem = '77MB';\n",
      happened: async () => (await one("SELECT 1 FROM pg_file_settings WHERE name = 'work_mem' AND setting = '77MB'")) !== undefined,
    },
    { name: 'COPY ... TO PROGRAM', sql: `COPY (SELECT 1) TO PROGRAM 'touch ${programMarker}';\n`, happened: async () => fs.existsSync(programMarker) },
    {
      name: "ALTER DATABASE on the URL's own database",
      sql: 'ALTER DATABASE postgres CONNECTION LIMIT 3;\n',
      happened: async () => (await one<{ datconnlimit: number }>("SELECT datconnlimit FROM pg_database WHERE datname = 'postgres'"))?.datconnlimit === 3,
    },
    {
      name: 'a role created by SQL built at run time in a DO block',
      sql: "DO $$ BEGIN EXECUTE 'CREATE ' || 'ROLE attacker_dynamic'; END $$;\n",
      happened: async () => (await one("SELECT 1 FROM pg_roles WHERE rolname = 'attacker_dynamic'")) !== undefined,
    },
  ];

  test('a superuser is refused without --allow-privileged-role, and so are CREATEROLE and pg_write_server_files', async (t) => {
    if (!server) return t.skip(skip);
    await admin.query('CREATE ROLE role_maker LOGIN CREATEDB CREATEROLE');
    await admin.query('CREATE ROLE file_writer LOGIN CREATEDB');
    await admin.query('GRANT pg_write_server_files TO file_writer');
    const root = workspace(CREATE_T);
    for (const [url, why] of [
      [server.connectionString, /refusing to drill as postgres on .*: it is a superuser/],
      [server.urlFor('role_maker'), /refusing to drill as role_maker on .*: it has CREATEROLE/],
      [server.urlFor('file_writer'), /refusing to drill as file_writer on .*: it is a member of pg_write_server_files/],
    ] as const) {
      const result = runCli(['drill', '--database-url', url, 'migrations/1_create_t.up.sql'], { cwd: root });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, why);
      assert.match(result.stderr, /--allow-privileged-role/);
      assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
    }
    assert.deepEqual(await scratchDatabasesLeft(), [], 'nothing was created before the refusal');
    // With the consent, a superuser drills (and every attack below is still stopped).
    const allowed = runCli(['drill', '--database-url', server.connectionString, '--allow-privileged-role', 'migrations/1_create_t.up.sql'], { cwd: root });
    assert.equal(allowed.status, 0, allowed.stderr);
  });

  for (const as of ['a superuser the user allowed', 'the CREATEDB-only role'] as const) {
    test(`each cluster-level attack fails the drill and leaves the server as it was, as ${as}`, async (t) => {
      if (!server) return t.skip(skip);
      const url = as === 'the CREATEDB-only role' ? await server.drillerUrl() : server.connectionString;
      const flags = as === 'the CREATEDB-only role' ? [] : ['--allow-privileged-role'];
      const marker = path.join(server.scratchDirectory, `program-ran-${as === 'the CREATEDB-only role' ? 'createdb' : 'super'}`);
      for (const attack of attacks(marker)) {
        const result = runCli(['drill', '--format', 'json', '--database-url', url, ...flags, 'migrations/2_attack.up.sql'], { cwd: attackProject(attack.sql) });
        assert.equal(result.status, 1, `${attack.name}: ${result.stderr}`);
        const [drill] = drillJson(result).drills;
        assert.equal(drill!.verdict, 'fail', `${attack.name} passed`);
        const said = drill!.reasons.join(' ');
        if (attack.name.startsWith('a role created by SQL built at run time')) {
          // Not in the text. The CREATEDB-only role cannot do it at all; a superuser can, and the snapshot fails the drill for it.
          if (as === 'the CREATEDB-only role') {
            assert.equal(await attack.happened(), false, `${attack.name} changed the server: ${said}`);
            assert.match(said, /permission denied to create role/, attack.name);
          } else {
            assert.match(said, /^The drill changed the server outside its scratch database \(\d+ changes?: new: role attacker_dynamic/, attack.name);
            await admin.query('DROP ROLE attacker_dynamic');
          }
        } else {
          assert.equal(await attack.happened(), false, `${attack.name} changed the server: ${said}`);
          assert.match(said, /refused before running: ".*" .*; a drill may change only its scratch database/, `${attack.name}: ${said}`);
        }
        assert.deepEqual(await scratchDatabasesLeft(), [], `${attack.name}: the scratch database was dropped`);
      }
    });
  }

  test('a change the text cannot show (a role made by dynamic SQL as an allowed superuser) is caught by the before/after snapshot', async (t) => {
    if (!server) return t.skip(skip);
    // The refusal by text cannot see this one: the name is built at run time and the role is dropped again by the reverse.
    const root = workspace({
      ...CREATE_T,
      'migrations/2_sneaky.up.sql': "DO $$ BEGIN EXECUTE 'CREATE ' || 'ROLE sneaky_' || 'role'; END $$;\n",
      'migrations/2_sneaky.down.sql': 'SELECT 1;\n',
    });
    const result = runCli(['drill', '--format', 'json', '--database-url', server.connectionString, '--allow-privileged-role', 'migrations/2_sneaky.up.sql'], {
      cwd: root,
    });
    assert.equal(result.status, 1, result.stderr);
    const [drill] = drillJson(result).drills;
    assert.equal(drill!.verdict, 'fail');
    assert.match(drill!.reasons[0]!, /^The drill changed the server outside its scratch database \(\d+ changes?: new: role sneaky_role: /);
    await admin.query('DROP ROLE IF EXISTS sneaky_role');
  });

  test("two drills at once: each keeps its own scratch database, and one cannot rename the other's", async (t) => {
    if (!server) return t.skip(skip);
    const url = await server.drillerUrl();
    // The first drill holds its database for a few seconds; the second, meanwhile, tries to rename every other drill's database.
    const slow = workspace({
      ...CREATE_T,
      'migrations/2_slow.up.sql': 'SELECT pg_sleep(4);\nALTER TABLE t ADD COLUMN c int;\n',
      'migrations/2_slow.down.sql': 'ALTER TABLE t DROP COLUMN c;\n',
    });
    const thief = workspace({
      ...CREATE_T,
      'migrations/2_steal.up.sql':
        "DO $$ DECLARE d text; BEGIN FOR d IN SELECT datname FROM pg_database WHERE datname LIKE 'fearless\\_drill\\_%' AND datname <> current_database() LOOP " +
        "EXECUTE 'ALTER ' || 'DATABASE ' || quote_ident(d) || ' RENAME TO stolen_' || substr(md5(d), 1, 6); END LOOP; END $$;\n",
      'migrations/2_steal.down.sql': 'SELECT 1;\n',
    });
    const first = runCliAsync(['drill', '--format', 'json', '--database-url', url, 'migrations/2_slow.up.sql'], { cwd: slow, env: {} });
    // Wait for the first drill's database to exist before the thief starts.
    const deadline = Date.now() + 60_000;
    while ((await scratchDatabasesLeft()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await runCliAsync(['drill', '--format', 'json', '--database-url', url, 'migrations/2_steal.up.sql'], { cwd: thief, env: {} });
    const firstResult = await first;
    assert.equal(firstResult.status, 0, `the first drill passes untouched: ${firstResult.stdout} ${firstResult.stderr}`);
    assert.equal(drillJson(firstResult).drills[0]!.verdict, 'pass');
    assert.equal(second.status, 1, second.stderr);
    assert.equal(drillJson(second).drills[0]!.verdict, 'fail');
    const stolen = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'stolen_%'");
    assert.deepEqual(stolen.rows, [], 'no drill database was renamed');
    assert.deepEqual(await scratchDatabasesLeft(), []);
  });

  test("two clean drills at once both pass: another drill's scratch database coming and going is not a change to the server", async (t) => {
    if (!server) return t.skip(skip);
    const url = await server.drillerUrl();
    const project = (): string =>
      workspace({
        ...CREATE_T,
        'migrations/2_add.up.sql': 'SELECT pg_sleep(1);\nALTER TABLE t ADD COLUMN c int;\n',
        'migrations/2_add.down.sql': 'ALTER TABLE t DROP COLUMN c;\n',
      });
    const results = await Promise.all(
      [0, 1, 2].map(() => runCliAsync(['drill', '--format', 'json', '--database-url', url, 'migrations'], { cwd: project(), env: {} })),
    );
    for (const result of results) {
      assert.equal(result.status, 0, `${result.stdout} ${result.stderr}`);
      assert.ok(drillJson(result).drills.every((drill) => drill.verdict === 'pass'));
    }
    assert.deepEqual(await scratchDatabasesLeft(), []);
  });

  for (const which of ['admin', 'scratch'] as const) {
    test(`${which === 'admin' ? 'an' : 'a'} ${which} connection the server ends mid-drill stops it with exit 3 and a plain message; the scratch database is dropped`, async (t) => {
      if (!server) return t.skip(skip);
      const url = await server.drillerUrl();
      const root = workspace({
        ...CREATE_T,
        'migrations/2_slow.up.sql': 'SELECT pg_sleep(3);\nALTER TABLE t ADD COLUMN c int;\n',
        'migrations/2_slow.down.sql': 'ALTER TABLE t DROP COLUMN c;\n',
      });
      const running = runCliAsync(['drill', '--format', 'json', '--database-url', url, 'migrations/2_slow.up.sql'], { cwd: root, env: {} });
      // The admin connection sits in the URL's database, the scratch one in the drill's own; wait until the forward is sleeping.
      const where = which === 'admin' ? "datname = 'postgres'" : "datname LIKE 'fearless_drill_%'";
      const deadline = Date.now() + 60_000;
      let ended = false;
      while (!ended && Date.now() < deadline) {
        const sleeping = await one("SELECT 1 FROM pg_stat_activity WHERE application_name = 'fearless drill' AND query LIKE '%pg_sleep%'");
        if (sleeping) {
          const terminated = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fearless drill' AND ${where}`);
          ended = terminated.rowCount! > 0;
        } else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(ended, `the ${which} connection was found and ended`);
      const result = await running;
      assert.equal(result.status, 3, `${result.stdout} ${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(
          `the ${which === 'admin' ? 'admin' : 'scratch database'} connection to .* was lost .*: the drill stopped \\(scratch database fearless_drill_[0-9a-f]{12}\\)\\. Check the server`,
        ),
      );
      assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
      assert.equal(result.stdout, '', 'no verdict is printed for a drill that could not finish');
      assert.deepEqual(await scratchDatabasesLeft(), [], 'cleanup reconnected and dropped the scratch database');
    });
  }
});
