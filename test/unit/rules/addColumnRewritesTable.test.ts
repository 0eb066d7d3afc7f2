import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair, underlined } from './lintSql';

const RULE = 'add-column-rewrites-table';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY, kind text);';

test('a volatile default on an existing table is found, on the ADD COLUMN subcommand', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN public_id uuid DEFAULT gen_random_uuid();';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ADD COLUMN public_id uuid DEFAULT gen_random_uuid()');
  assert.match(finding!.message, /rewrites "events" under ACCESS EXCLUSIVE/);
  assert.match(finding!.message, /volatile/);
});

test('serial, identity and stored generated columns rewrite too', async () => {
  await fires(RULE, 'ALTER TABLE events ADD COLUMN seq bigserial;', { history: HISTORY });
  await fires(RULE, 'ALTER TABLE events ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;', { history: HISTORY });
  await fires(RULE, 'ALTER TABLE events ADD COLUMN k text GENERATED ALWAYS AS (lower(kind)) STORED;', { history: HISTORY });
});

test('a constant or stable default is stored in the catalog: no rewrite, no finding', async () => {
  await clean(RULE, "ALTER TABLE events ADD COLUMN status text NOT NULL DEFAULT 'new';", { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ADD COLUMN seen_at timestamptz DEFAULT now();', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ADD COLUMN note text;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration is empty', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nALTER TABLE audit ADD COLUMN public_id uuid DEFAULT gen_random_uuid();');
});

test('only the subcommand that rewrites is underlined', async () => {
  const sql = "ALTER TABLE events ADD COLUMN a text DEFAULT 'x', ADD COLUMN b uuid DEFAULT gen_random_uuid();";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ADD COLUMN b uuid DEFAULT gen_random_uuid()');
});

test('fix: nullable column, SET DEFAULT for new rows, batched backfill as a comment; the rule no longer fires', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()\n;SELECT 1;';
  const [finding] = await fires(RULE, sql, { history: HISTORY });
  const fixed = await applyRepair(sql, finding!);
  assert.match(
    fixed,
    /^ALTER TABLE events ADD COLUMN public_id uuid\n;\nALTER TABLE events ALTER COLUMN public_id SET DEFAULT gen_random_uuid\(\);\n-- Backfill/,
  );
  assert.match(fixed, /-- UPDATE events SET public_id = gen_random_uuid\(\) WHERE ctid IN/);
  assert.match(fixed, /IS NOT NULL\) NOT VALID/);
  assert.match(fixed, /\nSELECT 1;$/);
  await clean(RULE, fixed, { history: HISTORY });
});

test('fix keeps quoted names quoted, and closes a statement without semicolon', async () => {
  const sql = 'ALTER TABLE "Events" ADD COLUMN "Public" uuid DEFAULT gen_random_uuid()';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history: 'CREATE TABLE "Events" (id int);' }))[0]!);
  assert.match(fixed, /^ALTER TABLE "Events" ADD COLUMN "Public" uuid;\nALTER TABLE "Events" ALTER COLUMN "Public" SET DEFAULT gen_random_uuid\(\);/);
});

test('no fix for serial or identity (there is no one-statement safe form)', async () => {
  const [finding] = await findingsOf(RULE, 'ALTER TABLE events ADD COLUMN seq bigserial;', { history: HISTORY });
  assert.equal(hasRepair(finding), false);
});

test('PostgreSQL 11 is the floor: a constant default no longer rewrites there', async () => {
  await clean(RULE, 'ALTER TABLE events ADD COLUMN flag boolean DEFAULT false;', { history: HISTORY, pgVersion: 11 });
});

test('fix removes the DEFAULT clause only, keeping a NULL written after it', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN token uuid DEFAULT gen_random_uuid() NULL;';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history: HISTORY }))[0]!);
  assert.match(fixed, /^ALTER TABLE events ADD COLUMN token uuid NULL;\n/);
});
