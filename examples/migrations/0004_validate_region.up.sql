-- Validation reads every row but only takes SHARE UPDATE EXCLUSIVE: reads and
-- writes go on. It gets a migration of its own so that no earlier statement's
-- ACCESS EXCLUSIVE is still held while it scans.
ALTER TABLE events VALIDATE CONSTRAINT events_region_not_null;
