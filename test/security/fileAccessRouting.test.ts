/**
 * `fearless mcp` confines reads through one module (files/projectFiles):
 * a module that read the project with `fs` directly would escape the
 * confinement unseen. This keeps every direct read in the few modules
 * that read something other than the user's project, each with why.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

/** Modules that may read with `fs` directly, and what they read. */
const DIRECT_READERS: Record<string, string> = {
  'files/projectFiles.ts': 'the confined access itself',
  'mcp/workspaceRoot.ts': 'resolves the agent-given paths against the root before anything is read',
  'sql/pgQueryRuntime.ts': "the parser's bundled wasm",
  'drill/pgliteDatabase.ts': "PGlite's bundled assets and its cache of data directories",
  'drill/postgresBuilds/install.ts': 'the PostgreSQL builds it unpacks into the user cache folder',
  'drill/postgresBuilds/localServer.ts': "its own throwaway cluster folders in the temporary folder (a dead drill's are swept)",
  'migrations/foldedSchemaCache.ts': 'its own cache in the user cache folder',
  'workflows/lintCache.ts': 'its own cache file (project files it hashes go through projectFiles)',
  'lsp/ruleDocLinks.ts': 'the rule pages it writes to the cache folder',
  'plan/planFiles.ts': 'checks the paths it is about to write (never run by fearless mcp, which writes nothing)',
};

const DIRECT_READ =
  /\bfs\.(readFileSync|readdirSync|existsSync|statSync|lstatSync|realpathSync|openSync|cpSync|opendirSync|createReadStream|readFile|readdir|stat|promises)\b/;

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('every read of a project file goes through files/projectFiles', () => {
  const serverSource = path.join(REPO_ROOT, 'server', 'src');
  const offenders: string[] = [];
  const files = sourceFiles(serverSource);
  assert.ok(files.length > 100, 'the server sources are where they are expected');
  for (const file of files) {
    const relative = path.relative(serverSource, file).split(path.sep).join('/');
    if (relative in DIRECT_READERS) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (DIRECT_READ.test(line)) offenders.push(`${relative}:${index + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, [], 'read project files with projectFiles (files/projectFiles.ts), or list the module here with why');
  for (const allowed of Object.keys(DIRECT_READERS)) assert.ok(fs.existsSync(path.join(serverSource, allowed)), `${allowed} is listed but gone`);
});
