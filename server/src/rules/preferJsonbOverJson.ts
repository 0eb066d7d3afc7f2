import type { Rule, RuleFinding } from './rule';
import { typeSuffix, typeUsages } from './support/columnTypes';
import { fixOf, replaceRange } from './support/edits';

/** json has no equality operator and is re-parsed on every access. */
export const preferJsonbOverJson: Rule = {
  id: 'prefer-jsonb-over-json',
  title: 'json column: use jsonb',
  defaultSeverity: 'info',
  counterparts: { strongMigrations: 'add_column_json' },
  docs: {
    why:
      'json stores the text as given and re-parses it on every access; it has no equality operator, so SELECT DISTINCT, GROUP BY ' +
      'and UNION over a row containing it fail, and it cannot be indexed with GIN. jsonb stores the parsed form, compares, and ' +
      'indexes. Keep json only when the exact text (key order, duplicate keys, whitespace) must be preserved.',
    bad: 'CREATE TABLE events (payload json);',
    good: 'CREATE TABLE events (payload jsonb);',
  },
  check(context) {
    return context.statements.flatMap((facts) =>
      typeUsages(facts.statement)
        .filter((usage) => usage.builtin === 'json')
        .map((usage): RuleFinding => {
          const range = usage.typeRange ?? usage.clause;
          const replacement = `jsonb${typeSuffix(usage.typeName)}`;
          return {
            start: range.start,
            end: range.end,
            message: `Column "${usage.table}"."${usage.column}" is json, which has no equality operator and no GIN index`,
            advice: `Use ${replacement} (DISTINCT, GROUP BY and UNION fail on json), unless the exact text must be kept.`,
            ...(usage.typeRange ? { fixes: [fixOf(`Use ${replacement}`, [replaceRange(usage.typeRange, replacement)])] } : {}),
          };
        }),
    );
  },
};
