import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, workspace } from '../helpers/runCli';

interface LintJson {
  files: {
    path: string;
    diagnostics: {
      rule: string;
      severity: string;
      message: string;
      advice?: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
    }[];
  }[];
}

const HISTORY = { 'migrations/0001_create_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint);\n' };

test('lint --format json follows the documented contract', () => {
  const root = workspace({
    ...HISTORY,
    'migrations/0002_index.sql': "-- 🎉 tenant\nSET lock_timeout = '5s';\nCREATE INDEX events_tenant_idx ON events (tenant_id);\n",
  });
  const result = runCli(['lint', '--format', 'json', path.join(root, 'migrations')]);
  assert.equal(result.status, 1, result.stderr);
  const output = JSON.parse(result.stdout) as LintJson;
  assert.deepEqual(Object.keys(output), ['files']);
  assert.equal(output.files.length, 2);
  assert.deepEqual(output.files[0]!.diagnostics, []);
  const [diagnostic] = output.files[1]!.diagnostics;
  assert.deepEqual(Object.keys(diagnostic!).sort(), ['advice', 'message', 'range', 'rule', 'severity']);
  assert.equal(diagnostic!.rule, 'index-without-concurrently');
  assert.equal(diagnostic!.severity, 'error');
  assert.deepEqual(diagnostic!.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 53 } });
  assert.equal(diagnostic!.message, 'CREATE INDEX blocks writes on "events" (SHARE lock, full scan)');
  assert.match(diagnostic!.advice ?? '', /^Use CREATE INDEX CONCURRENTLY/);
  assert.equal(output.files[1]!.diagnostics.length, 1);
});

test('exit 0 when nothing has error severity, with warnings listed', () => {
  const root = workspace({ ...HISTORY, 'migrations/0002_col.sql': 'ALTER TABLE events ADD COLUMN note text;\n' });
  const result = runCli(['lint', '--format', 'json', path.join(root, 'migrations', '0002_col.sql')]);
  assert.equal(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout) as LintJson;
  assert.deepEqual(
    output.files[0]!.diagnostics.map((d) => [d.rule, d.severity]),
    [['lock-timeout-missing', 'warning']],
  );
});

test('an index on a table created in the same file is not flagged', () => {
  const root = workspace({ 'm/0001.sql': 'CREATE TABLE fresh (id int);\nCREATE INDEX ON fresh (id);\n' });
  const result = runCli(['lint', '--format', 'json', path.join(root, 'm')]);
  assert.equal(result.status, 0);
  assert.deepEqual((JSON.parse(result.stdout) as LintJson).files[0]!.diagnostics, []);
});

test('usage errors exit 2 with a message', () => {
  for (const args of [
    ['lint'],
    ['lint', '--format', 'xml', '.'],
    ['lint', '--pg-version', '9', '.'],
    ['frobnicate'],
    ['lint', '/no/such/path.sql'],
    ['lint', '--bogus', '.'],
  ]) {
    const result = runCli(args);
    assert.equal(result.status, 2, `${args.join(' ')} → ${result.status}`);
    assert.match(result.stderr, /^fearless: /, args.join(' '));
  }
});

test('--help and --version answer and exit 0', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /fearless lint/);
  assert.match(help.stdout, /fearless locks/);
  assert.match(help.stdout, /fearless lsp --stdio/);
  const version = runCli(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test('a file with invalid UTF-8 gets a diagnostic, not a crash', () => {
  const root = workspace({
    'migrations/0001_bad.sql': Buffer.concat([Buffer.from("SELECT 'caf"), Buffer.from([0xc3, 0x28]), Buffer.from("';\nCREATE INDEX i ON t (a);\n")]),
  });
  const result = runCli(['lint', '--format', 'json', path.join(root, 'migrations')]);
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const diagnostics = (JSON.parse(result.stdout) as LintJson).files[0]!.diagnostics;
  const invalid = diagnostics.find((d) => d.rule === 'invalid-utf8');
  assert.ok(invalid);
  assert.deepEqual(invalid.range.start, { line: 0, character: 11 });
  // The rest of the file is still checked.
  assert.ok(diagnostics.some((d) => d.rule === 'index-without-concurrently'));
});

test('the text format names file, position, severity, message and rule', () => {
  const root = workspace({ 'migrations/0001.sql': 'SELECT 1;\nCREATE INDX oops;\n' });
  const result = runCli(['lint', path.join(root, 'migrations')]);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /0001\.sql\n {2}2:8 +error +syntax error at or near "INDX" +syntax-error/);
  assert.match(result.stdout, /1 problem \(1 error, 0 warnings\); 1 file checked\./);
});

test('fearless.config.json sets rule severities; --config points at one elsewhere', () => {
  const root = workspace({
    ...HISTORY,
    'migrations/0002.sql': 'CREATE INDEX i ON events (tenant_id);\n',
    'fearless.config.json': JSON.stringify({ rules: { 'index-without-concurrently': 'warning', 'lock-timeout-missing': 'off' } }),
    'other/strict.json': JSON.stringify({ rules: { 'lock-timeout-missing': 'error' } }),
  });
  const relaxed = runCli(['lint', '--format', 'json', 'migrations'], { cwd: root });
  assert.equal(relaxed.status, 0, relaxed.stderr);
  assert.deepEqual(
    (JSON.parse(relaxed.stdout) as LintJson).files[1]!.diagnostics.map((d) => [d.rule, d.severity]),
    [['index-without-concurrently', 'warning']],
  );
  const strict = runCli(['lint', '--format', 'json', '--config', 'other/strict.json', 'migrations'], { cwd: root });
  assert.equal(strict.status, 1);
  assert.deepEqual(
    (JSON.parse(strict.stdout) as LintJson).files[1]!.diagnostics.map((d) => [d.rule, d.severity]),
    [
      ['index-without-concurrently', 'error'],
      ['lock-timeout-missing', 'error'],
    ],
  );
});

test('a broken config file is reported and defaults apply', () => {
  const root = workspace({ 'fearless.config.json': '{ not json', 'migrations/0001.sql': 'SELECT 1;\n' });
  const result = runCli(['lint', 'migrations'], { cwd: root });
  assert.equal(result.status, 0);
  assert.match(result.stderr, /not valid JSON/);
});

test("fearless rules lists every rule and shows one rule's docs", () => {
  const list = runCli(['rules', '--format', 'json']);
  assert.equal(list.status, 0);
  const rules = (JSON.parse(list.stdout) as { rules: { id: string; defaultSeverity: string; kind: string }[] }).rules;
  assert.ok(rules.some((r) => r.id === 'index-without-concurrently' && r.kind === 'rule'));
  assert.ok(rules.some((r) => r.id === 'syntax-error' && r.kind === 'parser'));
  const one = runCli(['rules', 'lock-timeout-missing']);
  assert.equal(one.status, 0);
  assert.match(one.stdout, /^# lock-timeout-missing/);
  assert.match(one.stdout, /## Instead of\n\n```sql\nALTER TABLE/);
  assert.equal(runCli(['rules', 'no-such-rule']).status, 2);
});

test('fearless reverse drafts the deterministic reverse (sql and json), writing nothing', () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint, note varchar(20));\nCREATE INDEX events_note_idx ON events (note);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    'migrations/2_change.up.sql':
      "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN region text;\nDROP INDEX events_note_idx;\nUPDATE events SET region = 'eu';\n",
  });
  const forward = path.join(root, 'migrations', '2_change.up.sql');
  const json = runCli(['reverse', '--format', 'json', forward]);
  assert.equal(json.status, 0, json.stderr);
  const draft = JSON.parse(json.stdout) as {
    sql: string;
    unresolved: { statement: number; reason: string }[];
    source: { deterministic: string[]; ai: string[] };
  };
  assert.deepEqual(Object.keys(draft).sort(), ['source', 'sql', 'unresolved']);
  assert.deepEqual(draft.source.deterministic, ['CREATE INDEX events_note_idx ON events (note);', 'ALTER TABLE events DROP COLUMN region;']);
  assert.deepEqual(draft.source.ai, []);
  assert.deepEqual(
    draft.unresolved.map((entry) => entry.statement),
    [3],
  );
  assert.match(draft.unresolved[0]!.reason, /data statement/);
  assert.match(draft.sql, /^SET lock_timeout = '5s';$/m);
  const sql = runCli(['reverse', forward]);
  assert.equal(sql.stdout, draft.sql);
  assert.ok(!fs.existsSync(path.join(root, 'migrations', '2_change.down.sql')));
  assert.equal(runCli(['reverse', path.join(root, 'migrations', '1_create.down.sql')]).status, 2);
});

test('pairing findings carry "related" pointing into the paired file; other findings have no extra keys', () => {
  const root = workspace({
    'migrations/1_add.up.sql':
      "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY events_note_idx ON events (note);\n",
    'migrations/1_add.down.sql': 'ALTER TABLE events DROP COLUMN note;\n',
  });
  const result = runCli(['lint', '--format', 'json', path.join(root, 'migrations', '1_add.up.sql')]);
  const diagnostics = (JSON.parse(result.stdout) as { files: { diagnostics: (Record<string, unknown> & { rule: string })[] }[] }).files[0]!.diagnostics;
  const incomplete = diagnostics.find((d) => d.rule === 'reverse-incomplete');
  assert.ok(incomplete, JSON.stringify(diagnostics));
  assert.deepEqual(Object.keys(incomplete).sort(), ['advice', 'message', 'range', 'related', 'rule', 'severity']);
  const [related] = incomplete['related'] as { path: string; range: { start: { line: number } }; message: string }[];
  assert.equal(related!.path, path.join(root, 'migrations', '1_add.down.sql'));
  assert.equal(related!.range.start.line, 0);
  const statementFindings = diagnostics.filter((d) => !d.rule.startsWith('reverse-') && d.rule !== 'data-loss-in-pair');
  assert.ok(statementFindings.length > 0);
  for (const other of statementFindings) assert.ok(!('related' in other), JSON.stringify(other));
});
