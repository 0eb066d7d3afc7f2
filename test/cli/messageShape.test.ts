/**
 * A diagnostic's message is one short sentence that the Problems panel shows
 * whole: what, the lock, the table. Checked on every finding fearless gives
 * on SQL nobody here wrote (the shared corpus and the labelled benchmark) and
 * on the bundled examples: with each quoted name counted as one character,
 * at most 90 characters and no second sentence. The safe way is the
 * finding's `advice`, the why the rule's page.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { LintDiagnosticJson } from '../../server/src/workflows/lintReport';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/paths';
import { messageProblem } from '../helpers/messageShape';
import { runCli, workspace } from '../helpers/runCli';

test('every message is one short sentence, on the corpus, the labelled benchmark and the examples', () => {
  const folders = [CORPUS_DIR, path.join(REPO_ROOT, 'bench', 'corpus', 'migrationpilot'), path.join(REPO_ROOT, 'examples', 'migrations')];
  const result = runCli(['lint', '--format', 'json', ...folders], { cwd: REPO_ROOT });
  const files = (JSON.parse(result.stdout) as { files: { path: string; diagnostics: LintDiagnosticJson[] }[] }).files;
  const diagnostics = files.flatMap((file) => file.diagnostics.map((diagnostic) => ({ ...diagnostic, path: file.path })));
  assert.ok(diagnostics.length > 4000, `${diagnostics.length} findings: the corpus is there`);
  const byRule = new Map<string, { count: number; example: string; problem: string }>();
  for (const diagnostic of diagnostics) {
    const problem = messageProblem(diagnostic.message);
    if (!problem) continue;
    const seen = byRule.get(diagnostic.rule);
    if (seen) seen.count++;
    else byRule.set(diagnostic.rule, { count: 1, example: diagnostic.message, problem });
  }
  const report = [...byRule].map(([rule, { count, example, problem }]) => `${rule}: ${count} messages, e.g. ${problem}: ${example}`);
  assert.deepEqual(report, []);
});

test('findings outside the rules are one short sentence too: bad bytes, unterminated text, newer syntax, unknown ignores', () => {
  const root = workspace({
    'migrations/0001_odd.sql':
      "-- fearless-ignore no-such-rule\nSELECT 1;\nCREATE UNIQUE INDEX u ON t (a) NULLS NOT DISTINCT;\nSELECT 'x\u0000y';\nSELECT $tag$ never closed\n",
    'fearless.config.json': '{"pgVersion": 13}',
  });
  fs.appendFileSync(path.join(root, 'migrations', '0001_odd.sql'), Buffer.from([0xff, 0xfe, 0x0a]));
  const result = runCli(['lint', '--format', 'json', path.join(root, 'migrations')], { cwd: root });
  const diagnostics = (JSON.parse(result.stdout) as { files: { diagnostics: LintDiagnosticJson[] }[] }).files.flatMap((file) => file.diagnostics);
  const rules = new Set(diagnostics.map((diagnostic) => diagnostic.rule));
  for (const expected of ['unknown-rule-in-ignore', 'syntax-newer-than-target', 'nul-byte', 'unterminated', 'invalid-utf8'])
    assert.ok(rules.has(expected), `${expected} in ${[...rules].join(', ')}`);
  assert.deepEqual(
    diagnostics.flatMap((diagnostic) => (messageProblem(diagnostic.message) ? [`${diagnostic.rule}: ${diagnostic.message}`] : [])),
    [],
  );
});
