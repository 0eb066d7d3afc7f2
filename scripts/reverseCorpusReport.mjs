// For every paired forward in ../shared/corpus: does fearless's deterministic
// reverse alone restore the schema, and does the project's own hand-written
// down migration? Both run on PGlite (PostgreSQL 18) right after the forward,
// inside a transaction that is rolled back; then the forward is applied for
// real and the next migration is tried. `npm run reverse-report`.
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const out = resolve(new URL('..', import.meta.url).pathname, 'out', 'server', 'src');
const { analyzeFile } = require(join(out, 'analysis', 'analyzeFile.js'));
const { loadConfigFile } = require(join(out, 'config', 'projectConfig.js'));
const { MigrationHistory } = require(join(out, 'migrations', 'migrationHistory.js'));
const { draftReverse } = require(join(out, 'reverse', 'reverseDraft.js'));
const { diffSnapshots, snapshotDatabase } = require(join(out, 'drill', 'schemaSnapshot.js'));
const { collectSqlFiles } = require(join(out, 'cli', 'collectFiles.js'));

const corpus = resolve(new URL('..', import.meta.url).pathname, '..', 'shared', 'corpus');
const verbose = process.argv.includes('--verbose');

/** The whole database as the drill snapshots it (every user schema, extensions). */
function snapshot(db) {
  return snapshotDatabase(async (sql, parameters) => (await db.query(sql, parameters)).rows);
}

function compare(before, after) {
  const diff = diffSnapshots(before, after);
  return diff.missing.length === 0 && diff.extra.length === 0
    ? { result: 'restores' }
    : { result: 'differs', detail: [...diff.missing.map((l) => `- ${l}`), ...diff.extra.map((l) => `+ ${l}`)].slice(0, 3).join(' | ') };
}

/**
 * Forward then `reverse` in a transaction that is rolled back: restored, differs (with the diff) or fails. A reverse
 * that needs the forward committed first (PostgreSQL refuses to use an enum value added in the same transaction) is
 * run again the way a migration tool runs it, forward and reverse in transactions of their own, on a clone.
 */
async function trial(db, before, forward, reverse) {
  await db.exec('BEGIN');
  let outcome;
  try {
    try {
      await db.exec(forward);
    } catch (error) {
      return { result: 'fails', detail: `the forward fails: ${error.message.split('\n')[0]}` };
    }
    try {
      await db.exec(reverse);
      outcome = compare(before, await snapshot(db));
    } catch (error) {
      outcome = { result: 'fails', detail: error.message.split('\n')[0], code: error.code };
    }
  } finally {
    await db.exec('ROLLBACK').catch(() => undefined);
  }
  if (outcome.code !== '55P04') return outcome;
  const copy = await db.clone();
  try {
    await copy.exec(`BEGIN;\n${forward}\n;COMMIT;`);
    await copy.exec(`BEGIN;\n${reverse}\n;COMMIT;`);
    return compare(before, await snapshot(copy));
  } catch (error) {
    return { result: 'fails', detail: error.message.split('\n')[0] };
  } finally {
    await copy.close();
  }
}

async function reportProject(folder) {
  const root = join(corpus, folder);
  const history = new MigrationHistory(false);
  const { config } = loadConfigFile(undefined);
  const forwards = collectSqlFiles([root]).filter((file) => !/down\.sql$/i.test(file));
  // History order: a forward comes after every forward its history lists.
  const ordered = forwards
    .map((file) => ({ file, depth: history.historyFiles(file).length }))
    .sort((a, b) => a.depth - b.depth)
    .map((entry) => entry.file);
  const db = await PGlite.create({ extensions: { ltree, pg_trgm, pgcrypto } });
  // Tables the migration tools keep for themselves, which some migrations read.
  await db.exec(`CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY, run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
  const tally = {
    forwards: 0,
    paired: 0,
    unresolved: 0,
    det: { restores: 0, differs: 0, fails: 0 },
    hand: { restores: 0, differs: 0, fails: 0 },
    detOnlyRestores: 0,
    handOnlyRestores: 0,
    wrongButComplete: 0,
    notMeasured: [],
  };
  const examples = [];
  for (const file of ordered) {
    const analysis = await analyzeFile(file, config, history);
    const draft = analysis.facts && draftReverse(analysis.facts);
    const counterpart = draft?.pair?.counterpart;
    if (!draft) continue;
    tally.forwards++;
    const forwardText = analysis.parsed.text.slice(draft.section.start, draft.section.end);
    if (counterpart?.exists) {
      tally.paired++;
      if (draft.reverse.unresolved.length > 0) tally.unresolved++;
      const before = await snapshot(db);
      const det = await trial(db, before, forwardText, draft.sql);
      const hand = await trial(db, before, forwardText, readFileSync(counterpart.file, 'utf8'));
      tally.det[det.result]++;
      tally.hand[hand.result]++;
      if (det.result === 'restores' && hand.result !== 'restores') tally.detOnlyRestores++;
      // The draft said nothing was left to write by hand, yet it does not restore the schema: a defect of ours.
      if (det.result !== 'restores' && draft.reverse.unresolved.length === 0) tally.wrongButComplete++;
      if (hand.result === 'restores' && det.result !== 'restores') tally.handOnlyRestores++;
      if (det.result !== 'restores' || hand.result !== 'restores') {
        const claim = draft.reverse.unresolved.length === 0 ? ' [draft claimed complete]' : ` [${draft.reverse.unresolved.length} unresolved]`;
        examples.push(
          `${relative(root, file)}: deterministic ${det.result}${claim}${det.detail ? ` (${det.detail})` : ''}; hand-written ${hand.result}${hand.detail ? ` (${hand.detail})` : ''}`,
        );
      }
    }
    try {
      await db.exec(`BEGIN;\n${forwardText}\n;COMMIT;`);
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      tally.notMeasured.push(`${relative(root, file)}: the forward itself fails on PGlite (${error.message.split('\n')[0]}); later migrations not measured`);
      break;
    }
  }
  await db.close();
  return { tally, examples };
}

const started = Date.now();
console.log('Reverse migrations on ../shared/corpus, each applied on PGlite (PostgreSQL 18) right after its forward:');
console.log(
  'project | paired forwards | deterministic restores | hand-written restores | only deterministic restores | only hand-written restores | deterministic differs / fails | hand-written differs / fails | drafts with unresolved statements | drafts claiming to be complete that do not restore',
);
for (const folder of readdirSync(corpus)
  .filter((name) => statSync(join(corpus, name)).isDirectory())
  .sort()) {
  const { tally, examples } = await reportProject(folder);
  console.log(
    `${folder} | ${tally.paired} | ${tally.det.restores} | ${tally.hand.restores} | ${tally.detOnlyRestores} | ${tally.handOnlyRestores} | ${tally.det.differs} / ${tally.det.fails} | ${tally.hand.differs} / ${tally.hand.fails} | ${tally.unresolved} | ${tally.wrongButComplete}`,
  );
  for (const line of tally.notMeasured) console.log(`  not measured: ${line}`);
  for (const line of verbose ? examples : examples.slice(0, 8)) console.log(`  ${line}`);
  if (!verbose && examples.length > 8) console.log(`  … ${examples.length - 8} more (--verbose lists all)`);
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
