/**
 * The parser knows the PostgreSQL 16 grammar. Migrations for newer servers
 * use syntax it rejects; for the constructs we know, the statement is read
 * through an equivalent older spelling so its locks and effects are still
 * analysed, and the statement records which newer feature it used (a rule
 * reports it when the configured server is older than that).
 *
 * The rewrite is only for analysis: ranges stay those of the original text.
 */

export interface NewerSyntax {
  feature: string;
  /** The first PostgreSQL major version that accepts the original text. */
  minVersion: number;
}

interface Rewrite extends NewerSyntax {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const IDENTIFIER = '("(?:[^"]|"")+"|[A-Za-z_][\\w$]*)';

const REWRITES: Rewrite[] = [
  {
    // ALTER TABLE t ADD CONSTRAINT n NOT NULL col [NO INHERIT] [NOT VALID] → ALTER COLUMN col SET NOT NULL
    feature: 'named NOT NULL constraints (ADD CONSTRAINT name NOT NULL column)',
    minVersion: 18,
    pattern: new RegExp(`\\bADD\\s+CONSTRAINT\\s+${IDENTIFIER}\\s+NOT\\s+NULL\\s+${IDENTIFIER}(\\s+NO\\s+INHERIT)?(\\s+NOT\\s+VALID)?`, 'gi'),
    // NOT VALID skips the scan, like a NOT VALID check; otherwise it is SET NOT NULL with its scan.
    replace: (_match, name, column, _noInherit, notValid) =>
      notValid ? `ADD CONSTRAINT ${name} CHECK (${column} IS NOT NULL) NOT VALID` : `ALTER COLUMN ${column} SET NOT NULL`,
  },
  {
    // CREATE TABLE t (..., CONSTRAINT n NOT NULL col, ...) → CHECK (col IS NOT NULL)
    feature: 'named NOT NULL table constraints (CONSTRAINT name NOT NULL column)',
    minVersion: 18,
    pattern: new RegExp(`\\bCONSTRAINT\\s+${IDENTIFIER}\\s+NOT\\s+NULL\\s+${IDENTIFIER}(\\s+NO\\s+INHERIT)?`, 'gi'),
    replace: (_match, name, column) => `CONSTRAINT ${name} CHECK (${column} IS NOT NULL)`,
  },
];

/** The statement in an older spelling the parser accepts, or undefined when no known newer construct is in it. */
export function readAsOlderSyntax(text: string): { text: string; newer: NewerSyntax } | undefined {
  let rewritten = text;
  let first: NewerSyntax | undefined;
  for (const rewrite of REWRITES) {
    const next = rewritten.replace(rewrite.pattern, rewrite.replace as (substring: string, ...args: unknown[]) => string);
    if (next !== rewritten) {
      first ??= { feature: rewrite.feature, minVersion: rewrite.minVersion };
      rewritten = next;
    }
  }
  return first ? { text: rewritten, newer: first } : undefined;
}
