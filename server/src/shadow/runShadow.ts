/**
 * A shadow test: every replayable captured statement on "before" and on
 * "after", their outcomes compared, and the timing of each side. A query
 * that looks ten times slower after the migration is timed four more times
 * on both sides and reported only if the fastest runs still say so, so a
 * slow run on a busy machine does not make a finding.
 */

import type { Database } from '../drill/database';
import { compareOutcomes, type Difference } from './compareOutcomes';
import { READ_ONLY_VIOLATION, replayOn, TypeNames, type Outcome } from './replayOnDatabase';
import type { ReplayQuery } from './replayQueries';

export interface QueryComparison {
  query: ReplayQuery;
  differences: Difference[];
  beforeMs: number;
  afterMs: number;
  /** Both sides failed the same way or differently: the capture holds a query the schema never served. */
  bothFailed?: { before: string; after: string };
  /** The query got at least SLOWER_RATIO times slower, by the fastest of five runs per side. */
  slower?: boolean;
}

export interface ShadowRunOptions {
  /** When the databases started being built (ms since the epoch): timestamps from then on are times of the replay. */
  since?: number;
  /** Called after each query with the number done. */
  progress?: (done: number, total: number) => void;
  cancelled?: () => boolean;
}

export const SLOWER_RATIO = 10;
/** Below this many milliseconds after the migration, timing noise outweighs any ratio. */
const SLOWER_FLOOR_MS = 5;
/** More runs per side before a slowdown is reported (a busy machine makes single runs slow at random). */
const CONFIRMING_RUNS = 4;

function slowerBy(before: Outcome, after: Outcome, ratio: number): boolean {
  return after.ms >= SLOWER_FLOOR_MS && after.ms >= before.ms * ratio;
}

/**
 * The first run of a query on a fresh database also pays for cold caches,
 * which can hide a slowdown: a third of the ratio makes a query a candidate,
 * and the fastest runs decide.
 */
const CANDIDATE_RATIO = SLOWER_RATIO / 3;

function isReadOnlyViolation(outcome: Outcome): boolean {
  return !outcome.ok && outcome.code === READ_ONLY_VIOLATION;
}

export async function runShadow(
  before: Database,
  after: Database,
  queries: readonly ReplayQuery[],
  options: ShadowRunOptions = {},
): Promise<QueryComparison[]> {
  const beforeTypes = new TypeNames(before);
  const afterTypes = new TypeNames(after);
  const comparisons: QueryComparison[] = [];
  const since = options.since ?? Date.now();
  for (const captured of queries) {
    if (options.cancelled?.()) break;
    let query = captured;
    let beforeOutcome = await replayOn(before, beforeTypes, query, since);
    let afterOutcome = await replayOn(after, afterTypes, query, since);
    if (isReadOnlyViolation(beforeOutcome) && isReadOnlyViolation(afterOutcome)) {
      // A SELECT that writes (a volatile function, nextval): replayed as the write it is, and rolled back.
      query = { ...query, kind: 'write' };
      beforeOutcome = await replayOn(before, beforeTypes, query, since);
      afterOutcome = await replayOn(after, afterTypes, query, since);
    }
    let slower: boolean | undefined;
    if (beforeOutcome.ok && afterOutcome.ok && slowerBy(beforeOutcome, afterOutcome, CANDIDATE_RATIO)) {
      // Noise only ever adds time: the fastest of several runs per side is the fair comparison.
      for (let run = 0; run < CONFIRMING_RUNS; run++) {
        const [again, againAfter] = [await replayOn(before, beforeTypes, query, since), await replayOn(after, afterTypes, query, since)];
        beforeOutcome = again.ms < beforeOutcome.ms ? again : beforeOutcome;
        afterOutcome = againAfter.ms < afterOutcome.ms ? againAfter : afterOutcome;
      }
      slower = slowerBy(beforeOutcome, afterOutcome, SLOWER_RATIO) || undefined;
    }
    comparisons.push({
      query,
      differences: compareOutcomes(beforeOutcome, afterOutcome, query.ordered),
      beforeMs: beforeOutcome.ms,
      afterMs: afterOutcome.ms,
      ...(!beforeOutcome.ok && !afterOutcome.ok ? { bothFailed: { before: beforeOutcome.error, after: afterOutcome.error } } : {}),
      ...(slower ? { slower } : {}),
    });
    options.progress?.(comparisons.length, queries.length);
  }
  return comparisons;
}
