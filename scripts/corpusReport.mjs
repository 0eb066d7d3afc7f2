// Lints every migration in ../shared/corpus with fearless and with squawk and
// prints, side by side: parse failures, crashes, and findings per rule (matched
// through each rule's declared squawk counterpart). `npm run corpus-report`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(new URL('..', import.meta.url).pathname);
const corpus = resolve(repo, '..', 'shared', 'corpus');

function sqlFiles(directory) {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const full = join(directory, name);
      return statSync(full).isDirectory() ? sqlFiles(full) : name.endsWith('.sql') ? [full] : [];
    });
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

const files = sqlFiles(corpus);
const fearlessCli = join(repo, 'bin', 'fearless.js');
const fearless = run(process.execPath, [fearlessCli, 'lint', '--format', 'json', ...files]);
if (fearless.status !== 0 && fearless.status !== 1) {
  console.error(`fearless crashed or failed: status ${fearless.status} signal ${fearless.signal}\n${fearless.stderr.slice(0, 2000)}`);
  process.exit(1);
}
const fearlessOutput = JSON.parse(fearless.stdout);
const rules = JSON.parse(run(process.execPath, [fearlessCli, 'rules', '--format', 'json']).stdout).rules;

const squawkBinary = join(repo, 'node_modules', '@squawk-cli', `${process.platform}-${process.arch}`, 'bin', 'squawk');
const squawk = run(squawkBinary, ['--reporter', 'json', ...files]);
const squawkFindings = squawk.status === 0 || squawk.status === 1 ? JSON.parse(squawk.stdout || '[]') : undefined;

const fearlessByRule = new Map();
const filesWithParseProblems = new Set();
const PARSE = new Set(['syntax-error', 'parser-failure', 'unterminated', 'nul-byte', 'invalid-utf8']);
for (const file of fearlessOutput.files) {
  for (const diagnostic of file.diagnostics) {
    fearlessByRule.set(diagnostic.rule, (fearlessByRule.get(diagnostic.rule) ?? 0) + 1);
    if (PARSE.has(diagnostic.rule)) filesWithParseProblems.add(file.path);
  }
}
const squawkByRule = new Map();
const squawkParseFiles = new Set();
for (const finding of squawkFindings ?? []) {
  squawkByRule.set(finding.rule_name, (squawkByRule.get(finding.rule_name) ?? 0) + 1);
  if (finding.rule_name === 'syntax-error') squawkParseFiles.add(finding.file);
}

console.log(`corpus: ${files.length} files under ${corpus}`);
console.log(`fearless: exit ${fearless.status}, ${fearlessOutput.files.length} files reported, no crash`);
console.log(
  `parse failures: fearless ${filesWithParseProblems.size} files [${[...PARSE].map((r) => `${r} ${fearlessByRule.get(r) ?? 0}`).join(', ')}]; ` +
    (squawkFindings ? `squawk ${squawkParseFiles.size} files [syntax-error ${squawkByRule.get('syntax-error') ?? 0}]` : 'squawk unavailable'),
);
for (const path of filesWithParseProblems) console.log(`  fearless parse problem: ${path.slice(corpus.length + 1)}`);
console.log('');
console.log('| fearless rule | findings | squawk counterpart | squawk findings |');
console.log('| --- | ---: | --- | ---: |');
const matchedSquawk = new Set();
for (const rule of rules) {
  // A rule may cover several squawk rules: "a, b".
  const counterparts = (rule.counterparts?.squawk ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of counterparts) matchedSquawk.add(name);
  const count = fearlessByRule.get(rule.id) ?? 0;
  if (count === 0 && counterparts.length === 0) continue;
  const squawkCount = counterparts.reduce((sum, name) => sum + (squawkByRule.get(name) ?? 0), 0);
  console.log(`| \`${rule.id}\` | ${count} | ${counterparts.map((name) => `\`${name}\``).join(', ')} | ${counterparts.length > 0 ? squawkCount : ''} |`);
}
for (const [name, count] of [...squawkByRule].sort()) {
  if (!matchedSquawk.has(name)) console.log(`| (none) | | \`${name}\` | ${count} |`);
}

// Pairing per corpus project: forwards, paired reverses, and forwards whose reverse leaves something undone.
console.log('');
console.log('| corpus | forward files | with a reverse | reverse missing | forwards with an incomplete reverse | reverses doing something unexpected |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const project of readdirSync(corpus)
  .filter((name) => statSync(join(corpus, name)).isDirectory())
  .sort()) {
  const inProject = fearlessOutput.files.filter((file) => file.path.startsWith(`${join(corpus, project)}/`));
  const isForward = (p) => /(^|\/)up\.sql$|\.up\.sql$/.test(p);
  const isReverse = (p) => /(^|\/)down\.sql$|\.down\.sql$/.test(p);
  const forwards = inProject.filter((file) => isForward(file.path));
  const reverses = new Set(inProject.filter((file) => isReverse(file.path)).map((file) => file.path));
  const paired = forwards.filter((file) => reverses.has(file.path.replace(/up\.sql$/, 'down.sql'))).length;
  const missing = forwards.filter((file) => file.diagnostics.some((d) => d.rule === 'reverse-missing')).length;
  const incomplete = forwards.filter((file) => file.diagnostics.some((d) => d.rule === 'reverse-incomplete')).length;
  const unexpected = inProject.filter((file) => isReverse(file.path) && file.diagnostics.some((d) => d.rule === 'reverse-unexpected')).length;
  console.log(`| ${project} | ${forwards.length} | ${paired} | ${missing} | ${incomplete} | ${unexpected} |`);
}
