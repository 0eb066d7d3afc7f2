// `npm run labelled-bench` (after `npm run build`): precision and recall on a public labelled corpus.
//
// The corpus is MigrationPilot's agent-migration safety benchmark (MIT, vendored with its source in
// bench/corpus/migrationpilot/SOURCE.md): PostgreSQL migrations, each with a header naming its verdict
// (dangerous, safe, context-dependent) and the hazards it contains, the first being the one strict
// detection is measured against. Scored as its authors score it:
//
//   strict detection  a dangerous file gets a finding that names its primary hazard
//   loose detection   a dangerous file gets any hazard-bucket finding
//   false positives   a safe file gets any hazard-bucket finding
//
// Which hazard each fearless rule names, and its bucket, is in bench/labelledCorpusRules.json (the
// same buckets the corpus's own rule map uses). Squawk runs in the same process on the same files,
// scored with the corpus authors' classification of its rules; MigrationPilot's and pgfence's figures
// are the ones the corpus publishes. Context-dependent files are listed, not scored. Prints; asserts nothing.
//
// Options: --verbose (every file's findings), --json FILE (write the per-file results).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSquawk } from './lintVsSquawk.mjs';
import { heading, printTable } from './stats.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = path.join(repoRoot, 'bench', 'corpus', 'migrationpilot');
const verbose = process.argv.includes('--verbose');
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;

/** Published in the corpus's RESULTS.md at the vendored commit (see SOURCE.md): not measured here. */
const PUBLISHED = [
  { tool: 'MigrationPilot 1.6.0 rc (published)', strict: [31, 33], loose: [32, 33], falsePositives: [1, 17] },
  { tool: 'pgfence 0.6.1 (published)', strict: [25, 33], loose: [28, 33], falsePositives: [3, 17] },
  { tool: 'Squawk 2.62.0 (published)', strict: [20, 33], loose: [24, 33], falsePositives: [1, 17] },
];

/** The header every corpus file opens with: a YAML block in a SQL comment. */
function readCase(file) {
  const text = fs.readFileSync(file, 'utf8');
  const header = /^\/\* ---\n([\s\S]*?)\n--- \*\/\n?/.exec(text);
  if (!header) throw new Error(`${file}: no corpus header`);
  const field = (name) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(header[1])?.[1]?.trim();
  const hazards = (field('hazards') ?? '[]')
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((slug) => slug.trim())
    .filter(Boolean);
  const pgVersion = Number((field('pg_version') ?? '17').replace(/"/g, ''));
  // The header is a comment, and a leading comment changes what some tools report: scored without it, as the corpus does.
  return { file, id: field('id'), category: field('category'), verdict: field('verdict'), hazards, pgVersion, sql: text.slice(header[0].length) };
}

function casesIn(directory) {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? casesIn(path.join(directory, entry.name)) : entry.name.endsWith('.sql') ? [readCase(path.join(directory, entry.name))] : [],
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Each case in a folder of its own: a folder's other files would be read as its history. */
function writeStripped(cases) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-labelled-'));
  for (const entry of cases) {
    const folder = path.join(scratch, entry.id);
    fs.mkdirSync(folder);
    entry.stripped = path.join(folder, path.basename(entry.file));
    fs.writeFileSync(entry.stripped, entry.sql);
  }
  return scratch;
}

function fearlessFindings(cases) {
  const byFile = new Map();
  for (const version of new Set(cases.map((entry) => entry.pgVersion))) {
    const files = cases.filter((entry) => entry.pgVersion === version).map((entry) => entry.stripped);
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'bin', 'fearless.js'), 'lint', '--format', 'json', '--pg-version', String(version), ...files],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    if (result.status !== 0 && result.status !== 1) throw new Error(`fearless lint failed (${result.status}): ${result.stderr}`);
    for (const file of JSON.parse(result.stdout).files)
      byFile.set(
        file.path,
        file.diagnostics.map((diagnostic) => diagnostic.rule),
      );
  }
  return byFile;
}

function squawkFindings(cases, squawk) {
  const byFile = new Map(cases.map((entry) => [entry.stripped, []]));
  for (const version of new Set(cases.map((entry) => entry.pgVersion))) {
    const files = cases.filter((entry) => entry.pgVersion === version).map((entry) => entry.stripped);
    const result = spawnSync(squawk, ['--reporter', 'json', '--pg-version', `${version}.0`, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const violation of JSON.parse(result.stdout || '[]')) byFile.get(violation.file)?.push(violation.rule_name);
  }
  return byFile;
}

/** Scores one tool's rule ids per file with a classification `{ rule: { bucket, hazards } }`. */
function score(cases, findings, rules) {
  const unmapped = new Set();
  const classify = (rule) => {
    const known = rules[rule];
    if (!known) unmapped.add(rule);
    // As the corpus scores it: a rule nobody classified counts as a hazard, the conservative choice.
    return known ?? { bucket: 'hazard', hazards: [] };
  };
  const perFile = cases.map((entry) => {
    const fired = findings.get(entry.stripped) ?? [];
    const hazardRules = fired.filter((rule) => classify(rule).bucket === 'hazard');
    const named = new Set(fired.flatMap((rule) => classify(rule).hazards));
    return {
      id: entry.id,
      category: entry.category,
      verdict: entry.verdict,
      hazards: entry.hazards,
      fired: [...new Set(fired)],
      strict: named.has(entry.hazards[0]),
      loose: hazardRules.length > 0,
      hazardRules: [...new Set(hazardRules)],
      named,
    };
  });
  const dangerous = perFile.filter((entry) => entry.verdict === 'dangerous');
  const safe = perFile.filter((entry) => entry.verdict === 'safe');
  return {
    perFile,
    strict: [dangerous.filter((entry) => entry.strict).length, dangerous.length],
    loose: [dangerous.filter((entry) => entry.loose).length, dangerous.length],
    falsePositives: [safe.filter((entry) => entry.loose).length, safe.length],
    unmapped: [...unmapped].sort(),
  };
}

const fraction = ([count, of]) => `${count}/${of} (${((100 * count) / of).toFixed(1)}%)`;

const cases = casesIn(corpusRoot);
const scratch = writeStripped(cases);
try {
  heading(`labelled corpus: ${cases.length} migrations from MigrationPilot's benchmark (bench/corpus/migrationpilot)`);
  const fearlessRules = JSON.parse(fs.readFileSync(path.join(repoRoot, 'bench', 'labelledCorpusRules.json'), 'utf8')).rules;
  const fearless = score(cases, fearlessFindings(cases), fearlessRules);
  const squawk = findSquawk(repoRoot);
  let squawkScore;
  if (squawk.path) {
    const authorsMap = JSON.parse(fs.readFileSync(path.join(corpusRoot, 'rule-map.json'), 'utf8')).tools.squawk.rules;
    squawkScore = score(cases, squawkFindings(cases, squawk.path), authorsMap);
  } else console.log(`squawk: not run (${squawk.reason})`);
  const version = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'fearless.js'), '--version'], { encoding: 'utf8' }).stdout.trim();
  const squawkVersion = squawk.path ? spawnSync(squawk.path, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  const rows = [
    { tool: `fearless ${version} (this run)`, ...fearless },
    ...(squawkScore ? [{ tool: `${squawkVersion || 'squawk'} (this run)`, ...squawkScore }] : []),
    ...PUBLISHED,
  ];
  printTable(
    [
      { header: 'tool', align: 'left' },
      { header: 'strict detection', align: 'right' },
      { header: 'loose detection', align: 'right' },
      { header: 'false positives', align: 'right' },
    ],
    rows.map((row) => [row.tool, fraction(row.strict), fraction(row.loose), fraction(row.falsePositives)]),
  );
  const missed = fearless.perFile.filter((entry) => entry.verdict === 'dangerous' && !entry.strict);
  console.log(
    `\nfearless misses (strict): ${missed.length === 0 ? 'none' : missed.map((entry) => `${entry.id} (${entry.hazards[0]}; fired: ${entry.fired.join(', ') || 'nothing'})`).join('; ')}`,
  );
  const falsePositives = fearless.perFile.filter((entry) => entry.verdict === 'safe' && entry.loose);
  console.log(
    `fearless false positives: ${falsePositives.length === 0 ? 'none' : falsePositives.map((entry) => `${entry.id} (${entry.hazardRules.join(', ')})`).join('; ')}`,
  );
  if (fearless.unmapped.length > 0) console.log(`fearless rules not in bench/labelledCorpusRules.json (scored as hazards): ${fearless.unmapped.join(', ')}`);
  const secondary = fearless.perFile.flatMap((entry) =>
    entry.hazards
      .slice(1)
      .filter((hazard) => !entry.named.has(hazard))
      .map((hazard) => `${entry.id}:${hazard}`),
  );
  console.log(`secondary hazards not named (not scored): ${secondary.length === 0 ? 'none' : secondary.join(', ')}`);
  console.log(
    `\ncontext-dependent files (unscored): ${fearless.perFile
      .filter((entry) => entry.verdict === 'context-dependent')
      .map((entry) => `${entry.id} ${entry.loose ? 'flags' : 'quiet'}`)
      .join(', ')}`,
  );
  if (verbose)
    for (const entry of fearless.perFile)
      console.log(`  ${entry.id} ${entry.verdict.padEnd(17)} ${entry.hazards.join(',').padEnd(44)} ${entry.fired.join(', ')}`);
  if (jsonOut)
    fs.writeFileSync(jsonOut, `${JSON.stringify({ fearless: fearless.perFile.map(({ named, ...rest }) => ({ ...rest, named: [...named] })) }, null, 1)}\n`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
