/**
 * The code lens with the pair's last rollback drill ("✓ rollback drill
 * passed at 14:02"), or an offer to run one, above the forward part.
 */

import type { PairDrill } from '../drill/drillReport';
import type { DocumentAnalysis } from './documentAnalysis';
import { shortened } from '../wording';

export interface DrillLens {
  at: number;
  title: string;
  /** The client runs the drill command: clicking the lens runs the drill (again). */
  runnable: boolean;
}

function clock(at: Date): string {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

export function drillLensOf(analysis: DocumentAnalysis, last: { drill: PairDrill; at: Date } | undefined, canRun: boolean): DrillLens | undefined {
  const pair = analysis.facts.pairs?.sections.find((candidate) => candidate.section.role === 'forward' && candidate.counterpart?.exists);
  if (!pair) return undefined;
  const at = pair.section.markerStart ?? pair.section.start;
  if (last) {
    const verdict =
      last.drill.verdict === 'pass'
        ? '✓ rollback drill passed'
        : last.drill.verdict === 'accepted'
          ? '✓ rollback drill passed (an enum value stays)'
          : `✗ rollback drill failed: ${shortened(last.drill.reasons[0] ?? 'see the report', 80)}`;
    return { at, title: `${verdict} (${clock(last.at)})${canRun ? ' · run again' : ''}`, runnable: canRun };
  }
  return canRun ? { at, title: '▶ Run rollback drill', runnable: true } : undefined;
}
