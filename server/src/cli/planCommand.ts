/** `fearless plan`: a naive migration → its phases, printed for review, or written with --write. */

import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { planChange } from '../analysis/planChange';
import { PlanProblem, writePlannedChange } from '../plan/planFiles';
import { UsageError } from './args';

export interface PlanCliOptions {
  backfill: string | true | undefined;
  batchSize: string | true | undefined;
  pauseMs: string | true | undefined;
  replace: boolean;
  write: boolean;
  format: 'md' | 'json';
}

/** `--backfill "events.tenant_id=1; events.region='eu'"` → table.column → expression. */
function backfillValues(value: string | true | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (value === undefined) return values;
  if (value === true) throw new UsageError('--backfill needs COLUMN=EXPRESSION (TABLE.COLUMN=EXPRESSION; several separated by ";").');
  for (const entry of value.split(';').map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) throw new UsageError(`--backfill: "${entry}" is not COLUMN=EXPRESSION.`);
    values.set(entry.slice(0, at).trim(), entry.slice(at + 1).trim());
  }
  return values;
}

function whole(value: string | true | undefined, flag: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new UsageError(`${flag} must be a whole number of at least ${minimum}, not "${String(value)}".`);
  return parsed;
}

export async function runPlanCommand(paths: readonly string[], config: ProjectConfig, options: PlanCliOptions): Promise<{ output: string; status: number }> {
  if (paths.length !== 1) throw new UsageError('"fearless plan" takes one forward migration.');
  const batchSize = whole(options.batchSize, '--batch-size', 1);
  const pauseMs = whole(options.pauseMs, '--pause-ms', 0);
  try {
    const { plan, change } = await planChange(paths[0]!, config, {
      backfillValues: backfillValues(options.backfill),
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(pauseMs !== undefined ? { pauseMs } : {}),
      replace: options.replace,
    });
    if (options.write) writePlannedChange(change);
    const shown = (file: string): string => path.relative(process.cwd(), file) || file;
    if (options.format === 'json') {
      return {
        output: `${JSON.stringify({
          source: shown(plan.source),
          written: options.write,
          files: change.files.map((file) => ({ path: shown(file.path), kind: file.kind, text: file.text })),
          removed: change.removed.map(shown),
          openQuestions: plan.openQuestions,
        })}\n`,
        status: 0,
      };
    }
    const lines: string[] = [];
    for (const file of change.files) lines.push(`===== ${shown(file.path)} (${file.kind}) =====`, file.text);
    if (change.removed.length > 0) lines.push(`===== removed: ${change.removed.map(shown).join(', ')} =====`, '');
    lines.push(options.write ? `fearless: wrote ${change.files.length} file(s).` : 'fearless: nothing written (preview); add --write to write these files.');
    return { output: `${lines.join('\n')}\n`, status: 0 };
  } catch (error) {
    if (error instanceof PlanProblem) throw new UsageError(error.message);
    throw error;
  }
}
