/** Identifiers in generated SQL: quoted when PostgreSQL would not read them back unchanged. */

/** Reserved keywords (and those that cannot be bare column names) from PostgreSQL's keyword appendix. */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ' +
    'ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not ' +
    'notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar ' +
    'some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with'
  ).split(' '),
);

export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** PostgreSQL truncates identifiers to 63 bytes; generated names are kept inside that. */
export function identifierWithin63(name: string): string {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= 63) return name;
  let cut = name;
  while (new TextEncoder().encode(cut).length > 63) cut = cut.slice(0, -1);
  return cut;
}

/** `events` for `public.events` or `events`: the name PostgreSQL builds constraint and index names from. */
export function bareTableName(table: string): string {
  return table.includes('.') ? table.slice(table.lastIndexOf('.') + 1) : table;
}

/** A generated object name: `events_tenant_id_fkey`. */
export function generatedName(...parts: string[]): string {
  return identifierWithin63(parts.filter(Boolean).join('_'));
}
