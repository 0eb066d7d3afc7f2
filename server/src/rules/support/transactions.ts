/**
 * Which statements share a transaction, read from the facts: an explicit
 * BEGIN ... COMMIT, or the transaction the migration tool (or a
 * multi-statement query string) runs the file in, ended early by a COMMIT.
 */

import type { RuleContext, StatementFacts } from '../rule';
import { normaliseName } from '../../migrations/schemaModel';

export function transactionControl(facts: StatementFacts): 'begin' | 'end' | undefined {
  if (facts.statement.kind !== 'TransactionStmt') return undefined;
  const kind = (facts.statement.node?.['TransactionStmt'] as { kind?: string } | undefined)?.kind;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_COMMIT_PREPARED' || kind === 'TRANS_STMT_PREPARE') return 'end';
  return undefined;
}

const TRANSACTIONS = new WeakMap<RuleContext, (number | undefined)[]>();

/** Per statement, a number shared by the statements of one transaction; undefined for statements that run on their own. */
export function transactionOfEachStatement(context: RuleContext): readonly (number | undefined)[] {
  let transactions = TRANSACTIONS.get(context);
  if (!transactions) {
    transactions = numberTransactions(context);
    TRANSACTIONS.set(context, transactions);
  }
  return transactions;
}

function numberTransactions(context: RuleContext): (number | undefined)[] {
  let current = 0;
  let previousSection = context.statements[0]?.section;
  return context.statements.map((facts) => {
    if (facts.section !== previousSection) current++;
    previousSection = facts.section;
    const control = transactionControl(facts);
    if (control) {
      current++;
      return undefined;
    }
    return facts.inTransaction ? current : undefined;
  });
}

/** The relation existed before this migration: not created earlier in the same file. */
export function existedBefore(facts: StatementFacts, relation: string): boolean {
  return !facts.tablesCreatedEarlierInFile.has(normaliseName(relation));
}

/** A short quote of a statement for messages: its first line, at most 60 characters. */
export function quoteStatement(facts: StatementFacts): string {
  const firstLine = facts.statement.text.replace(/\s+/g, ' ').trim();
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}...` : firstLine;
}

/**
 * The statement belongs to a reverse part. Reverses run after the code that
 * used the forward's objects was rolled back, and undo exactly what the
 * forward added or renamed: "deployed code still uses it" does not apply
 * (whether data is lost is the pairing rules' concern).
 */
export function inReversePart(facts: StatementFacts): boolean {
  return facts.section?.role === 'reverse';
}
