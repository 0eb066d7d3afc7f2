/**
 * `plan`: a naive forward migration as safe phases, the files `fearless
 * plan` would write, shown and never written: the agent proposes them,
 * the human writes them (with `fearless plan --write` or the editor). With
 * `check`, linted and drilled in a scratch copy of the project first.
 */

import { z } from 'zod';
import { planAndCheck } from '../workflows/planAndCheck';
import { configuredDrillServer } from '../drill/drillTargets';
import { PlanProblem } from '../plan/planFiles';
import { readMigration, requireParses } from './sqlInput';
import { defineTool } from './tool';
import { ToolInputError } from './toolErrors';

export const planTool = defineTool({
  name: 'plan',
  title: 'Plan a migration as safe phases (preview)',
  description:
    'Rewrites a naive forward migration as safe phases, as `fearless plan` does: new columns nullable with a NOT VALID check, type ' +
    'changes and renames through a copy kept in step by a trigger, a batched backfill script, each index built CONCURRENTLY in a ' +
    'migration of its own, constraints NOT VALID then validated (UNIQUE through USING INDEX), SET NOT NULL, drops last; each phase ' +
    "with its reverse, written the way the folder's tool expects (golang-migrate, diesel, dbmate, goose, sql-migrate, Flyway), and " +
    'a plan document. Returns the files it would write (path, kind, text), the phases with the application release each goes with, ' +
    'open questions, and the columns whose backfill needs a value (give them in backfill). With check: true, also lints and drills ' +
    'the phases in a scratch copy of the project (PGlite, or the configured drill server) and returns the verdicts. A preview: ' +
    'nothing is written. Errors when the file does not parse, has nothing to plan, is not a forward, or the change cannot be phased.',
  input: {
    forward: z.string().describe('The naive forward migration, relative to the workspace root (e.g. "migrations/7_add_tenant.up.sql").'),
    backfill: z
      .record(z.string(), z.string())
      .optional()
      .describe('Per "table.column" (or "column"), the SQL expression existing rows get, e.g. {"events.tenant_id": "1"}.'),
    batchSize: z.number().int().min(1).optional().describe('Rows per backfill batch (default 1000).'),
    pauseMs: z.number().int().min(0).optional().describe('Pause between backfill batches in milliseconds (default 100).'),
    replace: z.boolean().optional().describe("Plan the phases to take the naive migration's place instead of following the last migration."),
    check: z.boolean().optional().describe('Lint and drill the phases in a scratch copy of the project before answering (a few seconds).'),
  },
  output: {
    source: z.string(),
    written: z.literal(false).describe('Always false: the tool never writes.'),
    phases: z.array(
      z.object({
        slug: z.string(),
        summary: z.string(),
        release: z.string().describe('Which application release goes with this phase.'),
        outsideTransaction: z.boolean().optional(),
        pointOfNoReturn: z.string().optional(),
      }),
    ),
    files: z.array(z.object({ path: z.string(), kind: z.enum(['forward', 'reverse', 'migration', 'settings', 'backfill', 'plan']), text: z.string() })),
    removed: z.array(z.string()).describe('Files the plan replaces (with replace: the naive migration and its reverse).'),
    openQuestions: z.array(z.string()),
    missingValues: z.array(z.object({ table: z.string(), column: z.string() })).describe('Columns whose backfill needs a value: pass it in backfill.'),
    check: z
      .object({
        passed: z.boolean(),
        lint: z.array(z.string()).describe('Error and warning findings on the phase files.'),
        drills: z.array(z.object({ forward: z.string(), verdict: z.string(), reasons: z.array(z.string()) })),
        skipped: z.array(z.string()),
      })
      .optional()
      .describe('With check: the phases linted and drilled in a scratch copy.'),
  },
  async run(input, context) {
    const forward = await readMigration(input.forward, context);
    requireParses(forward.parsed, input.forward);
    try {
      const server = input.check ? configuredDrillServer(context.config).server : undefined;
      const { plan, change, check } = await planAndCheck(forward.file, context.config, {
        backfillValues: new Map(Object.entries(input.backfill ?? {})),
        ...(input.batchSize !== undefined ? { batchSize: input.batchSize } : {}),
        ...(input.pauseMs !== undefined ? { pauseMs: input.pauseMs } : {}),
        replace: input.replace ?? false,
        check: input.check ?? false,
        ...(server ? { server } : {}),
      });
      return {
        source: plan.source,
        written: false as const,
        phases: plan.phases.map(({ slug, summary, release, outsideTransaction, pointOfNoReturn }) => ({
          slug,
          summary,
          release,
          ...(outsideTransaction !== undefined ? { outsideTransaction } : {}),
          ...(pointOfNoReturn !== undefined ? { pointOfNoReturn } : {}),
        })),
        files: change.files.map(({ path, kind, text }) => ({ path, kind, text })),
        removed: change.removed,
        openQuestions: plan.openQuestions,
        missingValues: plan.missingValues,
        ...(check ? { check } : {}),
      };
    } catch (error) {
      if (error instanceof PlanProblem) throw new ToolInputError(error.message);
      throw error;
    }
  },
});
