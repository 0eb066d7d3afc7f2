import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { makeTempProject, removeTempProject, startLspSession, type LspSession } from '../helpers/lspSession';

function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((diagnostic) => diagnostic.code === code);
  assert.equal(found.length, 1, `expected exactly one ${code}, got: ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0]!;
}

describe('positions are UTF-16 code units', () => {
  let root: string;
  let session: LspSession | undefined;

  before(async () => {
    root = makeTempProject();
    session = await startLspSession({ rootDir: root });
  });

  after(async () => {
    try {
      await session?.close();
    } finally {
      removeTempProject(root);
    }
  });

  test('syntax error after emoji, accents and CJK on earlier and the same line', async () => {
    const lines = ['-- 🎉 café 日本', "SELECT '🎉🎉'; CREATE INDX x;"];
    const uri = session!.uriOf('migrations/0001_utf16.sql');
    session!.open(uri, `${lines.join('\n')}\n`, 1);
    const published = await session!.waitForDiagnostics(uri);
    const syntax = only(published.diagnostics, 'syntax-error');
    const column = lines[1]!.indexOf('INDX');
    assert.deepEqual(syntax.range, { start: { line: 1, character: column }, end: { line: 1, character: column + 4 } });
  });

  test('CREATE INDEX after a string literal with emoji on the same line starts at the right column', async () => {
    const lines = ['-- ünïcødé 🧪 测试', "SELECT '🎉 naïve 日本語 👩‍👩‍👧'; CREATE INDEX e_idx ON events (id);", "SELECT 'ok';"];
    const uri = session!.uriOf('migrations/0002_utf16.sql');
    session!.open(uri, `${lines.join('\n')}\n`, 1);
    const published = await session!.waitForDiagnostics(uri);
    const index = only(published.diagnostics, 'index-without-concurrently');
    const start = lines[1]!.indexOf('CREATE INDEX');
    assert.deepEqual(index.range, { start: { line: 1, character: start }, end: { line: 1, character: lines[1]!.length } });
  });

  test('astral characters inside the statement: the range end counts surrogate pairs', async () => {
    const line = 'CREATE INDEX "idx_🎉" ON events ((payload->>\'😀\')); SELECT 1;';
    const uri = session!.uriOf('migrations/0003_utf16.sql');
    session!.open(uri, `${line}\n`, 1);
    const published = await session!.waitForDiagnostics(uri);
    const index = only(published.diagnostics, 'index-without-concurrently');
    const end = line.indexOf('; SELECT') + 1;
    assert.deepEqual(index.range, { start: { line: 0, character: 0 }, end: { line: 0, character: end } });
  });

  test('hover maps a UTF-16 position after emoji to the right statement', async () => {
    const line = "SELECT '🎉🎉🎉🎉'; CREATE INDEX e_idx ON events (id);";
    const uri = session!.uriOf('migrations/0004_utf16.sql');
    session!.open(uri, `${line}\n`, 1);
    await session!.waitForDiagnostics(uri);
    const hover = await session!.hover(uri, { line: 0, character: line.indexOf('ON events') });
    assert.ok(hover, 'expected a hover on the CREATE INDEX');
    assert.deepEqual(hover.range, { start: { line: 0, character: line.indexOf('CREATE') }, end: { line: 0, character: line.length } });
  });

  // pg_query reports a syntax error's cursor position in characters (code points), not bytes.
  test('syntax error after multi-byte characters in the SAME statement points at the offending word', async () => {
    const lines = ['-- same statement', "SELECT 'café 🎉 日本' foo bar;"];
    const uri = session!.uriOf('migrations/0006_same_statement.sql');
    session!.open(uri, `${lines.join('\n')}\n`, 1);
    const published = await session!.waitForDiagnostics(uri);
    const syntax = only(published.diagnostics, 'syntax-error');
    const column = lines[1]!.indexOf('bar');
    assert.deepEqual(syntax.range, { start: { line: 1, character: column }, end: { line: 1, character: column + 3 } });
  });

  test('syntax error on an astral-plane identifier underlines the whole surrogate pair', async () => {
    const line = 'SELECT a b 😀;';
    const uri = session!.uriOf('migrations/0007_astral_token.sql');
    session!.open(uri, `${line}\n`, 1);
    const published = await session!.waitForDiagnostics(uri);
    const syntax = only(published.diagnostics, 'syntax-error');
    const column = line.indexOf('😀');
    assert.deepEqual(syntax.range, { start: { line: 0, character: column }, end: { line: 0, character: column + '😀'.length } });
  });

  test('CRLF line endings: columns and lines are still right', async () => {
    const lines = ['-- 🎉', "SELECT 'é'; CREATE INDX y;"];
    const uri = session!.uriOf('migrations/0005_crlf.sql');
    session!.open(uri, `${lines.join('\r\n')}\r\n`, 1);
    const published = await session!.waitForDiagnostics(uri);
    const syntax = only(published.diagnostics, 'syntax-error');
    const column = lines[1]!.indexOf('INDX');
    assert.deepEqual(syntax.range, { start: { line: 1, character: column }, end: { line: 1, character: column + 4 } });
  });
});
