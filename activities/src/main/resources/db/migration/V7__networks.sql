-- Each deployment has a bridge network of its own; the sweep removes our networks whose
-- deployment is gone, and counts them apart from orphan containers.
ALTER TABLE cleanup_runs ADD COLUMN orphan_networks_removed integer NOT NULL DEFAULT 0;
