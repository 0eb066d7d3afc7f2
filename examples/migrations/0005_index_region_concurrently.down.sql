DROP INDEX CONCURRENTLY events_region_idx;
