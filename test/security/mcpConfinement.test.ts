/**
 * Attacks on `fearless mcp --root DIR` that once read files outside the
 * root: every kind of file a tool pulls in besides the one it is given
 * (backfill scripts, Sqitch reverts, diesel siblings and their sidecar
 * files, the config) as a symbolic link out of the root, and a config file
 * that pointed drills at another server from the environment. Each must be
 * refused with a message that names the path inside the root and quotes
 * nothing of what lies outside.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { callTool, startMcpServer, structured, type McpSession } from '../helpers/mcpSession';
import { workspace } from '../helpers/runCli';

/** What the files outside the root hold: a syntax error quoting it, or a table named after it, would carry it to the agent. */
const TOKEN = 'leaked_outside_7f3a';
const outside = workspace({
  'not_sql.sql': `${TOKEN} is the first line of a file outside the root;\n`,
  'table.sql': `CREATE TABLE ${TOKEN} (id int);\n`,
  'metadata.toml': 'run_in_transaction = false\n',
  'diesel_folder/up.sql': `${TOKEN};\n`,
  'diesel_folder/down.sql': `DROP TABLE ${TOKEN};\n`,
});
const link = (root: string, at: string, target: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, at)), { recursive: true });
  fs.symlinkSync(path.join(outside, target), path.join(root, at));
};

/** The whole answer as the agent sees it. */
function everything(result: CallToolResult): string {
  return JSON.stringify(result);
}

/** The call is refused as reading outside the root, and nothing from outside is in the answer. */
async function refusedOutside(session: McpSession, tool: string, args: Record<string, unknown>, shownPath: RegExp): Promise<void> {
  const result = await callTool(session, tool, args);
  const text = everything(result);
  assert.ok(!text.includes(TOKEN), `${tool} ${JSON.stringify(args)} leaked content from outside the root: ${text}`);
  assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)} should be refused: ${text}`);
  assert.match(text, /outside the workspace root/);
  assert.match(text, shownPath);
}

const GOLANG_PAIR = {
  'migrations/1_create_a.up.sql': 'CREATE TABLE a (id bigint PRIMARY KEY, note text);\n',
  'migrations/1_create_a.down.sql': 'DROP TABLE a;\n',
  'migrations/2_add_b.up.sql': 'ALTER TABLE a ADD COLUMN b int;\n',
  'migrations/2_add_b.down.sql': 'ALTER TABLE a DROP COLUMN b;\n',
};

describe('fearless mcp: reads through links out of the root are refused', () => {
  const root = workspace({
    ...Object.fromEntries(Object.entries(GOLANG_PAIR).map(([file, text]) => [`golang/${file}`, text])),
    'sqitch/sqitch.plan': '%project=demo\n\ncreate_a 2024-01-01T00:00:00Z dev <dev@example.com>\nadd_b 2024-01-02T00:00:00Z dev <dev@example.com>\n',
    'sqitch/deploy/create_a.sql': 'CREATE TABLE a (id int);\n',
    'sqitch/revert/create_a.sql': 'DROP TABLE a;\n',
    'sqitch/deploy/add_b.sql': 'ALTER TABLE a ADD COLUMN b int;\n',
    'diesel/migrations/2024-01-02-000000_add_b/up.sql': 'CREATE TABLE b (id int);\n',
    'diesel/migrations/2024-01-02-000000_add_b/down.sql': 'DROP TABLE b;\n',
    'diesel_folder/migrations/2024-01-02-000000_add_b/up.sql': 'CREATE TABLE b (id int);\n',
    'diesel_folder/migrations/2024-01-02-000000_add_b/down.sql': 'DROP TABLE b;\n',
    'diesel_meta/migrations/2024-01-01-000000_add_b/up.sql': 'CREATE TABLE b (id int);\n',
    'diesel_meta/migrations/2024-01-01-000000_add_b/down.sql': 'DROP TABLE b;\n',
  });
  // A backfill script the drill runs after migration 1.
  link(root, 'golang/backfills/1_fill_a.sql', 'not_sql.sql');
  // The reverse of add_b.
  link(root, 'sqitch/revert/add_b.sql', 'not_sql.sql');
  // An earlier diesel migration whose up.sql is a link out, and one whose whole folder is.
  link(root, 'diesel/migrations/2024-01-01-000000_create_a/up.sql', 'not_sql.sql');
  link(root, 'diesel_folder/migrations/2024-01-01-000000_create_a', 'diesel_folder');
  // A sidecar file a convention reads (whether diesel runs the migration in a transaction).
  link(root, 'diesel_meta/migrations/2024-01-01-000000_add_b/metadata.toml', 'metadata.toml');

  let session: McpSession;
  before(async () => {
    session = await startMcpServer(['--root', root], { cwd: outside });
  });
  after(async () => {
    await session.client.close();
  });

  test('a backfill script: the drill refuses it instead of running it', async () => {
    await refusedOutside(session, 'drill', { forward: 'golang/migrations/2_add_b.up.sql' }, /golang\/backfills\/1_fill_a\.sql/);
  });

  test('a backfill script: a plan check refuses to copy it', async () => {
    await refusedOutside(session, 'plan', { forward: 'golang/migrations/2_add_b.up.sql', check: true }, /golang\/backfills\/1_fill_a\.sql/);
  });

  test('a Sqitch revert: lint, check_reverse and drill refuse it', async () => {
    for (const tool of ['lint', 'drill', 'check_reverse']) {
      const args = tool === 'lint' ? { path: 'sqitch/deploy/add_b.sql' } : { forward: 'sqitch/deploy/add_b.sql' };
      await refusedOutside(session, tool, args, /sqitch\/revert\/add_b\.sql/);
    }
  });

  test('a diesel sibling whose up.sql is a link out: not folded into the history, not applied by the drill', async () => {
    await refusedOutside(
      session,
      'lint',
      { path: 'diesel/migrations/2024-01-02-000000_add_b/up.sql' },
      /diesel\/migrations\/2024-01-01-000000_create_a\/up\.sql/,
    );
    await refusedOutside(
      session,
      'drill',
      { forward: 'diesel/migrations/2024-01-02-000000_add_b/up.sql' },
      /diesel\/migrations\/2024-01-01-000000_create_a\/up\.sql/,
    );
    await refusedOutside(
      session,
      'locks',
      { path: 'diesel/migrations/2024-01-02-000000_add_b/up.sql' },
      /diesel\/migrations\/2024-01-01-000000_create_a\/up\.sql/,
    );
  });

  test('a diesel sibling folder that is a link out is not taken for a migration', async () => {
    // A link is not a migration folder: the history skips it, so nothing behind it is read.
    for (const [tool, args] of [
      ['lint', { path: 'diesel_folder/migrations/2024-01-02-000000_add_b/up.sql' }],
      ['drill', { forward: 'diesel_folder/migrations/2024-01-02-000000_add_b/up.sql' }],
    ] as const) {
      const text = everything(await callTool(session, tool, args));
      assert.ok(!text.includes(TOKEN), `${tool} leaked content from outside the root: ${text}`);
    }
  });

  test("a convention's sidecar file (diesel's metadata.toml)", async () => {
    await refusedOutside(session, 'lint', { path: 'diesel_meta/migrations/2024-01-01-000000_add_b/up.sql' }, /metadata\.toml/);
  });

  test('a folder given to lint: its links out are neither listed nor read', async () => {
    const lint = await structured(session, 'lint', { path: 'golang' });
    assert.ok(!JSON.stringify(lint).includes(TOKEN));
    assert.deepEqual(
      lint['files'].map((file: { path: string }) => file.path),
      [
        'golang/migrations/1_create_a.down.sql',
        'golang/migrations/1_create_a.up.sql',
        'golang/migrations/2_add_b.down.sql',
        'golang/migrations/2_add_b.up.sql',
      ],
    );
  });

  test('the same project without the links is served as usual', async () => {
    const clean = workspace(GOLANG_PAIR);
    const cleanSession = await startMcpServer(['--root', clean], { cwd: outside });
    try {
      const drill = await structured(cleanSession, 'drill', { forward: 'migrations/2_add_b.up.sql' });
      assert.equal(drill['verdict'], 'pass', JSON.stringify(drill['reasons']));
      const lint = await structured(cleanSession, 'lint', { path: 'migrations' });
      assert.equal(lint['files'].length, 4);
    } finally {
      await cleanSession.client.close();
    }
  });
});

describe('fearless mcp: the servers a session reaches are named on its command line, not in workspace files', () => {
  let listener: net.Server;
  let connections = 0;
  let port = 0;
  before(async () => {
    // Stands in for a production database: it only counts who tries to connect.
    listener = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  test('a config file naming an environment variable does not point drills or table sizes at that URL', async () => {
    const root = workspace({
      ...GOLANG_PAIR,
      'fearless.config.json': JSON.stringify({ drillDatabaseUrlEnv: 'PROD_DATABASE_URL', tableSizesDatabaseUrlEnv: 'PROD_DATABASE_URL' }),
    });
    const productionUrl = `postgres://app:production-password@127.0.0.1:${port}/production`;
    const session = await startMcpServer(['--root', root], { cwd: root, env: { PROD_DATABASE_URL: productionUrl } });
    try {
      const drill = await structured(session, 'drill', { forward: 'migrations/2_add_b.up.sql' });
      assert.match(drill['database'], /PGlite/);
      assert.equal(drill['verdict'], 'pass');
      const lint = await structured(session, 'lint', { path: 'migrations/2_add_b.up.sql' });
      assert.ok(Array.isArray(lint['files']));
      const plan = await callTool(session, 'plan', { forward: 'migrations/2_add_b.up.sql', check: true });
      assert.ok(!everything(plan).includes('production-password'));
    } finally {
      await session.client.close();
    }
    assert.equal(connections, 0, 'nothing connected to the URL the config file pointed at');
    assert.match(session.stderr(), /sets drillDatabaseUrlEnv, which fearless mcp ignores: name the variable on its command line \(--database-url-env\)/);
    assert.match(session.stderr(), /sets tableSizesDatabaseUrlEnv, which fearless mcp ignores/);
  });

  test('the variable named with --database-url-env is the drill server', async () => {
    const root = workspace(GOLANG_PAIR);
    const url = `postgres://drill:drill-password@127.0.0.1:${port}/staging`;
    const before = connections;
    const session = await startMcpServer(['--root', root, '--database-url-env', 'STAGING_URL'], { cwd: root, env: { STAGING_URL: url } });
    try {
      const result = await callTool(session, 'drill', { forward: 'migrations/2_add_b.up.sql' });
      assert.equal(result.isError, true);
      assert.match(everything(result), /drill database is unavailable/);
      assert.ok(!everything(result).includes('drill-password'));
    } finally {
      await session.client.close();
    }
    assert.ok(connections > before, 'the drill went to the server the user named');
  });
});
