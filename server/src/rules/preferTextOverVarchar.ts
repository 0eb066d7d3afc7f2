import type { Rule, RuleFinding, StatementFacts } from './rule';
import { typeUsages, type TypeUsage } from './support/columnTypes';
import { appendAfter, fixOf, insertAt, replaceRange } from './support/edits';
import { generatedName, quoteName } from '../sql/quoteIdentifier';
import { bareName } from '../sql/astNames';
import { existedBefore } from './support/transactions';

/**
 * A length limit in the type (`varchar(n)`) can only be changed with ALTER
 * COLUMN TYPE under ACCESS EXCLUSIVE (a rewrite when it shrinks); a CHECK
 * constraint can be swapped with NOT VALID + VALIDATE while traffic runs.
 */
export const preferTextOverVarchar: Rule = {
  id: 'prefer-text-over-varchar',
  title: 'varchar(n) column: prefer text with a CHECK constraint',
  defaultSeverity: 'hint',
  counterparts: { squawk: 'prefer-text-field' },
  docs: {
    why:
      'varchar(n) and text are stored the same way. The difference shows when the limit must change: ALTER COLUMN ... TYPE ' +
      'varchar(m) takes ACCESS EXCLUSIVE (and rewrites the table when the limit shrinks), and every view using the column ' +
      'must be dropped and recreated. A text column with CHECK (char_length(col) <= n) gets the same protection, and the CHECK ' +
      'can be replaced online: add the new one NOT VALID, VALIDATE it, drop the old one.',
    bad: 'CREATE TABLE users (email varchar(255));',
    good: 'CREATE TABLE users (email text CHECK (char_length(email) <= 255));',
  },
  check(context) {
    return context.statements.flatMap((facts) =>
      typeUsages(facts.statement)
        .filter((usage) => usage.builtin === 'varchar' && (usage.typeName.typmods?.length ?? 0) > 0)
        .map((usage) => finding(facts, usage)),
    );
  },
};

function finding(facts: StatementFacts, usage: TypeUsage): RuleFinding {
  const range = usage.typeRange ?? usage.clause;
  const limit = usage.typeName.typmods?.[0]?.A_Const?.ival?.ival ?? 0;
  const column = quoteName(usage.column);
  const check = `CHECK (char_length(${column}) <= ${limit})`;
  const result: RuleFinding = {
    start: range.start,
    end: range.end,
    message: `Column "${usage.table}"."${usage.column}" is varchar(${limit}), whose limit changes only under ACCESS EXCLUSIVE`,
    advice: `Use text with ${check}, which can be replaced online (a new one NOT VALID, then VALIDATE).`,
  };
  if (!usage.typeRange || usage.where === 'alter column type' || (usage.typeName.arrayBounds?.length ?? 0) > 0) return result;
  const toText = replaceRange(usage.typeRange, 'text');
  // On a table that already has rows, an inline CHECK would be validated under ACCESS EXCLUSIVE: add it NOT VALID instead.
  const existing = usage.where === 'add column' && existedBefore(facts, usage.table);
  const edits = existing
    ? [
        toText,
        appendAfter(
          facts.statement,
          `\nALTER TABLE ${usage.tableText} ADD CONSTRAINT ${quoteName(generatedName(bareName(usage.table), usage.column, 'max_length'))} ${check} NOT VALID;`,
        ),
      ]
    : [toText, insertAt(usage.typeRange.end, ` ${check}`)];
  return { ...result, fixes: [fixOf(`Use text with ${check}`, edits)] };
}
