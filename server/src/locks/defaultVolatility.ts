/**
 * Whether a column default is volatile, which decides whether
 * `ADD COLUMN ... DEFAULT` rewrites the table (PostgreSQL 11+ stores a
 * non-volatile default in the catalog instead). Functions we cannot see the
 * definition of are treated as volatile: claiming a rewrite that does not
 * happen costs a look; missing one that does costs an outage.
 */

const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_timestamp',
  'current_date',
  'localtimestamp',
  'lower',
  'upper',
  'length',
  'coalesce',
  'nullif',
  'to_timestamp',
  'to_date',
  'make_interval',
  'jsonb_build_object',
  'json_build_object',
  'jsonb_build_array',
  'json_build_array',
  'array_fill',
]);

/** True when evaluating `expression` per row can give different values (or we cannot tell). */
export function isVolatileExpression(expression: unknown): boolean {
  if (Array.isArray(expression)) return expression.some(isVolatileExpression);
  if (typeof expression !== 'object' || expression === null) return false;
  for (const [key, value] of Object.entries(expression)) {
    if (key === 'FuncCall') {
      const name = functionName(value);
      if (!name || !NON_VOLATILE_FUNCTIONS.has(name)) return true;
    }
    // A subquery default is not allowed; anything else is decided by its parts.
    if (isVolatileExpression(value)) return true;
  }
  return false;
}

function functionName(funcCall: unknown): string | undefined {
  const names = (funcCall as { funcname?: { String?: { sval?: string } }[] }).funcname;
  const last = names?.[names.length - 1];
  return last?.String?.sval?.toLowerCase();
}
