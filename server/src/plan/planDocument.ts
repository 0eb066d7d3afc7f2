/** The plan as a document for the PR: the phases in order, what ships with which release, the point of no return. */

import * as path from 'node:path';
import type { ChangePlan } from './changePlan';
import type { PlannedFile } from './planFiles';
import { counted } from '../wording';

/** `phaseFiles`: the file that holds each phase's forward, in phase order; `naiveStays`: the naive migration's files when the phases do not replace them. */
export function planDocument(
  plan: ChangePlan,
  files: readonly PlannedFile[],
  phaseFiles: readonly PlannedFile[],
  planPath: string,
  naiveStays: readonly string[] = [],
): string {
  const relative = (file: string): string => path.relative(path.dirname(planPath), file);
  const forwards = phaseFiles;
  const lines = [`# Plan: ${path.basename(plan.source)} in safe phases`, ''];
  lines.push(
    `The naive migration \`${path.basename(plan.source)}\` locks a busy table for the length of a scan or an index build. It is split into ${counted(plan.phases.length, 'migration')}, each with its reverse${plan.backfills.length > 0 ? `, and ${counted(plan.backfills.length, 'backfill script')} run between them` : ''}. Ship them in this order, one deploy at a time:`,
    '',
  );
  if (naiveStays.length > 0) {
    lines.push(
      `**The naive migration stays in the folder** (${naiveStays.map((file) => `\`${relative(file)}\``).join(', ')}): it makes the same changes the risky way, and the phases would repeat them. Delete it before the phases ship, unless it has shipped already.`,
      '',
    );
  }
  const backfillsAfter = (index: number, indent: string, first: string): string[] =>
    plan.backfills
      .filter((candidate) => candidate.afterPhase === index)
      .map((backfill) => {
        const script = files.find((file) => file.kind === 'backfill' && file.path.includes(backfill.slug));
        return `${indent}${first} run the backfill \`${script ? relative(script.path) : backfill.slug}\` (${backfill.table}.${backfill.column} = ${backfill.value}) with psql, outside any transaction, ${backfill.when}; watch its progress query until nothing remains (running it again only touches rows still to do).${backfill.estimate ? ` ${backfill.table}: ${backfill.estimate}.` : ''}`;
      });
  const before = backfillsAfter(-1, '', 'Before the first phase,');
  if (before.length > 0) lines.push(...before, '');
  plan.phases.forEach((phase, index) => {
    lines.push(`${index + 1}. \`${relative(forwards[index]!.path)}\`: ${phase.summary}${phase.outsideTransaction ? ' Runs outside a transaction.' : ''}`);
    lines.push(`   Release: ${phase.release}`);
    lines.push(...backfillsAfter(index, '   ', 'Then'));
  });
  const noReturn = plan.phases.map((phase, index) => ({ phase, index })).filter(({ phase }) => phase.pointOfNoReturn);
  lines.push(
    '',
    noReturn.length > 0
      ? `**Point of no return:** ${noReturn.map(({ phase, index }) => `phase ${index + 1} (\`${relative(forwards[index]!.path)}\`): ${phase.pointOfNoReturn}`).join(' ')}`
      : '**Point of no return:** none of the phases loses data going forward, and each has its reverse. Rolling back the first phase drops the new columns and whatever the application and the backfill wrote to them.',
    '',
  );
  if (plan.refinedByAi) {
    lines.push(`*Refined by Claude (AI-written, review it): ${plan.refinedByAi.join('; ')}. The phases' SQL is the planner's.*`, '');
  }
  if (plan.openQuestions.length > 0) {
    lines.push('## Open questions', '', ...plan.openQuestions.map((question) => `- ${question}`), '');
  }
  return `${lines.join('\n')}\n`;
}
