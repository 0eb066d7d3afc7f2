/** `fearless/review`: the reviewer's checklist of a migration, its drill included. */

import type { MigrationReview } from '../review/checklist';

export const REVIEW_REQUEST = 'fearless/review';

export interface ReviewRequestResult {
  reviews: MigrationReview[];
  markdown: string;
}
