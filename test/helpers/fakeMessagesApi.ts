/**
 * A fake Anthropic Messages API on 127.0.0.1 that speaks the real streaming
 * protocol (server-sent events: message_start, content_block_start,
 * content_block_delta, content_block_stop, message_delta, message_stop), so
 * the AI path is tested through the real SDK without network or key.
 */

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  | { kind: 'text'; text: string; chunk?: number; delayMs?: number }
  | { kind: 'status'; status: number; type: string; message: string }
  | { kind: 'cut'; text: string };

export interface FakeMessagesApi {
  baseURL: string;
  /** Request bodies and API keys received, in order. */
  requests: { body: Record<string, unknown>; apiKey: string | undefined }[];
  close(): Promise<void>;
}

function event(response: http.ServerResponse, name: string, data: unknown): void {
  response.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Serves `replies` one per request, in order; the last one repeats. */
export async function startFakeMessagesApi(replies: FakeReply[]): Promise<FakeMessagesApi> {
  const requests: FakeMessagesApi['requests'] = [];
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const bearer = /^Bearer (.+)$/.exec(String(request.headers['authorization'] ?? ''))?.[1];
      requests.push({ body: JSON.parse(raw || '{}') as Record<string, unknown>, apiKey: (request.headers['x-api-key'] as string | undefined) ?? bearer });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
      if (reply.kind === 'status') {
        // A short retry-after keeps the SDK's backoff quick in tests.
        response.writeHead(reply.status, { 'content-type': 'application/json', 'retry-after-ms': '20' });
        response.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      event(response, 'message_start', {
        type: 'message_start',
        message: {
          id: 'msg_fake',
          type: 'message',
          role: 'assistant',
          model: String(requests.at(-1)!.body['model']),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 1 },
        },
      });
      event(response, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      const size = reply.kind === 'text' ? (reply.chunk ?? 40) : 40;
      const pieces = reply.text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      if (reply.kind === 'cut') {
        for (const piece of pieces.slice(0, Math.ceil(pieces.length / 2)))
          event(response, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
        // The connection drops halfway through the answer.
        response.socket?.destroy();
        return;
      }
      let index = 0;
      const next = (): void => {
        if (index < pieces.length) {
          event(response, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: pieces[index++]! } });
          if (reply.delayMs) setTimeout(next, reply.delayMs);
          else next();
          return;
        }
        event(response, 'content_block_stop', { type: 'content_block_stop', index: 0 });
        event(response, 'message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 42 } });
        event(response, 'message_stop', { type: 'message_stop' });
        response.end();
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `body` against a fake serving `replies`, closing it afterwards whatever happens. */
export async function withFakeMessagesApi(replies: FakeReply[], body: (fake: FakeMessagesApi) => Promise<void>): Promise<void> {
  const fake = await startFakeMessagesApi(replies);
  try {
    await body(fake);
  } finally {
    await fake.close();
  }
}
