-- The installation this database belongs to. Every Docker object the installation creates carries
-- its id (label decommission.installation), so two installations sharing one Docker host never
-- take each other's objects for orphans. It lives in the database, not in a worker's data dir,
-- so every worker of one installation (split mode) stamps the same id.
CREATE TABLE installation (
    id         text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    singleton  boolean     NOT NULL DEFAULT true UNIQUE CHECK (singleton)
);
INSERT INTO installation (id) VALUES (gen_random_uuid()::text);
