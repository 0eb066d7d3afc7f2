import { normaliseName, type SchemaModel } from '../schema/schemaModel';
import { relationName, type RangeVarNode } from '../sql/astNames';
import { applyStatementToSchema, changesSchema } from '../schema/applyStatement';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { alterTableParts, bodyOf } from '../sql/statementParts';

/**
 * A validated CHECK on the table that mentions every partition key column:
 * the kind that lets ATTACH skip its scan (any validated CHECK, when the
 * history does not show the parent's key).
 */
function provenByCheck(schema: SchemaModel, partition: string, key: readonly (string | undefined)[] | undefined): boolean {
  if (key?.some((column) => column === undefined)) return false;
  return schema
    .constraintsOf(partition)
    .some(
      (constraint) =>
        constraint.kind === 'check' &&
        constraint.validated &&
        (key === undefined || key.every((column) => constraint.checkSql !== undefined && new RegExp(`\\b${column}\\b`, 'i').test(constraint.checkSql))),
    );
}

/** The schema just before the statement at `index`: the history, then this file's statements before it (a CHECK added and validated for the attach, say). */
function schemaAt(context: RuleContext, index: number): SchemaModel {
  const schema = context.schemaBefore.clone();
  for (const facts of context.statements.slice(0, index)) if (changesSchema(facts.statement)) applyStatementToSchema(schema, facts.statement, context.path);
  return schema;
}

/** Rows this file writes into the table before the statement at `index` (INSERT, COPY FROM). */
function filledEarlierInFile(statements: readonly StatementFacts[], index: number, table: string): boolean {
  return statements.slice(0, index).some((facts) => {
    const target = bodyOf<{ relation?: RangeVarNode; is_from?: boolean }>(facts.statement, facts.statement.kind === 'CopyStmt' ? 'CopyStmt' : 'InsertStmt');
    if (!target || (facts.statement.kind === 'CopyStmt' && !target.is_from)) return false;
    const name = relationName(target.relation);
    return name !== undefined && normaliseName(name) === normaliseName(table);
  });
}

/**
 * ATTACH PARTITION proves every row of the table fits the partition bound
 * by scanning it under ACCESS EXCLUSIVE (and the default partition too, for
 * rows of the new range), unless a validated CHECK constraint proves it.
 */
export const attachPartitionScans: Rule = {
  id: 'attach-partition-scans',
  title: 'ATTACH PARTITION scans the partition (and the default partition) under lock',
  defaultSeverity: 'warning',
  docs: {
    why:
      'ALTER TABLE ... ATTACH PARTITION checks that every row of the incoming table fits the partition bound, scanning it while ' +
      'holding ACCESS EXCLUSIVE on it; and when the parent has a default partition, it also scans that one under ACCESS ' +
      'EXCLUSIVE for rows that now belong to the new partition, blocking every query that reaches it. A validated CHECK ' +
      'constraint on the incoming table that implies the bound (for a range: key IS NOT NULL AND key >= low AND key < high) ' +
      'lets PostgreSQL skip its scan: add it NOT VALID, VALIDATE it (SHARE UPDATE EXCLUSIVE, reads and writes go on), attach, ' +
      'then drop it. A default partition is spared only by a CHECK that excludes the new range.',
    bad: "SET lock_timeout = '5s';\nALTER TABLE events ATTACH PARTITION events_2026_09 FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');",
    good:
      "ALTER TABLE events_2026_09 ADD CONSTRAINT events_2026_09_bound CHECK (created_at IS NOT NULL AND created_at >= '2026-09-01' AND created_at < '2026-10-01') NOT VALID;\n" +
      'ALTER TABLE events_2026_09 VALIDATE CONSTRAINT events_2026_09_bound;\n' +
      "SET lock_timeout = '5s';\nALTER TABLE events ATTACH PARTITION events_2026_09 FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');\n" +
      'ALTER TABLE events_2026_09 DROP CONSTRAINT events_2026_09_bound;',
  },
  check(context) {
    return context.statements.flatMap((facts, index): RuleFinding[] => {
      const parts = alterTableParts(facts.statement);
      if (!parts) return [];
      return parts.commands.flatMap((command): RuleFinding[] => {
        if (command.node.subtype !== 'AT_AttachPartition') return [];
        const partition = relationName(command.node.def?.PartitionCmd?.name);
        if (!partition) return [];
        // A table this file created holds nothing to scan, unless the file filled it.
        const createdHere = facts.tablesCreatedEarlierInFile.has(normaliseName(partition));
        const scansPartition =
          (!createdHere || filledEarlierInFile(context.statements, index, partition)) &&
          !provenByCheck(schemaAt(context, index), partition, context.schemaBefore.table(parts.table)?.partitionKey);
        const fallback = context.schemaBefore
          .partitionsOf(parts.table)
          .find((candidate) => candidate.defaultPartition && normaliseName(candidate.name) !== normaliseName(partition));
        if (!scansPartition && !fallback) return [];
        const what = [
          scansPartition ? `"${partition}"` : undefined,
          fallback ? `${scansPartition ? '' : 'the '}default partition "${fallback.name}"` : undefined,
        ]
          .filter(Boolean)
          .join(' and ');
        const advice = [
          scansPartition
            ? `Add a validated CHECK on "${partition}" matching the bound first (NOT VALID, then VALIDATE), so the attach skips its scan.`
            : undefined,
          fallback ? `Only a validated CHECK on "${fallback.name}" that excludes the new range spares the default partition's scan.` : undefined,
        ]
          .filter(Boolean)
          .join(' ');
        return [
          {
            ...command,
            message: `ATTACH PARTITION scans ${what} under ACCESS EXCLUSIVE to check the bound`,
            advice,
          },
        ];
      });
    });
  },
};
