import { relationName } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { fixesOf, insertAt } from './support/edits';
import { migrationSlug, outsideTransactionFix } from './support/ownMigration';
import { alterTableParts } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { blocksMessage } from './support/messages';

/** `DETACH PARTITION` takes ACCESS EXCLUSIVE on the partitioned table; PostgreSQL 14+ can detach CONCURRENTLY. */
export const detachPartitionWithoutConcurrently: Rule = {
  id: 'detach-partition-without-concurrently',
  title: 'DETACH PARTITION without CONCURRENTLY',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'require-concurrent-partition-detach' },
  docs: {
    why:
      'ALTER TABLE ... DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table: it waits for every running query on any ' +
      'partition, and every query on the table queues behind it meanwhile. From PostgreSQL 14, DETACH PARTITION ... CONCURRENTLY ' +
      'takes SHARE UPDATE EXCLUSIVE on the parent and waits for older queries in two transactions. It cannot run in a ' +
      'transaction block or next to other subcommands; if interrupted, finish it with DETACH PARTITION ... FINALIZE.',
    bad: 'ALTER TABLE measurements DETACH PARTITION measurements_2023;',
    good: 'ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;',
  },
  check(context) {
    if (context.pgVersion < 14) return [];
    return context.statements.flatMap((facts): RuleFinding[] => {
      const parts = alterTableParts(facts.statement);
      if (!parts || !existedBefore(facts, parts.table)) return [];
      return parts.commands
        .filter((command) => command.node.subtype === 'AT_DetachPartition' && !command.node.def?.PartitionCmd?.concurrent)
        .map((command) => ({
          start: command.start,
          end: command.end,
          message: blocksMessage(`DETACH PARTITION "${relationName(command.node.def?.PartitionCmd?.name) ?? ''}"`, {
            relation: parts.table,
            mode: 'ACCESS EXCLUSIVE',
            scan: false,
            rewrite: false,
          }),
          advice: 'Use DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+, alone, outside a transaction block).',
          ...fixesOf(
            parts.commands.length === 1 && !facts.statement.newerSyntax
              ? outsideTransactionFix(
                  facts,
                  context,
                  'Detach CONCURRENTLY',
                  [insertAt(command.end, ' CONCURRENTLY')],
                  migrationSlug('detach', relationName(command.node.def?.PartitionCmd?.name) ?? parts.table),
                )
              : undefined,
          ),
        }));
    });
  },
};
