/**
 * `fearless/review`: the reviewer's checklist for the migration behind a
 * document (its pair drilled on PGlite first), as the CLI's `review` gives
 * it, with the Markdown to show beside the migration. Cancellable.
 */

import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { reviewMigrations } from '../../workflows/reviewMigrations';
import { plainFailure, startDatabaseRequest, type DatabaseRequestDependencies } from './databaseRequests';
import { drillTarget } from '../../drill/drillTargets';
import { reviewsMarkdown } from '../../review/reviewReport';
import { onDocumentRequest } from '../documentRequest';
import { REVIEW_REQUEST, type ReviewRequestResult } from '../../protocol/review';

export function registerReviewRequest(connection: Connection, dependencies: DatabaseRequestDependencies): void {
  onDocumentRequest(connection, REVIEW_REQUEST, async (params: { textDocument: { uri: string } }, token: CancellationToken): Promise<ReviewRequestResult> => {
    const { file, config, server } = startDatabaseRequest(connection, dependencies, params.textDocument.uri, 'review', 'review it');
    const reviews = await reviewMigrations([file], config, {
      drillTarget: drillTarget(server),
      fromDirectory: () => false,
      cancelled: () => token.isCancellationRequested,
    }).catch(plainFailure);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Fearless: the review was cancelled.');
    if (reviews.length === 0) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${path.basename(file)} has no forward migration to review.`);
    return { reviews, markdown: reviewsMarkdown(reviews, path.dirname(path.dirname(file))) };
  });
}
