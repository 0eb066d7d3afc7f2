/** `fearless/drill`: the rollback drill of the pair a document belongs to. */

import type { PairDrill } from '../drill/drillReport';

export const DRILL_REQUEST = 'fearless/drill';

export interface DrillParams {
  textDocument: { uri: string };
}

export interface DrillRequestResult {
  /** The drill of the pair, or null when nothing could be drilled (then `problem` says why). */
  drill: PairDrill | null;
  problem?: string;
  /** The report as Markdown, to show beside the migration. */
  markdown: string;
}
