import { adviceFor } from '../reverse/completeness';
import { normaliseName } from '../schema/schemaModel';
import { pairGaps } from '../reverse/pairGaps';
import { narrows } from '../reverse/narrowing';
import { columnTypeOf, relationName, type RangeVarNode, type TypeNameNode } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { statementSpan } from './pairing/pairLocations';

/**
 * Data that a pair cannot bring back: a forward that drops a column or table
 * (its reverse can recreate the shape, never the values), and a reverse that
 * drops what the forward added (values written since the deploy are lost).
 * Said plainly, so nobody mistakes "has a reverse" for "is reversible".
 */
export const dataLossInPair: Rule = {
  id: 'data-loss-in-pair',
  title: 'Forward or rollback that loses data the pair cannot restore',
  defaultSeverity: 'warning',
  docs: {
    why:
      'Dropping a column or table cannot be undone by a reverse: it recreates an empty column. Likewise a rollback that drops ' +
      'a column the forward added throws away whatever the application wrote to it since the deploy. Both can be the right ' +
      'call, but they should be decisions: keep a copy (a backup table, an export) or stage the drop (stop writing, wait, drop).',
    bad: '-- migrate:up\nALTER TABLE events DROP COLUMN legacy_payload;\n\n-- migrate:down\nALTER TABLE events ADD COLUMN legacy_payload jsonb;',
    good: '-- migrate:up\nALTER TABLE events RENAME COLUMN legacy_payload TO legacy_payload_unused;\n\n-- migrate:down\nALTER TABLE events RENAME COLUMN legacy_payload_unused TO legacy_payload;',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    // Narrowing type changes, judged against the column as the history left it.
    for (const facts of context.statements) {
      if (facts.section?.role !== 'forward' || facts.statement.kind !== 'AlterTableStmt') continue;
      const commands = facts.statement.node?.['AlterTableStmt'] as
        | { relation?: RangeVarNode; cmds?: { AlterTableCmd?: { subtype?: string; name?: string; def?: { ColumnDef?: { typeName?: TypeNameNode } } } }[] }
        | undefined;
      const table = relationName(commands?.relation);
      for (const entry of commands?.cmds ?? []) {
        const command = entry.AlterTableCmd;
        if (command?.subtype !== 'AT_AlterColumnType' || !command.name || !table) continue;
        const before = facts.columnsBefore.get(`${normaliseName(table)}.${command.name}`)?.type;
        const after = columnTypeOf(command.def?.ColumnDef?.typeName);
        if (before && after && narrows(before, after)) {
          findings.push({
            start: facts.statement.start,
            end: facts.statement.end,
            message: `Changing "${table}"."${command.name}" from ${before.display} to ${after.display} can lose data`,
            advice:
              'Check that every value fits the new type first, or keep a copy: values that do not fit fail the statement or are rounded, ' +
              'and a reverse cannot restore what was cut.',
          });
        }
      }
    }
    for (const pair of context.pairs?.sections ?? []) {
      if (pair.section.role === 'forward') {
        const gaps = pair.other ? pairGaps(pair.own.effects, pair.other.effects) : pairGaps(pair.own.effects, []);
        for (const gap of gaps) {
          if (gap.kind !== 'forward-loses-data') continue;
          const where = statementSpan(context, gap.forwardStatement);
          if (where) findings.push({ ...where, message: gap.message, advice: adviceFor(gap) });
        }
      } else if (pair.section.role === 'reverse' && pair.other) {
        for (const gap of pairGaps(pair.other.effects, pair.own.effects)) {
          if (gap.kind !== 'rollback-loses-data') continue;
          const where = statementSpan(context, gap.reverseStatement);
          if (where) findings.push({ ...where, message: gap.message, advice: adviceFor(gap) });
        }
      }
    }
    return findings;
  },
};
