-- Names are each owner's own: two users may both have a live "web". Among one owner's live
-- deployments a name is still unique, and a deleted deployment still never blocks it.
DROP INDEX deployments_live_name;
CREATE UNIQUE INDEX deployments_live_owner_name ON deployments (owner, name)
    WHERE status NOT IN ('DELETED', 'PURGING', 'PURGED');
