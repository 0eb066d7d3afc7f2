import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli, workspace } from '../helpers/runCli';

interface LocksJson {
  files: {
    path: string;
    statements: {
      index: number;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      sql: string;
      locks: { relation: string; mode: string; rewrite: boolean; scan: boolean; reason: string }[];
      syntaxError?: string;
    }[];
  }[];
}

function locksOf(sql: string, extraArgs: string[] = []): LocksJson['files'][number]['statements'] {
  const root = workspace({ 'migrations/0001.sql': sql });
  const result = runCli(['locks', '--format', 'json', ...extraArgs, path.join(root, 'migrations', '0001.sql')]);
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as LocksJson).files[0]!.statements;
}

test('every statement is listed in file order, with or without locks', () => {
  const statements = locksOf("SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON events (a);\nSELECT 1;\nCREATE INDX broken;\n");
  assert.deepEqual(
    statements.map((s) => [s.index, s.sql, s.locks.map((l) => `${l.mode} ${l.relation}`)]),
    [
      [0, "SET lock_timeout = '5s';", []],
      [1, 'CREATE INDEX CONCURRENTLY i ON events (a);', ['SHARE UPDATE EXCLUSIVE events']],
      [2, 'SELECT 1;', []],
      [3, 'CREATE INDX broken;', []],
    ],
  );
  assert.match(statements[3]!.syntaxError!, /syntax error at or near "INDX"/);
  assert.deepEqual(statements[1]!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 42 } });
  const keys = Object.keys(statements[1]!.locks[0]!);
  for (const required of ['mode', 'reason', 'relation', 'rewrite', 'scan']) assert.ok(keys.includes(required), required);
  for (const key of keys)
    assert.ok(['mode', 'reason', 'relation', 'rewrite', 'scan', 'relationKind', 'onlyWhen', 'note'].includes(key), `undocumented field ${key}`);
});

test('the first slice of lock facts', () => {
  const [index, add, notNull, check, fk, fkNotValid, volatileDefault] = locksOf(
    [
      'CREATE INDEX i ON public.events (a);',
      "ALTER TABLE events ADD COLUMN note text DEFAULT 'x';",
      'ALTER TABLE events ALTER COLUMN note SET NOT NULL;',
      'ALTER TABLE events ADD CONSTRAINT c CHECK (a > 0);',
      'ALTER TABLE events ADD CONSTRAINT f FOREIGN KEY (tenant_id) REFERENCES tenants (id);',
      'ALTER TABLE events ADD CONSTRAINT f2 FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;',
      'ALTER TABLE events ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    ].join('\n'),
  );
  const summary = (locks: LocksJson['files'][number]['statements'][number]['locks']): string[] =>
    locks.map((l) => `${l.mode} ${l.relation}${l.rewrite ? ' rewrite' : ''}${l.scan ? ' scan' : ''}`);
  assert.deepEqual(summary(index!.locks), ['SHARE public.events scan']);
  assert.deepEqual(summary(add!.locks), ['ACCESS EXCLUSIVE events']);
  assert.deepEqual(summary(notNull!.locks), ['ACCESS EXCLUSIVE events scan']);
  assert.deepEqual(summary(check!.locks), ['ACCESS EXCLUSIVE events scan']);
  assert.deepEqual(summary(fk!.locks), ['SHARE ROW EXCLUSIVE events scan', 'SHARE ROW EXCLUSIVE tenants']);
  assert.deepEqual(summary(fkNotValid!.locks), ['SHARE ROW EXCLUSIVE events', 'SHARE ROW EXCLUSIVE tenants']);
  assert.deepEqual(summary(volatileDefault!.locks), ['ACCESS EXCLUSIVE events rewrite']);
});

test('--pg-version changes version-dependent facts', () => {
  const sql = "ALTER TABLE events ADD COLUMN note text DEFAULT 'x';";
  assert.equal(locksOf(sql, ['--pg-version', '11'])[0]!.locks[0]!.rewrite, false);
  assert.equal(locksOf(sql, ['--pg-version', '18'])[0]!.locks[0]!.rewrite, false);
});

test('250 files of about 6 KB in one call all come back with every statement', () => {
  const files: Record<string, string> = {};
  const statement = (f: number, i: number): string => `ALTER TABLE events_${f} ADD COLUMN column_number_${i} bigint DEFAULT ${i}; -- padding padding\n`;
  for (let f = 0; f < 250; f++) {
    let text = '';
    let i = 0;
    while (text.length < 6_000) text += statement(f, i++);
    files[`migrations/${String(f).padStart(4, '0')}_m.sql`] = text;
  }
  const root = workspace(files);
  const result = runCli(['locks', '--format', 'json', path.join(root, 'migrations')]);
  assert.equal(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout) as LocksJson;
  assert.equal(output.files.length, 250);
  for (const file of output.files) {
    const expected = files[path.relative(root, file.path)]!.split('\n').filter(Boolean).length;
    assert.equal(file.statements.length, expected, file.path);
    assert.ok(file.statements.every((s) => s.locks.length === 1 && s.locks[0]!.mode === 'ACCESS EXCLUSIVE'));
  }
});

test('a 40,000-statement, 2.8 MB file comes back with every statement', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(`CREATE INDEX CONCURRENTLY idx_${i} ON table_${i % 13} (column_${i});`);
  let text = lines.join('\n');
  text += `\n-- ${'x'.repeat(Math.max(0, 2_800_000 - text.length))}\n`;
  const root = workspace({ 'big/0001_big.sql': text });
  const result = runCli(['locks', '--format', 'json', path.join(root, 'big')]);
  assert.equal(result.status, 0, result.stderr);
  const statements = (JSON.parse(result.stdout) as LocksJson).files[0]!.statements;
  assert.equal(statements.length, 40_000);
  assert.equal(statements[39_999]!.sql, 'CREATE INDEX CONCURRENTLY idx_39999 ON table_11 (column_39999);');
  assert.equal(statements[39_999]!.range.start.line, 39_999);
});

test('indexes and sequences are named as such, with optional notes', () => {
  const root = workspace({
    'migrations/0001.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\nCREATE INDEX events_note_idx ON events (note);\n',
    'migrations/0002.sql': 'DROP INDEX events_note_idx;\n',
  });
  const result = runCli(['locks', '--format', 'json', path.join(root, 'migrations', '0002.sql')]);
  assert.equal(result.status, 0, result.stderr);
  const [statement] = (JSON.parse(result.stdout) as LocksJson).files[0]!.statements;
  const locks = statement!.locks as (LocksJson['files'][number]['statements'][number]['locks'][number] & { relationKind?: string })[];
  assert.ok(
    locks.some((lock) => lock.relation === 'events_note_idx' && lock.relationKind === 'index' && lock.mode === 'ACCESS EXCLUSIVE'),
    JSON.stringify(locks),
  );
  assert.ok(
    locks.some((lock) => lock.relation === 'events' && lock.relationKind === undefined && lock.mode === 'ACCESS EXCLUSIVE'),
    JSON.stringify(locks),
  );
});
