/** `npm run new-rule <id>`: the rule's file, its test and its registry line, in a copy of the rules folder. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

function scaffold(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'newRule.mjs'), '--root', root, ...args], { encoding: 'utf8' });
}

test('new-rule writes the rule, its failing test and its registry line; an existing id or a bad one is refused', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-new-rule-'));
  fs.mkdirSync(path.join(root, 'server', 'src', 'rules'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'server', 'src', 'rules', 'registry.ts'), path.join(root, 'server', 'src', 'rules', 'registry.ts'));
  const made = scaffold(root, 'ban-foo-bar');
  assert.equal(made.status, 0, made.stderr);
  const rule = fs.readFileSync(path.join(root, 'server', 'src', 'rules', 'banFooBar.ts'), 'utf8');
  assert.match(rule, /export const banFooBar: Rule = \{\n {2}id: 'ban-foo-bar',/);
  assert.match(fs.readFileSync(path.join(root, 'test', 'unit', 'rules', 'banFooBar.test.ts'), 'utf8'), /await fires\(RULE, /);
  const registry = fs.readFileSync(path.join(root, 'server', 'src', 'rules', 'registry.ts'), 'utf8');
  assert.match(registry, /import \{ banFooBar \} from '\.\/banFooBar';/);
  assert.match(registry, / {2}banFooBar,\n {2}\/\/ Forward and reverse judged together\./);
  const again = scaffold(root, 'ban-foo-bar');
  assert.equal(again.status, 2);
  assert.match(again.stderr, /exists already/);
  assert.equal(scaffold(root, 'Not_Kebab').status, 2);
});
