/**
 * `check_reverse`: does a reverse undo its forward? The static comparison
 * of effects the reverse-incomplete, reverse-unexpected and
 * data-loss-in-pair rules report from, for a reverse on disk or one the
 * agent is still writing.
 */

import { z } from 'zod';
import { analyzeMigration } from '../workflows/analyzeMigration';
import { MigrationHistory } from '../migrations/migrationHistory';
import { checkReverse, adviceFor } from '../reverse/completeness';
import { effectsOf, type Effect } from '../schema/effects';
import { parseSql, type ParsedSql } from '../sql/parseSql';
import { readMigration, requireParses } from './sqlInput';
import { defineTool } from './tool';
import { ToolInputError } from './toolErrors';

const GAP_KINDS = ['not-undone', 'irreversible', 'unexpected', 'forward-loses-data', 'rollback-loses-data'] as const;
/** The gaps that leave the schema different after forward + reverse. */
const INCOMPLETE: readonly string[] = ['not-undone', 'irreversible'];

interface ReverseSide {
  shown: string;
  parsed: ParsedSql;
  effects: Effect[];
}

function effectsOfParsed(parsed: ParsedSql): Effect[] {
  return parsed.statements.filter((statement) => statement.kind !== undefined).flatMap((statement) => effectsOf(statement));
}

export const checkReverseTool = defineTool({
  name: 'check_reverse',
  title: 'Check that a reverse undoes its forward',
  description:
    'Compares what a forward migration does with what its reverse undoes, statically (no database): an index created and never ' +
    'dropped, a column renamed and not renamed back, an enum value PostgreSQL cannot drop, a reverse that drops something the ' +
    "forward never created, data lost either way. The reverse is the file paired with the forward by the folder's migration tool " +
    '(e.g. N_x.down.sql for N_x.up.sql), or `reverse` (another file), or `reverseSql` (text you have not written yet). ' +
    'Returns `complete` (nothing left undone) and the gaps, each with its kind, a message, and the statement it is about. ' +
    'Errors when a file is missing or outside the workspace root, the SQL does not parse, or there is no reverse to check. ' +
    'drill then proves it on a real database.',
  input: {
    forward: z.string().describe('The forward migration file, relative to the workspace root.'),
    reverse: z.string().optional().describe('A reverse migration file to check instead of the paired one.'),
    reverseSql: z.string().optional().describe('Reverse SQL text to check instead of a file.'),
  },
  output: {
    forward: z.string(),
    reverse: z.string().describe('The reverse checked: its path, or "(reverseSql)".'),
    complete: z.boolean().describe('True when the reverse undoes every effect of the forward (no not-undone or irreversible gap).'),
    gaps: z.array(
      z.object({
        kind: z
          .enum(GAP_KINDS)
          .describe(
            'not-undone: an effect of the forward the reverse leaves; irreversible: cannot be undone as written; unexpected: the reverse ' +
              'destroys something the forward never created; forward-loses-data / rollback-loses-data: values lost by that step.',
          ),
        message: z.string(),
        advice: z.string().optional().describe('What to do about the gap, in a sentence or two.'),
        forwardStatement: z.number().int().optional().describe('0-based index of the forward statement the gap is about.'),
        reverseStatement: z.number().int().optional().describe('0-based index of the reverse statement the gap is about.'),
        sql: z.string().optional().describe('That statement.'),
      }),
    ),
  },
  async run(input, context) {
    if (input.reverse !== undefined && input.reverseSql !== undefined) throw new ToolInputError('Give `reverse` or `reverseSql`, not both.');
    const forward = await readMigration(input.forward, context);
    requireParses(forward.parsed, input.forward);
    const { facts } = await analyzeMigration(forward.file, forward.text, {
      config: context.config,
      history: new MigrationHistory(false, context.config.convention),
    });
    const forwardParts = (facts.pairs?.sections ?? []).filter((pair) => pair.section.role === 'forward');
    if (forwardParts.length === 0) throw new ToolInputError(`${input.forward} is not a forward migration; pass the forward the reverse belongs to.`);

    let reverse: ReverseSide;
    if (input.reverseSql !== undefined) {
      const parsed = await parseSql(input.reverseSql);
      requireParses(parsed, 'reverseSql');
      reverse = { shown: '(reverseSql)', parsed, effects: effectsOfParsed(parsed) };
    } else if (input.reverse !== undefined) {
      const read = await readMigration(input.reverse, context);
      requireParses(read.parsed, input.reverse);
      reverse = { shown: read.file, parsed: read.parsed, effects: effectsOfParsed(read.parsed) };
    } else {
      const paired = forwardParts.find((pair) => pair.other);
      if (!paired?.other) {
        const expected = forwardParts[0]!.counterpart?.file;
        throw new ToolInputError(
          `${input.forward} has no reverse${expected ? ` yet (expected at ${expected})` : ' (its migration tool has none)'}: pass \`reverse\` or \`reverseSql\`, or draft one with the reverse tool.`,
        );
      }
      const read = await readMigration(paired.other.file, context);
      requireParses(read.parsed, paired.other.file);
      reverse = { shown: paired.other.file, parsed: read.parsed, effects: paired.other.effects };
    }

    const statementText = (parsed: ParsedSql, index: number | undefined): string | undefined =>
      index === undefined ? undefined : parsed.statements.find((statement) => statement.index === index)?.text;
    const gaps = checkReverse(
      forwardParts.flatMap((pair) => pair.own.effects),
      reverse.effects,
    ).map((gap) => {
      const sql = statementText(forward.parsed, gap.forwardStatement) ?? statementText(reverse.parsed, gap.reverseStatement);
      const advice = adviceFor(gap);
      return { ...gap, ...(advice ? { advice } : {}), ...(sql !== undefined ? { sql } : {}) };
    });
    return { forward: forward.file, reverse: reverse.shown, complete: !gaps.some((gap) => INCOMPLETE.includes(gap.kind)), gaps };
  },
});
