/**
 * The lock truth table: what each real PostgreSQL major held in pg_locks for
 * each lock case, by relation name (docs/lock-truth-table.json, written by
 * the version matrix), the comparison of one such observation with the lock
 * facts, and the page docs/lock-truth-table.md rendered from it.
 */

import { lockFactsFor } from '../../server/src/locks/statementLocks';
import type { LockFact } from '../../server/src/locks/lockFact';
import { parseSql } from '../../server/src/sql/parseSql';
import { versionGateOf } from '../../server/src/sql/versionGates';
import type { LockCase } from './lockCases';
import { foldedFixtureSchema } from './lockFixture';
import type { Observation } from './lockObservation';

export interface ObservedLock {
  mode: string;
  /** pg_class.relkind. */
  kind: string;
  /** The relation got a new file (its rows were written again, or emptied). */
  newFile: boolean;
}

/** One (statement, major): the locks held, or the server's refusal. */
export type TruthCell = { locks: Record<string, ObservedLock> } | { refused: string };

export interface TruthStatement {
  sql: string;
  /** Run outside a transaction block and watched from other sessions (concurrentObservation.ts): tables, views and sequences only, no file changes. */
  watched?: true;
  /** The majors that behaved alike, in order, with what they did. */
  observed: { majors: number[]; cell: TruthCell }[];
}

export interface TruthTable {
  /** The server version of each major the observations came from, e.g. "13.23". */
  servers: Record<string, string>;
  statements: TruthStatement[];
}

export function cellOn(statement: TruthStatement | undefined, major: number): TruthCell | undefined {
  return statement?.observed.find((group) => group.majors.includes(major))?.cell;
}

/** Adds one major's observation, joining the previous group when it behaved alike. */
export function recordCell(statement: TruthStatement, major: number, cell: TruthCell): void {
  const last = statement.observed[statement.observed.length - 1];
  if (last && JSON.stringify(last.cell) === JSON.stringify(cell)) last.majors.push(major);
  else statement.observed.push({ majors: [major], cell });
}

/** The table as committed: one statement per line, so a change reads as a one-line diff. */
export function truthTableJson(table: TruthTable): string {
  return `{"servers": ${JSON.stringify(table.servers)},\n "statements": [\n${table.statements.map((statement) => `  ${JSON.stringify(statement)}`).join(',\n')}\n]}\n`;
}

const INDEX_KINDS = new Set(['i', 'I']);
const STORAGE_KINDS = new Set(['r', 'm', 'i']);

function namedIn(sql: string, relation: string): boolean {
  return new RegExp(`\\b${relation.replace(/^.*\./, '')}\\b`).test(sql);
}

/**
 * The observation by name: every table, view, materialized view and
 * sequence locked, and the indexes the statement names (every query also
 * locks all indexes of its tables, which says nothing about the statement).
 */
export function truthCellOf(sql: string, observation: Observation): TruthCell {
  const locks: Record<string, ObservedLock> = {};
  for (const [oid, mode] of [...observation.held].sort((a, b) => observation.relations.get(a[0])!.name.localeCompare(observation.relations.get(b[0])!.name))) {
    const relation = observation.relations.get(oid)!;
    if (INDEX_KINDS.has(relation.kind) && !namedIn(sql, relation.name)) continue;
    locks[relation.name] = { mode, kind: relation.kind, newFile: observation.newFile.has(oid) };
  }
  return { locks };
}

/**
 * Where the facts and an observation disagree, a sentence each: a fact's
 * mode not held (a fact with `onlyWhen` may be absent), a relation locked
 * that the facts do not list (indexes only when the facts name them), and
 * `rewrite` against a new file (TRUNCATE: a new file without rewrite).
 */
export function disagreements(
  facts: LockFact[],
  cell: { locks: Record<string, ObservedLock> },
  lockCase: Pick<LockCase, 'sql' | 'newFileWithoutRewrite'>,
  watched = false,
): string[] {
  const found: string[] = [];
  const claimed = new Set<string>();
  for (const fact of facts) {
    claimed.add(fact.relation);
    const held = cell.locks[fact.relation];
    if (watched && fact.relationKind === 'index') continue;
    if (!held) {
      // An index the statement does not name is not recorded (see truthCellOf): the live check in the matrix sees it.
      const unrecorded = fact.relationKind === 'index' && !namedIn(lockCase.sql, fact.relation);
      if (!fact.onlyWhen && !unrecorded) found.push(`no lock on ${fact.relation}; the facts say ${fact.mode}`);
      continue;
    }
    if (held.mode !== fact.mode) found.push(`${held.mode} on ${fact.relation}; the facts say ${fact.mode}`);
    if (watched || !STORAGE_KINDS.has(held.kind)) continue;
    if (lockCase.newFileWithoutRewrite) {
      if (!held.newFile || fact.rewrite) found.push(`${fact.relation}: expected a new file and rewrite=false`);
    } else if (held.newFile !== fact.rewrite) {
      found.push(`${fact.relation} ${held.newFile ? 'got a new file' : 'kept its file'}; the facts say rewrite=${fact.rewrite}`);
    }
  }
  for (const [relation, held] of Object.entries(cell.locks))
    if (!claimed.has(relation) && !INDEX_KINDS.has(held.kind)) found.push(`${held.mode} on ${relation}, which the facts do not list`);
  return found;
}

/**
 * Whether a refusal on `major` is announced: the syntax gate names a newer
 * major for the statement (then the server must answer with a syntax error
 * or "not supported": `syntax`), or the case says what it needs (a function
 * or object that is new in a later major).
 */
export async function refusalExplained(lockCase: Pick<LockCase, 'sql' | 'since'>, major: number): Promise<{ why: string; syntax: boolean } | undefined> {
  if (lockCase.since && major < lockCase.since.major) return { why: `new in ${lockCase.since.major}: ${lockCase.since.why}`, syntax: false };
  const statement = (await parseSql(`${lockCase.sql};`)).statements[0];
  const gate = statement ? versionGateOf(statement) : undefined;
  return gate && major < gate.minVersion
    ? { why: `new in ${gate.minVersion}: ${gate.feature} (the syntax-newer-than-target rule says so)`, syntax: true }
    : undefined;
}

/** Why a server's refusal does not match what announced it, if it does not: a gate's refusal is a syntax error (42601) or "not supported" (0A000). */
export function refusalMismatch(explained: { why: string; syntax: boolean } | undefined, error: unknown): string | undefined {
  const code = (error as { code?: string }).code;
  if (!explained) return 'no version gate explains it';
  if (explained.syntax && code !== '42601' && code !== '0A000') return `the gate says ${explained.why}, but the error is not a syntax or "not supported" one`;
  return undefined;
}

/** The facts `fearless locks --pg-version <major>` gives for the case on the fixture of that major. */
export async function factsFor(sql: string, major: number): Promise<LockFact[]> {
  const statement = (await parseSql(`${sql};`)).statements[0];
  if (!statement?.kind) throw new Error(`does not parse: ${sql}`);
  return lockFactsFor(statement, { pgVersion: major, schema: await foldedFixtureSchema(major) });
}

function cellText(cell: TruthCell): string {
  if ('refused' in cell) return `refused: ${cell.refused}`;
  const entries = Object.entries(cell.locks);
  if (entries.length === 0) return '(no relation locks)';
  return entries.map(([relation, lock]) => `\`${relation}\` ${lock.mode}${lock.newFile ? ' (new file)' : ''}`).join('<br>');
}

/** The cell of a watched statement: the strongest mode seen per table, view and sequence. */
export function watchedCell(seen: Map<string, string>, kinds: Map<string, string>): TruthCell {
  const locks: Record<string, ObservedLock> = {};
  for (const [relation, mode] of [...seen].sort((a, b) => a[0].localeCompare(b[0])))
    locks[relation] = { mode, kind: kinds.get(relation) ?? '?', newFile: false };
  return { locks };
}

function majorsText(majors: number[]): string {
  return majors.length === 1 ? `${majors[0]}` : `${majors[0]}–${majors[majors.length - 1]}`;
}

/** docs/lock-truth-table.md: per statement, the majors that behave alike grouped, and the locks they held. */
export function truthTableMarkdown(table: TruthTable): string {
  const majors = Object.keys(table.servers).map(Number);
  const pairs = table.statements.reduce((sum, statement) => sum + statement.observed.reduce((count, group) => count + group.majors.length, 0), 0);
  const lines = [
    '# Lock truth table',
    '',
    '<!-- Generated by `npm run docs:locks` from docs/lock-truth-table.json; test/unit/lockTruthTable.test.ts checks both against the lock knowledge base. -->',
    '',
    `What PostgreSQL itself held in \`pg_locks\` for each statement the lock knowledge base covers, observed on real servers of every major (${majors
      .map((major) => `${major} (${table.servers[major]})`)
      .join(
        ', ',
      )}): ${table.statements.length} statements, ${pairs} (statement, major) pairs. Each statement ran in a transaction on the fixture of \`test/pg/lockFixture.ts\` (tables with foreign keys both ways, partitions with a default, inheritance, views, a materialized view, sequences, triggers, a rule, a policy), and this session's granted relation locks were read before the rollback. Tables, views, materialized views and sequences are listed, and indexes when the statement names them. "new file" means the relation's file was replaced (its rows were written again, or emptied). \`fearless locks --pg-version N\` gives the same modes for every row (a test fails otherwise); the majors in a row behaved alike. Statements that cannot run in a transaction block (\`CONCURRENTLY\`, \`VACUUM\`) are marked "watched from a second session": another session held a conflicting lock so the statement queued and showed the mode it asked for (\`test/pg/concurrentObservation.ts\`); for those the strongest mode seen on each table, view and sequence is listed.`,
    '',
    '| statement | majors | locks held |',
    '| --- | --- | --- |',
  ];
  for (const statement of table.statements) {
    statement.observed.forEach((group, index) => {
      const sql = index === 0 ? `\`${statement.sql.replace(/\|/g, '\\|')}\`${statement.watched ? ' (watched from a second session)' : ''}` : '';
      lines.push(`| ${sql} | ${majorsText(group.majors)} | ${cellText(group.cell).replace(/\|/g, '\\|')} |`);
    });
  }
  return `${lines.join('\n')}\n`;
}
