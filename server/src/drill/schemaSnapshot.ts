/**
 * A schema's shape read from the catalogs, as sorted lines that compare
 * with `===` and diff readably: relations, columns (type, nullability,
 * default), constraints and indexes (their definitions as PostgreSQL prints
 * them), views, functions, triggers, comments on relations and columns,
 * sequences and enum values.
 */

export type QueryRows = (sql: string, parameters: unknown[]) => Promise<Record<string, unknown>[]>;

const SNAPSHOT_QUERIES: { label: string; sql: string }[] = [
  {
    label: 'relation',
    sql: `SELECT c.relname || ' ' || c.relkind::text AS line FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
  },
  {
    label: 'column',
    sql: `SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                 || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
                 || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped`,
  },
  {
    label: 'constraint',
    sql: `SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' ELSE ' (not validated)' END AS line
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          -- PostgreSQL 18 keeps NOT NULL as named constraints too; the column lines already say "not null", and
          -- their generated names (which follow neither table nor column renames) would make equal schemas differ.
          WHERE n.nspname = $1 AND k.contype <> 'n'`,
  },
  {
    label: 'index',
    sql: `SELECT regexp_replace(pg_get_indexdef(i.indexrelid), ' ON [^ ]+\\.', ' ON ') AS line
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
  },
  {
    label: 'view',
    sql: `SELECT c.relname || ' ' || regexp_replace(pg_get_viewdef(c.oid), '\\s+', ' ', 'g') AS line
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')`,
  },
  {
    label: 'function',
    sql: `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) AS line
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
  },
  {
    label: 'trigger',
    sql: `SELECT c.relname || ' ' || t.tgname || ' ' || t.tgenabled::text AS line
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND NOT t.tgisinternal`,
  },
  {
    label: 'comment',
    sql: `SELECT c.relname || COALESCE('.' || a.attname, '') || ' ' || d.description AS line
          FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
          WHERE n.nspname = $1`,
  },
  {
    label: 'enum',
    sql: `SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = $1 GROUP BY t.typname`,
  },
];

/** The schema `schemaName` as sorted `kind: description` lines. */
export async function snapshotSchema(query: QueryRows, schemaName: string): Promise<string[]> {
  const lines: string[] = [];
  for (const { label, sql } of SNAPSHOT_QUERIES) {
    for (const row of await query(sql, [schemaName])) lines.push(`${label}: ${String(row['line'])}`);
  }
  return lines.sort();
}

/** Lines only in `before` (lost) and only in `after` (gained). */
export function diffSnapshots(before: readonly string[], after: readonly string[]): { missing: string[]; extra: string[] } {
  const inAfter = new Set(after);
  const inBefore = new Set(before);
  return { missing: before.filter((line) => !inAfter.has(line)), extra: after.filter((line) => !inBefore.has(line)) };
}

/** Schemas that belong to PostgreSQL, not to the migrations. */
const SYSTEM_SCHEMAS = `nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'`;

/**
 * The whole database as the migrations made it: every non-system schema
 * (lines prefixed with its name), the schemas themselves and the installed
 * extensions.
 */
export async function snapshotDatabase(query: QueryRows): Promise<string[]> {
  const schemas = (await query(`SELECT nspname FROM pg_namespace WHERE ${SYSTEM_SCHEMAS} ORDER BY 1`, [])).map((row) => String(row['nspname']));
  const lines = schemas.map((schema) => `schema: ${schema}`);
  for (const row of await query(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'`, [])) lines.push(`extension: ${String(row['extname'])}`);
  for (const schema of schemas) for (const line of await snapshotSchema(query, schema)) lines.push(`${schema} ${line}`);
  return lines.sort();
}
