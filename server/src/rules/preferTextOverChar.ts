import type { Rule, RuleFinding } from './rule';
import { typeUsages } from './support/columnTypes';
import { fixOf, replaceRange } from './support/edits';
import { quoteName } from '../sql/quoteIdentifier';

/** `char(n)` pads with spaces and is never faster than text or varchar in PostgreSQL. */
export const preferTextOverChar: Rule = {
  id: 'prefer-text-over-char',
  title: 'char(n) column: use text (or varchar)',
  defaultSeverity: 'info',
  counterparts: { squawk: 'ban-char-field' },
  docs: {
    why:
      'char(n) (character, bpchar) pads values with spaces to n characters, ignores trailing spaces in comparisons but not in ' +
      'LIKE or in the application, and uses more space; in PostgreSQL it is never faster than text or varchar. A code that must ' +
      'be exactly n characters is better expressed as text with CHECK (char_length(code) = n).',
    bad: 'CREATE TABLE countries (code char(2) PRIMARY KEY);',
    good: 'CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2));',
  },
  check(context) {
    return context.statements.flatMap((facts) =>
      typeUsages(facts.statement)
        .filter((usage) => usage.builtin === 'bpchar')
        .map((usage): RuleFinding => {
          const range = usage.typeRange ?? usage.clause;
          const length = usage.typeName.typmods?.[0]?.A_Const?.ival?.ival;
          const check = length === undefined ? 'a CHECK on char_length' : `CHECK (char_length(${quoteName(usage.column)}) = ${length})`;
          return {
            start: range.start,
            end: range.end,
            message: `Column "${usage.table}"."${usage.column}" is char(${length ?? 'n'}), blank-padded and never faster than text`,
            advice: `Use text, with ${check} if the length matters.`,
            ...(usage.typeRange ? { fixes: [fixOf('Use text', [replaceRange(usage.typeRange, 'text')])] } : {}),
          };
        }),
    );
  },
};
