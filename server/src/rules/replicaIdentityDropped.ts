import { bareName, droppedObjectNames, relationName, schemaPrefixOf, type RangeVarNode } from '../sql/astNames';
import type { ParsedStatement } from '../sql/parseSql';
import { normaliseName, type SchemaModel } from '../schema/schemaModel';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { alterTableParts, bodyOf, statementRange, type AlterTableCommand } from '../sql/statementParts';

/** What gives the table its replica identity: the primary key (by name), or the index REPLICA IDENTITY USING INDEX named. */
function identityOf(schema: SchemaModel, table: string): { kind: 'primary key' | 'index'; name: string; columns?: readonly string[] } | undefined {
  const known = schema.table(table);
  const chosen = known?.replicaIdentity;
  if (chosen?.kind === 'full' || chosen?.kind === 'nothing') return undefined;
  if (chosen?.kind === 'index') return { kind: 'index', name: chosen.index };
  const key = schema.constraintsOf(table).find((constraint) => constraint.kind === 'primary key');
  if (key) return { kind: 'primary key', name: key.name, columns: key.columns };
  // A table the history does not show: its primary key has PostgreSQL's default name.
  return known ? undefined : { kind: 'primary key', name: `${bareName(table)}_pkey` };
}

/** A subcommand that gives the table a replica identity again: a primary key, or an explicit REPLICA IDENTITY. */
function restoresIdentity(command: AlterTableCommand): { columns?: string[] } | undefined {
  if (command.node.subtype === 'AT_ReplicaIdentity') return {};
  const constraint = command.node.def?.Constraint;
  if (command.node.subtype !== 'AT_AddConstraint' || constraint?.contype !== 'CONSTR_PRIMARY') return undefined;
  // PRIMARY KEY USING INDEX: the columns are the index's (a copy swapped in under the old names, typically).
  const keys = (constraint.keys ?? []).map((key) => key.String?.sval ?? '');
  return keys.length > 0 ? { columns: keys } : {};
}

/** What the statement does to the table: renames it (to the returned name), drops it, or creates a table of that name. */
function fateOf(statement: ParsedStatement, table: string): { renamedTo: string } | 'dropped' | 'created' | undefined {
  const rename = bodyOf<{ renameType?: string; relation?: RangeVarNode; newname?: string }>(statement, 'RenameStmt');
  const renamed = relationName(rename?.relation);
  if (rename?.renameType === 'OBJECT_TABLE' && renamed && rename.newname && normaliseName(renamed) === normaliseName(table))
    return { renamedTo: `${schemaPrefixOf(renamed)}${rename.newname}` };
  const drop = bodyOf<{ removeType?: string; objects?: unknown[] }>(statement, 'DropStmt');
  if (drop?.removeType === 'OBJECT_TABLE' && droppedObjectNames(drop.objects).some((name) => normaliseName(name) === normaliseName(table))) return 'dropped';
  const created = relationName(bodyOf<{ relation?: RangeVarNode }>(statement, 'CreateStmt')?.relation);
  return created && normaliseName(created) === normaliseName(table) ? 'created' : undefined;
}

/** Later in the same transaction (or the same statement), the table gets a replica identity again. */
function restoredInTransaction(context: RuleContext, index: number, table: string, within: readonly AlterTableCommand[]): { columns?: string[] } | undefined {
  const inSameStatement = within.map(restoresIdentity).find((restored) => restored !== undefined);
  if (inSameStatement) return inSameStatement;
  const transactions = context.statements.map((facts) => facts.transaction);
  const transaction = transactions[index];
  if (transaction === undefined) return undefined;
  let current = table;
  for (let later = index + 1; later < context.statements.length && transactions[later] === transaction; later++) {
    const statement = context.statements[later]!.statement;
    // Retired before commit, so no one writes to the keyless table: dropped, or renamed to a backup with a new table
    // taking its name (Authelia's V0002 and V0003). A table only renamed is still the one the application writes to.
    const fate = fateOf(statement, current);
    if (fate === 'dropped') return {};
    if (fate && fate !== 'created') {
      current = fate.renamedTo;
      continue;
    }
    if (current !== table && fateOf(statement, table) === 'created') return {};
    const parts = alterTableParts(statement);
    if (!parts || normaliseName(parts.table) !== normaliseName(current)) continue;
    const restored = parts.commands.map(restoresIdentity).find((found) => found !== undefined);
    if (restored) return restored;
  }
  return undefined;
}

const sameColumns = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((column, i) => column === b[i]);

function message(table: string, what: string): string {
  return `Dropping ${what} of "${table}" makes UPDATEs and DELETEs fail if published`;
}

/**
 * A table published for logical replication needs a replica identity (by
 * default its primary key) for UPDATE and DELETE: without one they fail
 * with "cannot update table ... because it does not have a replica identity".
 */
export const replicaIdentityDropped: Rule = {
  id: 'replica-identity-dropped',
  title: 'Primary key or replica identity index dropped: published UPDATE/DELETE fail',
  defaultSeverity: 'warning',
  docs: {
    why:
      'Logical replication (a publication, Debezium and other change-data-capture tools) identifies the rows an UPDATE or DELETE ' +
      "touches by the table's replica identity: its primary key unless REPLICA IDENTITY says otherwise. From the moment the " +
      'primary key (or the index REPLICA IDENTITY USING INDEX names) is dropped until a new one exists, every UPDATE and DELETE ' +
      'on a published table fails with "cannot update table ... because it does not have a replica identity and publishes ' +
      'updates". Replacing the key is safe only inside one transaction, with the same columns. Otherwise set REPLICA IDENTITY ' +
      'FULL (or USING INDEX a unique index) before dropping it, and back after the new key exists.',
    bad: "SET lock_timeout = '2s';\nALTER TABLE orders DROP CONSTRAINT orders_pkey;",
    good: "SET lock_timeout = '2s';\nALTER TABLE orders REPLICA IDENTITY FULL;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;",
  },
  check(context) {
    // The history's keys and replica identities (a key added earlier in this same file is not one production has yet).
    const schema = context.schemaBefore;
    const changedInFile = new Set<string>();
    return context.statements.flatMap((facts: StatementFacts, index): RuleFinding[] => {
      // Reverses undo a forward that created the key: restoring the previous state is the point.
      if (facts.section?.role === 'reverse') return [];
      const tableCreatedHere = (table: string): boolean => facts.tablesCreatedEarlierInFile.has(normaliseName(table));
      const parts = alterTableParts(facts.statement);
      if (parts && !tableCreatedHere(parts.table)) {
        // REPLICA IDENTITY set earlier in this file: the key no longer carries it.
        if (changedInFile.has(normaliseName(parts.table))) return [];
        if (
          parts.commands.some((command) => command.node.subtype === 'AT_ReplicaIdentity') &&
          !parts.commands.some((command) => command.node.subtype === 'AT_DropConstraint')
        ) {
          changedInFile.add(normaliseName(parts.table));
          return [];
        }
        const identity = identityOf(schema, parts.table);
        const dropped = parts.commands.find(
          (command) => command.node.subtype === 'AT_DropConstraint' && identity?.kind === 'primary key' && command.node.name === identity.name,
        );
        if (identity && dropped) {
          const later = parts.commands.slice(parts.commands.indexOf(dropped) + 1);
          const restored = restoredInTransaction(context, index, parts.table, later);
          if (restored && (restored.columns === undefined || identity.columns === undefined || sameColumns(restored.columns, identity.columns))) return [];
          return [
            {
              ...dropped,
              message: message(parts.table, 'the primary key'),
              advice:
                `Replace the key in the same transaction with the same columns, or set REPLICA IDENTITY FULL on "${parts.table}" first ` +
                '(and back once the new key exists): without a replica identity a published table refuses UPDATE and DELETE.',
            },
          ];
        }
      }
      const dropIndex = bodyOf<{ removeType?: string; objects?: unknown[] }>(facts.statement, 'DropStmt');
      if (dropIndex?.removeType === 'OBJECT_INDEX') {
        for (const name of droppedObjectNames(dropIndex.objects)) {
          const dropped = schema.index(name);
          if (!dropped || tableCreatedHere(dropped.table)) continue;
          const identity = identityOf(schema, dropped.table);
          if (identity?.kind === 'index' && identity.name === bareName(name))
            return [
              {
                ...statementRange(facts.statement),
                message: message(dropped.table, `the replica identity index "${identity.name}"`),
                advice: `Set REPLICA IDENTITY FULL (or USING INDEX another unique index) on "${dropped.table}" before dropping it.`,
              },
            ];
        }
      }
      return [];
    });
  },
};
