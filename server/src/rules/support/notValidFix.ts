/**
 * The repair for a constraint validated under a lock: add it NOT VALID (new
 * rows are checked at once, the existing ones are not read), then VALIDATE
 * it where the ADD CONSTRAINT lock is no longer held: SHARE UPDATE
 * EXCLUSIVE, which lets reads and writes continue during the scan.
 */

import type { Fix, RuleContext, StatementFacts, TextEdit } from '../rule';
import { appendAfter, fixOf, insertAt, removeClause } from './edits';
import { appendedStatementsRunApart } from './laterStep';
import { laterMigrationFix, lockTimeoutInForce, migrationSlug, NOTHING_TO_UNDO } from './ownMigration';
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

/**
 * `now` adds the constraint NOT VALID; VALIDATE follows where the ADD
 * CONSTRAINT lock is no longer held: right after the statement when the tool
 * runs statements one by one, else in a new migration after this one.
 */
function withValidation(target: NotValidTarget, title: string, now: TextEdit[], nowAppends: string): Fix | undefined {
  const { facts, context, statement } = { ...target, statement: target.facts.statement };
  const validate = `ALTER TABLE ${target.tableText} VALIDATE CONSTRAINT ${quoteName(target.name)};`;
  if (appendedStatementsRunApart(facts, context)) {
    return fixOf(`${title}, then VALIDATE it separately`, [...now, appendAfter(statement, `${nowAppends}\n${validate}`)]);
  }
  const timeout = lockTimeoutInForce(facts, context);
  return laterMigrationFix(facts, context, {
    title: `${title}; VALIDATE it in a new migration`,
    now: nowAppends ? [...now, appendAfter(statement, nowAppends)] : now,
    later: {
      slug: migrationSlug('validate', target.name),
      forward: `${timeout}\n${validate}\n`,
      reverse: `${NOTHING_TO_UNDO}\n`,
      outsideTransaction: false,
    },
  });
}

/** `ADD [CONSTRAINT c] CHECK (...)` → `ADD CONSTRAINT c CHECK (...) NOT VALID` and a VALIDATE step. */
export function notValidFixForTableConstraint(target: NotValidTarget, command: Range): Fix | undefined {
  const { statement } = target.facts;
  if (statement.newerSyntax || target.constraint.location === undefined) return undefined;
  const edits = [
    ...(target.constraint.conname ? [] : [insertAt(statement.documentOffset(target.constraint.location), `CONSTRAINT ${quoteName(target.name)} `)]),
    insertAt(command.end, ' NOT VALID'),
  ];
  return withValidation(target, `Add ${target.name} NOT VALID`, edits, '');
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
  return withValidation(target, `Add ${target.name} as a separate NOT VALID constraint`, [removeClause(statement, clause)], added);
}
