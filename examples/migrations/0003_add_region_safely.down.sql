SET lock_timeout = '5s';
ALTER TABLE events DROP CONSTRAINT events_region_not_null;
ALTER TABLE events DROP COLUMN region;
