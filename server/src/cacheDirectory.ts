/** Where fearless keeps what it can rebuild: PGlite data directories, applied histories, folded schemas. */

import * as os from 'node:os';
import * as path from 'node:path';

export function defaultCacheDirectory(): string {
  return process.env['FEARLESS_CACHE_DIR'] ?? path.join(process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'fearless');
}
