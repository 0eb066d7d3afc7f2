/**
 * The tables migration tools keep their own bookkeeping in (which
 * migrations ran): a migration that writes one of them records its own
 * version, as alembic's generated SQL and many hand-run scripts do. Such a
 * write is one row, never a backfill.
 */

import { normaliseName } from '../schema/schemaModel';

const BOOKKEEPING_TABLES = new Set([
  'alembic_version', // alembic
  'schema_migrations', // golang-migrate, dbmate, Rails, Ecto
  'ar_internal_metadata', // Rails
  '__diesel_schema_migrations', // diesel
  'goose_db_version', // goose
  'gorp_migrations', // sql-migrate
  'flyway_schema_history', // Flyway
  'schema_version', // Flyway before 5
  'databasechangelog', // Liquibase
  'databasechangeloglock',
  'sqitch.changes', // Sqitch
  'sqitch.events',
  'sqitch.dependencies',
  'sqitch.tags',
  'sqitch.projects',
  'sqitch.releases',
  '_prisma_migrations', // Prisma
  'supabase_migrations.schema_migrations', // Supabase
  'django_migrations', // Django
  'knex_migrations', // Knex
  'knex_migrations_lock',
  'sequelizemeta', // Sequelize
  'pgmigrations', // node-pg-migrate
  'graphile_migrate.migrations', // graphile-migrate
  'atlas_schema_revisions', // Atlas
]);

/** Whether `table` (as a statement names it, any case) is a migration tool's own bookkeeping table. */
export function isBookkeepingTable(table: string): boolean {
  return BOOKKEEPING_TABLES.has(normaliseName(table).toLowerCase());
}
