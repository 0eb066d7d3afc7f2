/**
 * The shape every rule has. A rule reads facts (statements, their locks,
 * what exists before each statement) and returns findings; it never parses
 * and never talks to an editor.
 */

import type { LockFact } from '../locks/lockFact';
import type { LockTimeoutChange } from '../locks/sessionSettings';
import type { SchemaModel } from '../migrations/schemaModel';
import type { ParsedStatement } from '../sql/parseSql';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A text edit in UTF-16 offsets of the document. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** UTF-16 offsets of what to underline. */
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
}

/** What the facts layer knows about one statement. */
export interface StatementFacts {
  statement: ParsedStatement;
  locks: LockFact[];
  /** Tables created earlier in this same file: new, empty, unused by anyone yet. */
  tablesCreatedEarlierInFile: ReadonlySet<string>;
  /** Set when this statement changes lock_timeout for the statements after it. */
  lockTimeoutChange: LockTimeoutChange | undefined;
}

export interface RuleContext {
  statements: StatementFacts[];
  /** The schema the file runs against (history before it). */
  schemaBefore: SchemaModel;
  pgVersion: number;
}

export interface RuleDocs {
  /** Why the pattern is risky, in a few sentences. */
  why: string;
  /** A migration that triggers the rule. */
  bad: string;
  /** The safe way to do the same thing; must not trigger the rule. */
  good: string;
}

/** A finding before the runner applies the configured severity. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'>;

export interface Rule {
  id: string;
  title: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(context: RuleContext): RuleFinding[];
}
