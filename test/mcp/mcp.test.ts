/**
 * `fearless mcp` as an agent meets it: the built CLI started as a
 * subprocess, spoken to with the MCP SDK's own client over stdio. Every
 * tool is called with good input (typed, structured results with real
 * content) and bad input (clear tool errors, and the server keeps serving).
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMcpServer, structured, toolError, type McpSession } from '../helpers/mcpSession';
import { runCli, workspace } from '../helpers/runCli';

const TOOL_NAMES = ['check_reverse', 'drill', 'explain_lock_mode', 'lint', 'locks', 'plan', 'reverse'];

const outside = workspace({ 'secret.sql': 'CREATE TABLE secret_table (id int);\n', 'migrations/1_secret.up.sql': 'CREATE TABLE secret_table (id int);\n' });
const root = workspace({
  'migrations/1_create_events.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note text);\n',
  'migrations/1_create_events.down.sql': 'DROP TABLE events;\n',
  'migrations/2_index_tenant.up.sql': 'CREATE INDEX events_tenant_idx ON events (tenant_id);\n',
  'migrations/2_index_tenant.down.sql': 'DROP INDEX events_tenant_idx;\n',
  // A reverse that forgets the table: check_reverse names it, the drill fails on it.
  'incomplete/1_create_t.up.sql': 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);\n',
  'incomplete/1_create_t.down.sql': 'DROP INDEX t_id_idx;\n',
  'broken/1_broken.up.sql': 'CREATE TABLE broken (id int;\n',
  'broken/1_broken.down.sql': 'DROP TABLE broken;\n',
  'mixed/1_fine.up.sql': 'CREATE TABLE fine (id int);\n',
});
// Links that point out of the root: a file, a folder, and one among a migration's history.
fs.mkdirSync(path.join(root, 'links'));
fs.symlinkSync(path.join(outside, 'secret.sql'), path.join(root, 'links', 'escape.sql'));
fs.symlinkSync(path.join(outside, 'migrations'), path.join(root, 'linked-migrations'));
fs.symlinkSync(path.join(outside, 'migrations', '1_secret.up.sql'), path.join(root, 'mixed', '0_secret.up.sql'));

function listing(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort();
}

describe('fearless mcp', () => {
  let session: McpSession;
  before(async () => {
    // --root, started elsewhere: relative paths are taken from the root, not the server's cwd.
    session = await startMcpServer(['--root', root], { cwd: os.tmpdir() });
  });
  after(async () => {
    await session.client.close();
  });

  test('lists the seven tools, each documented with an input and an output schema', async () => {
    const { tools } = await session.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOL_NAMES);
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 100, `${tool.name} is documented`);
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.outputSchema?.type, 'object', `${tool.name} has an output schema`);
      assert.ok(Object.keys(tool.outputSchema?.properties ?? {}).length > 0, `${tool.name}'s output schema names its fields`);
      assert.equal(tool.annotations?.readOnlyHint, true);
    }
    const lint = tools.find((tool) => tool.name === 'lint')!;
    assert.deepEqual(Object.keys(lint.inputSchema.properties ?? {}).sort(), ['path', 'sql']);
    assert.deepEqual(Object.keys(lint.outputSchema!.properties!).sort(), ['errorCount', 'files', 'warningCount']);
  });

  test('lint: CREATE INDEX without CONCURRENTLY on an existing table, from a file and from text', async () => {
    const fromFile = await structured(session, 'lint', { path: 'migrations/2_index_tenant.up.sql' });
    assert.equal(fromFile.files.length, 1);
    assert.equal(fromFile.files[0].path, 'migrations/2_index_tenant.up.sql');
    const finding = fromFile.files[0].diagnostics.find((diagnostic: { rule: string }) => diagnostic.rule === 'index-without-concurrently');
    assert.ok(finding, JSON.stringify(fromFile));
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range.start, { line: 0, character: 0 });
    assert.ok(fromFile.errorCount >= 1);

    // The same content the CLI reports.
    const cli = runCli(['lint', '--format', 'json', 'migrations/2_index_tenant.up.sql'], { cwd: root });
    assert.deepEqual(fromFile.files[0].diagnostics, JSON.parse(cli.stdout).files[0].diagnostics);

    // Text not written yet, placed in the folder: the history makes events an existing table.
    const fromText = await structured(session, 'lint', {
      sql: 'CREATE INDEX CONCURRENTLY events_note_idx ON events (note);\n',
      path: 'migrations/3_note.up.sql',
    });
    assert.equal(fromText.files[0].path, 'migrations/3_note.up.sql');
    assert.ok(!fromText.files[0].diagnostics.some((diagnostic: { rule: string }) => diagnostic.rule === 'index-without-concurrently'));
    assert.ok(!fs.existsSync(path.join(root, 'migrations', '3_note.up.sql')), 'lint writes nothing');

    const folder = await structured(session, 'lint', { path: 'migrations' });
    assert.equal(folder.files.length, 4);

    const unparsable = await structured(session, 'lint', { sql: 'CREATE TABLE (;' });
    assert.equal(unparsable.files[0].path, '(sql)');
    assert.ok(unparsable.files[0].diagnostics.some((diagnostic: { rule: string }) => diagnostic.rule === 'syntax-error'));
  });

  test('locks: ACCESS EXCLUSIVE for ALTER TABLE, with the scan of SET NOT NULL', async () => {
    const result = await structured(session, 'locks', { sql: 'ALTER TABLE events ALTER COLUMN note SET NOT NULL;\n', path: 'migrations/3_not_null.up.sql' });
    const [statement] = result.files[0].statements;
    assert.equal(statement.index, 0);
    assert.deepEqual(
      statement.locks.map((lock: { relation: string; mode: string; scan: boolean }) => [lock.relation, lock.mode, lock.scan]),
      [['events', 'ACCESS EXCLUSIVE', true]],
    );

    const index = await structured(session, 'locks', { path: 'migrations/2_index_tenant.up.sql' });
    assert.equal(index.files[0].statements[0].locks[0].mode, 'SHARE');

    const broken = await structured(session, 'locks', { sql: 'SELECT 1;\nCREATE TABLE (;\n' });
    assert.equal(broken.files[0].statements.length, 2);
    assert.match(broken.files[0].statements[1].syntaxError, /syntax error/);
  });

  test('explain_lock_mode: conflicts, what it blocks and the statements that take it; an unknown mode is an error', async () => {
    const mode = await structured(session, 'explain_lock_mode', { mode: 'share row exclusive' });
    assert.equal(mode.mode, 'SHARE ROW EXCLUSIVE');
    assert.equal(mode.pgLocksName, 'ShareRowExclusiveLock');
    assert.deepEqual(mode.compatibleWith, ['ACCESS SHARE', 'ROW SHARE']);
    assert.ok(mode.conflictsWith.includes('ROW EXCLUSIVE'));
    assert.ok(mode.blocks.some((blocked: string) => blocked.startsWith('writes')));
    assert.ok(mode.typicalStatements.includes('CREATE TRIGGER'));

    assert.equal((await structured(session, 'explain_lock_mode', { mode: 'ShareLock' })).mode, 'SHARE');
    assert.equal((await structured(session, 'explain_lock_mode', { mode: 'ACCESS EXCLUSIVE MODE' })).conflictsWith.length, 8);

    const unknown = await toolError(session, 'explain_lock_mode', { mode: 'SUPER EXCLUSIVE' });
    assert.match(unknown, /"SUPER EXCLUSIVE" is not a table lock mode/);
    assert.match(unknown, /ACCESS SHARE, ROW SHARE, .*ACCESS EXCLUSIVE/);
  });

  test('reverse: DROP INDEX for a CREATE INDEX, deterministic; a reverse or unparsable file is an error', async () => {
    const draft = await structured(session, 'reverse', { forward: 'migrations/2_index_tenant.up.sql' });
    assert.equal(draft.forward, 'migrations/2_index_tenant.up.sql');
    assert.deepEqual(draft.statements, ['DROP INDEX events_tenant_idx;']);
    assert.match(draft.sql, /^DROP INDEX events_tenant_idx;$/m);
    assert.deepEqual(draft.unresolved, []);
    assert.equal(draft.complete, true);

    assert.match(await toolError(session, 'reverse', { forward: 'migrations/2_index_tenant.down.sql' }), /is a reverse migration; pass the forward migration/);
    assert.match(
      await toolError(session, 'reverse', { forward: 'broken/1_broken.up.sql' }),
      /broken\/1_broken\.up\.sql does not parse \(line 1, column \d+: syntax error/,
    );
  });

  test('check_reverse: a complete pair, a reverse that leaves a table behind, and proposed reverse text', async () => {
    const good = await structured(session, 'check_reverse', { forward: 'migrations/2_index_tenant.up.sql' });
    assert.deepEqual(good, { forward: 'migrations/2_index_tenant.up.sql', reverse: 'migrations/2_index_tenant.down.sql', complete: true, gaps: [] });

    const incomplete = await structured(session, 'check_reverse', { forward: 'incomplete/1_create_t.up.sql' });
    assert.equal(incomplete.complete, false);
    const gap = incomplete.gaps.find((candidate: { kind: string }) => candidate.kind === 'not-undone');
    assert.match(gap.message, /The forward creates table "t", which the reverse does not undo/);
    assert.equal(gap.forwardStatement, 0);
    assert.equal(gap.sql, 'CREATE TABLE t (id int);');

    const proposed = await structured(session, 'check_reverse', { forward: 'incomplete/1_create_t.up.sql', reverseSql: 'DROP TABLE t;' });
    assert.equal(proposed.reverse, '(reverseSql)');
    assert.equal(proposed.complete, true);

    assert.match(
      await toolError(session, 'check_reverse', { forward: 'incomplete/1_create_t.up.sql', reverseSql: 'DROP TABLE;;(' }),
      /reverseSql does not parse/,
    );
    assert.match(
      await toolError(session, 'check_reverse', { forward: 'mixed/1_fine.up.sql', reverseSql: 'DROP TABLE fine;' }),
      /symbolic link to outside the workspace root/,
    );
  });

  test('drill: a good pair passes on PGlite, a reverse that does not undo fails', async () => {
    const pass = await structured(session, 'drill', { forward: 'migrations/2_index_tenant.up.sql' });
    assert.equal(pass.verdict, 'pass', JSON.stringify(pass.reasons));
    assert.equal(pass.reverse, 'migrations/2_index_tenant.down.sql');
    assert.match(pass.database, /^PGlite/);
    assert.deepEqual(
      pass.steps.map((step: { name: string }) => step.name),
      ['history', 'forward', 'reverse', 'forward again'],
    );
    assert.deepEqual(pass.reverseDiff, { missing: [], extra: [] });

    const fail = await structured(session, 'drill', { forward: 'incomplete/1_create_t.up.sql' });
    assert.equal(fail.verdict, 'fail');
    assert.ok(
      fail.reverseDiff.extra.some((line: string) => line.includes('t')),
      JSON.stringify(fail.reverseDiff),
    );
    assert.ok(fail.reasons.length > 0);

    assert.match(await toolError(session, 'drill', { forward: 'broken/1_broken.up.sql' }), /does not parse/);
  });

  test('plan: the phases as a preview, nothing written', async () => {
    const before = listing(root);
    const plan = await structured(session, 'plan', { forward: 'migrations/2_index_tenant.up.sql' });
    assert.equal(plan.written, false);
    assert.equal(plan.source, 'migrations/2_index_tenant.up.sql');
    const forward = plan.files.find((file: { kind: string }) => file.kind === 'forward');
    assert.match(forward.path, /^migrations\/3_.*\.up\.sql$/);
    assert.match(forward.text, /CREATE INDEX CONCURRENTLY events_tenant_idx ON events/);
    assert.ok(plan.files.some((file: { kind: string }) => file.kind === 'plan'));
    assert.ok(plan.phases.length >= 1);
    assert.deepEqual(listing(root), before, 'plan writes nothing');

    assert.match(await toolError(session, 'plan', { forward: 'broken/1_broken.up.sql' }), /does not parse/);

    const checked = await structured(session, 'plan', { forward: 'migrations/2_index_tenant.up.sql', check: true });
    assert.equal(checked.check.passed, true, JSON.stringify(checked.check));
    assert.deepEqual(
      checked.check.drills.map((drill: { verdict: string }) => drill.verdict),
      checked.phases.map(() => 'pass'),
    );
    assert.deepEqual(checked.missingValues, []);
    assert.deepEqual(listing(root), before, 'checking writes nothing in the root either');
  });

  test('paths: missing files, ../, absolute paths and symbolic links out of the root are refused, nothing outside is read', async () => {
    assert.match(await toolError(session, 'lint', { path: 'migrations/9_missing.up.sql' }), /^No such file or directory: migrations\/9_missing\.up\.sql/);
    assert.match(await toolError(session, 'reverse', { forward: 'migrations/9_missing.up.sql' }), /No such file or directory/);
    for (const attempt of [
      '../secret.sql',
      `../${path.basename(outside)}/secret.sql`,
      'migrations/../../x.sql',
      path.join(outside, 'secret.sql'),
      '/etc/passwd',
    ]) {
      assert.match(await toolError(session, 'lint', { path: attempt }), /is outside the workspace root/, attempt);
    }
    assert.match(await toolError(session, 'lint', { sql: 'SELECT 1;', path: path.join(outside, 'new.up.sql') }), /is outside the workspace root/);
    for (const [tool, args] of [
      ['lint', { path: 'links/escape.sql' }],
      ['locks', { path: 'linked-migrations' }],
      ['reverse', { forward: 'linked-migrations/1_secret.up.sql' }],
      ['drill', { forward: 'links/escape.sql' }],
      ['check_reverse', { forward: 'migrations/2_index_tenant.up.sql', reverse: 'links/escape.sql' }],
      ['lint', { sql: 'SELECT 1;', path: 'linked-migrations/2_new.up.sql' }],
    ] as const) {
      const message = await toolError(session, tool, args);
      assert.match(message, /is outside the workspace root \S+ \(through a symbolic link\)/, `${tool} ${JSON.stringify(args)}`);
      assert.doesNotMatch(message, /secret_table/);
    }
    // A link among the history is refused too: the history would be read.
    assert.match(
      await toolError(session, 'lint', { path: 'mixed/1_fine.up.sql' }),
      /mixed\/0_secret\.up\.sql is a symbolic link to outside the workspace root/,
    );
    assert.match(await toolError(session, 'lint', {}), /Give `path`/);
    // Still serving after all of that.
    assert.equal((await structured(session, 'explain_lock_mode', { mode: 'SHARE' })).mode, 'SHARE');
  });

  test('resources: one Markdown page per rule', async () => {
    const { resources } = await session.client.listResources();
    const page = resources.find((resource) => resource.uri === 'fearless://rules/index-without-concurrently');
    assert.ok(page, 'the rule is listed');
    assert.equal(page.mimeType, 'text/markdown');
    assert.ok(resources.some((resource) => resource.uri === 'fearless://rules/syntax-error'));
    const read = await session.client.readResource({ uri: 'fearless://rules/index-without-concurrently' });
    const [content] = read.contents;
    assert.ok(content && 'text' in content);
    assert.match(content.text, /^# index-without-concurrently\n/);
    assert.match(content.text, /## Use\n\n```sql\nCREATE INDEX CONCURRENTLY/);
    await assert.rejects(session.client.readResource({ uri: 'fearless://rules/no-such-rule' }), /No rule "no-such-rule"/);
  });
});

test('fearless mcp: the drill server named on its command line is used, and its URL and password never reach the agent', async () => {
  const secretRoot = workspace({
    'migrations/1_a.up.sql': 'CREATE TABLE a (id int);\n',
    'migrations/1_a.down.sql': 'DROP TABLE a;\n',
  });
  // Nothing listens on port 1: the connection fails at once.
  const url = 'postgres://drill_user:hunter2secret@127.0.0.1:1/staging';
  const secretSession = await startMcpServer(['--database-url-env', 'FEARLESS_TEST_DRILL_URL'], { cwd: secretRoot, env: { FEARLESS_TEST_DRILL_URL: url } });
  try {
    const message = await toolError(secretSession, 'drill', { forward: 'migrations/1_a.up.sql' });
    assert.match(message, /drill database is unavailable/);
    assert.ok(!message.includes('hunter2secret') && !message.includes(url), message);
  } finally {
    await secretSession.client.close();
  }
  assert.ok(!secretSession.stderr().includes('hunter2secret'), 'nor the log');
});

test('fearless mcp: usage errors before serving', () => {
  const stray = runCli(['mcp', 'migrations']);
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /"fearless mcp" takes no paths/);
  const missing = runCli(['mcp', '--root', path.join(os.tmpdir(), 'fearless-no-such-root')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /The workspace root .* does not exist/);
  assert.match(runCli(['--help']).stdout, /fearless mcp \[--root DIR\] \[--database-url-env VAR\]/);
  const url = runCli(['mcp', '--database-url-env', 'postgres://u@h/db']);
  assert.equal(url.status, 2);
  assert.match(url.stderr, /--database-url-env takes the name of an environment variable/);
});
