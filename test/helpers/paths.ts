/** Where things are, for tests compiled to out/test/... and run from anywhere. */

import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** The bundled CLI, as users run it (`npm run build` makes it). */
export const CLI_PATH = path.join(REPO_ROOT, 'bin', 'fearless.js');
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');
