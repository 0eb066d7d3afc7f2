/**
 * The server's own requests (`fearless/drill`, `fearless/plan`...) all act
 * on one document: params that are not `{textDocument: {uri}}` are the
 * client's mistake, answered as JSON-RPC InvalidParams with what was
 * expected, never as an internal error quoting a TypeError.
 */

import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

export interface DocumentParams {
  textDocument: { uri: string };
}

export function onDocumentRequest<Params extends DocumentParams, Result>(
  connection: Connection,
  method: string,
  handler: (params: Params, token: CancellationToken) => Promise<Result>,
): void {
  connection.onRequest(method, (params: unknown, token: CancellationToken): Promise<unknown> => {
    const uri = (params as { textDocument?: { uri?: unknown } } | null | undefined)?.textDocument?.uri;
    if (typeof params !== 'object' || params === null || Array.isArray(params) || typeof uri !== 'string' || uri === '') {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `${method} takes {"textDocument": {"uri": "file:///..."}}, not ${JSON.stringify(params) ?? 'nothing'}.`,
      );
    }
    return handler(params as Params, token);
  });
}
