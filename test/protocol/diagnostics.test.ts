import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { messageText, lspSuite } from '../helpers/lspSession';
import { REPO_ROOT } from '../helpers/paths';
import * as path from 'node:path';

const CREATE_EVENTS = 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, payload jsonb);\n';
const INDEX_EVENTS = 'CREATE INDEX events_tenant_idx ON events (tenant_id);';

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((diagnostic) => diagnostic.code === code);
  assert.equal(found.length, 1, `expected exactly one ${code}, got: ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0]!;
}

describe('publishDiagnostics over stdio', () => {
  const suite = lspSuite({ 'migrations/0001_create_events.sql': CREATE_EVENTS });

  test('CREATE INDEX on an existing table: index-without-concurrently (Error) and lock-timeout-missing, on the statement', async () => {
    const uri = suite.session.uriOf('migrations/0002_index.sql');
    const text = `-- add an index\n${INDEX_EVENTS}\n`;
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    assert.equal(published.version, 1);
    assert.deepEqual(codes(published.diagnostics), ['index-without-concurrently', 'lock-timeout-missing']);

    const index = only(published.diagnostics, 'index-without-concurrently');
    assert.equal(index.severity, DiagnosticSeverity.Error);
    assert.equal(index.source, 'fearless');
    assert.deepEqual(index.range, { start: { line: 1, character: 0 }, end: { line: 1, character: INDEX_EVENTS.length } });
    assert.match(messageText(index), /SHARE/);
    assert.match(messageText(index), /events/);

    const timeout = only(published.diagnostics, 'lock-timeout-missing');
    assert.equal(timeout.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(timeout.range, index.range);
  });

  test('an index on a table created earlier in the same file is not flagged', async () => {
    const uri = suite.session.uriOf('migrations/0003_audit.sql');
    const text = 'CREATE TABLE audit (id bigint, tenant_id bigint);\nCREATE INDEX audit_tenant_idx ON audit (tenant_id);\n';
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    assert.ok(!codes(published.diagnostics).includes('index-without-concurrently'), JSON.stringify(published.diagnostics));
    assert.ok(!codes(published.diagnostics).includes('lock-timeout-missing'), JSON.stringify(published.diagnostics));
    assert.deepEqual(published.diagnostics, []);
  });

  test('the same file still flags an index on a table it did not create', async () => {
    const uri = suite.session.uriOf('migrations/0004_mixed.sql');
    const text = `CREATE TABLE audit2 (id bigint);\nCREATE INDEX audit2_idx ON audit2 (id);\n${INDEX_EVENTS}\n`;
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const index = only(published.diagnostics, 'index-without-concurrently');
    assert.deepEqual(index.range, { start: { line: 2, character: 0 }, end: { line: 2, character: INDEX_EVENTS.length } });
  });

  test('SET lock_timeout before the index: no lock-timeout-missing, index-without-concurrently stays', async () => {
    const uri = suite.session.uriOf('migrations/0005_with_timeout.sql');
    const text = `SET lock_timeout = '5s';\n${INDEX_EVENTS}\n`;
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    assert.deepEqual(codes(published.diagnostics), ['index-without-concurrently']);
    assert.deepEqual(published.diagnostics[0]!.range, {
      start: { line: 1, character: 0 },
      end: { line: 1, character: INDEX_EVENTS.length },
    });
  });

  test('a syntax error is reported at the offending word and the statements after it are still checked', async () => {
    const uri = suite.session.uriOf('migrations/0006_typo.sql');
    const text = `CREATE INDX foo;\n${INDEX_EVENTS}\n`;
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    assert.deepEqual(codes(published.diagnostics), ['index-without-concurrently', 'lock-timeout-missing', 'syntax-error']);

    const syntax = only(published.diagnostics, 'syntax-error');
    assert.equal(syntax.severity, DiagnosticSeverity.Error);
    const column = 'CREATE INDX foo;'.indexOf('INDX');
    assert.deepEqual(syntax.range, { start: { line: 0, character: column }, end: { line: 0, character: column + 'INDX'.length } });
    assert.match(messageText(syntax), /INDX/);

    const index = only(published.diagnostics, 'index-without-concurrently');
    assert.deepEqual(index.range, { start: { line: 1, character: 0 }, end: { line: 1, character: INDEX_EVENTS.length } });
  });

  test('an incremental edit that fixes the statement republishes for the new version', async () => {
    const uri = suite.session.uriOf('migrations/0007_edit.sql');
    suite.session.open(uri, `${INDEX_EVENTS}\n`, 1);
    const first = await suite.session.waitForDiagnostics(uri);
    assert.ok(codes(first.diagnostics).includes('index-without-concurrently'));
    const at = INDEX_EVENTS.indexOf('INDEX') + 'INDEX'.length;
    suite.session.change(uri, 2, [{ range: { start: { line: 0, character: at }, end: { line: 0, character: at } }, text: ' CONCURRENTLY' }]);
    const second = await suite.session.waitForDiagnostics(uri);
    assert.equal(second.version, 2);
    assert.deepEqual(second.diagnostics, []);
  });

  test('a NUL byte before a statement is reported, and the statement range still starts at its first token', async () => {
    const uri = suite.session.uriOf('migrations/0009_nul.sql');
    suite.session.open(uri, `SELECT 1;\n\0${INDEX_EVENTS}\n`, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const nul = only(published.diagnostics, 'nul-byte');
    assert.deepEqual(nul.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
    const index = only(published.diagnostics, 'index-without-concurrently');
    assert.deepEqual(index.range, { start: { line: 1, character: 1 }, end: { line: 1, character: 1 + INDEX_EVENTS.length } });
  });

  test('closing the document publishes empty diagnostics', async () => {
    const uri = suite.session.uriOf('migrations/0008_close.sql');
    suite.session.open(uri, `${INDEX_EVENTS}\n`, 1);
    const opened = await suite.session.waitForDiagnostics(uri);
    assert.ok(opened.diagnostics.length > 0);
    suite.session.closeDocument(uri);
    const cleared = await suite.session.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
    assert.ok(suite.session.isAlive());
  });
});

describe('rule pages', () => {
  const suite = lspSuite({ 'migrations/0001_create_events.sql': 'CREATE TABLE events (id bigint);\n' });

  test('rule diagnostics link to a readable page about the rule', async () => {
    const uri = suite.session.uriOf('migrations/0002_index.sql');
    suite.session.open(uri, "SET lock_timeout = '5s';\nCREATE INDEX i ON events (id);\nCREATE INDX oops;\n", 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const rule = published.diagnostics.find((d) => d.code === 'index-without-concurrently');
    assert.ok(rule?.codeDescription, JSON.stringify(published.diagnostics));
    const page = fs.readFileSync(fileURLToPath(rule.codeDescription.href), 'utf8');
    assert.match(page, /^# index-without-concurrently/);
    assert.match(page, /CREATE INDEX CONCURRENTLY events_tenant_id_idx/);
    // The page is the one shipped with the package, not one written at run time; parser findings have theirs too.
    assert.equal(fileURLToPath(rule.codeDescription.href), path.join(REPO_ROOT, 'docs', 'rules', 'index-without-concurrently.md'));
    const syntax = published.diagnostics.find((d) => d.code === 'syntax-error');
    assert.match(fs.readFileSync(fileURLToPath(syntax!.codeDescription!.href), 'utf8'), /^# syntax-error/);
  });
});
