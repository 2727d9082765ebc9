-- Decommission schema. The database is the source of truth for every deployment.

CREATE TABLE deployments (
    id           uuid PRIMARY KEY,
    owner        text        NOT NULL,
    name         text        NOT NULL,
    spec         jsonb       NOT NULL,
    status       text        NOT NULL,
    phase        text,
    host         text        NOT NULL,
    revision     integer     NOT NULL DEFAULT 1,
    image_pulled boolean     NOT NULL DEFAULT false,
    deletion_protection boolean NOT NULL DEFAULT false,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz,
    purge_after  timestamptz,
    purged_at    timestamptz,
    version      bigint      NOT NULL DEFAULT 0,
    CONSTRAINT deployments_status_valid CHECK (status IN
        ('CREATING', 'RUNNING', 'STOPPED', 'FAILED', 'CANCELLED', 'MISSING',
         'DELETING', 'DELETED', 'PURGING', 'PURGED')),
    CONSTRAINT deployments_deleted_times CHECK (
        (status IN ('DELETED', 'PURGING', 'PURGED')) OR (deleted_at IS NULL AND purge_after IS NULL))
);

-- A name is unique among live deployments only: a deleted deployment never blocks a name.
CREATE UNIQUE INDEX deployments_live_name ON deployments (name)
    WHERE status NOT IN ('DELETED', 'PURGING', 'PURGED');
CREATE INDEX deployments_owner ON deployments (owner, created_at);
CREATE INDEX deployments_unfinished ON deployments (status) WHERE status <> 'PURGED';

CREATE TABLE replicas (
    deployment_id  uuid        NOT NULL REFERENCES deployments (id),
    revision       integer     NOT NULL,
    idx            integer     NOT NULL,
    container_id   text        NOT NULL,
    container_name text        NOT NULL,
    state          text        NOT NULL DEFAULT 'CREATED',
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deployment_id, revision, idx)
);

-- One row per Docker volume a deployment mounts (a REPLICA-scoped volume has one per replica).
CREATE TABLE volumes (
    deployment_id uuid    NOT NULL REFERENCES deployments (id),
    name          text    NOT NULL,
    docker_name   text    NOT NULL,
    replica       integer,
    mount_path    text    NOT NULL,
    scope         text    NOT NULL CHECK (scope IN ('DEPLOYMENT', 'REPLICA', 'SHARED')),
    PRIMARY KEY (deployment_id, docker_name)
);

-- One row per host port held; a port is free again when its row is gone.
CREATE TABLE port_allocations (
    host          text        NOT NULL,
    port          integer     NOT NULL,
    deployment_id uuid        NOT NULL REFERENCES deployments (id),
    replica       integer     NOT NULL,
    port_name     text        NOT NULL,
    state         text        NOT NULL DEFAULT 'ALLOCATED' CHECK (state IN ('ALLOCATED', 'RETAINED')),
    allocated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host, port),
    UNIQUE (deployment_id, replica, port_name)
);

-- Append-only audit trail, and the source of the event stream.
CREATE TABLE status_history (
    id            bigserial PRIMARY KEY,
    deployment_id uuid        NOT NULL REFERENCES deployments (id),
    old_status    text,
    new_status    text        NOT NULL,
    phase         text,
    actor         text        NOT NULL,
    reason        text,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_history_deployment ON status_history (deployment_id, id);

-- Kept after the other records are gone: what a delete and purge did to each artifact.
CREATE TABLE deletion_receipts (
    deployment_id   uuid PRIMARY KEY,
    deployment_name text        NOT NULL,
    owner           text        NOT NULL,
    host            text        NOT NULL,
    items           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    started_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz
);

-- The first answer to a request made with an Idempotency-Key, per user; a repeat gets it again.
-- status 0: the first request is still being answered.
CREATE TABLE idempotency_keys (
    owner        text        NOT NULL,
    key          text        NOT NULL,
    request      text        NOT NULL,
    status       integer     NOT NULL DEFAULT 0,
    content_type text,
    body         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, key)
);
