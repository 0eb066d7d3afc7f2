/**
 * The complete rule set: the statement rules (allRules.ts, one file per
 * rule) and the rules about forward/reverse pairs (pairing/pairingRules.ts).
 */

import { ALL_RULES as STATEMENT_RULES } from './allRules';
import { PAIRING_RULES } from './pairing/pairingRules';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [...STATEMENT_RULES, ...PAIRING_RULES];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
