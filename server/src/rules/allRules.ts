/** Every rule, in the order their findings are listed. One file per rule. */

import { indexWithoutConcurrently } from './indexWithoutConcurrently';
import { lockTimeoutMissing } from './lockTimeoutMissing';
import type { Rule } from './rule';

export const ALL_RULES: readonly Rule[] = [indexWithoutConcurrently, lockTimeoutMissing];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
