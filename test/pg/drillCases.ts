/** A migration folder whose pairs the drill must judge: one correct pair, and reverses that each forget one thing. */

export const DRILL_PROJECT: Record<string, string> = {
  'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
  'migrations/1_create.down.sql': 'DROP TABLE events;\n',
  'migrations/2_good.up.sql':
    "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN region text DEFAULT 'eu';\nCREATE INDEX events_region_idx ON events (region);\nALTER TABLE events ADD CONSTRAINT events_region_check CHECK (region <> '');\n",
  'migrations/2_good.down.sql':
    'ALTER TABLE events DROP CONSTRAINT events_region_check;\nDROP INDEX events_region_idx;\nALTER TABLE events DROP COLUMN region;\n',
  'migrations/3_forgets_index.up.sql': 'CREATE INDEX events_note_idx ON events (note);\n',
  'migrations/3_forgets_index.down.sql': 'SELECT 1;\n',
  'migrations/4_forgets_default.up.sql': "ALTER TABLE events ALTER COLUMN note SET DEFAULT 'none';\n",
  'migrations/4_forgets_default.down.sql': 'SELECT 1;\n',
  'migrations/5_forgets_constraint.up.sql': 'ALTER TABLE events ADD CONSTRAINT events_note_length CHECK (length(note) < 100);\n',
  'migrations/5_forgets_constraint.down.sql': 'SELECT 1;\n',
  'migrations/6_forgets_column.up.sql': 'ALTER TABLE events ADD COLUMN kind text;\n',
  'migrations/6_forgets_column.down.sql': 'SELECT 1;\n',
};

/** Per forward file: the verdict, and a line the schema difference after the reverse must contain (extra: left behind). */
export const EXPECTED: Record<string, { verdict: 'pass' | 'fail'; extraLine?: RegExp }> = {
  '1_create.up.sql': { verdict: 'pass' },
  '2_good.up.sql': { verdict: 'pass' },
  '3_forgets_index.up.sql': { verdict: 'fail', extraLine: /^public index: CREATE INDEX events_note_idx ON events USING btree \(note\)$/ },
  '4_forgets_default.up.sql': { verdict: 'fail', extraLine: /^public column: events\.note text default 'none'::text$/ },
  '5_forgets_constraint.up.sql': { verdict: 'fail', extraLine: /^public constraint: events events_note_length CHECK \(\(length\(note\) < 100\)\)$/ },
  '6_forgets_column.up.sql': { verdict: 'fail', extraLine: /^public column: events\.kind text$/ },
};

export interface DrillJson {
  drills: {
    forward: string;
    reverse: string | null;
    pairHash: string;
    database: string;
    verdict: 'pass' | 'accepted' | 'fail';
    steps: { name: string; ok: boolean; ms: number; detail: string }[];
    reverseDiff?: { missing: string[]; extra: string[] };
    forwardAgainDiff?: { missing: string[]; extra: string[] };
    locks?: { relation: string; observed?: string; predicted?: string; createdByForward?: boolean; agrees: boolean }[];
    reasons: string[];
    notes: string[];
  }[];
  skipped: { file: string; reason: string }[];
  summary: { pairs: number; passed: number; accepted: number; failed: number };
}
