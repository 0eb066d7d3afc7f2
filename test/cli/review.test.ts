/**
 * `fearless review` and `fearless check` over the bundled examples and
 * small projects: the checklist's answers, the formats (Markdown, JSON,
 * SARIF, GitHub annotations) and the exit codes of the CI gate. The drill
 * runs on PGlite.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { runCli, workspace } from '../helpers/runCli';

const CACHE = { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') };

interface ReviewJson {
  reviews: { forward: string; reverse: string | null; items: { id: string; title: string; status: string; evidence: string[] }[] }[];
  summary: { migrations: number; ready: number; notReady: number };
}

function item(report: ReviewJson, forwardEnd: string, id: string): { status: string; evidence: string[] } {
  const review = report.reviews.find((candidate) => candidate.forward.endsWith(forwardEnd));
  assert.ok(review, `no review of ${forwardEnd}`);
  const found = review.items.find((candidate) => candidate.id === id);
  assert.ok(found, `no item ${id}`);
  return found;
}

test('review of the bundled examples: every pair drilled, the risky one not ready, the online scan not flagged', () => {
  const result = runCli(['review', '--format', 'json', 'examples/migrations'], { cwd: REPO_ROOT, env: CACHE });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as ReviewJson;
  assert.deepEqual(report.summary, { migrations: 5, ready: 4, notReady: 1 });
  for (const review of report.reviews) assert.equal(review.items.find((entry) => entry.id === 'drill-passed')!.status, 'pass', review.forward);
  const lint = item(report, '0002_add_tenant_id.up.sql', 'lint-clean');
  assert.equal(lint.status, 'fail');
  assert.ok(lint.evidence.some((line) => /^line 4: error index-without-concurrently: /.test(line)));
  assert.equal(item(report, '0002_add_tenant_id.up.sql', 'deploy-separately').status, 'warn');
  assert.deepEqual(item(report, '0002_add_tenant_id.up.sql', 'schema-changes').evidence, [
    'adds column events.tenant_id',
    'sets column not null events.tenant_id',
  ]);
  const validate = item(report, '0004_validate_region.up.sql', 'large-tables');
  assert.equal(validate.status, 'pass');
  assert.match(validate.evidence[0]!, /^line 4: scans events \(size unknown\) under SHARE UPDATE EXCLUSIVE, writes go on: /);
  assert.match(item(report, '0002_add_tenant_id.up.sql', 'large-tables').evidence.join('\n'), /Safer \(index-without-concurrently\)/);
});

test('check is the CI gate: exit 1, GitHub annotations, and the Markdown report in the job summary', () => {
  const summary = path.join(workspace({}), 'summary.md');
  const result = runCli(['check', '--format', 'github', 'examples/migrations'], { cwd: REPO_ROOT, env: { ...CACHE, GITHUB_STEP_SUMMARY: summary } });
  assert.equal(result.status, 1, result.stderr);
  assert.match(
    result.stdout,
    /^::error file=examples\/migrations\/0002_add_tenant_id\.up\.sql,line=1,title=No error-severity findings \(risky locks%2C unsafe patterns%2C reverse gaps\)::line 4: error index-without-concurrently: /m,
  );
  assert.match(result.stdout, /^::warning file=examples\/migrations\/0002_add_tenant_id\.up\.sql,line=1,title=Deployable apart/m);
  assert.doesNotMatch(result.stdout, /0003_add_region_safely/);
  assert.match(fs.readFileSync(summary, 'utf8'), /^# Migration review: 4 of 5 migrations ready$/m);
});

test('a ready project passes the gate; a missing reverse, a rename and no drill are each named', () => {
  const ready = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
  });
  const passing = runCli(['check', 'migrations'], { cwd: ready, env: CACHE });
  assert.equal(passing.status, 0, passing.stdout + passing.stderr);
  assert.match(passing.stdout, /^# Migration review: 1 of 1 migration ready$/m);

  const risky = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    'migrations/2_rename.up.sql': "SET lock_timeout = '5s';\nALTER TABLE events RENAME COLUMN note TO body;\n",
  });
  const result = runCli(['check', '--no-drill', '--format', 'json', 'migrations'], { cwd: risky });
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as ReviewJson;
  assert.deepEqual(item(report, '2_rename.up.sql', 'pair-present'), {
    id: 'pair-present',
    title: 'Forward and reverse migrations are both present',
    status: 'fail',
    evidence: ['The reverse 2_rename.down.sql does not exist.'],
  } as never);
  assert.match(
    item(report, '2_rename.up.sql', 'deploy-separately').evidence[0]!,
    /^renames column events\.note → body: the code running during the deploy may still use it/,
  );
  assert.deepEqual(item(report, '1_create.up.sql', 'drill-passed').evidence, ['Not drilled: run `fearless drill` (or review without --no-drill).']);
});

test('SARIF for code scanning: failing and warning items as results', () => {
  const result = runCli(['review', '--no-drill', '--format', 'sarif', 'examples/migrations'], { cwd: REPO_ROOT });
  assert.equal(result.status, 0, result.stderr);
  const sarif = JSON.parse(result.stdout) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string }[] } };
      results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    }[];
  };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.tool.driver.name, 'fearless');
  const lint = sarif.runs[0]!.results.find((entry) => entry.ruleId === 'lint-clean');
  assert.equal(lint?.level, 'error');
  assert.equal(lint!.locations[0]!.physicalLocation.artifactLocation.uri, 'examples/migrations/0002_add_tenant_id.up.sql');
  assert.ok(sarif.runs[0]!.tool.driver.rules.some((rule) => rule.id === 'deploy-separately'));
  assert.equal(runCli(['review', '--format', 'github', 'examples/migrations'], { cwd: REPO_ROOT }).status, 2);
});

test('examples/REVIEW.md is the current review of the bundled examples (npm run examples-review rewrites it)', () => {
  const result = runCli(['review', 'examples/migrations'], { cwd: REPO_ROOT, env: CACHE });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    fs.readFileSync(path.join(REPO_ROOT, 'examples', 'REVIEW.md'), 'utf8'),
    result.stdout,
    'examples/REVIEW.md is stale: run npm run examples-review',
  );
});

test('--rows seeds the drills behind the gate: a NOT NULL that existing rows break passes on an empty table and fails with rows', () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    'migrations/2_tag.up.sql': "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN tag text;\nALTER TABLE events ALTER COLUMN tag SET NOT NULL;\n",
    'migrations/2_tag.down.sql': "SET lock_timeout = '5s';\nALTER TABLE events DROP COLUMN tag;\n",
  });
  const empty = runCli(['check', '--format', 'json', 'migrations/2_tag.up.sql'], { cwd: root, env: CACHE });
  assert.equal(item(JSON.parse(empty.stdout) as ReviewJson, '2_tag.up.sql', 'drill-passed').status, 'pass', empty.stderr);
  const seeded = runCli(['check', '--rows', '3', '--format', 'json', 'migrations/2_tag.up.sql'], { cwd: root, env: CACHE });
  assert.equal(seeded.status, 1, seeded.stderr);
  const drill = item(JSON.parse(seeded.stdout) as ReviewJson, '2_tag.up.sql', 'drill-passed');
  assert.equal(drill.status, 'fail');
  assert.match(drill.evidence.join(' '), /contains null values/);
  for (const [args, message] of [
    [['--rows', '0'], /--rows must be a whole number from 1 to 100000/],
    [['--rows', '3', '--no-drill'], /--rows and --seed seed the drills: they do not apply with --no-drill/],
    [['--seed', 'nope.sql'], /--seed: cannot read nope\.sql/],
  ] as [string[], RegExp][]) {
    const refused = runCli(['check', ...args, 'migrations'], { cwd: root, env: CACHE });
    assert.equal(refused.status, 2, args.join(' '));
    assert.match(refused.stderr, message);
  }
});
