import type { Rule, RuleFinding, StatementFacts } from './rule';
import { alterTableParts } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { blocksMessage } from './support/messages';

/** An exclusion constraint builds its index and checks every row under ACCESS EXCLUSIVE, with no concurrent alternative. */
export const exclusionConstraintOnExistingTable: Rule = {
  id: 'exclusion-constraint-on-existing-table',
  title: 'Exclusion constraint added to an existing table',
  defaultSeverity: 'error',
  counterparts: { strongMigrations: 'add_exclusion_constraint' },
  docs: {
    why:
      'ADD CONSTRAINT ... EXCLUDE builds its index over every row and checks every pair of conflicting rows while holding ACCESS ' +
      'EXCLUSIVE: no query can read or write the table until it ends. Unlike UNIQUE, there is no NOT VALID and no USING INDEX ' +
      'form to do the work first. Declare exclusion constraints when the table is created, or build a new table with the ' +
      'constraint and move the data over.',
    bad: 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
    good: 'CREATE TABLE bookings (room_id bigint, during tstzrange, EXCLUDE USING gist (room_id WITH =, during WITH &&));',
  },
  check(context) {
    return context.statements.flatMap(checkStatement);
  },
};

function checkStatement(facts: StatementFacts): RuleFinding[] {
  const parts = alterTableParts(facts.statement);
  if (!parts || !existedBefore(facts, parts.table)) return [];
  return parts.commands
    .filter((command) => command.node.subtype === 'AT_AddConstraint' && command.node.def?.Constraint?.contype === 'CONSTR_EXCLUSION')
    .map((command) => ({
      start: command.start,
      end: command.end,
      message: blocksMessage('ADD EXCLUDE', { relation: parts.table, mode: 'ACCESS EXCLUSIVE', scan: true, rewrite: false }),
      advice: 'ADD EXCLUDE has no NOT VALID or USING INDEX form: declare it when the table is created, or copy the data into a new table that has it.',
    }));
}
