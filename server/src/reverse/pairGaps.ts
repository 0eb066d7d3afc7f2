/**
 * The forward/reverse comparison of one pair, computed once and shared by
 * the rules that read it (reverse-incomplete, reverse-unexpected,
 * data-loss-in-pair each used to compare the same pair again).
 */

import type { Effect } from '../schema/effects';
import { checkReverse, type ReverseGap } from './completeness';

const computed = new WeakMap<readonly Effect[], WeakMap<readonly Effect[], ReverseGap[]>>();

export function pairGaps(forward: readonly Effect[], reverse: readonly Effect[]): ReverseGap[] {
  let byReverse = computed.get(forward);
  if (!byReverse) {
    byReverse = new WeakMap();
    computed.set(forward, byReverse);
  }
  let gaps = byReverse.get(reverse);
  if (!gaps) {
    gaps = checkReverse(forward, reverse);
    byReverse.set(reverse, gaps);
  }
  return gaps;
}
