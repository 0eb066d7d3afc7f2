/** The rules about forward/reverse pairs, registered as a group (issue 4). */

import { dataLossInPair } from '../dataLossInPair';
import { reverseEmpty } from '../reverseEmpty';
import { reverseIncomplete } from '../reverseIncomplete';
import { reverseMissing } from '../reverseMissing';
import { reverseUnexpected } from '../reverseUnexpected';
import type { Rule } from '../rule';

export const PAIRING_RULES: readonly Rule[] = [reverseMissing, reverseEmpty, reverseIncomplete, reverseUnexpected, dataLossInPair];
