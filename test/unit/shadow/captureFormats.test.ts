import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectCaptureFormat, readCaptureFile, readCaptureText } from '../../../server/src/shadow/capture/readCapture';
import { parametersOfDetail, statementOfMessage } from '../../../server/src/shadow/capture/logStatements';
import { seedSql } from '../../../server/src/drill/seedSql';
import { parameterSources } from '../../../server/src/shadow/parameterSources';
import { replayQueriesOf } from '../../../server/src/shadow/replayQueries';
import { workspace } from '../../helpers/runCli';

test('bind parameters: quotes doubled inside values, NULL, gaps in numbering, and text that is not a parameter list', () => {
  assert.deepEqual(parametersOfDetail("parameters: $1 = '5', $2 = 'it''s', $3 = NULL, $4 = ''"), ['5', "it's", null, '']);
  assert.deepEqual(parametersOfDetail("parameters: $2 = 'b', $1 = 'a'"), ['a', 'b']);
  assert.deepEqual(parametersOfDetail("parameters: $1 = 'line one\nline two'"), ['line one\nline two']);
  assert.equal(parametersOfDetail('Key (id)=(1) already exists.'), undefined);
  assert.equal(parametersOfDetail("parameters: $1 = 'unterminated"), undefined);
});

test('log messages that record a statement, and those that do not', () => {
  assert.equal(statementOfMessage('statement: SELECT 1'), 'SELECT 1');
  assert.equal(statementOfMessage('execute <unnamed>: SELECT $1'), 'SELECT $1');
  assert.equal(statementOfMessage('execute S_3: SELECT $1'), 'SELECT $1');
  assert.equal(statementOfMessage('duration: 0.251 ms  statement: SELECT 2'), 'SELECT 2');
  assert.equal(statementOfMessage('duration: 0.251 ms  execute <unnamed>: SELECT 3'), 'SELECT 3');
  assert.equal(statementOfMessage('duration: 0.251 ms  parse <unnamed>: SELECT 3'), undefined);
  assert.equal(statementOfMessage('duration: 0.251 ms  bind <unnamed>: SELECT 3'), undefined);
  assert.equal(statementOfMessage('duration: 0.056 ms'), undefined);
  assert.equal(statementOfMessage('checkpoint starting: time'), undefined);
});

test('a stderr log with a custom prefix, continuation lines and parameters on the following DETAIL', () => {
  const log = [
    '[app@shop 4242] 2026-01-02 LOG:  execute <unnamed>: SELECT id',
    '\t  FROM orders',
    '\t WHERE id = $1',
    "[app@shop 4242] 2026-01-02 DETAIL:  parameters: $1 = '7'",
    '[app@shop 4242] 2026-01-02 ERROR:  relation "nope" does not exist at character 15',
    '[app@shop 4242] 2026-01-02 STATEMENT:  SELECT * FROM nope',
    '[app@shop 4242] 2026-01-02 LOG:  statement: SELECT 1',
    'garbage line from another program',
  ].join('\n');
  const capture = readCaptureText(log, 'server.log', 'pglog');
  assert.deepEqual(capture.queries, [
    { sql: 'SELECT id\n  FROM orders\n WHERE id = $1', parameters: ['7'], file: 'server.log', line: 1 },
    { sql: 'SELECT 1', file: 'server.log', line: 7 },
  ]);
});

test('a csvlog record keeps its DETAIL in the same row; quoted fields span lines', () => {
  const csv = [
    '2026-11-25 16:12:35.158 UTC,"app","shop",31296,"[local]",6b07.7a40,9,"SELECT",2026-11-25 16:12:35 UTC,3/4,0,LOG,00000,"execute <unnamed>: SELECT id,',
    '       note',
    ' WHERE note = $1","parameters: $1 = \'say ""hi""\'",,,,,,,,"","client backend",,0',
    '2026-11-25 16:12:35.159 UTC,"app","shop",31296,"[local]",6b07.7a40,10,"idle",2026-11-25 16:12:35 UTC,3/5,0,LOG,00000,"statement: SELECT 2",,,,,,,,,"","client backend",,0',
    '',
  ].join('\n');
  assert.equal(detectCaptureFormat('postgresql.csv', csv), 'csvlog');
  const capture = readCaptureText(csv, 'postgresql.csv', 'csvlog');
  assert.deepEqual(capture.queries, [
    { sql: 'SELECT id,\n       note\n WHERE note = $1', parameters: ['say "hi"'], file: 'postgresql.csv', line: 1 },
    { sql: 'SELECT 2', file: 'postgresql.csv', line: 4 },
  ]);
});

test('a pg_stat_statements export: most-called first; normalised queries run with supplied parameters, or wait for sampled ones', () => {
  const csv = 'queryid,calls,query\n1,5,"SELECT * FROM t WHERE id = $1"\n2,90,SELECT count(*) FROM t\n3,1,"SELECT $1, $2"\n';
  assert.equal(detectCaptureFormat('pgss.csv', csv), 'pgss');
  const capture = readCaptureText(csv, 'pgss.csv', 'pgss', new Map([['SELECT * FROM t WHERE id = $1', [['1'], ['2']]]]));
  assert.deepEqual(
    capture.queries.map((query) => [query.sql, query.parameters, query.unbound]),
    [
      ['SELECT count(*) FROM t', undefined, undefined],
      ['SELECT * FROM t WHERE id = $1', ['1'], undefined],
      ['SELECT * FROM t WHERE id = $1', ['2'], undefined],
      ['SELECT $1, $2', undefined, true],
    ],
  );
  assert.deepEqual(capture.skipped, []);
  const json = readCaptureText(
    JSON.stringify([
      { query: 'SELECT 1', calls: 3 },
      { query: 'SELECT 2', calls: 9 },
    ]),
    'pgss.json',
    'pgss',
  );
  assert.deepEqual(
    json.queries.map((query) => query.sql),
    ['SELECT 2', 'SELECT 1'],
  );
  assert.throws(() => readCaptureText('a,b\n1,2\n', 'x.csv', 'pgss'), /no "query" column/);
});

test('format detection by name and content', () => {
  assert.equal(detectCaptureFormat('queries.sql', 'SELECT 1;'), 'sql');
  assert.equal(detectCaptureFormat('postgresql-Mon.log', '2026-01-01 00:00:00 UTC [1] LOG:  statement: SELECT 1'), 'pglog');
  assert.equal(detectCaptureFormat('stats.json', '[]'), 'pgss');
});

test('replay selection: reads and writes replayed once each in first-seen order, everything else skipped with a reason', async () => {
  const capture = readCaptureText(
    [
      'SELECT * FROM t ORDER BY id;',
      'SELECT * FROM t;',
      'INSERT INTO t VALUES (1) RETURNING id;',
      'SELECT * FROM t ORDER BY id;',
      'BEGIN;',
      "SET search_path = 'x';",
      'CREATE INDEX i ON t (id);',
      'SELECT * INTO copy FROM t;',
      'WITH x AS (SELECT 1) SELECT * FROM x;',
      'SELEC broken;',
    ].join('\n'),
    'c.sql',
    'sql',
  );
  const { queries, skipped } = await replayQueriesOf(capture);
  assert.deepEqual(
    queries.map((query) => [query.sql, query.kind, query.ordered, query.occurrences]),
    [
      ['SELECT * FROM t ORDER BY id', 'read', true, 2],
      ['SELECT * FROM t', 'read', false, 1],
      ['INSERT INTO t VALUES (1) RETURNING id', 'write', false, 1],
      ['WITH x AS (SELECT 1) SELECT * FROM x', 'read', false, 1],
    ],
  );
  assert.deepEqual(
    skipped.map((entry) => [entry.sql, entry.reason]),
    [
      ['BEGIN', 'transaction control (each replayed statement runs in a transaction of its own)'],
      ["SET search_path = 'x'", 'session setting'],
      ['CREATE INDEX i ON t (id)', 'Index is not a read or a write'],
      ['SELECT * INTO copy FROM t', 'SELECT INTO creates a table'],
      ['SELEC broken', 'does not parse'],
    ],
  );
});

test('server logs are read a piece at a time: any chunk size gives what the whole text gives, split characters, quotes and line ends included', () => {
  const root = workspace({
    'server.log': [
      "2026-01-02 10:00:00 UTC [1] LOG:  execute <unnamed>: SELECT 'café ☕' AS drink,",
      '\t       note',
      "2026-01-02 10:00:00 UTC [1] DETAIL:  parameters: $1 = 'naïve', $2 = 'it''s'",
      '2026-01-02 10:00:01 UTC [1] LOG:  statement: SELECT 2\r',
      '',
    ].join('\n'),
    'server.csv': [
      '2026-11-25 16:12:35.158 UTC,"app","shop",1,"[local]",s.1,9,"SELECT",2026-11-25 16:12:35 UTC,3/4,0,LOG,00000,"execute <unnamed>: SELECT ""quoted"" AS ☕,',
      ' $1","parameters: $1 = \'naïve\'",,,,,,,,"","client backend",,0\r',
      '2026-11-25 16:12:35.159 UTC,"app","shop",1,"[local]",s.1,10,"idle",2026-11-25 16:12:35 UTC,3/5,0,LOG,00000,"statement: SELECT 2",,,,,,,,,"","client backend",,0',
    ].join('\n'),
  });
  for (const name of ['server.log', 'server.csv']) {
    const file = path.join(root, name);
    const whole = readCaptureText(fs.readFileSync(file, 'utf8'), file, name.endsWith('.csv') ? 'csvlog' : 'pglog');
    assert.equal(whole.queries.length, 2, name);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64]) {
      const pieces = readCaptureFile(file, undefined, undefined, chunkBytes);
      assert.deepEqual(pieces.capture, whole, `${name} in chunks of ${chunkBytes} bytes`);
      assert.equal(pieces.invalidUtf8, false);
    }
  }
});

test('a server log with invalid UTF-8 is read anyway and said to be so', () => {
  const root = workspace({
    'bad.log': Buffer.concat([Buffer.from("2026-01-02 10:00:00 UTC [1] LOG:  statement: SELECT '"), Buffer.from([0xff, 0xfe]), Buffer.from("'\n")]),
  });
  const read = readCaptureFile(path.join(root, 'bad.log'), undefined, undefined, 4);
  assert.equal(read.format, 'pglog');
  assert.equal(read.invalidUtf8, true);
  assert.deepEqual(
    read.capture.queries.map((query) => query.sql),
    ["SELECT '\ufffd\ufffd'"],
  );
});

test("a data-only dump's COPY blocks become INSERTs: NULL, escapes, quotes, many rows; other SQL passes through", () => {
  const dump = [
    '\\restrict G2VcYwQDaGdt',
    "SET client_encoding = 'UTF8';",
    'COPY public.notes (id, body, extra) FROM stdin;',
    "1\tit's\t\\N",
    '2\tline\\none\\ttab\\\\slash\t\\101',
    '\\.',
    "SELECT pg_catalog.setval('public.notes_id_seq', 2, true);",
  ].join('\n');
  assert.equal(
    seedSql(dump),
    [
      "SET client_encoding = 'UTF8';",
      'INSERT INTO public.notes (id, body, extra) VALUES',
      "('1', 'it''s', NULL),",
      "('2', 'line\none\ttab\\slash', 'A');",
      "SELECT pg_catalog.setval('public.notes_id_seq', 2, true);",
      ';',
      'RESET ALL;',
      '',
    ].join('\n'),
  );
  assert.equal(seedSql('INSERT INTO t VALUES (1);'), 'INSERT INTO t VALUES (1);\n;\nRESET ALL;\n');
  const many = seedSql(`COPY t FROM stdin;\n${Array.from({ length: 1001 }, (_, i) => String(i)).join('\n')}\n\\.\n`);
  assert.equal(many.match(/^INSERT INTO t VALUES$/gm)?.length, 3, 'rows go in batches of 500');
});

test('where a placeholder can be sampled from: the column it is compared with, assigned or inserted into; LIMIT and OFFSET get constants', async () => {
  const sources = async (sql: string): Promise<Record<number, unknown>> => Object.fromEntries((await parameterSources(sql)).sources);
  assert.deepEqual(await sources('SELECT * FROM accounts a JOIN orders o ON o.account_id = a.id WHERE a.id = $1 AND o.status IN ($2, $3) LIMIT $4 OFFSET $5'), {
    1: { relations: ['accounts'], column: 'id' },
    2: { relations: ['orders'], column: 'status' },
    3: { relations: ['orders'], column: 'status' },
    4: { constant: '10' },
    5: { constant: '0' },
  });
  assert.deepEqual(await sources('SELECT name FROM accounts WHERE $1::bigint = id'), { 1: { relations: ['accounts'], column: 'id' } });
  assert.deepEqual(await sources('UPDATE public.accounts SET status = $1 WHERE id = $2'), {
    1: { relations: ['public.accounts'], column: 'status' },
    2: { relations: ['public.accounts'], column: 'id' },
  });
  assert.deepEqual(await sources('INSERT INTO accounts (id, name) VALUES ($1, $2)'), {
    1: { relations: ['accounts'], column: 'id' },
    2: { relations: ['accounts'], column: 'name' },
  });
  const unknown = await parameterSources('SELECT lower($1)');
  assert.equal(unknown.count, 1);
  assert.equal(unknown.sources.size, 0);
});
