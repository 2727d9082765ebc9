-- Deploy attempts and revisions: what one attempt allocated is released by its compensation
-- alone, and a new revision holds its own ports beside those of the revision still serving.

ALTER TABLE port_allocations ADD COLUMN revision integer NOT NULL DEFAULT 1;
ALTER TABLE port_allocations ADD COLUMN attempt text;
ALTER TABLE port_allocations DROP CONSTRAINT port_allocations_deployment_id_replica_port_name_key;
ALTER TABLE port_allocations ADD CONSTRAINT port_allocations_slot UNIQUE (deployment_id, revision, replica, port_name);

-- A revision asked for with a new spec; the deployment's own spec and revision change only once
-- the new revision serves.
CREATE TABLE revisions (
    deployment_id uuid        NOT NULL REFERENCES deployments (id),
    revision      integer     NOT NULL,
    spec          jsonb       NOT NULL,
    status        text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACTIVE', 'FAILED')),
    error         text,
    actor         text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deployment_id, revision)
);

-- A delete or purge step that failed after its retry budget: how many times it was tried.
ALTER TABLE deployments ADD COLUMN stuck_attempts integer;

-- Failed deployments whose containers are kept, stopped, for debugging (decommission.failed.keep),
-- with what their failed attempt created; the next failure beyond the limit pushes the oldest out.
CREATE TABLE kept_failures (
    deployment_id uuid PRIMARY KEY REFERENCES deployments (id),
    host          text        NOT NULL,
    revision      integer     NOT NULL,
    attempt       text        NOT NULL,
    kept_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A MISSING deployment whose containers were removed out of band: whether its data volumes are
-- still on the host.
ALTER TABLE deployments ADD COLUMN data_exists boolean;

-- One row per reconcile sweep of a Docker host: its figures, its errors, what it did.
CREATE TABLE cleanup_runs (
    id              bigserial PRIMARY KEY,
    host            text        NOT NULL,
    dry_run         boolean     NOT NULL,
    started_at      timestamptz NOT NULL,
    duration_ms     bigint      NOT NULL,
    records         integer     NOT NULL,
    containers      integer     NOT NULL,
    ghosts          integer     NOT NULL,
    drift           integer     NOT NULL,
    failed_expired  integer     NOT NULL,
    orphans_removed integer     NOT NULL,
    adopted         integer     NOT NULL,
    names_freed     integer     NOT NULL,
    ports_freed     integer     NOT NULL,
    errors          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    actions         jsonb       NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX cleanup_runs_host ON cleanup_runs (host, id);
