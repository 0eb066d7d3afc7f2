-- Naive version of "add tenant_id to events": every statement here is risky on a big, busy table.
ALTER TABLE events ADD COLUMN tenant_id bigint;

CREATE INDEX events_tenant_id_idx ON events (tenant_id);

ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;
