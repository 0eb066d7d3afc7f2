import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSql } from '../../server/src/sql/parseSql';
import { PgQueryRuntime } from '../../server/src/sql/pgQueryRuntime';
import { StatementCache } from '../../server/src/sql/statementCache';
import { decodeSqlBytes } from '../../server/src/sql/decodeSqlBytes';

/** A private runtime and cache per test, so each measures its own parses. */
function isolated(): { runtime: PgQueryRuntime; cache: StatementCache } {
  return { runtime: new PgQueryRuntime(), cache: new StatementCache() };
}

test('statements come back with kinds and exact text', async () => {
  const parsed = await parseSql('CREATE INDEX i ON t (a);\nSELECT 1;', isolated());
  assert.deepEqual(
    parsed.statements.map((s) => [s.kind, s.text]),
    [
      ['IndexStmt', 'CREATE INDEX i ON t (a);'],
      ['SelectStmt', 'SELECT 1;'],
    ],
  );
  assert.deepEqual(parsed.problems, []);
});

// The published build leaks its wasm stack on every parse() call: measured
// failures after 1,769 parses of 30 bytes, 126 of 500 bytes, 21 of 3,000
// bytes. The adapter must go far past each of those.
for (const [count, size] of [
  [5_000, 30],
  [1_000, 500],
  [300, 3_000],
] as const) {
  test(`${count} separate parses of ${size}-byte statements all succeed`, async () => {
    const options = isolated();
    for (let i = 0; i < count; i++) {
      const filler = `-- ${'x'.repeat(Math.max(0, size - 40))}\n`;
      // Distinct text each time so the statement cache cannot answer.
      const parsed = await parseSql(`${filler}CREATE INDEX i${i} ON t (a);`, options);
      assert.equal(parsed.statements[0]?.kind, 'IndexStmt', `parse ${i} failed: ${JSON.stringify(parsed.problems)}`);
    }
  });
}

test('a single statement larger than 64 KB parses', async () => {
  const values = Array.from({ length: 9_000 }, (_, i) => `(${i}, 'value ${i}')`).join(', ');
  const sql = `INSERT INTO t (a, b) VALUES ${values};`;
  assert.ok(sql.length > 140_000);
  const parsed = await parseSql(sql, isolated());
  assert.equal(parsed.statements.length, 1);
  assert.equal(parsed.statements[0]!.kind, 'InsertStmt');
  assert.deepEqual(parsed.problems, []);
});

test('a 40,000-statement, 2.8 MB file parses completely', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(`ALTER TABLE t${i % 97} ADD COLUMN c${i} int DEFAULT ${i};`);
  const text = lines.join('\n').padEnd(2_800_000, ' ');
  const parsed = await parseSql(text, isolated());
  assert.equal(parsed.statements.length, 40_000);
  assert.ok(parsed.statements.every((s) => s.kind === 'AlterTableStmt'));
  assert.equal(parsed.statements[39_999]!.text, 'ALTER TABLE t35 ADD COLUMN c39999 int DEFAULT 39999;');
});

test('a statement that breaks the parser is reported, and the statements after it still parse', async () => {
  const options = isolated();
  // 3,000 chained operators overflow the wasm parser's stack (PostgreSQL itself accepts them).
  const deep = `SELECT ${Array(3_000).fill('1').join(' + ')};`;
  const parsed = await parseSql(`${deep}\nCREATE INDEX after_deep ON t (a);\nSELECT 2;`, options);
  assert.equal(parsed.statements.length, 3);
  assert.equal(parsed.statements[0]!.node, undefined);
  assert.ok(
    parsed.problems.some((p) => p.code === 'parser-failure' && p.start === 0),
    JSON.stringify(parsed.problems),
  );
  // The poisoned instance was replaced rather than reused.
  assert.ok(options.runtime.instancesCreated >= 2);
  assert.equal(parsed.statements[1]!.kind, 'IndexStmt');
  assert.equal(parsed.statements[2]!.kind, 'SelectStmt');
});

test('syntax errors point at the parser cursor in UTF-16 units, after multi-byte text', async () => {
  const text = "-- 🎉 café 日本 ☕\nSELECT '🎉🎉', 'ü'; CREATE INDX foo ON t (a);\nSELECT 3;";
  const parsed = await parseSql(text, isolated());
  const error = parsed.problems.find((p) => p.code === 'syntax-error');
  assert.ok(error);
  assert.equal(text.slice(error.start, error.end), 'INDX');
  assert.match(error.message, /syntax error at or near "INDX"/);
  // The statement after the broken one is intact.
  assert.equal(parsed.statements.at(-1)!.kind, 'SelectStmt');
  assert.equal(parsed.statements.at(-1)!.start, text.lastIndexOf('SELECT 3'));
});

test('parser byte locations map to UTF-16 document offsets', async () => {
  const text = "SELECT '日本🎉'; CREATE INDEX i ON événements (a);";
  const parsed = await parseSql(text, isolated());
  const index = parsed.statements[1]!;
  const relation = (index.node!['IndexStmt'] as { relation: { location: number } }).relation;
  const offset = index.documentOffset(relation.location);
  assert.equal(text.slice(offset, offset + 'événements'.length), 'événements');
});

test('"at end of input" errors underline the last character of the statement', async () => {
  const text = 'SELECT 1;\nCREATE INDEX ON';
  const parsed = await parseSql(text, isolated());
  const error = parsed.problems.find((p) => p.code === 'syntax-error');
  assert.ok(error);
  assert.match(error.message, /end of input/);
  assert.equal(error.end, text.length);
  assert.ok(error.start < error.end);
});

test('after an edit only the changed statement is parsed again', async () => {
  const options = isolated();
  const statements = Array.from({ length: 50 }, (_, i) => `ALTER TABLE t ADD COLUMN c${i} int;`);
  await parseSql(statements.join('\n'), options);
  const missesBefore = options.cache.misses;
  statements[25] = 'ALTER TABLE t ADD COLUMN changed int;';
  const parsed = await parseSql(`-- moved down a line\n${statements.join('\n')}`, options);
  assert.equal(options.cache.misses - missesBefore, 1);
  assert.equal(parsed.statements[25]!.text, 'ALTER TABLE t ADD COLUMN changed int;');
  assert.equal(parsed.statements[0]!.start, '-- moved down a line\n'.length);
});

test('NUL bytes are reported and the statement is still checked', async () => {
  const text = 'SELECT 1;\nCREATE INDEX i ON t (a)\0;';
  const parsed = await parseSql(text, isolated());
  const nul = parsed.problems.find((p) => p.code === 'nul-byte');
  assert.ok(nul);
  assert.equal(nul.start, text.indexOf('\0'));
  assert.equal(parsed.statements[1]!.kind, 'IndexStmt');
});

test('invalid UTF-8 is decoded with replacement characters and located', () => {
  const bytes = Buffer.concat([Buffer.from("SELECT 1;\nSELECT '"), Buffer.from([0xff, 0xfe]), Buffer.from("';")]);
  const decoded = decodeSqlBytes(bytes);
  assert.ok(decoded.invalidUtf8);
  assert.equal(decoded.invalidUtf8.byteOffset, 18);
  assert.equal(decoded.invalidUtf8.textOffset, 18);
  assert.ok(decoded.text.includes('\uFFFD'));
  assert.equal(decodeSqlBytes(Buffer.from("SELECT 'é';")).invalidUtf8, undefined);
  // Overlong encodings and encoded surrogates are invalid too.
  assert.equal(decodeSqlBytes(Buffer.from([0x41, 0xe0, 0x80, 0x80])).invalidUtf8?.byteOffset, 1);
  assert.equal(decodeSqlBytes(Buffer.from([0x41, 0x42, 0xed, 0xa0, 0x80])).invalidUtf8?.byteOffset, 2);
});

test('garbage, lone surrogates and half-typed input never throw', async () => {
  const options = isolated();
  const samples = ['\uD800', "SELECT '\uDC00';", '$$', '/*', 'CREATE INDEX ON', ')))(((;;;', '\u0000\u0000', "E'\\", '"'];
  for (const sample of samples) {
    const parsed = await parseSql(sample, options);
    assert.ok(Array.isArray(parsed.statements));
  }
});

test('PostgreSQL 18 named NOT NULL constraints are analysed through an older spelling', async () => {
  const text =
    'ALTER TABLE local_image\n    ADD CONSTRAINT image_not_null NOT NULL local_user_id;\nALTER TABLE t ADD CONSTRAINT n NOT NULL c NOT VALID;\nCREATE TABLE x (id int, CONSTRAINT x_nn NOT NULL id);';
  const parsed = await parseSql(text, isolated());
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(
    parsed.statements.map((s) => [s.kind, s.newerSyntax?.minVersion]),
    [
      ['AlterTableStmt', 18],
      ['AlterTableStmt', 18],
      ['CreateStmt', 18],
    ],
  );
  assert.equal(parsed.statements[0]!.text, 'ALTER TABLE local_image\n    ADD CONSTRAINT image_not_null NOT NULL local_user_id;');
  const command = (parsed.statements[0]!.node!['AlterTableStmt'] as { cmds: { AlterTableCmd: { subtype: string; name: string } }[] }).cmds[0]!.AlterTableCmd;
  assert.deepEqual([command.subtype, command.name], ['AT_SetNotNull', 'local_user_id']);
  const notValid = (
    parsed.statements[1]!.node!['AlterTableStmt'] as { cmds: { AlterTableCmd: { subtype: string; def: { Constraint: { skip_validation?: boolean } } } }[] }
  ).cmds[0]!.AlterTableCmd;
  assert.equal(notValid.subtype, 'AT_AddConstraint');
  assert.equal(notValid.def.Constraint.skip_validation, true);
  // A genuine syntax error is still one.
  assert.equal((await parseSql('ALTER TABLE t ADD CONSTRAINT n NOT NULL;', isolated())).problems[0]?.code, 'syntax-error');
});

test('other wasm instantiated while the parser starts is left alone (Node HTTP parser, PGlite)', async () => {
  await parseSql('SELECT 1;'); // the parser's module is compiled: a careless wrapper would hand it to anyone
  type Instantiate = (source: unknown, imports?: object) => Promise<{ instance: { exports: object } }>;
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate: Instantiate } }).WebAssembly;
  const real = wasm.instantiate;
  // The smallest valid module: magic and version, no imports.
  const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  let other: Promise<string> | undefined;
  // Underneath the runtime's wrapper: when the parser's instantiation comes through, something else instantiates too.
  wasm.instantiate = (source, imports) => {
    if (imports && 'a' in imports && !other) {
      other = wasm.instantiate(empty, {}).then(
        (result) => `exports ${Object.keys(result.instance.exports).length}`,
        (error: Error) => error.message,
      );
    }
    return real.call(wasm, source, imports);
  };
  try {
    const runtime = new PgQueryRuntime();
    await runtime.ready(10);
    assert.equal(runtime.instancesCreated, 1);
  } finally {
    wasm.instantiate = real;
  }
  assert.equal(await other, 'exports 0');
});
