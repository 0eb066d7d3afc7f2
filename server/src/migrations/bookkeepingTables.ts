/**
 * The tables migration tools keep their own bookkeeping in (which
 * migrations ran): a migration that writes one of them records its own
 * version, as alembic's generated SQL and many hand-run scripts do. Such a
 * write is one row, never a backfill.
 */

import { normaliseName } from '../schema/schemaModel';
import { CONVENTIONS } from './conventions';

/** Tools fearless does not read migrations of, whose bookkeeping tables still turn up in SQL (hand-run or generated scripts). */
const OTHER_TOOLS_TABLES = [
  'alembic_version', // alembic
  'schema_migrations', // Rails, Ecto
  'ar_internal_metadata', // Rails
  'django_migrations', // Django
  'knex_migrations', // Knex
  'knex_migrations_lock',
  'sequelizemeta', // Sequelize
  'pgmigrations', // node-pg-migrate
  'graphile_migrate.migrations', // graphile-migrate
  'atlas_schema_revisions', // Atlas
];

const BOOKKEEPING_TABLES = new Set([...CONVENTIONS.flatMap((convention) => convention.bookkeeping?.tables ?? []), ...OTHER_TOOLS_TABLES]);

/** Whether `table` (as a statement names it, any case) is a migration tool's own bookkeeping table. */
export function isBookkeepingTable(table: string): boolean {
  return BOOKKEEPING_TABLES.has(normaliseName(table).toLowerCase());
}
