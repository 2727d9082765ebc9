-- The sweep withdraws our routes in the proxy whose deployment has no live record, and counts
-- them apart from orphan containers and networks.
ALTER TABLE cleanup_runs ADD COLUMN stale_routes_removed integer NOT NULL DEFAULT 0;
