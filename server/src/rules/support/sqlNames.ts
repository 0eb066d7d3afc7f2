/** Identifiers in generated SQL: quoted when PostgreSQL would not read them back unchanged. */

export { quoteName as quoteIdentifier } from '../../sql/quoteIdentifier';

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
