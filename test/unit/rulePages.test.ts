/** docs/rules/ holds one page per finding, written from the rule's own docs: a page out of date fails here (`npm run docs:rules` writes them). */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleSummaries } from '../../server/src/rules/registry';
import { ruleMarkdownById } from '../../server/src/rules/ruleDocsText';
import { REPO_ROOT } from '../helpers/paths';

const folder = path.join(REPO_ROOT, 'docs', 'rules');

test('every rule has its page in docs/rules/, as the rule documents itself, and no page is left for a rule that is gone', () => {
  const summaries = ruleSummaries();
  const stale: string[] = [];
  for (const { id } of summaries) {
    const page = path.join(folder, `${id}.md`);
    if (!fs.existsSync(page) || fs.readFileSync(page, 'utf8') !== ruleMarkdownById(id)) stale.push(id);
  }
  assert.deepEqual(stale, [], 'run npm run docs:rules');
  const pages = fs.readdirSync(folder).filter((name) => name !== 'index.md');
  assert.deepEqual(
    pages.filter((name) => !summaries.some((summary) => `${summary.id}.md` === name)),
    [],
    'pages of rules that no longer exist: run npm run docs:rules',
  );
  const index = fs.readFileSync(path.join(folder, 'index.md'), 'utf8');
  for (const { id } of summaries) assert.ok(index.includes(`](${id}.md)`), `docs/rules/index.md links ${id}`);
});

test('the fearless.rules setting completes every rule id with its severities (package.json, written by npm run docs:rules)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { properties?: Record<string, { enum?: string[]; markdownDescription?: string }> }> }[] };
  };
  const setting = manifest.contributes.configuration.flatMap((section) => Object.entries(section.properties)).find(([key]) => key === 'fearless.rules')?.[1];
  const summaries = ruleSummaries();
  assert.deepEqual(Object.keys(setting?.properties ?? {}).sort(), summaries.map((summary) => summary.id).sort(), 'run npm run docs:rules');
  for (const summary of summaries) {
    const entry = setting!.properties![summary.id]!;
    assert.deepEqual(entry.enum, ['error', 'warning', 'info', 'hint', 'off']);
    assert.equal(entry.markdownDescription, `${summary.title} (default: ${summary.defaultSeverity}).`, 'run npm run docs:rules');
  }
});
