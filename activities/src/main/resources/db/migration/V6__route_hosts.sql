-- A route host is served by one live deployment at a time: nobody declares another's hostname.
ALTER TABLE deployments ADD COLUMN route_host text;
UPDATE deployments SET route_host = lower(spec->'route'->>'host')
    WHERE spec->'route'->>'host' IS NOT NULL AND spec->'route'->>'host' <> '';
-- Live deployments that already share a host from before: the oldest keeps the claim.
UPDATE deployments d SET route_host = NULL
    WHERE d.route_host IS NOT NULL AND d.status NOT IN ('DELETED', 'PURGING', 'PURGED')
      AND EXISTS (SELECT 1 FROM deployments o
                  WHERE o.route_host = d.route_host AND o.status NOT IN ('DELETED', 'PURGING', 'PURGED')
                    AND (o.created_at, o.id) < (d.created_at, d.id));
CREATE UNIQUE INDEX deployments_live_route_host ON deployments (route_host)
    WHERE route_host IS NOT NULL AND status NOT IN ('DELETED', 'PURGING', 'PURGED');
