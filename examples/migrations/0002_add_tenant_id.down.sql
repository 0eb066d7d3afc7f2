DROP INDEX events_tenant_id_idx;
ALTER TABLE events DROP COLUMN tenant_id;
