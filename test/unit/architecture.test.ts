/**
 * The layers of server/src (docs/dev/architecture.md draws them): each
 * folder imports only from folders below it, so the import graph between
 * folders has no cycle and no arrow pointing up. A new folder must be given
 * a layer here before anything may import it.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

/** Bottom to top. Folders on one line are peers: they may not import each other unless ALSO_ALLOWED says so. */
const LAYERS: readonly (readonly string[])[] = [
  ['(root)', 'files'],
  ['sql'],
  ['schema'],
  ['locks'],
  ['migrations'],
  ['reverse'],
  ['config'],
  ['rules'],
  ['drill'],
  ['plan', 'shadow', 'review'],
  ['ai'],
  ['workflows'],
  ['protocol'],
  ['lsp', 'mcp', 'cli'],
];

/** Arrows between peers, each with why. */
const ALSO_ALLOWED: Record<string, string> = {
  'cli -> lsp': '`fearless lsp --stdio` starts the language server',
  'cli -> mcp': '`fearless mcp` starts the MCP server',
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'|\brequire\('(\.{1,2}\/[^']+)'\)|\bimport\('(\.{1,2}\/[^']+)'\)/g;

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const folderOf = (root: string, file: string): string => {
  const relative = path.relative(root, file);
  return relative.includes(path.sep) ? relative.split(path.sep)[0]! : '(root)';
};

/** Every arrow between two folders of server/src, with one file:line that draws it. */
function folderArrows(): Map<string, string> {
  const root = path.join(REPO_ROOT, 'server', 'src');
  const arrows = new Map<string, string>();
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(root)) continue;
      const from = folderOf(root, file);
      const to = folderOf(root, target);
      if (from === to) continue;
      const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
      const key = `${from} -> ${to}`;
      if (!arrows.has(key)) arrows.set(key, `${path.relative(root, file)}:${line}`);
    }
  }
  return arrows;
}

const rankOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));

test('every folder of server/src has a layer', () => {
  const root = path.join(REPO_ROOT, 'server', 'src');
  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  assert.ok(folders.length > 10, 'the server sources are where they are expected');
  assert.deepEqual(
    folders.filter((folder) => rankOf(folder) === -1),
    [],
    'give the new folder a layer in test/unit/architecture.test.ts and docs/dev/architecture.md',
  );
});

test('imports between folders point down the layers only', () => {
  const upward: string[] = [];
  for (const [arrow, where] of folderArrows()) {
    const [from, to] = arrow.split(' -> ') as [string, string];
    if (ALSO_ALLOWED[arrow] !== undefined) continue;
    if (rankOf(to) >= rankOf(from)) upward.push(`${arrow} (${where})`);
  }
  assert.deepEqual(upward, [], 'a lower (or peer) folder imports a higher one: move the shared piece down, or the importer up');
});

test('the VS Code client reaches the server only through its shared, editor-free modules', () => {
  const clientRoot = path.join(REPO_ROOT, 'client', 'src');
  const serverRoot = path.join(REPO_ROOT, 'server', 'src');
  // What the client may use from the server: the protocol (requests, settings), and code that runs in the editor's
  // own process (Claude with the key from SecretStorage, the report text it shows, redaction of secrets, plurals).
  const allowed = (folder: string, file: string): boolean =>
    folder === 'protocol' || file === 'secrets.ts' || file === 'wording.ts' || file === 'ai/editorAi.ts' || file === 'review/reviewReport.ts';
  const offenders: string[] = [];
  for (const file of sourceFiles(clientRoot)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1] ?? match[2] ?? match[3]!);
      if (!target.startsWith(serverRoot)) continue;
      const relative = `${path.relative(serverRoot, target)}.ts`;
      if (!allowed(folderOf(serverRoot, target), relative)) offenders.push(`${path.relative(clientRoot, file)} -> server/src/${relative}`);
    }
  }
  assert.deepEqual(offenders, []);
});

/** Where a function starts: `function f(`, a method `f(...) {`, or `const f = (...) => {` / `f: (...) => {`. */
const FUNCTION_START =
  /^\s*(?:export\s+)?(?:async\s+)?function\s+\w+|^\s*(?:export\s+)?const\s+\w+\s*=\s*(?:async\s*)?\(.*=>\s*\{\s*$|^\s*(?:(?:private|public|static|async|get)\s+)*\w+\s*\([^)]*\)\s*(?::\s*[^{]+)?\{\s*$|^\s*\w+\s*:\s*(?:async\s*)?\(.*=>\s*\{\s*$/;
const CONTROL = /^\s*(?:if|for|while|switch|catch|return|else)\b/;

/** Lines of each function, by counting braces outside strings and line comments (good enough for this code base). */
function longFunctions(file: string, limit: number): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const code = (line: string): string => line.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, '""').split('//')[0]!;
  const found: string[] = [];
  lines.forEach((line, start) => {
    if (!FUNCTION_START.test(line) || CONTROL.test(line)) return;
    let depth = 0;
    let opened = false;
    for (let at = start; at < lines.length; at++) {
      const text = code(lines[at]!);
      depth += (text.match(/\{/g) ?? []).length - (text.match(/\}/g) ?? []).length;
      opened ||= text.includes('{');
      if (opened && depth <= 0) {
        if (at - start + 1 > limit) found.push(`${path.relative(REPO_ROOT, file)}:${start + 1} (${at - start + 1} lines)`);
        return;
      }
    }
  });
  return found;
}

test('no function over 80 lines outside the SQL lexer', () => {
  const lexer = path.join('server', 'src', 'sql', 'splitStatements.ts');
  const files = [path.join(REPO_ROOT, 'server', 'src'), path.join(REPO_ROOT, 'client', 'src')].flatMap(sourceFiles).filter((file) => !file.endsWith(lexer));
  assert.deepEqual(
    files.flatMap((file) => longFunctions(file, 80)),
    [],
    'split the function: a name for each part says more than a comment',
  );
});
