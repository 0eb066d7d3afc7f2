/**
 * The phases for the recognised changes of one naive migration, in the
 * standard expand / backfill / index / validate / contract order:
 *
 * 1. expand: new columns nullable (a volatile default set after the column
 *    is added, so only new rows get it), copies of replaced columns with the
 *    trigger that keeps them in step (and their NOT NULL check: the trigger
 *    sets them); a renamed table gets its view right after;
 * 2. backfills, outside the migrations, in batches;
 * 3. foreign keys added NOT VALID and each index built CONCURRENTLY, each a
 *    migration of its own; unique constraints then put onto their index;
 * 4. a `CHECK (col IS NOT NULL) NOT VALID` for each column a backfill fills
 *    that must become NOT NULL: only now, because a NOT VALID check still
 *    applies to every insert and update, and the running release neither
 *    sets the new column nor can update a row the backfill has not reached;
 * 5. validate the checks, and the FOREIGN KEY and CHECK constraints the
 *    naive migration added validated;
 * 6. contract: SET NOT NULL (the validated check spares the scan) and drop
 *    the check; swap changed-type columns into place;
 * 7. drops, after the release that stopped using what they drop.
 *
 * A column added NOT NULL with a non-volatile default needs no phases on
 * PostgreSQL 11+ (the default is stored in the catalog, not written into
 * each row; the lock knowledge base decides volatility).
 */

import { compactNumber, type TableSizes } from '../migrations/tableSizes';
import { deterministicReverse } from '../reverse/deterministicReverse';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import { backfillScript } from './backfillScript';
import { PlanProblem, type Backfill, type ChangePlan, type Phase } from './changePlan';
import { dropColumnPhase } from './dropColumnPhase';
import { notNullCheckName, setNotNullTrustsValidatedCheck } from '../locks/notNullProof';
import { normaliseName, type SchemaModel } from '../schema/schemaModel';
import { emptyBuckets, indexOf, LOCK_TIMEOUT, primaryKeyOf, type NotNullColumn, type PhaseBuckets } from './phaseBuckets';
import type { Change } from './recogniseChanges';
import { planColumnRename } from './renameColumnPhases';
import { planTableDrop, planTableRename } from './tablePhases';
import { planTypeChange } from './typeChangePhases';
import { shortened } from '../wording';

export interface PhaseOptions {
  /** `table.column` (or `column`) → the expression a backfill sets it to. */
  backfillValues: ReadonlyMap<string, string>;
  batchSize: number;
  pauseMs: number;
  pgVersion: number;
  source: string;
  /** Known table sizes (config or statistics): the plan document estimates each backfill from them. */
  tableSizes?: TableSizes;
}

function backfillEstimate(rows: number | undefined, options: PhaseOptions): string | undefined {
  if (rows === undefined) return undefined;
  const batches = Math.max(1, Math.ceil(rows / options.batchSize));
  const pauseSeconds = (batches * options.pauseMs) / 1000;
  const pauses =
    pauseSeconds >= 3600
      ? `${(pauseSeconds / 3600).toFixed(1)} h`
      : pauseSeconds >= 60
        ? `${Math.round(pauseSeconds / 60)} min`
        : `${Math.round(pauseSeconds)} s`;
  return `≈ ${compactNumber(rows)} rows: ≈ ${compactNumber(batches)} batches of ${options.batchSize}, whose pauses alone take ${pauses}`;
}

function planAddColumn(buckets: PhaseBuckets, change: Extract<Change, { kind: 'add-column' }>, pgVersion: number): void {
  const table = quoteQualified(change.table);
  const column = quoteName(change.column);
  // A default PostgreSQL cannot store in the catalog is written into every row: set after the column exists, it only reaches new rows.
  const rewritingDefault = change.defaultSql !== undefined && (change.volatileDefault || pgVersion < 11);
  const instant = change.notNull && change.defaultSql !== undefined && !rewritingDefault;
  const definition = `${column} ${change.type}${change.defaultSql && !rewritingDefault ? ` DEFAULT ${change.defaultSql}` : ''}${instant ? ' NOT NULL' : ''}`;
  buckets.expandForward.push(`ALTER TABLE ${table} ADD COLUMN ${definition};`);
  if (rewritingDefault) buckets.expandForward.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${change.defaultSql};`);
  buckets.expandReverse.unshift(
    `-- ${change.column} is new in this phase: what was written to it since goes with it.\n-- fearless-ignore data-loss-in-pair\nALTER TABLE ${table} DROP COLUMN ${column};`,
  );
  if (change.notNull && !instant)
    buckets.notNull.push({ table: change.table, column: change.column, ...(change.defaultSql ? { defaultSql: change.defaultSql } : {}) });
  else if (rewritingDefault) buckets.fills.push({ table: change.table, column: change.column, value: change.defaultSql! });
}

function planAddConstraint(buckets: PhaseBuckets, change: Extract<Change, { kind: 'add-constraint' }>): void {
  const add = `ALTER TABLE ${quoteQualified(change.table)} ADD ${change.definition} NOT VALID;`;
  const drop = `ALTER TABLE ${quoteQualified(change.table)} DROP CONSTRAINT IF EXISTS ${quoteName(change.name)};`;
  if (/\bFOREIGN\s+KEY\b/i.test(change.definition)) {
    // A foreign key locks the referenced table too (dropping it takes ACCESS EXCLUSIVE on both): a migration of its own.
    buckets.foreignKeys.push({
      slug: `add_${change.name}_not_valid`,
      summary: `Adds the foreign key ${change.name} NOT VALID: enforced for new rows at once, existing rows checked later. Brief SHARE ROW EXCLUSIVE on both tables, bounded by lock_timeout.`,
      forward: `${LOCK_TIMEOUT}\n${add}\n`,
      reverse: `${LOCK_TIMEOUT}\n${drop}\n`,
      release: 'Before the release that relies on the reference; the application must already write valid references.',
    });
  } else {
    buckets.expandForward.push(add);
    buckets.expandReverse.unshift(drop);
  }
  buckets.validations.push({ table: change.table, name: change.name });
}

function planAddUnique(buckets: PhaseBuckets, change: Extract<Change, { kind: 'add-unique' }>): void {
  const table = quoteQualified(change.table);
  const name = quoteName(change.name);
  buckets.indexes.push({
    slug: `index_${change.name}_concurrently`,
    summary: `Builds the unique index for ${change.name} with CONCURRENTLY: writes go on while it builds (SHARE UPDATE EXCLUSIVE). It fails, and leaves an invalid index to drop, if existing rows are not unique.`,
    forward: `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${table} (${change.columns});\n`,
    reverse: `DROP INDEX CONCURRENTLY IF EXISTS ${indexOf(change.table, change.name)};\n`,
    outsideTransaction: true,
    release: 'After the phases before it: the application must already write unique values.',
  });
  buckets.attachments.push({
    slug: `add_${change.name}_using_index`,
    summary: `Makes the built index the UNIQUE constraint ${change.name}: no scan, no build, a brief ACCESS EXCLUSIVE lock bounded by lock_timeout.`,
    forward: `${LOCK_TIMEOUT}\nALTER TABLE ${table} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name};\n`,
    reverse: `${LOCK_TIMEOUT}\nALTER TABLE ${table} DROP CONSTRAINT ${name};\n-- Dropping the constraint dropped its index: rebuilt under the table lock, as it was before this phase.\n-- fearless-ignore index-without-concurrently\nCREATE UNIQUE INDEX ${name} ON ${table} (${change.columns});\n`,
    release: 'Any time after the index is built.',
  });
}

function planDropColumn(buckets: PhaseBuckets, change: Extract<Change, { kind: 'drop-column' }>, schema: SchemaModel): void {
  const existing = schema.column(change.table, change.column);
  const table = quoteQualified(change.table);
  const column = quoteName(change.column);
  // NOT NULL without a default: the release that stops writing the column could not insert. Relaxed first, so the drop's reverse can add it back.
  const relax = existing?.notNull === true && existing.defaultSql === undefined && existing.hasDefault !== true;
  if (relax) {
    buckets.expandForward.push(
      `-- The release that stops writing ${change.column} must be able to insert without it.`,
      '-- fearless-ignore drop-not-null',
      `ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL;`,
    );
    buckets.expandReverse.unshift(`-- fearless-ignore set-not-null-scans-table\nALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`);
  }
  const lostIndexes = schema.indexesOf(change.table).filter((index) => index.columns.includes(change.column) && !schema.constraint(change.table, index.name));
  const lostConstraints = schema
    .constraintsOf(change.table)
    .filter((constraint) => constraint.kind !== 'not null' && constraint.columns.includes(change.column));
  const dropped = dropColumnPhase({
    table: change.table,
    column: change.column,
    type: existing?.type?.display,
    ...(existing?.defaultSql ? { defaultSql: existing.defaultSql } : {}),
    notNull: existing?.notNull === true && !relax,
    lostIndexes,
    lostConstraints,
    slug: `drop_${change.column}`,
    summary: `Drops ${change.table}.${change.column}. Only after the release that no longer reads or writes it is fully deployed.`,
    release: `After the release that stopped using ${change.column}: no running instance may still read or write it.`,
    pointOfNoReturn: `Dropping ${change.column} loses its data: the reverse adds the column back empty.`,
  });
  buckets.openQuestions.push(...dropped.questions);
  buckets.drops.push(dropped.phase);
}

function planKept(buckets: PhaseBuckets, change: Extract<Change, { kind: 'keep' }>, schema: SchemaModel, source: string): void {
  buckets.expandForward.push(`${change.sql};`);
  const undo = deterministicReverse([change.statement], schema, source);
  const summary = change.sql.replace(/\s+/g, ' ');
  if (undo.unresolved.length > 0 || undo.statements.length === 0) {
    buckets.expandReverse.unshift(`-- TODO: undo "${shortened(summary, 80)}" (the planner keeps it as written and cannot prove its reverse).`);
    buckets.openQuestions.push(`Kept as written, without a proven reverse: ${summary}`);
  } else {
    buckets.expandReverse.unshift(undo.statements.map((statement) => statement.sql).join('\n'));
    buckets.openQuestions.push(`Kept as written in the first phase (not a change the planner phases): ${summary}`);
  }
}

function backfillsOf(buckets: PhaseBuckets, schema: SchemaModel, options: PhaseOptions, afterPhase: number): Backfill[] {
  refuseUnusedBackfillKeys(options.backfillValues, buckets);
  const backfills: Backfill[] = [];
  const add = (table: string, column: string, value: string, pending: string | undefined, when: string): void => {
    const key = primaryKeyOf(schema, table);
    // Without a key the backfill cannot page, and a copy that is never filled would lose the column's data at the swap or the drop.
    if (!key) throw new PlanProblem(`${table} has no primary key to page the backfill of ${column} by: add one first, or make this change by hand.`);
    const scriptOptions = { table, column, value, key, batchSize: options.batchSize, pauseMs: options.pauseMs, ...(pending ? { pending } : {}) };
    const estimate = backfillEstimate(options.tableSizes?.get(table)?.rows, options);
    backfills.push({
      slug: `backfill_${table.split('.').at(-1)}_${column}`,
      table,
      column,
      value,
      afterPhase,
      when,
      script: backfillScript(scriptOptions),
      scriptOptions,
      ...(estimate ? { estimate } : {}),
    });
  };
  for (const entry of buckets.notNull.filter((candidate) => !candidate.copiedFrom)) {
    const value = backfillValueOf(options.backfillValues, entry.table, entry.column) ?? entry.defaultSql;
    // Rows the running release writes before it sets the column would stay NULL and fail the validation: the default covers them, else the release must.
    const when = entry.defaultSql
      ? 'right away (new rows get the default)'
      : `once every running instance runs the release that sets ${entry.column} on each insert and update (rows written before then would stay NULL)`;
    if (value) add(entry.table, entry.column, value, undefined, when);
    else {
      buckets.missingValues.push({ table: entry.table, column: entry.column });
      buckets.openQuestions.push(
        `What should existing rows of ${entry.table} get in ${entry.column}? Give it with --backfill ${entry.table}.${entry.column}=EXPR; until then the validation fails on a table with rows.`,
      );
    }
  }
  for (const fill of buckets.fills)
    add(
      fill.table,
      fill.column,
      backfillValueOf(options.backfillValues, fill.table, fill.column) ?? fill.value,
      undefined,
      'right away (new rows get the default)',
    );
  for (const copy of buckets.copies)
    add(
      copy.table,
      copy.column,
      quoteName(copy.from),
      `${quoteName(copy.column)} IS NULL AND ${quoteName(copy.from)} IS NOT NULL`,
      'right away (the trigger keeps new writes in step)',
    );
  return backfills;
}

/** `--backfill` keys name a column as `table.column`, `schema.table.column` or `column`; `public.` may be left out either way. */
function backfillKeysOf(table: string, column: string): string[] {
  const bare = normaliseName(table);
  return [`${table}.${column}`, `${bare}.${column}`, `public.${bare}.${column}`, column];
}

function backfillValueOf(values: ReadonlyMap<string, string>, table: string, column: string): string | undefined {
  const key = backfillKeysOf(table, column).find((candidate) => values.has(candidate));
  return key === undefined ? undefined : values.get(key);
}

/** A `--backfill` key no column of the plan takes is a typo that would leave the column to fail its validation: refused. */
function refuseUnusedBackfillKeys(values: ReadonlyMap<string, string>, buckets: PhaseBuckets): void {
  const takers = [...buckets.notNull.filter((entry) => !entry.copiedFrom), ...buckets.fills];
  const unused = [...values.keys()].filter((key) => !takers.some((entry) => backfillKeysOf(entry.table, entry.column).includes(key)));
  if (unused.length === 0) return;
  const wanted = takers.map((entry) => `${entry.table}.${entry.column}`);
  throw new PlanProblem(
    `--backfill ${unused.join(', ')}: no column of this plan takes a value by that name (${wanted.length > 0 ? `these do: ${wanted.join(', ')}` : 'none needs one'}).`,
  );
}

/** The NOT VALID checks for columns a backfill fills, each `CHECK (col IS NOT NULL)`, added once the backfill is done. */
function notNullCheckPhase(columns: readonly NotNullColumn[], backfilled: boolean): Phase {
  const add = columns.map(
    ({ table, column }) =>
      `ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteName(notNullCheckName(table, column))} CHECK (${quoteName(column)} IS NOT NULL) NOT VALID;`,
  );
  const drop = columns
    .map(({ table, column }) => `ALTER TABLE ${quoteQualified(table)} DROP CONSTRAINT IF EXISTS ${quoteName(notNullCheckName(table, column))};`)
    .reverse();
  const names = columns.map((entry) => entry.column).join(', ');
  return {
    slug: `add_${columns.map((entry) => entry.column).join('_')}_not_null_check`,
    summary: `Adds a NOT VALID check that ${names} ${columns.length === 1 ? 'is' : 'are'} set: enforced for every insert and update from now on, existing rows not scanned. Brief locks, bounded by lock_timeout.`,
    forward: `${LOCK_TIMEOUT}\n${add.join('\n')}\n`,
    reverse: `${LOCK_TIMEOUT}\n${drop.join('\n')}\n`,
    release: `${backfilled ? 'After the backfill has finished (its progress query shows 0 remaining), and ' : 'Once '}every running instance sets ${names} on each insert and update: from here on a write that leaves ${columns.length === 1 ? 'it' : 'one'} NULL fails.`,
  };
}

/** Each recognised change put in the buckets its phases come from. */
function sortIntoBuckets(changes: readonly Change[], schema: SchemaModel, options: PhaseOptions): PhaseBuckets {
  const buckets = emptyBuckets();
  for (const change of changes) {
    switch (change.kind) {
      case 'add-column':
        planAddColumn(buckets, change, options.pgVersion);
        break;
      case 'set-not-null':
        if (schema.column(change.table, change.column)?.notNull)
          buckets.openQuestions.push(`${change.table}.${change.column} is NOT NULL already: its SET NOT NULL is left out (it would change nothing).`);
        else if (!buckets.notNull.some((entry) => entry.table === change.table && entry.column === change.column))
          buckets.notNull.push({ table: change.table, column: change.column });
        break;
      case 'create-index':
        buckets.indexes.push({
          slug: `index_${change.name}_concurrently`,
          summary: `Builds ${change.name} on ${change.table} with CONCURRENTLY: writes go on while it builds (SHARE UPDATE EXCLUSIVE).`,
          forward: `${change.sql};\n`,
          reverse: `DROP INDEX CONCURRENTLY IF EXISTS ${indexOf(change.table, change.name)};\n`,
          outsideTransaction: true,
          release: 'After the phases before it (and their backfills): no application change depends on it.',
        });
        break;
      case 'add-constraint':
        planAddConstraint(buckets, change);
        break;
      case 'add-unique':
        planAddUnique(buckets, change);
        break;
      case 'drop-column':
        planDropColumn(buckets, change, schema);
        break;
      case 'change-type':
        planTypeChange(buckets, change, schema, options.pgVersion);
        break;
      case 'rename-column':
        planColumnRename(buckets, change, schema, options.pgVersion);
        break;
      case 'rename-table':
        planTableRename(buckets, change);
        break;
      case 'drop-table':
        planTableDrop(buckets, change, schema);
        break;
      case 'keep':
        planKept(buckets, change, schema, options.source);
        break;
    }
  }
  return buckets;
}

/** How the NOT NULL columns are proven: a copy's check comes with the copy, a filled column's after its backfill; SET NOT NULL only from 12. */
interface NotNullProofs {
  copied: NotNullColumn[];
  filled: NotNullColumn[];
  filledNew: NotNullColumn[];
  setNotNull: NotNullColumn[];
}

function notNullProofs(buckets: PhaseBuckets, changes: readonly Change[], pgVersion: number): NotNullProofs {
  const { notNull, validations } = buckets;
  const addedColumns = new Set(changes.flatMap((change) => (change.kind === 'add-column' ? [`${change.table}.${change.column}`] : [])));
  // A copy's check can come with the copy: the trigger sets it on every write. A column a backfill fills gets its check after the backfill.
  const copied = notNull.filter((entry) => entry.copiedFrom);
  const filled = notNull.filter((entry) => !entry.copiedFrom);
  const filledNew = filled.filter((entry) => addedColumns.has(`${entry.table}.${entry.column}`));
  // Before 12, SET NOT NULL scans under ACCESS EXCLUSIVE even with a validated check: a copy (whose key or NOT NULL must move onto it) cannot avoid that.
  if (!setNotNullTrustsValidatedCheck(pgVersion) && copied.length > 0) {
    throw new PlanProblem(
      `${copied.map((entry) => `${entry.table}.${entry.copiedFrom}`).join(', ')} is NOT NULL, and moving that onto its new column in phases needs PostgreSQL 12+ (on ${pgVersion}, SET NOT NULL reads the whole table under ACCESS EXCLUSIVE even with a validated check). Set pgVersion if you run 12 or later.`,
    );
  }
  // Before 12 the validated check is the guarantee: SET NOT NULL would scan the table under ACCESS EXCLUSIVE.
  const setNotNull = setNotNullTrustsValidatedCheck(pgVersion) ? notNull : [];
  if (setNotNull.length < notNull.length) {
    buckets.openQuestions.push(
      `On PostgreSQL ${pgVersion}, SET NOT NULL reads the whole table under ACCESS EXCLUSIVE even with a validated check, so the plan stops at the validated ${notNull.map(({ table, column }) => notNullCheckName(table, column)).join(', ')}: it rejects NULLs as NOT NULL would. SET NOT NULL (and drop the check) once on 12 or later.`,
    );
  }
  for (const { table, column } of notNull) validations.push({ table, name: notNullCheckName(table, column) });
  for (const { table, column } of copied) {
    buckets.expandForward.push(
      `ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteName(notNullCheckName(table, column))} CHECK (${quoteName(column)} IS NOT NULL) NOT VALID;`,
    );
    buckets.expandReverse.unshift(`ALTER TABLE ${quoteQualified(table)} DROP CONSTRAINT IF EXISTS ${quoteName(notNullCheckName(table, column))};`);
  }
  return { copied, filled, filledNew, setNotNull };
}

/** The first phase: columns, copies and NOT VALID constraints that need no scan. */
function expandPhase(buckets: PhaseBuckets, { copied, filledNew }: NotNullProofs): Phase {
  const { notNull, validations } = buckets;
  const expandedNotNull = [...filledNew, ...copied];
  const notValid = validations.filter(
    (entry) =>
      !buckets.foreignKeys.some((phase) => phase.slug === `add_${entry.name}_not_valid`) &&
      !notNull.some((column) => notNullCheckName(column.table, column.column) === entry.name),
  );
  const filledNames = [...filledNew, ...buckets.fills].map((entry) => entry.column).join(', ');
  const summary = [
    filledNew.length > 0 || buckets.fills.length > 0
      ? `Adds ${filledNames} nullable: the running release does not set ${filledNew.length + buckets.fills.length === 1 ? 'it' : 'them'} yet, and existing rows get their values from the backfill.`
      : buckets.copies.length > 0
        ? 'Adds the new columns nullable.'
        : 'Adds the changes that need no scan.',
    buckets.copies.length > 0
      ? `A trigger keeps each copy in step with the column it replaces${copied.length > 0 ? ', and a NOT VALID check says it is set (the trigger sets it on every write)' : ''}.`
      : '',
    notValid.length > 0 ? 'Constraints come NOT VALID: enforced for new rows, existing ones checked later.' : '',
    'Brief locks, bounded by lock_timeout.',
  ];
  return {
    slug:
      expandedNotNull.length > 0
        ? `add_${expandedNotNull.map((entry) => entry.column).join('_')}_nullable`
        : notValid.length > 0
          ? `add_${notValid.map((entry) => entry.name).join('_')}_not_valid`
          : buckets.copies.length > 0
            ? `add_${buckets.copies.map((entry) => entry.column).join('_')}`
            : 'expand',
    summary: summary.filter(Boolean).join(' '),
    forward: `${LOCK_TIMEOUT}\n${buckets.expandForward.join('\n')}\n`,
    reverse: `${LOCK_TIMEOUT}\n${buckets.expandReverse.join('\n')}\n`,
    release:
      filledNew.length > 0
        ? `Before the release that writes ${filledNew.map((entry) => entry.column).join(', ')}: nothing requires ${filledNew.length === 1 ? 'it' : 'them'} yet.`
        : 'Before the release that uses the new columns.',
  };
}

function validatePhase(buckets: PhaseBuckets, filled: readonly NotNullColumn[], backfilled: boolean): Phase {
  const { notNull, validations } = buckets;
  return {
    slug:
      validations.length === notNull.length
        ? `validate_${notNull.map((entry) => entry.column).join('_')}_not_null`
        : validations.length === 1
          ? `validate_${validations[0]!.name}`
          : 'validate_constraints',
    summary: 'Validates the constraints: reads every row, but under SHARE UPDATE EXCLUSIVE, so reads and writes go on.',
    forward: `${validations.map(({ table, name }) => `ALTER TABLE ${quoteQualified(table)} VALIDATE CONSTRAINT ${quoteName(name)};`).join('\n')}\n`,
    reverse: '-- Validation changes no schema object: there is nothing to undo.\nSELECT 1;\n',
    release:
      filled.length > 0
        ? 'Any time after the check is in place.'
        : backfilled
          ? 'After the backfill has finished (its progress query shows 0 remaining).'
          : 'Any time after the first phase, once existing rows satisfy the constraints.',
  };
}

function setNotNullPhase(columns: readonly NotNullColumn[]): Phase {
  return {
    slug: `set_${columns.map((entry) => entry.column).join('_')}_not_null`,
    summary: 'Sets NOT NULL, which the validated check lets PostgreSQL do without a scan, and drops the check.',
    forward: `${LOCK_TIMEOUT}\n${columns
      .map(
        ({ table, column }) =>
          `ALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${quoteName(column)} SET NOT NULL;\nALTER TABLE ${quoteQualified(table)} DROP CONSTRAINT ${quoteName(notNullCheckName(table, column))};`,
      )
      .join('\n')}\n`,
    // The check comes back NOT VALID: validating it again would scan the table inside a rollback.
    reverse: `${LOCK_TIMEOUT}\n${columns
      .map(
        ({ table, column }) =>
          `ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteName(notNullCheckName(table, column))} CHECK (${quoteName(column)} IS NOT NULL) NOT VALID;\nALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${quoteName(column)} DROP NOT NULL;`,
      )
      .join('\n')}\n`,
    release: 'Any time after the validation. From here on the column is NOT NULL in the catalog too.',
  };
}

export function planPhases(changes: readonly Change[], schema: SchemaModel, options: PhaseOptions): ChangePlan {
  const buckets = sortIntoBuckets(changes, schema, options);
  const proofs = notNullProofs(buckets, changes, options.pgVersion);
  const phases: Phase[] = buckets.expandForward.length > 0 ? [expandPhase(buckets, proofs)] : [];
  // With no expand phase (NOT NULL on an existing column), the backfill comes before the first phase.
  const backfills = backfillsOf(buckets, schema, options, phases.length > 0 ? 0 : -1);
  phases.push(...buckets.standalone, ...buckets.foreignKeys, ...buckets.indexes, ...buckets.attachments);
  if (proofs.filled.length > 0) phases.push(notNullCheckPhase(proofs.filled, backfills.length > 0));
  if (buckets.validations.length > 0) phases.push(validatePhase(buckets, proofs.filled, backfills.length > 0));
  if (proofs.setNotNull.length > 0) phases.push(setNotNullPhase(proofs.setNotNull));
  phases.push(...buckets.swaps, ...buckets.drops);
  return { source: options.source, phases, backfills, openQuestions: buckets.openQuestions, missingValues: buckets.missingValues };
}
