/** A naive migration planned as phases: what each phase runs, undoes, and what ships with it. */

import type { BackfillOptions } from './backfillScript';

/** One migration of the plan: a forward with its deterministic reverse. */
export interface Phase {
  /** Short name for the file name: `add_tenant_id_nullable`. */
  slug: string;
  /** What this phase does, for the plan document. */
  summary: string;
  forward: string;
  reverse: string;
  /** The forward must run outside a transaction (CREATE INDEX CONCURRENTLY): a migration of its own. */
  outsideTransaction?: boolean;
  /** Shipping this phase cannot be undone without losing what the application wrote since. */
  pointOfNoReturn?: string;
  /** Which application release goes with it. */
  release: string;
}

/** A data backfill run outside the schema migrations, between phases. */
export interface Backfill {
  slug: string;
  table: string;
  column: string;
  /** The SQL expression the column gets. */
  value: string;
  /** After which phase (its index) it runs; -1: before the first phase (after the migration the plan follows). */
  afterPhase: number;
  /** When, after that phase, it can run for good: what keeps rows written meanwhile from needing it again. */
  when: string;
  script: string;
  /** From the table's known size: how many batches, and how long the pauses alone take. */
  estimate?: string;
  /** What the script was written from, to write it again with a narrower WHERE. */
  scriptOptions: BackfillOptions;
}

export interface ChangePlan {
  /** The naive migration the plan replaces. */
  source: string;
  phases: Phase[];
  backfills: Backfill[];
  /** What the plan could not do (a backfill value nobody gave), in words. */
  openQuestions: string[];
  /** Set when Claude refined the wording or a backfill's WHERE: what it changed, for the plan document. */
  refinedByAi?: string[];
  /** Columns whose backfill needs a value nobody gave (`--backfill TABLE.COLUMN=EXPR`). */
  missingValues: { table: string; column: string }[];
}

/** The change cannot be planned as given: said to the engineer, nothing written. */
export class PlanProblem extends Error {}
