/**
 * A file as decoded text chunks, read a piece at a time, so a multi-gigabyte
 * server log never sits in memory whole. Invalid UTF-8 is replaced (U+FFFD)
 * and said, as for migrations.
 */

import * as fs from 'node:fs';
import { projectFiles } from '../../files/projectFiles';

export interface FileChunks {
  chunks: Iterable<string>;
  /** Known once the chunks have been read: the file held bytes that are not UTF-8. */
  readonly invalidUtf8: boolean;
}

export function fileChunks(file: string, chunkBytes = 1024 * 1024): FileChunks {
  let invalid = false;
  function* read(): Generator<string> {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const lenient = new TextDecoder('utf-8', { fatal: false });
    const buffer = Buffer.alloc(chunkBytes);
    const descriptor = projectFiles.open(file);
    try {
      for (;;) {
        const length = fs.readSync(descriptor, buffer, 0, chunkBytes, null);
        const bytes = buffer.subarray(0, length);
        if (!invalid) {
          try {
            // The strict decoder only checks; the lenient one keeps the state that carries a character split across chunks.
            strict.decode(bytes, { stream: length > 0 });
          } catch {
            invalid = true;
          }
        }
        const text = lenient.decode(bytes, { stream: length > 0 });
        if (text) yield text;
        if (length === 0) return;
      }
    } finally {
      fs.closeSync(descriptor);
    }
  }
  return {
    chunks: { [Symbol.iterator]: read },
    get invalidUtf8() {
      return invalid;
    },
  };
}

/** Lines of a sequence of chunks (without their line ends; a final line without one is kept). */
export function* linesOf(chunks: Iterable<string>): Generator<string> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      yield pending.slice(start, end > start && pending[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending !== '') yield pending;
}
