import type { Rule, RuleFinding } from './rule';
import { typeSuffix, typeUsages } from './support/columnTypes';
import { fixOf, replaceRange } from './support/edits';

/** `timestamp` (without time zone) stores wall-clock readings that mean different instants in different sessions. */
export const preferTimestamptz: Rule = {
  id: 'prefer-timestamptz',
  title: 'timestamp without time zone: use timestamptz',
  defaultSeverity: 'info',
  counterparts: { squawk: 'prefer-timestamp-tz' },
  docs: {
    why:
      'timestamp (without time zone) stores a wall-clock reading with no zone: now() is converted with the session TimeZone, so ' +
      'two servers or sessions with different settings store different values for the same instant, and comparisons across a ' +
      'DST change go wrong. timestamptz stores an instant (UTC internally) and converts on output; it takes the same 8 bytes.',
    bad: 'CREATE TABLE events (created_at timestamp NOT NULL DEFAULT now());',
    good: 'CREATE TABLE events (created_at timestamptz NOT NULL DEFAULT now());',
  },
  check(context) {
    return context.statements.flatMap((facts) =>
      typeUsages(facts.statement)
        .filter((usage) => usage.builtin === 'timestamp')
        .map((usage): RuleFinding => {
          const range = usage.typeRange ?? usage.clause;
          const replacement = `timestamptz${typeSuffix(usage.typeName)}`;
          return {
            start: range.start,
            end: range.end,
            message: `Column "${usage.table}"."${usage.column}" is timestamp without time zone, read in each session's TimeZone`,
            advice: `Use ${replacement}, which stores an instant in the same 8 bytes.`,
            ...(usage.typeRange ? { fixes: [fixOf(`Use ${replacement}`, [replaceRange(usage.typeRange, replacement)])] } : {}),
          };
        }),
    );
  },
};
