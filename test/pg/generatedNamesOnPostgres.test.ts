/**
 * The names PostgreSQL gives unnamed constraints and indexes, read from
 * pg_constraint and pg_class on PGlite (PostgreSQL 18) and on a real server
 * the test starts, against the names the schema model folds for the same
 * SQL, and the deterministic reverse dropping them by those names.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { deterministicReverse, reverseSqlText } from '../../server/src/reverse/deterministicReverse';
import { parseSql } from '../../server/src/sql/parseSql';
import { onEachDatabase } from '../helpers/eachDatabase';

interface NameCase {
  name: string;
  sql: string;
  /** Names PostgreSQL is expected to give, per table (constraints other than NOT NULL, then indexes), as documented. */
  expected?: Record<string, string[]>;
}

const LONG_TABLE = 'a_table_name_that_is_quite_long_for_a_table_in_a_real_schema';
const LONG_COLUMN = 'a_column_name_that_is_long_too_for_good_measure';

const CASES: NameCase[] = [
  {
    name: 'FOREIGN KEY, UNIQUE and PRIMARY KEY over two columns',
    sql: 'CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));\nCREATE TABLE c (a int, b int, hash text, created_by int, UNIQUE (hash, created_by));\nALTER TABLE c ADD FOREIGN KEY (a, b) REFERENCES p (a, b);',
    expected: { p: ['p_pkey', 'p_pkey'], c: ['c_a_b_fkey', 'c_hash_created_by_key', 'c_hash_created_by_key'] },
  },
  {
    name: 'table-level CHECKs: one column names it, several or none do not; repeats are numbered',
    sql: 'CREATE TABLE t (x int, y int, CHECK (x > y), CHECK (x > 0), CHECK (y > 0 AND y < 10), CHECK (true));\nALTER TABLE t ADD CHECK (x < y);\nALTER TABLE t ADD CHECK (x <> 5), ADD CHECK (x <> 6);',
    expected: { t: ['t_check', 't_check1', 't_check2', 't_x_check', 't_x_check1', 't_x_check2', 't_y_check'] },
  },
  {
    name: 'column CHECKs: named after the columns they mention',
    sql: 'CREATE TABLE u (price numeric CHECK (price > 0), discount numeric CHECK (discount < price));\nALTER TABLE u ADD COLUMN qty int CHECK (qty > 0);',
    expected: { u: ['u_check', 'u_price_check', 'u_qty_check'] },
  },
  {
    name: 'names over 63 bytes: the longer part is shortened, the label kept',
    sql: `CREATE TABLE ${LONG_TABLE} (${LONG_COLUMN} int, other int, UNIQUE (${LONG_COLUMN}, other), CHECK (${LONG_COLUMN} > 0));\nCREATE INDEX ON ${LONG_TABLE} (${LONG_COLUMN});\nCREATE UNIQUE INDEX ON ${LONG_TABLE} (other);\nALTER TABLE ${LONG_TABLE} ADD FOREIGN KEY (other) REFERENCES ${LONG_TABLE} (other);`,
  },
  {
    name: 'multi-byte names are cut at a character, not inside one',
    sql: 'CREATE TABLE "événements_très_longs_pour_un_nom_de_table_réel" ("colonne_accentuée_é" int, "deuxième_colonne_à_clé" int, UNIQUE ("colonne_accentuée_é", "deuxième_colonne_à_clé"), CHECK ("colonne_accentuée_é" > 0));',
  },
  {
    name: 'unnamed indexes: columns, expressions, INCLUDE, repeats, and a name taken by a table',
    sql: 'CREATE TABLE t (x int, y int, z int);\nCREATE TABLE t_z_idx (id int);\nCREATE INDEX ON t (x);\nCREATE INDEX ON t (x);\nCREATE INDEX ON t ((x + 1), (y + 1));\nCREATE UNIQUE INDEX ON t (x, y);\nCREATE INDEX ON t (y) INCLUDE (z);\nCREATE INDEX ON t (z);',
    expected: { t: ['t_expr_expr1_idx', 't_x_idx', 't_x_idx1', 't_x_y_idx', 't_y_z_idx', 't_z_idx1'], t_z_idx: [] },
  },
  {
    name: 'EXCLUDE, and a UNIQUE whose name an index already has',
    sql: 'CREATE TABLE r (span int4range, code int, EXCLUDE USING gist (span WITH &&));\nCREATE INDEX r_code_key ON r (code);\nALTER TABLE r ADD UNIQUE (code);',
    expected: { r: ['r_code_key1', 'r_code_key', 'r_code_key1', 'r_span_excl', 'r_span_excl'] },
  },
  {
    name: 'one ALTER TABLE drops before it adds: a key replacing the one it drops gets the same name',
    sql: 'CREATE TABLE k (id serial PRIMARY KEY, uuid int NOT NULL UNIQUE);\nALTER TABLE k DROP COLUMN id, ADD PRIMARY KEY (uuid), DROP CONSTRAINT k_uuid_key;\nCREATE TABLE k2 (id int PRIMARY KEY, u int NOT NULL);\nALTER TABLE k2 ADD PRIMARY KEY (u), DROP CONSTRAINT k2_pkey;',
    expected: { k: ['k_pkey', 'k_pkey'], k2: ['k2_pkey', 'k2_pkey'] },
  },
  {
    name: "renaming a constraint's index renames the constraint and back; DROP CONSTRAINT IF EXISTS leaves a plain index of that name",
    sql: 'CREATE TABLE a (id int PRIMARY KEY, u int UNIQUE, v int);\nALTER INDEX a_u_key RENAME TO a_u_uniq;\nALTER TABLE a RENAME CONSTRAINT a_pkey TO a_primary;\nCREATE UNIQUE INDEX a_v_key ON a (v);\nALTER TABLE a DROP CONSTRAINT IF EXISTS a_v_key;\nALTER TABLE a ADD UNIQUE (v);',
    expected: { a: ['a_primary', 'a_primary', 'a_u_uniq', 'a_u_uniq', 'a_v_key', 'a_v_key1', 'a_v_key1'] },
  },
  {
    name: "DROP CONSTRAINT IF EXISTS of a plain index's name in the same ALTER TABLE frees nothing",
    sql: 'CREATE TABLE q (a int, b int);\nCREATE UNIQUE INDEX q_a_key ON q (a);\nALTER TABLE q DROP CONSTRAINT IF EXISTS q_a_key, ADD UNIQUE (a);\nALTER TABLE q ADD CHECK (b > 0);\nALTER TABLE q DROP CONSTRAINT q_b_check, ADD CHECK (b > 1);',
    expected: { q: ['q_a_key', 'q_a_key1', 'q_a_key1', 'q_b_check'] },
  },
  {
    name: 'constraint names are unique per schema: two tables can collide',
    sql: 'CREATE TABLE a_b (c int CHECK (c > 0));\nCREATE TABLE a (b_c int CHECK (b_c > 0));\nCREATE SCHEMA app;\nCREATE TABLE app.a_b (c int CHECK (c > 0));',
    expected: { a_b: ['a_b_c_check'], a: ['a_b_c_check1'], 'app.a_b': ['a_b_c_check'] },
  },
];

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Per table of the case: its constraint names (NOT NULL aside) and index names, sorted. */
async function namesOnServer(query: Query, tables: readonly string[]): Promise<Record<string, string[]>> {
  const names: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await query(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = '${table}'::regclass AND contype <> 'n'
       UNION ALL SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = '${table}'::regclass`,
    );
    names[table] = rows.map((row) => String(row['name'])).sort();
  }
  return names;
}

async function namesInModel(sql: string): Promise<{ names: Record<string, string[]>; schema: SchemaModel }> {
  const schema = SchemaModel.empty();
  for (const statement of (await parseSql(sql)).statements) applyStatementToSchema(schema, statement, 'case.sql');
  const names: Record<string, string[]> = {};
  for (const table of tablesOf(schema)) {
    names[table] = [
      ...schema
        .constraintsOf(table)
        .filter((constraint) => constraint.kind !== 'not null')
        .map((constraint) => constraint.name),
      ...schema.indexesOf(table).map((index) => index.name),
    ].sort();
  }
  return { names, schema };
}

function tablesOf(schema: SchemaModel): string[] {
  return schema.toRecord().tables.size > 0 ? [...schema.toRecord().tables.keys()] : [];
}

onEachDatabase('generated names', (opened, skipReason) => {
  test('the reverse of unnamed constraints added to a table of the history drops them by their numbered names', async (t) => {
    const database = opened();
    if (!database) return t.skip(skipReason());
    const history = 'CREATE TABLE h (x int PRIMARY KEY, y int, CHECK (x > y));\nCREATE INDEX ON h (y);';
    const forwardSql = 'ALTER TABLE h ADD CHECK (x < y), ADD CHECK (x <> y);\nCREATE INDEX ON h (y);\nALTER TABLE h ADD FOREIGN KEY (y) REFERENCES h (x);';
    await database.exec('CREATE SCHEMA names_history; SET search_path TO names_history;');
    try {
      await database.exec(history);
      const before = await namesOnServer(database.query, ['names_history.h']);
      const schema = SchemaModel.empty();
      for (const statement of (await parseSql(history)).statements) applyStatementToSchema(schema, statement, 'history.sql');
      const forward = await parseSql(forwardSql);
      const reverse = deterministicReverse(forward.statements, schema, 'forward.sql');
      const reverseSql = reverseSqlText(reverse, 'forward.sql', forward.statements);
      assert.match(reverseSql, /DROP CONSTRAINT h_check1;/);
      assert.match(reverseSql, /DROP CONSTRAINT h_check2;/);
      assert.match(reverseSql, /DROP INDEX h_y_idx1;/);
      await database.exec(forwardSql);
      await database.exec(reverseSql);
      assert.deepEqual(await namesOnServer(database.query, ['names_history.h']), before);
    } finally {
      await database.exec('SET search_path TO public; DROP SCHEMA names_history CASCADE;');
    }
  });

  CASES.forEach((entry, number) => {
    test(entry.name, async (t) => {
      const database = opened();
      if (!database) return t.skip(skipReason());
      const schemaName = `names_${number}`;
      await database.exec(`CREATE SCHEMA ${schemaName}; SET search_path TO ${schemaName};`);
      try {
        await database.exec(entry.sql);
        const model = await namesInModel(entry.sql);
        const tables = Object.keys(model.names).map((table) => (table.includes('.') ? table : `${schemaName}.${table.includes('"') ? table : `"${table}"`}`));
        const onServer = await namesOnServer(database.query, tables);
        const shown = Object.fromEntries(Object.keys(model.names).map((table, i) => [table, onServer[tables[i]!]!]));
        assert.deepEqual(model.names, shown, `the model's names differ from PostgreSQL's for:\n${entry.sql}`);
        if (entry.expected) assert.deepEqual(shown, Object.fromEntries(Object.entries(entry.expected).map(([table, names]) => [table, [...names].sort()])));
        // The reverse drops them by those names: applied, it leaves nothing of the case behind.
        const forward = await parseSql(entry.sql);
        const reverse = deterministicReverse(forward.statements, SchemaModel.empty(), 'case.sql');
        assert.deepEqual(
          reverse.unresolved.map((item) => item.reason),
          [],
        );
        await database.exec(reverseSqlText(reverse, 'case.sql', forward.statements));
        const left = await database.query(`SELECT relname FROM pg_class WHERE relnamespace = '${schemaName}'::regnamespace`);
        assert.deepEqual(left, []);
      } finally {
        await database.exec(`SET search_path TO public; DROP SCHEMA ${schemaName} CASCADE; DROP SCHEMA IF EXISTS app CASCADE;`);
      }
    });
  });
});
