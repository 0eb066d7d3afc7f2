/**
 * What ships: the .vsix (as `vsce ls` lists it, with the same options as
 * `npm run package`) and the npm package that carries the CLI (`npm pack
 * --dry-run`). Both must hold what runs and nothing of the sources, tests
 * or development dependencies.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const RUNTIME = ['package.json', 'dist/client.js', 'dist/server.js', 'dist/claude.js', 'dist/pg_query.wasm', 'dist/pg_query_wasm.mjs'];

test('the .vsix holds the bundles, the parser wasm, PGlite with its assets, the grammar and the icon, and no sources or tests', () => {
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const files = run(process.execPath, [vsce, 'ls', '--readme-path', 'docs/marketplace.md']).split('\n').filter(Boolean);
  for (const needed of [
    ...RUNTIME,
    'images/icon.png',
    'syntaxes/migration-directives.tmLanguage.json',
    'CHANGELOG.md',
    'LICENSE',
    'node_modules/@electric-sql/pglite/package.json',
    'node_modules/@electric-sql/pglite/dist/index.cjs',
    'node_modules/@electric-sql/pglite/dist/pglite.wasm',
    'node_modules/@electric-sql/pglite/dist/pglite.data',
    'node_modules/@electric-sql/pglite/dist/initdb.wasm',
    'node_modules/@electric-sql/pglite/dist/contrib/pgcrypto.cjs',
    'node_modules/@electric-sql/pglite/dist/pgcrypto.tar.gz',
    // The rule pages diagnostics and hovers link to, offline.
    'docs/rules/index.md',
    'docs/rules/index-without-concurrently.md',
    'docs/rules/syntax-error.md',
  ]) {
    assert.ok(files.includes(needed), `${needed} is missing from the .vsix`);
  }
  const unwanted = files.filter(
    (file) =>
      /\.(ts|map)$/.test(file) ||
      /^(test|server|client|scripts|bench|examples|out)\//.test(file) ||
      (file.startsWith('node_modules/') && !file.startsWith('node_modules/@electric-sql/pglite/')) ||
      /^dist\/(cli|lspCommand|mcpCommand|aiCommand|reportCommands)\.js$/.test(file),
  );
  assert.deepEqual(unwanted, []);
});

test('the npm package carries the CLI: its bin, the CLI bundles and the parser, and no sources or tests', () => {
  const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'])) as [{ files: { path: string }[] }];
  const files = packed.files.map((file) => file.path);
  for (const needed of [
    'bin/fearless.js',
    'dist/cli.js',
    'dist/lspCommand.js',
    'dist/mcpCommand.js',
    'dist/aiCommand.js',
    'dist/reportCommands.js',
    ...RUNTIME,
    'README.md',
  ]) {
    assert.ok(files.includes(needed), `${needed} is missing from the npm package`);
  }
  assert.deepEqual(
    files.filter((file) => /\.(ts|map)$/.test(file) || /^(test|server|client|scripts|bench|out)\//.test(file)),
    [],
  );
});

test('the Claude SDK is only in the bundles that call Claude, so lint and locks start without it', () => {
  const bundle = (name: string): string => fs.readFileSync(path.join(REPO_ROOT, 'dist', name), 'utf8');
  assert.match(bundle('aiCommand.js'), /api\.anthropic\.com/, 'the Claude half carries the SDK');
  for (const name of ['cli.js', 'lspCommand.js', 'mcpCommand.js', 'reportCommands.js'])
    assert.doesNotMatch(bundle(name), /api\.anthropic\.com/, `${name} carries the Claude SDK`);
});
