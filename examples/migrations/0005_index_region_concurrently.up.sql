-- CREATE INDEX CONCURRENTLY cannot run in a transaction block: it gets a migration of its own.
CREATE INDEX CONCURRENTLY events_region_idx ON events (region);
