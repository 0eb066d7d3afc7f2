import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../server/src/sql/splitStatements';

function pieces(text: string): string[] {
  return splitStatements(text).chunks.map((chunk) => text.slice(chunk.start, chunk.end));
}

test('splits at semicolons outside quotes and comments', () => {
  assert.deepEqual(pieces('SELECT 1; SELECT \';\' ; -- a; b\nSELECT "x;y";'), ['SELECT 1;', "SELECT ';' ;", 'SELECT "x;y";']);
});

test('doubled quotes stay inside the literal', () => {
  assert.deepEqual(pieces('SELECT \'it\'\'s; fine\'; SELECT "a"";b";'), ["SELECT 'it''s; fine';", 'SELECT "a"";b";']);
});

test("E'' strings take backslash escapes, plain strings do not", () => {
  assert.deepEqual(pieces("SELECT E'a\\'; b'; SELECT 'c\\'; SELECT 2;"), ["SELECT E'a\\'; b';", "SELECT 'c\\';", 'SELECT 2;']);
  assert.deepEqual(pieces("SELECT e'x\\\\'; SELECT 3;"), ["SELECT e'x\\\\';", 'SELECT 3;']);
});

test('an identifier ending in e before a quote is not an E string', () => {
  // `some'...'` is not valid SQL, but the lexer must not treat the backslash as an escape there.
  assert.deepEqual(pieces("SELECT some'a\\'; SELECT 4;"), ["SELECT some'a\\';", 'SELECT 4;']);
});

test('dollar quotes with and without tags, nested different tags', () => {
  const body = 'CREATE FUNCTION f() RETURNS int AS $fn$ SELECT $$;$$; SELECT $x$ ; $x$; $fn$ LANGUAGE sql;';
  assert.deepEqual(pieces(`${body} SELECT 5;`), [body, 'SELECT 5;']);
  assert.deepEqual(pieces('DO $$ BEGIN PERFORM 1; END $$; SELECT 6;'), ['DO $$ BEGIN PERFORM 1; END $$;', 'SELECT 6;']);
});

test('positional parameters and dollars inside identifiers are not dollar quotes', () => {
  assert.deepEqual(pieces('SELECT $1; SELECT a$b$ FROM t; SELECT 7;'), ['SELECT $1;', 'SELECT a$b$ FROM t;', 'SELECT 7;']);
});

test('nested block comments and line comments hide semicolons', () => {
  assert.deepEqual(pieces('/* a; /* b; */ c; */ SELECT 8; -- x; y\nSELECT 9;'), ['SELECT 8;', 'SELECT 9;']);
});

test('a statement starts at its first token, after comments and blanks', () => {
  const text = '  -- leading\n  /* c */ SELECT 10;';
  const [chunk] = splitStatements(text).chunks;
  assert.equal(text.slice(chunk!.start, chunk!.end), 'SELECT 10;');
});

test('BEGIN ATOMIC bodies keep their semicolons, CASE ... END nests', () => {
  const fn = 'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; SELECT a; END;';
  assert.deepEqual(pieces(`${fn}\nSELECT 11;`), [fn, 'SELECT 11;']);
  // A plain transaction BEGIN is its own statement.
  assert.deepEqual(pieces('BEGIN; SELECT 12; COMMIT;'), ['BEGIN;', 'SELECT 12;', 'COMMIT;']);
});

test('semicolons inside parentheses (multi-action rules) do not split', () => {
  const rule = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));';
  assert.deepEqual(pieces(`${rule} SELECT 13;`), [rule, 'SELECT 13;']);
});

test('the last statement needs no semicolon; empty statements are skipped', () => {
  assert.deepEqual(pieces(';;SELECT 14;;  SELECT 15  '), ['SELECT 14;', 'SELECT 15']);
});

test('an unterminated string is cut at its line so statements below survive', () => {
  const text = "SELECT 'abc\nCREATE INDEX i ON t (a);";
  const result = splitStatements(text);
  assert.deepEqual(
    result.chunks.map((chunk) => text.slice(chunk.start, chunk.end)),
    ["SELECT 'abc", 'CREATE INDEX i ON t (a);'],
  );
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0]!.message, /Unterminated string literal/);
  assert.equal(result.problems[0]!.start, text.indexOf("'"));
});

test('unterminated dollar quotes, quoted identifiers and block comments are reported', () => {
  assert.match(splitStatements('SELECT $tag$ never closed').problems[0]!.message, /Unterminated dollar-quoted string, \$tag\$ has no closing \$tag\$/);
  assert.match(splitStatements('SELECT "abc').problems[0]!.message, /Unterminated quoted identifier/);
  assert.match(splitStatements('SELECT 1; /* /* */').problems[0]!.message, /Unterminated block comment/);
});

test('multi-byte text keeps UTF-16 offsets exact', () => {
  const text = "-- 🎉 café 日本\nSELECT '🎉;🎉'; SELECT 16;";
  assert.deepEqual(pieces(text), ["SELECT '🎉;🎉';", 'SELECT 16;']);
  assert.equal(splitStatements(text).chunks[1]!.start, text.indexOf('SELECT 16'));
});

test('a 2.8 MB text splits into every statement', () => {
  const text = "INSERT INTO t (a, b) VALUES (1, 'x;y'); -- c;\n".repeat(60_000);
  const { chunks, problems } = splitStatements(text);
  assert.equal(chunks.length, 60_000);
  assert.equal(problems.length, 0);
  assert.equal(text.slice(chunks[59_999]!.start, chunks[59_999]!.end), "INSERT INTO t (a, b) VALUES (1, 'x;y');");
});
