/**
 * `drill`: one forward/reverse pair rehearsed as `fearless drill` does it,
 * on a throwaway database: a PGlite copy, or a scratch database on the
 * server `fearless mcp --database-url-env` names (never a URL from the
 * agent or from a file in the workspace).
 */

import { z } from 'zod';
import { drillFiles } from '../workflows/drillPairs';
import { DatabaseUnavailable } from '../drill/database';
import { configuredDrillServer, drillTarget } from '../drill/drillTargets';
import { LOCK_MODES } from '../locks/lockModes';
import { readMigration, requireParses } from './sqlInput';
import { defineTool } from './tool';
import { ToolInputError } from './toolErrors';

const SCHEMA_DIFF = z.object({
  missing: z.array(z.string()).describe('Expected but missing (e.g. left dropped by the reverse).'),
  extra: z.array(z.string()).describe('Present but not expected (e.g. left behind by the reverse).'),
});

export const drillTool = defineTool({
  name: 'drill',
  title: 'Rollback drill of a migration pair',
  description:
    'Rehearses a forward migration and its paired reverse on a throwaway PostgreSQL: applies the earlier migrations of the folder, ' +
    'the forward, the reverse and the forward again, as the migration tool would run them, and compares the schema after each step ' +
    '(after the reverse it must equal the schema before the forward). Also compares the locks the forward held with the predicted ones. ' +
    'Runs on embedded PostgreSQL (PGlite) unless the user started the server with a drill server (--database-url-env); then in a ' +
    'scratch database created and dropped on that server. Takes a few seconds. Returns the verdict (pass, accepted when only enum values PostgreSQL cannot drop stay, or fail), why, each step with ' +
    "its time and PostgreSQL's error if it failed, and the schema differences; a forward without a reverse fails with that " +
    'reason. Errors when the forward is missing, outside the workspace root or does not parse. Writes no file in the workspace.',
  input: {
    forward: z.string().describe("The forward migration file, relative to the workspace root; its reverse is found by the migration tool's naming."),
    rows: z.number().int().min(1).max(100_000).optional().describe('Generated rows per table before the forward; the reverse must give them back.'),
  },
  output: {
    forward: z.string(),
    reverse: z.string().nullable(),
    verdict: z.enum(['pass', 'accepted', 'fail']).describe('accepted: all restored but enum values the forward added, which PostgreSQL cannot drop.'),
    database: z.string().describe('What it ran on, e.g. "PGlite (PostgreSQL 18)".'),
    reasons: z.array(z.string()).describe('Why the verdict is what it is, a sentence each.'),
    notes: z.array(z.string()).describe('Differences that do not fail the drill.'),
    steps: z.array(
      z.object({
        name: z.enum(['history', 'seed', 'forward', 'reverse', 'forward again']),
        ok: z.boolean(),
        ms: z.number(),
        detail: z.string().describe("What ran, or why it failed (file, statement, PostgreSQL's message)."),
        failedAt: z.object({ file: z.string(), offset: z.number().int().describe('UTF-16 offset in the file.') }).optional(),
      }),
    ),
    reverseDiff: SCHEMA_DIFF.optional().describe('Schema after the reverse against before the forward.'),
    forwardAgainDiff: SCHEMA_DIFF.optional().describe('Schema after the forward again against after the first forward.'),
    locks: z
      .array(
        z.object({
          relation: z.string(),
          observed: z.enum(LOCK_MODES).optional(),
          predicted: z.enum(LOCK_MODES).optional(),
          createdByForward: z.literal(true).optional(),
          agrees: z.boolean(),
        }),
      )
      .optional()
      .describe('Locks the forward held at the end of its transaction (pg_locks) against the prediction.'),
    queries: z.array(
      z.object({ code: z.enum(['new', 'old']), after: z.enum(['forward', 'reverse']), query: z.string(), ok: z.boolean(), error: z.string().optional() }),
    ),
    dataDifferences: z
      .array(
        z.object({
          table: z.string(),
          before: z.object({ rows: z.number(), checksum: z.string() }),
          after: z.object({ rows: z.number(), checksum: z.string() }).optional(),
        }),
      )
      .optional()
      .describe('Tables whose rows the reverse did not give back.'),
    seed: z
      .object({ seeded: z.array(z.object({ table: z.string(), rows: z.number() })), skipped: z.array(z.object({ table: z.string(), reason: z.string() })) })
      .optional(),
    pairHash: z.string().describe('SHA-256 of the forward and reverse as drilled.'),
  },
  async run(input, context) {
    const forward = await readMigration(input.forward, context);
    requireParses(forward.parsed, input.forward);
    const configured = configuredDrillServer(context.config);
    if (configured.problem) context.log(configured.problem);
    let run: Awaited<ReturnType<typeof drillFiles>>;
    try {
      run = await drillFiles([forward.file], context.config, drillTarget(configured.server), {
        fromDirectory: () => false,
        progress: context.log,
        // A scratch database left behind is the user's to drop: the log is theirs, the result the agent's.
        warn: context.log,
        ...(input.rows !== undefined ? { seed: { rowsPerTable: input.rows } } : {}),
      });
    } catch (error) {
      if (error instanceof DatabaseUnavailable) throw new ToolInputError(`The drill database is unavailable: ${error.message}`);
      throw error;
    }
    const skipped = run.skipped[0];
    if (skipped) throw new ToolInputError(`Not drilled: ${skipped.reason}`);
    const drill = run.drills[0];
    if (!drill) throw new ToolInputError(`Not drilled: ${input.forward} is not a forward migration with a part to drill.`);
    return drill;
  },
});
