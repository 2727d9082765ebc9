-- What each deployment's revisions hold of their host's capacity: cpu (thousandths of a core)
-- and memory (MiB) while they have containers, storage (GiB) until the purge. A host's free
-- capacity is its configured capacity less the sum of its rows.
CREATE TABLE capacity_holds (
    deployment_id uuid    NOT NULL REFERENCES deployments (id),
    revision      integer NOT NULL,
    host          text    NOT NULL,
    cpu_millis    bigint  NOT NULL CHECK (cpu_millis >= 0),
    memory_mib    bigint  NOT NULL CHECK (memory_mib >= 0),
    storage_gib   bigint  NOT NULL CHECK (storage_gib >= 0),
    PRIMARY KEY (deployment_id, revision)
);
CREATE INDEX capacity_holds_host ON capacity_holds (host);
