import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, repaired, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'enum-value-used-in-transaction';
const HISTORY =
  "CREATE TYPE order_status AS ENUM ('open', 'paid');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL, note text, refunded_at timestamptz);";
const USE = "UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;";

test('a new value used later in the same transaction is found at the statement that uses it', async () => {
  const sql = `BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\n${USE}\nCOMMIT;`;
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), USE.slice(0, -1));
  assert.equal(finding!.message, `Using 'refunded' before its ADD VALUE to "order_status" commits fails ("unsafe use of new value")`);
  assert.equal(finding!.advice, 'Commit the ADD VALUE before using the value: add COMMIT; BEGIN; right after it.');
  assert.equal(messageProblem(finding!.message), undefined);
  // The tool's own transaction (a wrapped part), an index predicate, a cast, IF NOT EXISTS: the same.
  const [wrapped] = await fires(
    RULE,
    `ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';\nCREATE INDEX orders_refunded_idx ON orders (id) WHERE status = 'refunded';`,
    { history: HISTORY, runs: 'wrapped' },
    1,
  );
  assert.equal(wrapped!.advice, 'Commit the ADD VALUE first: move it to a migration of its own that runs before this one.');
  await fires(RULE, `ALTER TYPE order_status ADD VALUE 'refunded';\nSELECT 'refunded'::order_status;`, { history: HISTORY, runs: 'wrapped' }, 1);
  // Tables the history does not show may hold the type.
  await fires(RULE, `BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\n${USE}\nCOMMIT;`, {}, 1);
});

test('the fix commits the value first where the file controls the transaction', async () => {
  const fixed = await repaired(RULE, `BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\n${USE}\nCOMMIT;`, { history: HISTORY });
  assert.equal(fixed, `BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;\nBEGIN;\n${USE}\nCOMMIT;`);
  await clean(RULE, fixed, { history: HISTORY });
});

test('clean: committed first, statement by statement, a text column, a type created in the same transaction, before PostgreSQL 12', async () => {
  await clean(RULE, `ALTER TYPE order_status ADD VALUE 'refunded';\n${USE}`, { history: HISTORY, runs: 'none' });
  await clean(RULE, `BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;\n${USE}`, { history: HISTORY });
  await clean(RULE, "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET note = 'refunded';\nCOMMIT;", { history: HISTORY });
  await clean(RULE, "BEGIN;\nCREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'great';\nSELECT 'great'::mood;\nCOMMIT;", {
    history: HISTORY,
    pgVersion: 17,
  });
  await clean(RULE, `BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\n${USE}\nCOMMIT;`, { history: HISTORY, pgVersion: 11 });
});

test('a type created in the same transaction: PostgreSQL 12 to 16 refuse its new values too; 11 allows ADD VALUE there at all', async () => {
  const sql = "BEGIN;\nCREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'great';\nSELECT 'great'::mood;\nCOMMIT;";
  await fires(RULE, sql, { pgVersion: 16 }, 1);
  await clean('cannot-run-in-transaction', sql, { pgVersion: 11 });
  await fires('cannot-run-in-transaction', "BEGIN;\nALTER TYPE mood ADD VALUE 'great';\nCOMMIT;", { pgVersion: 11 }, 1);
});
