/**
 * Fixes whose result must not run in the file's transaction: a CONCURRENTLY
 * statement, or the VALIDATE that follows an ADD ... NOT VALID. A quick fix
 * never trades one error for another, so where the statement would still run
 * in a transaction block the fix moves the work into a migration of its own,
 * laid out the way the project's tool writes migrations (its file names, its
 * no-transaction marker, its reverse), and keeps the pair's reverse in step.
 * Work moves only out of the folder's newest migration, and only when
 * nothing after it in the file can depend on it, so the order in which
 * statements run is kept. Elsewhere (a tool fearless does not write for, an
 * older migration) no fix is offered: the advice says how.
 */

import * as path from 'node:path';
import { projectFiles, rethrowIfRefused } from '../../files/projectFiles';
import { conventionByName, type PhaseWriter, type PlannedFile } from '../../migrations/conventions';
import type { SectionPair } from '../../migrations/pairFacts';
import { deterministicReverse } from '../../reverse/deterministicReverse';
import type { Effect } from '../../schema/effects';
import type { ParsedStatement } from '../../sql/parseSql';
import { TextLines, type Range } from '../../sql/textLines';
import { withSemicolon } from '../../sql/statementParts';
import { SUGGESTED_LOCK_TIMEOUT } from '../../locks/sessionSettings';
import type { Fix, RuleContext, StatementFacts, TextEdit } from '../rule';
import { fixOf } from './edits';

/** The file's migration, and how its tool writes the migrations that follow the folder's last one. */
interface Placement {
  writer: PhaseWriter;
  folder: string;
  /** The file's own migration. */
  version: string;
  name: string;
  /** The last migration of the folder (the file's own when it is the newest). */
  last: string;
}

/** A migration this fix adds after the current one. */
export interface MigrationToAdd {
  slug: string;
  forward: string;
  reverse: string;
  outsideTransaction: boolean;
}

/** The reverse of work that changes no schema object (VALIDATE, REINDEX): a statement, so the reverse is not empty. */
export const NOTHING_TO_UNDO = '-- Changes no schema object: there is nothing to undo.\nSELECT 1;';

const placements = new WeakMap<RuleContext, Placement | undefined>();

/** The file's tool, folder and version, when fearless can write the migration that follows it (the folder read once per analysis). */
function placementOf(context: RuleContext): Placement | undefined {
  if (!placements.has(context)) placements.set(context, findPlacement(context));
  return placements.get(context);
}

function findPlacement(context: RuleContext): Placement | undefined {
  const writer = conventionByName(context.layout.convention).phaseWriter;
  if (!writer || context.transactionMode !== 'auto' || !path.isAbsolute(context.path)) return undefined;
  const source = writer.source(context.path);
  if (!source) return undefined;
  const folder = writer.folderOf(context.path);
  let versions: string[];
  try {
    versions = writer.existing(folder);
  } catch {
    return undefined;
  }
  // Not the newest: a migration added after the last one would run after migrations that may build on this statement.
  if (versions.some((version) => writer.compare(version, source.version) > 0)) return undefined;
  return { writer, folder, version: source.version, name: source.name, last: source.version };
}

function applied(text: string, base: number, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start - base) + edit.newText + result.slice(edit.end - base);
  }
  return result;
}

/** The pair of the statement's part. */
function pairOf(facts: StatementFacts, context: RuleContext): SectionPair | undefined {
  return context.pairs?.sections.find((pair) => pair.section === facts.section);
}

const OPPOSITE: Partial<Record<Effect['action'], Effect['action']>> = { create: 'drop', drop: 'create', set: 'unset', unset: 'set' };

/** The reverse's statements that undo exactly what `statement` does (e.g. the DROP INDEX of a moved CREATE INDEX). */
function undoingStatements(facts: StatementFacts, pair: SectionPair | undefined): { file: string; ranges: Range[]; text: string } | undefined {
  const other = pair?.other;
  if (!pair || !other || other.statementCount === 0) return undefined;
  const own = pair.own.effects.filter((effect) => effect.statementIndex === facts.statement.index);
  if (own.length === 0) return undefined;
  const undoes = (effect: Effect): boolean =>
    own.some((done) => done.kind === effect.kind && done.name === effect.name && OPPOSITE[done.action] === effect.action);
  const byStatement = new Map<number, Effect[]>();
  for (const effect of other.effects) byStatement.set(effect.statementIndex, [...(byStatement.get(effect.statementIndex) ?? []), effect]);
  const ranges = [...byStatement].flatMap(([index, effects]) => (effects.every(undoes) ? (other.ranges.get(index) ?? []) : []));
  if (ranges.length === 0) return undefined;
  return { file: other.file, ranges: wholeLines(ranges, other.text), text: other.text };
}

/** A statement that fills its lines is removed with its line break, so no blank line stays behind. */
function wholeLines(ranges: Range[], text: string | undefined): Range[] {
  if (text === undefined) return ranges;
  const lines = text.split('\n');
  return ranges.map((range) => {
    const before = lines[range.start.line]?.slice(0, range.start.character) ?? '';
    const after = lines[range.end.line]?.slice(range.end.character) ?? '';
    const alone = before.trim() === '' && after.trim() === '' && range.end.line + 1 < lines.length;
    return alone ? { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } } : range;
  });
}

function textOfFile(file: string, context: RuleContext): string | undefined {
  if (file === context.path) return context.text;
  try {
    return projectFiles.readText(file);
  } catch (error) {
    rethrowIfRefused(error);
    return undefined;
  }
}

/** The statement as the fix writes it (CONCURRENTLY set), for inverting it. */
function asConcurrent(statement: ParsedStatement): ParsedStatement {
  const kind = statement.kind;
  const body = kind ? (statement.node?.[kind] as Record<string, unknown> | undefined) : undefined;
  if (!kind || !body || !('concurrent' in body || kind === 'IndexStmt' || kind === 'DropStmt')) return statement;
  const node = { [kind]: { ...body, concurrent: true } } as ParsedStatement['node'];
  return { ...statement, node, documentOffset: statement.documentOffset, leadingRelation: statement.leadingRelation };
}

/** The reverse of the moved statement: drafted from the history, else what the pair's reverse held for it. */
function reverseOfMoved(facts: StatementFacts, context: RuleContext, undoing: string[]): string {
  const drafted = deterministicReverse([asConcurrent(facts.statement)], context.schemaBefore, context.path);
  if (drafted.statements.length > 0 && drafted.unresolved.length === 0) return drafted.statements.map((entry) => entry.sql).join('\n');
  if (undoing.length > 0) return undoing.map(withSemicolon).join('\n');
  const owned = pairOf(facts, context)?.own.effects.some((effect) => effect.statementIndex === facts.statement.index);
  return owned ? `-- Write here what undoes:\n-- ${facts.statement.text.replace(/\n/g, '\n-- ')}` : NOTHING_TO_UNDO;
}

/** One edit from `before` to `after`: the part between their common start and common end. */
function minimalEdit(before: string, after: string): { start: number; end: number; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}

/** Removes a statement and what follows it up to the end of its line. */
export function removal(statement: ParsedStatement, text: string): TextEdit {
  let end = statement.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start: statement.start, end, newText: '' };
}

/** The statements of the part that do something (not a SET of lock_timeout and the like). */
function workingStatements(facts: StatementFacts, context: RuleContext): StatementFacts[] {
  return context.statements.filter(
    (other) => other.section === facts.section && other.statement.kind !== undefined && other.statement.kind !== 'VariableSetStmt',
  );
}

/** Nothing after the statement in its part can depend on it: moving its work to the next migration keeps the order. */
function lastInPart(facts: StatementFacts, context: RuleContext): boolean {
  return workingStatements(facts, context).at(-1) === facts;
}

/** Tools that run a no-transaction migration statement by statement (golang-migrate and diesel send the file as one query string). */
const STATEMENT_BY_STATEMENT = new Set(['dbmate', 'goose', 'sql-migrate', 'flyway']);

/**
 * The session settings other than timeouts (search_path, role...) in force before the statement in its part, to
 * write before the moved work; undefined when a migration outside a transaction cannot hold them (a query string
 * of several statements is one transaction).
 */
function carriedSettings(facts: StatementFacts, context: RuleContext, outside: boolean): string[] | undefined {
  const before = context.statements.slice(0, context.statements.indexOf(facts));
  const settings = before
    .filter((other) => other.section === facts.section && other.statement.kind === 'VariableSetStmt' && !/_timeout\b/i.test(other.statement.text))
    .map((other) => withSemicolon(other.statement.text));
  return settings.length > 0 && outside && !STATEMENT_BY_STATEMENT.has(context.layout.convention) ? undefined : settings;
}

/** The migration with the settings written before its forward and its reverse. */
function withSettings(migration: MigrationToAdd, settings: readonly string[]): MigrationToAdd {
  if (settings.length === 0) return migration;
  const prefix = `${settings.join('\n')}\n`;
  return { ...migration, forward: prefix + migration.forward, reverse: prefix + migration.reverse };
}

/** The statement is its migration's only work: moving it out would leave an empty migration. */
export function aloneInMigration(facts: StatementFacts, context: RuleContext): boolean {
  const working = workingStatements(facts, context);
  return working.length === 1 && working[0] === facts && !facts.inExplicitTransaction;
}

/** The files of the migrations added after `placement`, checked not to exist yet. */
function newMigrationFiles(placement: Placement, migrations: readonly MigrationToAdd[]): PlannedFile[] | undefined {
  const files = migrations.flatMap((migration, index) => placement.writer.files(placement.folder, placement.writer.next(placement.last, index + 1), migration));
  return files.some((file) => projectFiles.exists(file.path)) ? undefined : files;
}

const shownName = (file: PlannedFile, folder: string): string => path.relative(folder, file.path);

/**
 * `rewrite` turns the statement into its non-blocking form (CONCURRENTLY).
 * Run apart from any transaction, the rewrite is the fix. Alone in its
 * migration, the migration is set to run outside a transaction the tool's way;
 * otherwise the rewritten statement moves into a new migration after this one.
 */
export function outsideTransactionFix(
  facts: StatementFacts,
  context: RuleContext,
  title: string,
  rewrite: readonly TextEdit[],
  slug: string,
  titles: { alone: string; moved: string } = { alone: `${title}, and run this migration outside a transaction`, moved: `${title} in a new migration` },
): Fix | undefined {
  if (!facts.inTransaction) return rewrite.length > 0 ? fixOf(title, rewrite) : undefined;
  if (facts.section?.role !== 'forward') return undefined;
  const placement = placementOf(context);
  if (!placement) return undefined;
  if (aloneInMigration(facts, context)) {
    // A one-statement file the tool sends as one query string already runs outside a transaction; with a SET beside it, it cannot.
    if (facts.section.transaction === 'implicit') return undefined;
    return wholeMigrationOutside(facts, context, placement, titles.alone, rewrite);
  }
  const settings = carriedSettings(facts, context, true);
  if (!lastInPart(facts, context) || !settings) return undefined;
  const pair = pairOf(facts, context);
  const undoing = undoingStatements(facts, pair);
  const undoingText = undoing ? undoneTexts(undoing) : [];
  const forward = withSemicolon(applied(facts.statement.text, facts.statement.start, rewrite));
  const moved = withSettings(
    { slug, forward: `${forward}\n`, reverse: `${reverseOfMoved(facts, context, undoingText)}\n`, outsideTransaction: true },
    settings,
  );
  const files = newMigrationFiles(placement, [moved]);
  if (!files || !context.text) return undefined;
  const reverseEdits = (undoing?.ranges ?? []).map((range) => ({ path: undoing!.file, range, newText: '' }));
  return {
    title: `${titles.moved} (${shownName(files[0]!, placement.folder)})`,
    edits: [removal(facts.statement, context.text)],
    newFiles: files.map((file) => ({ path: file.path, content: file.text })),
    ...(reverseEdits.length > 0 ? { otherEdits: reverseEdits } : {}),
  };
}

function undoneTexts(undoing: { ranges: Range[]; text: string }): string[] {
  const lines = new TextLines(undoing.text);
  return undoing.ranges.map((range) => undoing.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end)));
}

/** The statement is the migration's only work: the migration itself is set to run outside a transaction. */
function wholeMigrationOutside(
  facts: StatementFacts,
  context: RuleContext,
  placement: Placement,
  title: string,
  rewrite: readonly TextEdit[],
): Fix | undefined {
  const section = facts.section!;
  const original = context.text.slice(section.start, section.end);
  const counterpart = pairOf(facts, context)?.counterpart;
  const counterpartText = counterpart?.exists ? textOfFile(counterpart.file, context) : undefined;
  const reverse =
    counterpart?.section && counterpartText !== undefined ? counterpartText.slice(counterpart.section.start, counterpart.section.end) : (counterpartText ?? '');
  const write = (forward: string, outsideTransaction: boolean): PlannedFile[] =>
    placement.writer.files(placement.folder, placement.version, { slug: placement.name, forward, reverse, outsideTransaction });
  const asWritten = write(original, false);
  const files = write(applied(original, section.start, rewrite), true);
  const edits: TextEdit[] = [];
  const newFiles: { path: string; content: string }[] = [];
  for (const file of files) {
    if (path.resolve(file.path) === path.resolve(context.path)) {
      // The file is rewritten whole only where it is what the tool's writer would write (blank lines aside):
      // anything else in it (a comment above a marker, a block already wrapped) would be lost.
      const before = asWritten.find((candidate) => candidate.path === file.path)?.text;
      if (before === undefined || blankLinesAside(before) !== blankLinesAside(context.text)) return undefined;
      const edit = minimalEdit(context.text, file.text);
      if (edit) edits.push(edit);
      continue;
    }
    if (projectFiles.exists(file.path)) {
      // An existing file other than this one: the same text, or no fix (a settings file of the user's is never replaced).
      if (textOfFile(file.path, context) !== file.text) return undefined;
      continue;
    }
    if (file.kind === 'reverse') continue;
    // A setting for a script that does not exist (Flyway's U2__x.sql.conf without U2__x.sql).
    if (file.kind === 'settings' && file.path.endsWith('.conf') && !projectFiles.exists(file.path.slice(0, -'.conf'.length))) continue;
    newFiles.push({ path: file.path, content: file.text });
  }
  return { title, edits, ...(newFiles.length > 0 ? { newFiles } : {}) };
}

const blankLinesAside = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');

/**
 * Work that must wait for a later transaction (VALIDATE after ADD ... NOT
 * VALID): `now` edits this statement, `later` goes into a new migration after
 * this one, and `reverseNow` (when given) replaces the reverse's statements
 * that undid this statement as it was.
 */
export function laterMigrationFix(
  facts: StatementFacts,
  context: RuleContext,
  fix: { title: string; now: readonly TextEdit[]; later: MigrationToAdd | MigrationToAdd[]; reverseNow?: string },
): Fix | undefined {
  if (facts.section?.role !== 'forward' || !lastInPart(facts, context)) return undefined;
  const placement = placementOf(context);
  if (!placement) return undefined;
  const later = Array.isArray(fix.later) ? fix.later : [fix.later];
  const settings = later.map((migration) => carriedSettings(facts, context, migration.outsideTransaction));
  if (settings.some((carried) => carried === undefined)) return undefined;
  const files = newMigrationFiles(
    placement,
    later.map((migration, index) => withSettings(migration, settings[index]!)),
  );
  if (!files) return undefined;
  const undoing = fix.reverseNow === undefined ? undefined : undoingStatements(facts, pairOf(facts, context));
  // The first statement that undid the old form gives way to `reverseNow`; the others go.
  const replacement = (range: Range): string =>
    fix.reverseNow && range.end.character === 0 && range.end.line > range.start.line ? `${fix.reverseNow}\n` : fix.reverseNow!;
  const otherEdits = (undoing?.ranges ?? []).map((range, index) => ({ path: undoing!.file, range, newText: index === 0 ? replacement(range) : '' }));
  return {
    ...fixOf(`${fix.title} (${shownName(files[0]!, placement.folder)})`, fix.now),
    newFiles: files.map((file) => ({ path: file.path, content: file.text })),
    ...(otherEdits.length > 0 ? { otherEdits } : {}),
  };
}

/**
 * The `SET lock_timeout` for the migration the statement's work moves to: the
 * one in force before the statement, else a default (a new migration that
 * takes a lock blocking traffic while it waits should not wait unbounded).
 */
export function lockTimeoutInForce(facts: StatementFacts, context: RuleContext): string {
  let setting = SUGGESTED_LOCK_TIMEOUT;
  for (const other of context.statements) {
    if (other === facts) break;
    if (other.section !== facts.section || !other.lockTimeoutChange) continue;
    setting = other.lockTimeoutChange.kind === 'set' ? withSemicolon(other.statement.text) : SUGGESTED_LOCK_TIMEOUT;
  }
  return setting;
}

/** A migration name from words (`build_events_tenant_id_idx`): lower case, underscores, at most 60 characters. */
export function migrationSlug(...words: readonly string[]): string {
  const slug = words
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug.slice(0, 60).replace(/_+$/, '') || 'migration';
}
