/**
 * Generated rows for a drill, so NOT NULL flips, backfills and validations
 * run on tables that are not empty: N rows per table, parents before
 * children, values made from each column's type (unique per row), foreign
 * keys pointing at existing parent rows, defaults and identities left to
 * the database. A table whose constraints the generator cannot satisfy is
 * left as it is and reported.
 */

import { databaseErrorText, type Database } from './database';

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  typtype: string;
  category: string;
  notnull: boolean;
  hasdefault: boolean;
  generated: boolean;
  maxlength: number | null;
  refTable: string | null;
  refColumn: string | null;
}

const COLUMNS = `
  SELECT format('%I.%I', n.nspname, c.relname) AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
         t.typtype::text AS typtype, t.typcategory::text AS category, a.attnotnull AS notnull,
         (a.atthasdef OR a.attidentity <> '') AS hasdefault, a.attgenerated <> '' AS generated,
         CASE WHEN a.atttypmod > 4 AND t.typcategory = 'S' THEN a.atttypmod - 4 END AS maxlength,
         (SELECT format('%I.%I', rn.nspname, rc.relname) FROM pg_constraint k JOIN pg_class rc ON rc.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
           WHERE k.conrelid = c.oid AND k.contype = 'f' AND array_length(k.conkey, 1) = 1 AND k.conkey[1] = a.attnum LIMIT 1) AS "refTable",
         (SELECT ra.attname FROM pg_constraint k JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
           WHERE k.conrelid = c.oid AND k.contype = 'f' AND array_length(k.conkey, 1) = 1 AND k.conkey[1] = a.attnum LIMIT 1) AS "refColumn"
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
   ORDER BY 1, a.attnum`;

/** An expression for row `g` (1..N) of a column of this type; undefined when no value can be made. */
function valueFor(column: ColumnRow): string | undefined {
  if (column.refTable && column.refColumn) {
    return `(SELECT p.${quote(column.refColumn)} FROM ${column.refTable} p ORDER BY 1 OFFSET ((g - 1) % GREATEST(1, (SELECT count(*) FROM ${column.refTable}))) LIMIT 1)`;
  }
  const type = column.type;
  if (column.typtype === 'e') return `(enum_range(NULL::${type}))[1 + (g % array_length(enum_range(NULL::${type}), 1))]`;
  if (type.endsWith('[]')) return `'{}'::${type}`;
  switch (column.category) {
    case 'N':
      return `(g)::${type}`;
    case 'B':
      return `(g % 2 = 0)`;
    case 'D':
      return `(timestamp '2026-01-01' + g * interval '1 minute')::${type}`;
    case 'T':
      return `(g * interval '1 second')::${type}`;
    case 'S':
      return column.maxlength ? `left('v' || g, ${column.maxlength})::${type}` : `('v' || g)::${type}`;
    case 'I':
      return `('10.' || (g / 65536) % 256 || '.' || (g / 256) % 256 || '.' || g % 256)::${type}`;
    case 'U':
      if (type === 'uuid') return `md5(g::text)::uuid`;
      if (type === 'json' || type === 'jsonb') return `json_build_object('n', g)::${type}`;
      if (type === 'bytea') return `convert_to(g::text, 'UTF8')`;
      return `('v' || g)::${type}`;
    default:
      return undefined;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export interface SeedResult {
  /** Tables given rows, with how many. */
  seeded: { table: string; rows: number }[];
  /** Tables left as they were, with why. */
  skipped: { table: string; reason: string }[];
}

/** Parents before children (a table's single-column foreign keys), cycles broken in name order. */
function parentsFirst(tables: Map<string, ColumnRow[]>): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string): void => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const column of tables.get(table) ?? []) if (column.refTable && column.refTable !== table && tables.has(column.refTable)) visit(column.refTable);
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of [...tables.keys()].sort()) visit(table);
  return ordered;
}

/** `exclude`: tables not to fill (the migration tool's own bookkeeping table). */
export async function seedRows(database: Database, rowsPerTable: number, exclude: ReadonlySet<string> = new Set()): Promise<SeedResult> {
  const result: SeedResult = { seeded: [], skipped: [] };
  const tables = new Map<string, ColumnRow[]>();
  for (const column of await database.rows<ColumnRow>(COLUMNS)) tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
  for (const table of parentsFirst(tables).filter((name) => !exclude.has(name.replace(/^public\./, '')))) {
    const columns = (tables.get(table) ?? []).filter((column) => !column.generated);
    const [{ count: offset }] = (await database.rows<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`)) as [{ count: number }];
    const attempt = async (chosen: ColumnRow[]): Promise<string | undefined> => {
      const values = chosen.map(valueFor);
      if (values.some((value) => value === undefined))
        return `no value can be generated for ${chosen
          .filter((_c, i) => values[i] === undefined)
          .map((c) => `${c.column} ${c.type}`)
          .join(', ')}`;
      const list = chosen.map((column) => quote(column.column)).join(', ');
      // Numbered after the rows already there, so values stay unique when a folder's drills seed the same table again.
      const series = `generate_series(${offset + 1}, ${offset + rowsPerTable})`;
      const sql =
        chosen.length > 0 ? `INSERT INTO ${table} (${list}) SELECT ${values.join(', ')} FROM ${series} AS g` : `INSERT INTO ${table} SELECT FROM ${series}`;
      await database.exec('SAVEPOINT fearless_seed');
      try {
        await database.exec(sql);
        await database.exec('RELEASE SAVEPOINT fearless_seed');
        return undefined;
      } catch (error) {
        await database.exec('ROLLBACK TO SAVEPOINT fearless_seed');
        await database.exec('RELEASE SAVEPOINT fearless_seed');
        return databaseErrorText(error);
      }
    };
    // Every column without a default first; then only the NOT NULL ones (a CHECK or a bad guess on an optional column).
    await database.exec('BEGIN');
    let failure = await attempt(columns.filter((column) => !column.hasdefault));
    if (failure) failure = (await attempt(columns.filter((column) => !column.hasdefault && column.notnull))) ?? undefined;
    await database.exec('COMMIT');
    if (failure) result.skipped.push({ table, reason: failure });
    else result.seeded.push({ table, rows: rowsPerTable });
  }
  return result;
}
