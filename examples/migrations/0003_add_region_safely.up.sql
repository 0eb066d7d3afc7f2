-- A similar change written to keep the table available: bounded lock waits,
-- and a constraint validated without blocking writes.
SET lock_timeout = '5s';

ALTER TABLE events ADD COLUMN region text;
ALTER TABLE events ADD CONSTRAINT events_region_not_null CHECK (region IS NOT NULL) NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_region_not_null;
