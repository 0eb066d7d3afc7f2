-- A similar change written to keep the table available: bounded lock waits, a
-- catalog-only column add (a constant default is not written into each row on
-- PostgreSQL 11+), and a NOT NULL check added without scanning the table.
SET lock_timeout = '5s';

ALTER TABLE events ADD COLUMN region text DEFAULT 'unknown';
ALTER TABLE events ADD CONSTRAINT events_region_not_null CHECK (region IS NOT NULL) NOT VALID;
