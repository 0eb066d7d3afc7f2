/**
 * The rollback drill for one pair: the history, then forward, reverse and
 * forward again, as the migration tool would run them, with the schema
 * compared after each step and the locks the forward held read from
 * pg_locks before it commits. It only ever runs on the database it is
 * given (a PGlite copy, or a scratch database).
 */

import { databaseErrorText, rethrowIfConnectionLost, type Database } from './database';
import { statementChunksOf, type DrillPlan, type PartToRun } from './drillPlan';
import { compareLocks, heldRelationLocks, relationsByOid, type LockComparison, type PredictedLocks } from './relationLocks';
import { dataDifferences, tableData, type DataDifference } from './dataChecks';
import { diffSnapshots, snapshotDatabase } from './schemaSnapshot';
import { seedSql } from './seedSql';
import { seedRows, type SeedResult } from './seedRows';
import { counted, shortened } from '../wording';

export type StepName = 'history' | 'seed' | 'forward' | 'reverse' | 'forward again';

export interface QueryCheck {
  /** `new`: the release that ships with the forward; `old`: the release before it. */
  code: 'new' | 'old';
  after: 'forward' | 'reverse';
  query: string;
  ok: boolean;
  error?: string;
}

export interface DrillStep {
  name: StepName;
  ok: boolean;
  ms: number;
  /** What ran (`12 migrations`), or why it failed (the file, the statement and PostgreSQL's message). */
  detail: string;
  /** Where it failed, when PostgreSQL said (its error position) or the statement is known: file and UTF-16 offset. */
  failedAt?: { file: string; offset: number };
}

export interface SchemaDiff {
  missing: string[];
  extra: string[];
}

/**
 * `accepted`: everything is restored but enum values the forward added,
 * which PostgreSQL cannot drop; they stay, and that is said.
 */
export type DrillVerdict = 'pass' | 'accepted' | 'fail';

/** A verdict that lets the pair ship: passed, or accepted with what PostgreSQL cannot undo. */
export function drillSucceeded(verdict: DrillVerdict): boolean {
  return verdict !== 'fail';
}

export interface DrillResult {
  database: string;
  verdict: DrillVerdict;
  steps: DrillStep[];
  /** After the reverse, against before the forward; undefined when the drill stopped earlier. */
  reverseDiff?: SchemaDiff;
  /** After the forward again, against after the first forward. */
  forwardAgainDiff?: SchemaDiff;
  /** Locks the forward held at the end of its transaction, against the prediction; undefined when it runs outside one. */
  locks?: LockComparison[];
  /** The application's queries run against the schema after the forward and after the reverse. */
  queries: QueryCheck[];
  /** Tables whose rows the reverse did not give back as they were before the forward. */
  dataDifferences?: DataDifference[];
  /** Generated rows, when asked for. */
  seed?: SeedResult;
  /** Why the verdict is what it is, in a sentence per reason. */
  reasons: string[];
  /** Differences that do not fail the drill, with why. */
  notes: string[];
}

class StepFailure extends Error {
  constructor(
    message: string,
    readonly failedAt?: { file: string; offset: number },
  ) {
    super(message);
  }
}

/** PostgreSQL's error position (1-based, in characters of the query text), as an offset in the text. */
function errorOffset(error: unknown): number | undefined {
  const position = Number((error as { position?: unknown }).position);
  return Number.isInteger(position) && position > 0 ? position - 1 : undefined;
}

export async function runPart(database: Database, part: PartToRun, beforeCommit?: () => Promise<void>): Promise<void> {
  if (!part.inTransaction) {
    for (const statement of statementChunksOf(part.text)) {
      try {
        await database.exec(statement.text);
      } catch (error) {
        rethrowIfConnectionLost(error);
        const offset = part.start + statement.start + (errorOffset(error) ?? 0);
        throw new StepFailure(`${shortened(statement.text.trim().split('\n')[0]!, 120)}: ${databaseErrorText(error)}`, { file: part.file, offset });
      }
    }
    return;
  }
  await database.exec('BEGIN');
  try {
    await database.exec(part.text);
    await beforeCommit?.();
    await database.exec('COMMIT');
  } catch (error) {
    rethrowIfConnectionLost(error);
    await database.exec('ROLLBACK').catch(() => undefined);
    const at = errorOffset(error) ?? (await failingStatementOffset(database, part));
    throw new StepFailure(databaseErrorText(error), at === undefined ? undefined : { file: part.file, offset: part.start + at });
  }
}

/**
 * PostgreSQL gives no position for many errors (a missing table in ALTER
 * TABLE): the part is replayed statement by statement in a transaction
 * that is rolled back, to find the one that fails.
 */
async function failingStatementOffset(database: Database, part: PartToRun): Promise<number | undefined> {
  await database.exec('BEGIN');
  try {
    for (const statement of statementChunksOf(part.text)) {
      try {
        await database.exec(statement.text);
      } catch (error) {
        rethrowIfConnectionLost(error);
        return statement.start + (errorOffset(error) ?? 0);
      }
    }
    return undefined;
  } finally {
    await database.exec('ROLLBACK').catch(() => undefined);
  }
}

const NOT_VALIDATED = ' NOT VALID (not validated)';

/**
 * A constraint the forward validated stays validated after the reverse:
 * PostgreSQL cannot mark a constraint NOT VALID again, and a reverse should
 * not drop and re-add it just for that. Likewise a CHECK the forward drops
 * may come back NOT VALID. Such pairs of lines become notes.
 */
function withoutValidation(diff: SchemaDiff, notes: string[]): SchemaDiff {
  const extra = new Set(diff.extra);
  const missing = diff.missing.filter((line) => {
    if (line.endsWith(NOT_VALIDATED)) {
      const validated = line.slice(0, -NOT_VALIDATED.length);
      if (!extra.delete(validated)) return true;
      notes.push(`${validated.replace(/^\S+ constraint: /, 'Constraint ')} stays validated after the reverse (PostgreSQL cannot un-validate a constraint).`);
      return false;
    }
    // The other way round: a reverse that puts back a dropped CHECK as NOT VALID, rather than scan the table while rolling back.
    if (!extra.delete(`${line}${NOT_VALIDATED}`)) return true;
    notes.push(
      `${line.replace(/^\S+ constraint: /, 'Constraint ')} comes back NOT VALID after the reverse (enforced for new rows; validating it again would scan the table during a rollback).`,
    );
    return false;
  });
  return { missing, extra: diff.extra.filter((line) => extra.has(line)) };
}

export function toolTables(sql: string | undefined): Set<string> {
  const name = sql ? /CREATE TABLE IF NOT EXISTS (\w+)/i.exec(sql)?.[1] : undefined;
  return new Set(name ? [name] : []);
}

/** The forward parts before the pair, in order; throws naming the file that failed. */
export async function applyHistory(database: Database, parts: readonly PartToRun[]): Promise<void> {
  for (const part of parts) {
    try {
      await runPart(database, part);
    } catch (error) {
      rethrowIfConnectionLost(error);
      throw new StepFailure(`${part.file}: ${(error as Error).message}`, (error as StepFailure).failedAt);
    }
  }
}

/**
 * Enum values the reverse left in place (an enum line after the reverse
 * that holds every value from before, plus some): PostgreSQL has no DROP
 * VALUE, so these are accepted rather than failed. Returns the diff without
 * them, and what stays.
 */
function withoutEnumValuesLeft(diff: SchemaDiff): { diff: SchemaDiff; left: string[] } {
  const left: string[] = [];
  const parse = (line: string): { type: string; values: string[] } | undefined => {
    // `public enum: mood sad,ok` (schema, kind, type, values in order).
    const match = /^(?:(\S+) )?enum: (\S+) (.*)$/.exec(line);
    return match ? { type: match[1] && match[1] !== 'public' ? `${match[1]}.${match[2]}` : match[2]!, values: match[3]!.split(',') } : undefined;
  };
  const extra = [...diff.extra];
  const missing = diff.missing.filter((line) => {
    const before = parse(line);
    if (!before) return true;
    const at = extra.findIndex((candidate) => {
      const after = parse(candidate);
      return after?.type === before.type && before.values.every((value) => after.values.includes(value)) && after.values.length > before.values.length;
    });
    if (at === -1) return true;
    const after = parse(extra[at]!)!;
    left.push(...after.values.filter((value) => !before.values.includes(value)).map((value) => `'${value}' of ${before.type}`));
    extra.splice(at, 1);
    return false;
  });
  return { diff: { missing, extra }, left };
}

function isEmpty(diff: SchemaDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0;
}

export interface DrillOptions {
  /** The forward's locks as the lock knowledge base predicts them. */
  predictedLocks: PredictedLocks;
  /** Checked between steps; a cancelled drill stops (the caller still closes the database). */
  cancelled?: () => boolean;
  /** Called as each step starts. */
  progress?: (step: StepName) => void;
  /** Queries the new release runs: must work after the forward. */
  newQueries?: readonly string[];
  /** Queries the previous release runs: must work after the forward (in-flight requests) and after the reverse. */
  oldQueries?: readonly string[];
  /** Rows before the forward: a SQL file of the user's, and/or N generated rows per table. */
  seed?: { sql?: string; rowsPerTable?: number };
  /** Tables the forward writes to or loses data in: their rows may differ after the reverse (said as a note). */
  dataLossExpected?: ReadonlySet<string>;
}

/** Runs an application query in a transaction that is rolled back, so writes leave nothing behind. */
async function tryQuery(database: Database, query: string): Promise<{ ok: boolean; error?: string }> {
  await database.exec('BEGIN');
  try {
    await database.exec(query);
    return { ok: true };
  } catch (error) {
    rethrowIfConnectionLost(error);
    return { ok: false, error: databaseErrorText(error) };
  } finally {
    await database.exec('ROLLBACK').catch(() => undefined);
  }
}

/** One drill as it runs: its steps, timed and recorded, the application queries tried, the result built up. */
class DrillSteps {
  readonly result: DrillResult;

  constructor(
    readonly database: Database,
    private readonly options: DrillOptions,
  ) {
    this.result = { database: database.label, verdict: 'fail', steps: [], reasons: [], notes: [], queries: [] };
  }

  snapshot(): Promise<string[]> {
    return snapshotDatabase((sql, parameters) => this.database.rows(sql, parameters));
  }

  /** Runs one step; false when it failed (the reason recorded) or the drill was cancelled. */
  async step(name: StepName, work: () => Promise<string>): Promise<boolean> {
    const { result } = this;
    if (this.options.cancelled?.()) {
      result.reasons.push('The drill was cancelled.');
      return false;
    }
    this.options.progress?.(name);
    const started = performance.now();
    try {
      const detail = await work();
      result.steps.push({ name, ok: true, ms: Math.round(performance.now() - started), detail });
      return true;
    } catch (error) {
      rethrowIfConnectionLost(error);
      const detail = error instanceof StepFailure ? error.message : databaseErrorText(error);
      const failedAt = error instanceof StepFailure ? error.failedAt : undefined;
      result.steps.push({ name, ok: false, ms: Math.round(performance.now() - started), detail, ...(failedAt ? { failedAt } : {}) });
      result.reasons.push(`The ${name} step failed: ${detail}`);
      return false;
    }
  }

  /** The old or new release's queries, each in a rolled-back transaction. */
  async check(code: QueryCheck['code'], after: QueryCheck['after'], queries: readonly string[] | undefined): Promise<void> {
    for (const query of queries ?? []) {
      const outcome = await tryQuery(this.database, query);
      this.result.queries.push({ code, after, query: query.trim(), ...outcome });
      if (!outcome.ok) {
        const who = code === 'new' ? 'A query of the new code' : 'A query of the old code';
        const why = code === 'old' && after === 'forward' ? ' (requests of the release still running would break during the deploy)' : '';
        this.result.reasons.push(`${who} fails after the ${after}${why}: ${shortened(query.trim().split('\n')[0]!, 100)}: ${outcome.error}`);
      }
    }
  }
}

async function seedStep(drill: DrillSteps, plan: DrillPlan, seed: NonNullable<DrillOptions['seed']>): Promise<boolean> {
  return drill.step('seed', async () => {
    const parts: string[] = [];
    if (seed.sql) {
      await runPart(drill.database, { file: 'seed', text: seedSql(seed.sql), inTransaction: true, start: 0 });
      parts.push('the seed file ran');
    }
    if (seed.rowsPerTable) {
      const seeded = await seedRows(drill.database, seed.rowsPerTable, toolTables(plan.toolTableSql));
      drill.result.seed = seeded;
      parts.push(`${counted(seed.rowsPerTable, 'generated row')} in each of ${counted(seeded.seeded.length, 'table')}`);
      if (seeded.skipped.length > 0) parts.push(`not seeded: ${seeded.skipped.map((entry) => `${entry.table} (${entry.reason})`).join('; ')}`);
    }
    return parts.join('; ');
  });
}

/** After the reverse: the schema and the rows compared with before the forward. Returns the enum values PostgreSQL kept. */
async function compareAfterReverse(
  drill: DrillSteps,
  beforeForward: string[],
  dataBefore: Awaited<ReturnType<typeof tableData>>,
  options: DrillOptions,
): Promise<string[]> {
  const { result } = drill;
  const { diff: reverseDiff, left: enumValuesLeft } = withoutEnumValuesLeft(
    withoutValidation(diffSnapshots(beforeForward, await drill.snapshot()), result.notes),
  );
  result.reverseDiff = reverseDiff;
  if (!isEmpty(reverseDiff)) result.reasons.push('After the reverse, the schema differs from before the forward.');
  result.dataDifferences = dataDifferences(dataBefore, await tableData(drill.database));
  for (const difference of result.dataDifferences) {
    const what = `${difference.table}: ${counted(difference.before.rows, 'row')} before the forward, ${difference.after?.rows ?? 0} after the reverse${difference.before.rows === difference.after?.rows ? ', with different contents' : ''}`;
    if (options.dataLossExpected?.has(difference.table)) result.notes.push(`Rows changed in ${what} (the forward writes or drops data there).`);
    else result.reasons.push(`The reverse did not give back the rows of ${what}.`);
  }
  return enumValuesLeft;
}

function settleVerdict(result: DrillResult, enumValuesLeft: readonly string[]): void {
  if (result.reasons.length > 0) return;
  if (enumValuesLeft.length > 0) {
    result.verdict = 'accepted';
    result.reasons.push(
      `Enum value ${enumValuesLeft.join(', ')} stays after the reverse: not reversible in PostgreSQL, accepted. Everything else is restored and the forward applies again.`,
    );
  } else {
    result.verdict = 'pass';
    result.reasons.push('The reverse restores the schema and the forward applies again to the same result.');
  }
}

export async function runDrill(plan: DrillPlan, database: Database, options: DrillOptions): Promise<DrillResult> {
  const drill = new DrillSteps(database, options);
  const { result } = drill;
  const ranHistory = await drill.step('history', async () => {
    await applyHistory(database, plan.history);
    return `${counted(plan.history.length, 'earlier migration part')} applied`;
  });
  if (!ranHistory) return result;
  if (options.seed && (options.seed.sql || options.seed.rowsPerTable) && !(await seedStep(drill, plan, options.seed))) return result;
  const beforeForward = await drill.snapshot();
  const dataBefore = await tableData(database);

  const ranForward = await drill.step('forward', async () => {
    const before = await relationsByOid(database);
    await runPart(database, plan.forward, async () => {
      result.locks = compareLocks(await heldRelationLocks(database, before), options.predictedLocks, before);
    });
    return plan.forward.inTransaction ? 'applied in one transaction' : 'applied statement by statement (outside a transaction: locks not observed)';
  });
  if (!ranForward) return result;
  const afterForward = await drill.snapshot();
  await drill.check('new', 'forward', options.newQueries);
  await drill.check('old', 'forward', options.oldQueries);

  const reverse = plan.reverse;
  if (!reverse) {
    result.reasons.push('There is no reverse migration to drill.');
    return result;
  }
  const ranReverse = await drill.step('reverse', async () => {
    await runPart(database, reverse);
    return reverse.inTransaction ? 'applied in one transaction' : 'applied statement by statement';
  });
  if (!ranReverse) return result;
  const enumValuesLeft = await compareAfterReverse(drill, beforeForward, dataBefore, options);
  await drill.check('old', 'reverse', options.oldQueries);

  const ranAgain = await drill.step('forward again', async () => {
    await runPart(database, plan.forward);
    return 'applied again after the reverse';
  });
  if (!ranAgain) {
    // The value the reverse could not drop is still there: the forward's ADD VALUE meets it.
    if (enumValuesLeft.length > 0 && /SQLSTATE 42710/.test(result.steps.at(-1)?.detail ?? '')) {
      result.reasons.push(
        `The reverse leaves enum value ${enumValuesLeft.join(', ')} (PostgreSQL cannot drop one), so the forward fails when applied again: write ADD VALUE IF NOT EXISTS.`,
      );
    }
    return result;
  }
  result.forwardAgainDiff = diffSnapshots(afterForward, await drill.snapshot());
  if (!isEmpty(result.forwardAgainDiff)) result.reasons.push('The forward applied again does not give the same schema as the first time.');
  settleVerdict(result, enumValuesLeft);
  return result;
}
