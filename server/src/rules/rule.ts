/**
 * The shape every rule has. A rule reads facts (statements, their locks,
 * what exists before each statement) and returns findings; it never parses
 * and never talks to an editor.
 */

import type { Severity } from '../config/projectConfig';
import type { FileFacts, StatementFacts } from '../migrations/fileFacts';
import type { Range } from '../sql/textLines';

export type { StatementFacts } from '../migrations/fileFacts';
export type { Severity } from '../config/projectConfig';

/** A text edit in UTF-16 offsets of the document. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** An edit of another file (or of this one, where a range is easier to have): the pair's reverse kept in step. */
export interface FileEdit {
  path: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits of this file. */
  edits: TextEdit[];
  /** Files to create with this content (a missing reverse, the migration a statement moves to); never overwritten. */
  newFiles?: { path: string; content: string }[];
  otherEdits?: FileEdit[];
  /** A "fearless-ignore" comment rather than a repair: offered, never preferred. */
  suppression?: true;
}

/** A place in another file (or elsewhere in this one) that explains a finding, e.g. the paired reverse. */
export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** UTF-16 offsets of what to underline. */
  start: number;
  end: number;
  /**
   * One short sentence, as the Problems panel shows it: what, the lock, the table
   * (`CREATE INDEX blocks writes on "events" (SHARE lock, full scan)`).
   */
  message: string;
  /** The safe way for this finding, in a sentence or two: the hover card, the CLI's text output and JSON `advice`. */
  advice?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/** What a rule reads: the facts of every statement of the file, and of the file as a whole. */
export type RuleContext = FileFacts;

/** Convenience for rules that look at statements one by one. */
export type StatementCheck = (facts: StatementFacts, context: RuleContext) => RuleFinding | RuleFinding[] | undefined;

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
  /** `off`: an opt-in rule, on only where the project sets a severity for it. */
  defaultSeverity: Severity | 'off';
  docs: RuleDocs;
  /** The same check in other tools, for people coming from them (names as those tools spell them). */
  counterparts?: { squawk?: string; strongMigrations?: string };
  /** Overrides the default documentation link (the rule's page). */
  docsUrl?: string;
  /** Its findings are about the file or its pair as a whole: ignored "in this file", never "for this statement". */
  fileLevel?: true;
  check(context: RuleContext): RuleFinding[];
}
