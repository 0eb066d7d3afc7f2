/**
 * The repair for a constraint validated under a lock: add it NOT VALID (new
 * rows are checked at once, the existing ones are not read), then VALIDATE
 * it where the ADD CONSTRAINT lock is no longer held: SHARE UPDATE
 * EXCLUSIVE, which lets reads and writes continue during the scan.
 */

import type { Fix, RuleContext, StatementFacts } from '../rule';
import { appendAfter, fixOf, insertAt, removeClause } from './edits';
import { laterSteps, appendedStatementsRunApart } from './laterStep';
import { quoteName } from '../../sql/quoteIdentifier';
import type { Range } from '../../sql/statementParts';
import { textOf } from '../../sql/statementParts';
import { tokenize } from '../../sql/tokens';
import type { ConstraintNode } from '../../sql/ast';

export interface NotValidTarget {
  facts: StatementFacts;
  context: RuleContext;
  /** The table as written in the statement. */
  tableText: string;
  constraint: ConstraintNode;
  /** The constraint's name: its own, or the one the fix gives it. */
  name: string;
}

function validateStep(target: NotValidTarget): string {
  const runApart = appendedStatementsRunApart(target.facts, target.context);
  return laterSteps(
    [`ALTER TABLE ${target.tableText} VALIDATE CONSTRAINT ${quoteName(target.name)};`],
    runApart,
    'VALIDATE does not hold the ADD CONSTRAINT lock',
  );
}

/** `ADD [CONSTRAINT c] CHECK (...)` → `ADD CONSTRAINT c CHECK (...) NOT VALID` and a VALIDATE step. */
export function notValidFixForTableConstraint(target: NotValidTarget, command: Range): Fix | undefined {
  const { statement } = target.facts;
  if (statement.newerSyntax || target.constraint.location === undefined) return undefined;
  const edits = [
    ...(target.constraint.conname ? [] : [insertAt(statement.documentOffset(target.constraint.location), `CONSTRAINT ${quoteName(target.name)} `)]),
    insertAt(command.end, ' NOT VALID'),
    appendAfter(statement, validateStep(target)),
  ];
  return fixOf(`Add ${target.name} NOT VALID, then VALIDATE it separately`, edits);
}

/**
 * A constraint written inside ADD COLUMN (`ADD COLUMN c bigint REFERENCES u`):
 * moved out into `ADD CONSTRAINT ... NOT VALID` after the statement.
 * `body` turns the clause's text (without `CONSTRAINT name`) into a table constraint.
 */
export function notValidFixForColumnConstraint(target: NotValidTarget, clause: Range, body: (clauseText: string) => string): Fix | undefined {
  const { statement } = target.facts;
  if (statement.newerSyntax) return undefined;
  const tokens = tokenize(textOf(statement, clause));
  const skip = target.constraint.conname && tokens[0]?.text.toUpperCase() === 'CONSTRAINT' ? 2 : 0;
  const clauseText = textOf(statement, clause);
  const withoutName = tokens[skip] ? clauseText.slice(tokens[skip]!.start) : clauseText;
  const added = `\nALTER TABLE ${target.tableText} ADD CONSTRAINT ${quoteName(target.name)} ${body(withoutName)} NOT VALID;`;
  return fixOf(`Add ${target.name} as a separate NOT VALID constraint, then VALIDATE it separately`, [
    removeClause(statement, clause),
    appendAfter(statement, added + validateStep(target)),
  ]);
}
