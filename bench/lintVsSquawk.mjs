// Part 1: cold lint of the Lemmy forward migrations, fearless vs squawk's native binary.
// Every run is a fresh process (cold: parser load, rule setup, output), timed
// from spawn to the 'close' event with stdout/stderr drained into memory.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { heading, ms, nowMs, printTable, summarize } from './stats.mjs';

const require = createRequire(import.meta.url);

/** Run a command to completion; resolves with wall time, exit code and captured output. */
export function timeProcess(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const stdout = [];
    const stderr = [];
    const start = nowMs();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const elapsed = nowMs() - start;
      resolve({ elapsed, code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** The squawk native binary for this platform, or { reason } when it cannot be found. */
export function findSquawk(repoRoot) {
  const exe = process.platform === 'win32' ? 'squawk.exe' : 'squawk';
  const wanted = `@squawk-cli/${process.platform}-${process.arch}`;
  const candidates = [];
  try {
    const pkg = require.resolve(`${wanted}/package.json`, { paths: [repoRoot] });
    candidates.push(path.join(path.dirname(pkg), 'bin', exe));
  } catch {
    // Not resolvable from here: fall back to scanning node_modules below.
  }
  const scope = path.join(repoRoot, 'node_modules', '@squawk-cli');
  if (fs.existsSync(scope)) {
    for (const entry of fs.readdirSync(scope)) {
      if (entry === `${process.platform}-${process.arch}`) candidates.push(path.join(scope, entry, 'bin', exe));
    }
  }
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return { path: candidate };
    } catch {
      // Try the next one.
    }
  }
  return {
    reason: candidates.length
      ? `found ${candidates.join(', ')} but it is not executable`
      : `package ${wanted} is not installed (squawk-cli ships its binary as a per-platform optional dependency)`,
  };
}

export function lemmyForwardMigrations(corpusDir) {
  if (!fs.existsSync(corpusDir)) return [];
  return fs
    .readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(corpusDir, name, 'up.sql'))
    .filter((file) => fs.existsSync(file));
}

function describeFearlessJson(text) {
  const parsed = JSON.parse(text);
  const bySeverity = {};
  const byRule = {};
  let findings = 0;
  for (const file of parsed.files) {
    for (const d of file.diagnostics) {
      findings++;
      bySeverity[d.severity] = (bySeverity[d.severity] ?? 0) + 1;
      byRule[d.rule] = (byRule[d.rule] ?? 0) + 1;
    }
  }
  return { files: parsed.files.length, findings, bySeverity, byRule };
}

/**
 * Measure and print. Returns the numbers the summary needs:
 * { nodeFloor, fearless, squawk, squawkJson, ratio, ratioJson } (summaries of ms), or { skipped }.
 */
export async function benchLint({ repoRoot, corpusDir, runs }) {
  heading('1. cold lint of the Lemmy forward migrations: fearless vs squawk');
  const files = lemmyForwardMigrations(corpusDir);
  if (files.length === 0) {
    console.log(`  SKIPPED: no */up.sql under ${corpusDir}`);
    return { skipped: 'no corpus' };
  }
  const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
  console.log(`  corpus: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${corpusDir}`);

  const fearlessCli = path.join(repoRoot, 'bin', 'fearless.js');
  const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-bench-')), 'lint-cache.json');
  const squawk = findSquawk(repoRoot);
  if (squawk.reason) console.log(`  squawk: SKIPPED comparison: ${squawk.reason}`);
  else {
    const version = await timeProcess(squawk.path, ['--version'], repoRoot);
    console.log(`  squawk: ${version.stdout.trim() || '(unknown version)'} at ${path.relative(repoRoot, squawk.path)}`);
  }
  console.log(`  node:   ${process.version} (${process.execPath})`);
  console.log(`  runs:   1 warm-up + ${runs} timed per command, interleaved (set BENCH_RUNS to change)`);

  const commands = [
    { key: 'node', label: 'node -e 0 (startup floor)', cmd: process.execPath, args: ['-e', '0'] },
    ...(squawk.path
      ? [
          { key: 'squawk', label: 'squawk <files>', cmd: squawk.path, args: files },
          { key: 'squawkJson', label: 'squawk --reporter json <files>', cmd: squawk.path, args: ['--reporter', 'json', ...files] },
        ]
      : []),
    { key: 'fearless', label: 'fearless lint --format json <files>', cmd: process.execPath, args: [fearlessCli, 'lint', '--format', 'json', ...files] },
    // The warm-up round fills the cache; timed rounds are all hits (content-hash keys, nothing changed).
    {
      key: 'fearlessCached',
      label: 'fearless lint --format json --cache <files>',
      cmd: process.execPath,
      args: [fearlessCli, 'lint', '--format', 'json', '--cache-location', cacheFile, ...files],
    },
  ];
  const times = Object.fromEntries(commands.map((c) => [c.key, []]));
  const lastOutput = {};
  const exitCodes = Object.fromEntries(commands.map((c) => [c.key, new Set()]));

  for (let round = 0; round <= runs; round++) {
    for (const command of commands) {
      const result = await timeProcess(command.cmd, command.args, repoRoot);
      exitCodes[command.key].add(result.signal ? `signal ${result.signal}` : String(result.code));
      if (round === 0) lastOutput[command.key] = result;
      else times[command.key].push(result.elapsed);
    }
  }

  // Exit 1 means "found problems" for both linters; anything else is worth a warning.
  for (const command of commands) {
    const codes = [...exitCodes[command.key]];
    const odd = codes.filter((c) => !['0', '1'].includes(c));
    if (odd.length) {
      console.log(`  WARNING: ${command.label} exited with ${odd.join(', ')}: ${lastOutput[command.key].stderr.slice(0, 500)}`);
    }
  }

  const stats = Object.fromEntries(commands.map((c) => [c.key, summarize(times[c.key])]));
  const base = stats.squawk?.median;
  console.log('');
  printTable(
    [
      { header: 'command', align: 'left' },
      { header: 'median ms', align: 'right' },
      { header: 'min ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'exit', align: 'right' },
      { header: 'vs squawk', align: 'right' },
    ],
    commands.map((c) => [
      c.label,
      ms(stats[c.key].median),
      ms(stats[c.key].min),
      ms(stats[c.key].max),
      [...exitCodes[c.key]].join('/'),
      base ? `${(stats[c.key].median / base).toFixed(2)}×` : '',
    ]),
  );

  const result = {
    files: files.length,
    nodeFloor: stats.node,
    fearless: stats.fearless,
    fearlessCached: stats.fearlessCached,
    ratioCached: base ? stats.fearlessCached.median / base : undefined,
    ratioCachedJson: stats.squawkJson ? stats.fearlessCached.median / stats.squawkJson.median : undefined,
    squawk: stats.squawk,
    squawkJson: stats.squawkJson,
    ratio: base ? stats.fearless.median / base : undefined,
    ratioJson: stats.squawkJson ? stats.fearless.median / stats.squawkJson.median : undefined,
  };
  if (base) {
    console.log(
      `\n  fearless/squawk (medians): ${result.ratio.toFixed(2)}× vs text reporter, ${result.ratioJson.toFixed(2)}× vs json reporter; ` +
        `fearless minus node startup floor: ${ms(stats.fearless.median - stats.node.median)} ms`,
    );
    console.log(`  with --cache (all hits): ${result.ratioCached.toFixed(2)}× vs text reporter, ${result.ratioCachedJson.toFixed(2)}× vs json reporter`);
  }

  // Sanity checks on what fearless reported (from the warm-up run; not timed).
  console.log('');
  try {
    const described = describeFearlessJson(lastOutput.fearless.stdout);
    result.findings = described.findings;
    const flag = described.files === files.length ? 'ok' : `MISMATCH: expected ${files.length}`;
    const severities = Object.entries(described.bySeverity)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    console.log(`  fearless JSON: ${described.files} files (${flag}), ${described.findings} findings (${severities})`);
    const topRules = Object.entries(described.byRule)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([rule, n]) => `${rule} ${n}`)
      .join(', ');
    console.log(`  fearless top rules: ${topRules}`);
  } catch (error) {
    console.log(`  fearless JSON: could not parse output (${error.message}); stderr: ${lastOutput.fearless.stderr.slice(0, 300)}`);
  }
  try {
    const locks = await timeProcess(process.execPath, [fearlessCli, 'locks', '--format', 'json', ...files], repoRoot);
    const report = JSON.parse(locks.stdout);
    const statements = report.files.reduce((sum, file) => sum + (file.statements?.length ?? 0), 0);
    result.statements = statements;
    console.log(`  statements (fearless locks --format json, untimed): ${statements} in ${report.files.length} files`);
  } catch (error) {
    console.log(`  statements: could not count via "fearless locks" (${error.message})`);
  }
  if (lastOutput.squawkJson) {
    try {
      const issues = JSON.parse(lastOutput.squawkJson.stdout);
      const filesWithIssues = new Set(issues.map((issue) => issue.file)).size;
      console.log(`  squawk JSON: ${issues.length} issues in ${filesWithIssues} files (different rule set: counts are not comparable)`);
    } catch (error) {
      console.log(`  squawk JSON: could not parse output (${error.message})`);
    }
  }
  return result;
}
