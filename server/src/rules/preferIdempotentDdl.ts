import type { Fix, Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { fixOf, insertAt } from './support/edits';
import { alterTableParts, statementRange, wordRange, type Range } from '../sql/statementParts';
import { tokenize } from '../sql/tokens';
import { bareName, droppedObjectNames, relationName, schemaPrefixOf, type RangeVarNode } from '../sql/astNames';
import { quoteQualified } from '../sql/quoteIdentifier';

/** The keyword after which `IF EXISTS` goes, per kind of DROP. */
const DROP_KEYWORD: Record<string, string> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_FOREIGN_TABLE: 'TABLE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'VIEW',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_EXTENSION: 'EXTENSION',
};

const CREATE_KEYWORD: Record<string, string> = {
  CreateStmt: 'TABLE',
  CreateSeqStmt: 'SEQUENCE',
  CreateSchemaStmt: 'SCHEMA',
  CreateExtensionStmt: 'EXTENSION',
};

interface Gap {
  range: Range;
  /** Where to insert, and what. */
  at: number;
  insert: string;
  /** Why a re-run fails here, for the message: `the column already exists`. */
  what: string;
  /** How the fix says what it adds, when it is not the inserted words themselves. */
  words?: string;
  /** Why the fix is this one, when it needs saying (the advice's second sentence). */
  because?: string;
}

/**
 * Per statement, whether it can be committed while a later statement of the
 * same migration still fails: it runs in a different transaction (or none)
 * than some statement after it. Then a re-run of the migration meets it again.
 */
function committedBeforeTheEnd(context: RuleContext): boolean[] {
  const transactions = context.statements.map((facts) => facts.transaction);
  const atRisk = new Array<boolean>(context.statements.length).fill(false);
  // Walking back: which transactions (undefined: none) the later statements of the part run in.
  const later = new Map<unknown, Set<number | undefined>>();
  for (let index = context.statements.length - 1; index >= 0; index--) {
    const facts = context.statements[index]!;
    if (facts.transactionControl !== undefined) continue;
    const seen = later.get(facts.section) ?? new Set<number | undefined>();
    const own = transactions[index];
    atRisk[index] = seen.size > 0 && (own === undefined || seen.size > 1 || !seen.has(own));
    seen.add(own);
    later.set(facts.section, seen);
  }
  return atRisk;
}

/** `DROP INDEX CONCURRENTLY IF EXISTS name` (the retry-safe way to rebuild an index), and the name it drops. */
function droppedFirst(facts: StatementFacts | undefined): string | undefined {
  const body =
    facts?.statement.kind === 'DropStmt'
      ? (facts.statement.node?.['DropStmt'] as { removeType?: string; missing_ok?: boolean; objects?: unknown[] } | undefined)
      : undefined;
  if (body?.removeType !== 'OBJECT_INDEX' || !body.missing_ok) return undefined;
  const names = droppedObjectNames(body.objects);
  return names.length === 1 ? bareName(names[0]!) : undefined;
}

function gaps(facts: StatementFacts, previous: StatementFacts | undefined): Gap[] {
  const { statement } = facts;
  const whole = statementRange(statement);
  const after = (word: string, within?: Range): number | undefined => wordRange(statement, word, within)?.end;
  const kind = statement.kind ?? '';
  const body = statement.node?.[kind] as
    | { if_not_exists?: boolean; missing_ok?: boolean; removeType?: string; concurrent?: boolean; idxname?: string; relation?: { relpersistence?: string } }
    | undefined;
  if (!body) return [];
  const found: Gap[] = [];
  const add = (at: number | undefined, insert: Gap['insert'], what: string, range: Range = whole): void => {
    if (at !== undefined) found.push({ range, at, insert, what });
  };
  if (CREATE_KEYWORD[kind] && !body.if_not_exists && body.relation?.relpersistence !== 't')
    add(after(CREATE_KEYWORD[kind]!), ' IF NOT EXISTS', 'it already exists');
  if (kind === 'IndexStmt' && body.idxname && !body.if_not_exists && body.concurrent) {
    if (droppedFirst(previous) === body.idxname) return found;
    // IF NOT EXISTS would keep the INVALID index a failed CONCURRENTLY build leaves: drop it first instead.
    const table = relationName((body as { relation?: RangeVarNode }).relation);
    const index = quoteQualified(`${table ? schemaPrefixOf(table) : ''}${body.idxname}`);
    found.push({
      range: whole,
      at: statement.start,
      insert: `DROP INDEX CONCURRENTLY IF EXISTS ${index};\n`,
      what: 'the index (or an INVALID one) exists',
      words: `DROP INDEX CONCURRENTLY IF EXISTS ${index} before it`,
      because: 'IF NOT EXISTS would keep the INVALID index a failed CONCURRENTLY build leaves.',
    });
  } else if (kind === 'IndexStmt' && body.idxname && !body.if_not_exists) add(after('INDEX'), ' IF NOT EXISTS', 'the index already exists');
  if (kind === 'DropStmt' && body.removeType && DROP_KEYWORD[body.removeType] && !body.missing_ok) {
    add(after(body.concurrent ? 'CONCURRENTLY' : DROP_KEYWORD[body.removeType]!), ' IF EXISTS', 'it is already gone');
  }
  for (const command of alterTableParts(statement)?.commands ?? []) {
    const { subtype, missing_ok: missingOk } = command.node;
    if (missingOk) continue;
    if (subtype === 'AT_AddColumn') {
      const location = command.node.def?.ColumnDef?.location;
      const at = location === undefined ? undefined : statement.documentOffset(location);
      add(at !== undefined && at > command.start ? at : undefined, 'IF NOT EXISTS ', 'the column already exists', command);
    } else if (subtype === 'AT_DropColumn') {
      const tokens = tokenize(statement.text.slice(command.start - statement.start, command.end - statement.start));
      const column = tokens[1]?.text.toUpperCase() === 'COLUMN' ? tokens[1] : tokens[0];
      add(column ? command.start + column.end : undefined, ' IF EXISTS', 'the column is already gone', command);
    } else if (subtype === 'AT_DropConstraint') {
      add(after('CONSTRAINT', command), ' IF EXISTS', 'the constraint is already gone', command);
    }
  }
  return found;
}

/**
 * Outside a transaction, a migration that fails half-way leaves its first
 * statements applied; re-running it then fails on them. IF [NOT] EXISTS
 * lets the re-run pass over what is already done.
 */
export const preferIdempotentDdl: Rule = {
  id: 'prefer-idempotent-ddl',
  title: 'DDL that fails when a half-applied migration is re-run',
  defaultSeverity: 'hint',
  counterparts: { squawk: 'prefer-robust-stmts' },
  docs: {
    why:
      'A migration whose statements do not all share one transaction (the tool runs them one by one, or the file COMMITs part ' +
      'way) keeps what it committed before a failure, and is then re-run from the top: it stops at the first CREATE of something ' +
      'that exists or DROP of something gone. IF NOT EXISTS / IF EXISTS let the re-run pass over completed steps. A statement ' +
      'alone in its migration, or sharing one transaction with all the others, needs neither. After a failed CREATE INDEX ' +
      'CONCURRENTLY an INVALID index remains that IF NOT EXISTS would skip: drop it before retrying.',
    bad: 'BEGIN;\nCREATE TABLE audit (id bigint);\nCOMMIT;\nBEGIN;\nALTER TABLE events ADD COLUMN audit_id bigint;\nCOMMIT;',
    good: 'BEGIN;\nCREATE TABLE IF NOT EXISTS audit (id bigint);\nCOMMIT;\nBEGIN;\nALTER TABLE events ADD COLUMN IF NOT EXISTS audit_id bigint;\nCOMMIT;',
  },
  check(context) {
    // Statement by statement only by assumption (no tool, no BEGIN): not evidence enough to ask for IF NOT EXISTS everywhere.
    if (context.transactionAssumed) return [];
    const atRisk = committedBeforeTheEnd(context);
    return context.statements.flatMap((facts, index): RuleFinding[] => {
      if (!atRisk[index]) return [];
      return gaps(facts, context.statements[index - 1]).map((gap) => {
        const words = gap.words ?? gap.insert.trim();
        const fix: Fix | undefined = !facts.statement.newerSyntax ? fixOf(`Add ${words}`, [insertAt(gap.at, gap.insert)]) : undefined;
        return {
          ...gap.range,
          message: `On a re-run after a later failure, this fails as ${gap.what}`,
          advice: `Add ${words}: this is committed before the rest of the migration runs. ${gap.because ?? 'A re-run then passes over it.'}`,
          ...(fix ? { fixes: [fix] } : {}),
        };
      });
    });
  },
};
