/**
 * One download of a pinned tarball: progress as it arrives, a time limit
 * that starts again with every chunk (a dead network ends in seconds, a
 * slow one still finishes), and the SHA-512 checked before anything is
 * unpacked.
 */

import { createHash } from 'node:crypto';

export interface DownloadOptions {
  expectedBytes: number;
  /** `sha512-<base64>`, as npm records it. */
  integrity: string;
  /** No byte for this long (connecting included): give up. */
  stallTimeoutMs: number;
  /** The whole download takes longer than this (a registry dripping a byte at a time): give up. */
  totalTimeoutMs?: number;
  /** Polled as data arrives: true stops the download (the drill was cancelled). */
  cancelled?(): boolean;
  progress?(receivedBytes: number, totalBytes: number): void;
}

/** The download could not be made or is not the pinned file: the message says which, in one line. */
export class DownloadFailed extends Error {
  override name = 'DownloadFailed';
}

function networkReason(error: unknown, url: URL): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot reach ${url.host} (${detail})`;
}

export async function downloadTarball(address: string, options: DownloadOptions): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    // Not echoed: a registry address may hold a token.
    throw new DownloadFailed('the npm registry address (npm_config_registry) is not a URL');
  }
  const controller = new AbortController();
  let ended: 'stalled' | 'too slow' | undefined;
  let timer: NodeJS.Timeout | undefined;
  const restartTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      ended = 'stalled';
      controller.abort();
    }, options.stallTimeoutMs);
  };
  const totalMs = options.totalTimeoutMs ?? 600_000;
  const deadline = setTimeout(() => {
    ended = 'too slow';
    controller.abort();
  }, totalMs);
  restartTimer();
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok || !response.body) throw new DownloadFailed(`${url.host} answered ${response.status} ${response.statusText} for ${url.pathname}`);
    const total = Number(response.headers.get('content-length')) || options.expectedBytes;
    const chunks: Buffer[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (options.cancelled?.()) throw new DownloadFailed('the download was cancelled');
      restartTimer();
      received += value.byteLength;
      // A registry serving far more than the pinned size is not serving the pinned file.
      if (received > options.expectedBytes * 2) throw new DownloadFailed(`${url.host} sent more than twice the expected ${options.expectedBytes} bytes`);
      chunks.push(Buffer.from(value));
      options.progress?.(received, total);
    }
    const body = Buffer.concat(chunks);
    const digest = `sha512-${createHash('sha512').update(body).digest('base64')}`;
    if (digest !== options.integrity) throw new DownloadFailed(`the file from ${url.host} does not match the pinned SHA-512: not used`);
    return body;
  } catch (error) {
    if (error instanceof DownloadFailed) throw error;
    if (ended === 'stalled') throw new DownloadFailed(`no data from ${url.host} for ${Math.round(options.stallTimeoutMs / 1000)} s`);
    if (ended === 'too slow') throw new DownloadFailed(`the download from ${url.host} took more than ${Math.round(totalMs / 1000)} s`);
    throw new DownloadFailed(networkReason(error, url));
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
  }
}
