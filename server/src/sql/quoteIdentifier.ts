/**
 * Identifiers for generated SQL: plain when PostgreSQL would read them back
 * unchanged, double-quoted otherwise (upper case, odd characters, reserved
 * words). Names from the parser are already case-folded.
 */

// PostgreSQL's reserved key words (SQL Key Words appendix), the ones that cannot be column or table names.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog ' +
    'current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except ' +
    'false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp ' +
    'not null offset on only or order placing primary references returning select session_user some symmetric system_user table ' +
    'then to trailing true union unique user using variadic when where window with authorization binary collation concurrently ' +
    'cross current_schema freeze full ilike inner is isnull join left like natural notnull outer overlaps right similar tablesample verbose'
  ).split(' '),
);

export function quoteName(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` with each part quoted as needed. */
export function quoteQualified(name: string): string {
  return name
    .split('.')
    .map((part) => quoteName(part))
    .join('.');
}

/** PostgreSQL truncates identifiers to 63 bytes; generated names are kept inside that. */
export function identifierWithin63(name: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(name).length <= 63) return name;
  let cut = name;
  while (encoder.encode(cut).length > 63) cut = cut.slice(0, -1);
  return cut;
}

/** A generated object name as PostgreSQL builds them: `events_tenant_id_fkey`. */
export function generatedName(...parts: string[]): string {
  return identifierWithin63(parts.filter(Boolean).join('_'));
}
