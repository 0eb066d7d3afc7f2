/**
 * `plan`: a naive forward migration as safe phases, the files `fearless
 * plan` would write, shown and never written: the agent proposes them,
 * the human writes them (with `fearless plan --write` or the editor).
 */

import { z } from 'zod';
import { planChange } from '../analysis/planChange';
import { PlanProblem } from '../plan/planFiles';
import { readMigration, requireParses } from './sqlInput';
import { defineTool } from './tool';
import { ToolInputError } from './toolErrors';

export const planTool = defineTool({
  name: 'plan',
  title: 'Plan a migration as safe phases (preview)',
  description:
    'Rewrites a naive forward migration as safe phases, as `fearless plan` does: new columns nullable with a NOT VALID check, a batched ' +
    'backfill script, each index built CONCURRENTLY in a migration of its own, the check validated, then SET NOT NULL; foreign keys ' +
    'NOT VALID then validated; each phase with its reverse, and a plan document. Returns the files it would write (path, kind, text), ' +
    'the phases with the application release each goes with, and open questions (e.g. a backfill value nobody gave). A preview: ' +
    'nothing is written. golang-migrate folders only. Errors when the file does not parse, has nothing to plan, or is not a forward.',
  input: {
    forward: z.string().describe('The naive forward migration, relative to the workspace root (e.g. "migrations/7_add_tenant.up.sql").'),
    backfill: z
      .record(z.string(), z.string())
      .optional()
      .describe('Per "table.column" (or "column"), the SQL expression existing rows get, e.g. {"events.tenant_id": "1"}.'),
    batchSize: z.number().int().min(1).optional().describe('Rows per backfill batch (default 1000).'),
    pauseMs: z.number().int().min(0).optional().describe('Pause between backfill batches in milliseconds (default 100).'),
    replace: z.boolean().optional().describe('Plan the phases to take the naive migration\'s place instead of following the last migration.'),
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
  },
  async run(input, context) {
    const forward = await readMigration(input.forward, context);
    requireParses(forward.parsed, input.forward);
    try {
      const { plan, change } = await planChange(forward.file, context.config, {
        backfillValues: new Map(Object.entries(input.backfill ?? {})),
        ...(input.batchSize !== undefined ? { batchSize: input.batchSize } : {}),
        ...(input.pauseMs !== undefined ? { pauseMs: input.pauseMs } : {}),
        replace: input.replace ?? false,
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
      };
    } catch (error) {
      if (error instanceof PlanProblem) throw new ToolInputError(error.message);
      throw error;
    }
  },
});
