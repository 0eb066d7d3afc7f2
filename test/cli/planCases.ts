/**
 * The naive migrations the planner is tested on, over one small history:
 * shared by the CLI tests (planned, linted, checked) and the 100,000-row
 * run of every phase set with its backfills.
 */

/** Four risky changes at once: a NOT NULL column, a plain index, a validated foreign key, a dropped column. */
export const NAIVE =
  'ALTER TABLE orders ADD COLUMN region text NOT NULL;\nCREATE INDEX orders_region_idx ON orders (region);\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\nALTER TABLE orders DROP COLUMN ref;';

export const ORDERS: Record<string, string> = {
  'migrations/0001_create.up.sql':
    "CREATE TABLE customers (id bigint PRIMARY KEY, name text);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric, ref text, status text DEFAULT 'new');\nCREATE INDEX orders_status_idx ON orders (status);\n" +
    'CREATE TABLE counters (id serial PRIMARY KEY, hits integer NOT NULL DEFAULT 0, label text NOT NULL);\nCREATE INDEX counters_hits_idx ON counters (hits);\n' +
    'CREATE TABLE order_lines (order_id bigint, line_no integer, quantity integer, PRIMARY KEY (order_id, line_no));\n',
  'migrations/0001_create.down.sql': 'DROP TABLE order_lines;\nDROP TABLE counters;\nDROP TABLE orders;\nDROP TABLE customers;\n',
};

export interface PlanCase {
  name: string;
  naive: string;
  /** `--backfill` for the columns that need a value. */
  backfill?: string;
  /** The phases' slugs, in order. */
  phases: string[];
  /** The backfill scripts written, by file name (their version is that of the migration they follow). */
  backfills?: string[];
}

export const PLAN_CASES: PlanCase[] = [
  {
    name: 'a foreign key',
    naive: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;',
    phases: ['add_orders_customer_fk_not_valid', 'validate_orders_customer_fk'],
  },
  {
    name: 'an unnamed check',
    naive: 'ALTER TABLE orders ADD CHECK (total >= 0);',
    phases: ['add_orders_total_check_not_valid', 'validate_orders_total_check'],
  },
  {
    name: 'NOT NULL on an existing column',
    naive: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;',
    backfill: "orders.status='new'",
    phases: ['add_status_not_null_check', 'validate_status_not_null', 'set_status_not_null'],
    backfills: ['0001_backfill_orders_status.sql'],
  },
  {
    name: 'NOT NULL on a column of a table with a composite key',
    naive: 'ALTER TABLE order_lines ALTER COLUMN quantity SET NOT NULL;',
    backfill: 'quantity=1',
    phases: ['add_quantity_not_null_check', 'validate_quantity_not_null', 'set_quantity_not_null'],
    backfills: ['0001_backfill_order_lines_quantity.sql'],
  },
  { name: 'a unique index', naive: 'CREATE UNIQUE INDEX orders_ref_idx ON orders (ref);', phases: ['index_orders_ref_idx_concurrently'] },
  {
    name: 'a NOT NULL column without a default',
    naive: 'ALTER TABLE orders ADD COLUMN region text NOT NULL;',
    backfill: "orders.region='eu'",
    phases: ['add_region_nullable', 'add_region_not_null_check', 'validate_region_not_null', 'set_region_not_null'],
    backfills: ['0002_backfill_orders_region.sql'],
  },
  {
    name: 'a NOT NULL column with a volatile default',
    naive: 'ALTER TABLE orders ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();',
    phases: ['add_token_nullable', 'add_token_not_null_check', 'validate_token_not_null', 'set_token_not_null'],
    backfills: ['0002_backfill_orders_token.sql'],
  },
  { name: 'a dropped column', naive: 'ALTER TABLE orders DROP COLUMN status;', phases: ['drop_status'] },
  {
    name: 'a serial primary key widened to bigint',
    naive: 'ALTER TABLE counters ALTER COLUMN id TYPE bigint;',
    phases: [
      'add_id_new_nullable',
      'index_counters_pkey_new_concurrently',
      'validate_id_new_not_null',
      'set_id_new_not_null',
      'swap_id_to_bigint',
      'drop_id_old',
    ],
    backfills: ['0002_backfill_counters_id_new.sql'],
  },
  {
    name: 'an indexed NOT NULL column widened to bigint',
    naive: 'ALTER TABLE counters ALTER COLUMN hits TYPE bigint;',
    phases: [
      'add_hits_new_nullable',
      'index_counters_hits_idx_new_concurrently',
      'validate_hits_new_not_null',
      'set_hits_new_not_null',
      'swap_hits_to_bigint',
      'drop_hits_old',
    ],
    backfills: ['0002_backfill_counters_hits_new.sql'],
  },
  {
    name: 'a renamed indexed column with a default',
    naive: 'ALTER TABLE orders RENAME COLUMN status TO state;',
    phases: ['add_state', 'index_orders_state_idx_concurrently', 'drop_status'],
    backfills: ['0002_backfill_orders_state.sql'],
  },
  {
    name: 'a renamed NOT NULL column',
    naive: 'ALTER TABLE counters RENAME COLUMN label TO name;',
    phases: ['add_name_nullable', 'validate_name_not_null', 'set_name_not_null', 'drop_label'],
    backfills: ['0002_backfill_counters_name.sql'],
  },
  {
    name: 'a unique constraint',
    naive: 'ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);',
    phases: ['index_orders_ref_key_concurrently', 'add_orders_ref_key_using_index'],
  },
  { name: 'a renamed table', naive: 'ALTER TABLE customers RENAME TO clients;', phases: ['rename_customers_to_clients', 'drop_view_customers'] },
  { name: 'a dropped table', naive: 'DROP TABLE counters;', phases: ['drop_counters'] },
  { name: 'a NOT NULL column dropped', naive: 'ALTER TABLE counters DROP COLUMN label;', phases: ['expand', 'drop_label'] },
  {
    name: 'several changes at once',
    naive: NAIVE,
    backfill: "orders.region='eu'",
    phases: [
      'add_region_nullable',
      'add_orders_customer_fk_not_valid',
      'index_orders_region_idx_concurrently',
      'add_region_not_null_check',
      'validate_constraints',
      'set_region_not_null',
      'drop_ref',
    ],
    backfills: ['0002_backfill_orders_region.sql'],
  },
];
