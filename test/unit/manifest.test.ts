/**
 * The extension manifest against the client's code: every command the
 * client registers is contributed (and the other way round), menus name
 * real commands, and every `fearless.*` setting the client reads exists.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL } from '../../server/src/ai/claudeReverseDraft';
import { REPO_ROOT } from '../helpers/paths';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { title: string; properties: Record<string, { default?: unknown }> }[];
    menus: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** The command ids the server may offer (protocol/editorCommands.ts), by constant name. */
const EDITOR_COMMANDS = new Map(
  [...fs.readFileSync(path.join(REPO_ROOT, 'server', 'src', 'protocol', 'editorCommands.ts'), 'utf8').matchAll(/export const (\w+) = '([^']+)'/g)].map(
    (match) => [match[1]!, match[2]!],
  ),
);

/** The client's sources, with the protocol's command constants written out as the ids they stand for. */
function clientSources(): string {
  const directory = path.join(REPO_ROOT, 'client', 'src');
  const files = fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  const text = files.map((name) => fs.readFileSync(path.join(directory, name), 'utf8')).join('\n');
  // Formatting may break a call over lines: `registerCommand(\n  'id',` reads as `registerCommand('id',`.
  return text
    .replace(/registerCommand\(\s+/g, 'registerCommand(')
    .replace(/registerCommand\((\w+),/g, (whole, name: string) => (EDITOR_COMMANDS.has(name) ? `registerCommand('${EDITOR_COMMANDS.get(name)}',` : whole));
}

/** The text of the registration of `command`, up to the next registration. */
function registrationOf(sources: string, command: string): string {
  const start = sources.indexOf(`registerCommand('${command}',`);
  if (start === -1) return '';
  const next = sources.indexOf('registerCommand(', start + 1);
  return sources.slice(start, next === -1 ? undefined : next);
}

test('registered commands and contributed commands are the same set', () => {
  const registered = [...clientSources().matchAll(/registerCommand\('([^']+)'/g)].map((match) => match[1]!).sort();
  const contributed = manifest.contributes.commands.map((entry) => entry.command).sort();
  assert.ok(registered.length >= 9, registered.join(', '));
  assert.deepEqual(registered, contributed);
});

test('menus only name contributed commands', () => {
  const contributed = new Set(manifest.contributes.commands.map((entry) => entry.command));
  for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
    for (const entry of entries) assert.ok(contributed.has(entry.command), `${menu} names ${entry.command}`);
  }
});

test('every setting the client reads is contributed, and the model default is the code default', () => {
  const directory = path.join(REPO_ROOT, 'client', 'src');
  const properties = Object.fromEntries(manifest.contributes.configuration.flatMap((section) => Object.entries(section.properties)));
  const read: string[] = [];
  for (const name of fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(directory, name), 'utf8');
    // A file reads either the fearless section or its ai subsection through `settings`.
    const section = /getConfiguration\('fearless\.ai'\)/.test(source) ? 'fearless.ai' : 'fearless';
    for (const match of source.matchAll(/(?:settings|getConfiguration\(SECTION\))\.get<[^(]*>\('([^']+)'/g)) read.push(`${section}.${match[1]}`);
    // A subsection read in one go: getConfiguration('fearless.shadow').get<...>('rowsPerTable').
    for (const match of source.matchAll(/getConfiguration\('(fearless\.\w+)'\)\.get<[^(]*>\('([^']+)'/g)) read.push(`${match[1]}.${match[2]}`);
  }
  assert.ok(read.length >= 8, read.join(', '));
  assert.ok(read.includes('fearless.shadow.rowsPerTable'), read.join(', '));
  for (const name of read) assert.ok(properties[name], `${name} is read but not contributed`);
  assert.equal(properties['fearless.ai.model']!.default, DEFAULT_MODEL);
});

test('Restricted Mode: commands that run migrations or call Claude are disabled, and their menus hidden, in untrusted workspaces', () => {
  const full = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest & {
    capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] }; virtualWorkspaces: { supported: boolean } };
    contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
  };
  const gated = [
    'fearless.runDrill',
    'fearless.reviewMigration',
    'fearless.reviewMigrationWithClaude',
    'fearless.generateReverseWithClaude',
    'fearless.shadowTest',
    'fearless.planPhasesWithClaude',
  ];
  for (const command of full.contributes.commands) {
    assert.equal(command.enablement === 'isWorkspaceTrusted', gated.includes(command.command), `${command.command}: enablement ${command.enablement}`);
  }
  for (const entries of Object.values(full.contributes.menus)) {
    for (const entry of entries) if (gated.includes(entry.command)) assert.match(entry.when ?? '', /isWorkspaceTrusted/, `${entry.command} in a menu`);
  }
  assert.equal(full.capabilities.untrustedWorkspaces.supported, 'limited');
  // A workspace could otherwise send the user's API key to a server of its choosing.
  assert.ok(full.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('fearless.ai.baseUrl'));
  assert.equal(full.capabilities.virtualWorkspaces.supported, false);
  // The handlers check too, for commands run from elsewhere (a code lens, another extension).
  const extension = clientSources();
  for (const command of gated) assert.match(registrationOf(extension, command), /requireTrust\(/, command);
});

test('settings come in groups, in the order a user needs them: linting, drills, Claude, troubleshooting', () => {
  assert.deepEqual(
    manifest.contributes.configuration.map((section) => section.title),
    [
      'Fearless Migrations: Linting',
      'Fearless Migrations: Drills and shadow tests',
      'Fearless Migrations: Claude (AI drafts and summaries)',
      'Fearless Migrations: Troubleshooting',
    ],
  );
});
