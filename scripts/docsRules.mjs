// `npm run docs:rules` (after `npm run build`): docs/rules/<id>.md for every finding fearless reports, written from the
// rule's own documentation by the built CLI (`fearless rules ID`), and docs/rules/index.md listing them. Pages of rules
// that no longer exist are removed. It also writes the rule ids into the `fearless.rules` setting's schema in
// package.json (completion and checking in settings.json). test/unit/rulePages.test.ts fails when either is stale.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const folder = path.join(repoRoot, 'docs', 'rules');
const fearless = (...args) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

const { rules } = JSON.parse(fearless('rules', '--format', 'json'));
fs.mkdirSync(folder, { recursive: true });
const wanted = new Set(['index.md']);
for (const rule of rules) {
  wanted.add(`${rule.id}.md`);
  fs.writeFileSync(path.join(folder, `${rule.id}.md`), fearless('rules', rule.id));
}
const index = [
  '# Rules',
  '',
  "One page per finding, generated from the rule's own documentation by `npm run docs:rules` (the overview, with counterparts in other linters and the corpus figures, is [../rules.md](../rules.md)).",
  '',
  '| rule | default | what it finds |',
  '| --- | --- | --- |',
  ...rules.map((rule) => `| [\`${rule.id}\`](${rule.id}.md) | ${rule.defaultSeverity} | ${rule.title} |`),
  '',
].join('\n');
fs.writeFileSync(path.join(folder, 'index.md'), index);
for (const name of fs.readdirSync(folder)) if (!wanted.has(name)) fs.rmSync(path.join(folder, name));

const manifestPath = path.join(repoRoot, 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const lint = manifest.contributes.configuration.find((section) => section.properties['fearless.rules']);
lint.properties['fearless.rules'].properties = rulesSettingSchema(rules);
fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`docs/rules: ${rules.length} pages and index.md`);

/** One property per rule id: the severities, and the rule's title as its description. */
export function rulesSettingSchema(rules) {
  return Object.fromEntries(
    rules.map((rule) => [
      rule.id,
      { type: 'string', enum: ['error', 'warning', 'info', 'hint', 'off'], markdownDescription: `${rule.title} (default: ${rule.defaultSeverity}).` },
    ]),
  );
}
