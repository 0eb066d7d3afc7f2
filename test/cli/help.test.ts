/** The help is built from the commands' own descriptions: each command answers --help with its usage and every option it takes. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/runCli';

const OPTIONS: Record<string, string[]> = {
  lint: ['--pg-version', '--format', '--config', '--exclude', '--cache', '--cache-location'],
  drill: ['--database-url', '--database-url-env', '--allow-privileged-role', '--old-queries', '--new-queries', '--rows', '--seed', '--since'],
  check: ['--no-drill', '--since', '--rows', '--seed', '--ai', '--model'],
  mcp: ['--root', '--database-url-env', '--table-sizes-url-env', '--allow-privileged-role'],
};

test("fearless COMMAND --help (and fearless help COMMAND) prints that command's usage and all its options, exit 0", () => {
  for (const [command, options] of Object.entries(OPTIONS)) {
    const help = runCli([command, '--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`^Usage:\\n  fearless ${command}`));
    for (const option of options) assert.match(help.stdout, new RegExp(`^  ${option}\\b`, 'm'), `${command} --help lists ${option}`);
    assert.equal(runCli(['help', command]).stdout, help.stdout);
  }
  const global = runCli(['--help']);
  assert.equal(global.status, 0);
  for (const command of ['lint', 'locks', 'reverse', 'drill', 'review', 'check', 'shadow', 'plan', 'rules', 'lsp', 'mcp'])
    assert.match(global.stdout, new RegExp(`^  fearless ${command}\\b`, 'm'));
  assert.match(global.stdout, /fearless COMMAND --help/);
});

test('a command refuses the options of another, and an unknown command is a usage error', () => {
  const foreign = runCli(['locks', '--cache', 'x.sql']);
  assert.equal(foreign.status, 2);
  assert.match(foreign.stderr, /Unknown option --cache for "locks"/);
  const unknown = runCli(['lnit', '--help']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown command "lnit"/);
  assert.equal(runCli([]).status, 2, 'no command at all prints the help and exits 2');
});
