// `npm run test:e2e`: the packaged extension in a real VS Code (code-server in
// Debian's chromium) and the language server in Neovim.
//
// 1. makes sure Node 24 and code-server are in the cache (realVscode.mjs);
// 2. builds the .vsix (`npm run package`), then the development bundles again;
// 3. compiles the tests and runs out/test/e2e/*.e2e.js with the paths in
//    FEARLESS_E2E_*; screenshots and logs land in test-artifacts/e2e/;
// 4. runs the standard @vscode/test-electron suite (scripts/vscode-suite),
//    which says why when VS Code cannot be downloaded.
//
// When this machine lacks a Debian part (chromium, a compiler for argon2), it
// says which and exits 0 having run nothing, unless FEARLESS_E2E_REQUIRED=1
// (set by .ci/run), where that is a failure.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, ensureRealVscode, missingSystemParts } from './realVscode.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (message) => console.log(`[e2e] ${message}`);
const required = process.env.FEARLESS_E2E_REQUIRED === '1';

function npm(...args) {
  const result = spawnSync('npm', args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const missing = missingSystemParts();
if (missing) {
  console.log(`[e2e] SKIPPED: the real-editor suite needs ${missing.join('; ')}`);
  process.exit(required ? 1 : 0);
}

const started = Date.now();
const editor = ensureRealVscode(log);
log(`code-server ready in ${editor.cache} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

npm('run', 'package');
const vsix = path.join(repoRoot, 'fearless-migrations.vsix');
log(`.vsix: ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MB`);
npm('run', 'build');
const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repoRoot, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

fs.rmSync(path.join(repoRoot, 'test-artifacts', 'e2e'), { recursive: true, force: true });
const suites = fs
  .readdirSync(path.join(repoRoot, 'out', 'test', 'e2e'))
  .filter((name) => name.endsWith('.e2e.js'))
  .map((name) => path.join('out', 'test', 'e2e', name));
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...suites], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, FEARLESS_E2E_NODE: editor.node, FEARLESS_E2E_CODE_SERVER: editor.entry, FEARLESS_E2E_VSIX: vsix, FEARLESS_E2E_CHROMIUM: CHROMIUM },
});
log(`screenshots and logs: ${path.join(repoRoot, 'test-artifacts', 'e2e')}`);
// The standard @vscode/test-electron suite too, where VS Code can be downloaded (it says why when it cannot).
const standard = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'vscode-suite', 'run.mjs')], { cwd: repoRoot, stdio: 'inherit' });
process.exit(result.status || standard.status || 0);
