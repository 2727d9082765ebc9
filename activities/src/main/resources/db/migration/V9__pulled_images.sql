-- Which images this installation pulled onto which host, by the image id the pull brought: the
-- purge removes exactly that image (never one that was on the host before, never a tag moved
-- since). image_id is NULL while the pull is under way, so a retry after a crash knows the image
-- it then finds was its own pull.
CREATE TABLE pulled_images (
    host_id    text        NOT NULL,
    reference  text        NOT NULL,
    image_id   text,
    pulled_by  uuid        NOT NULL,
    pulled_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host_id, reference)
);

-- A pull's progress is an event of its own (deployment-progress); the row carries the figures.
ALTER TABLE status_history ADD COLUMN progress jsonb;
ALTER TABLE status_history DROP CONSTRAINT status_history_event_kind;
ALTER TABLE status_history ADD CONSTRAINT status_history_event_kind
    CHECK (event_kind IN ('CREATED', 'STATUS', 'PHASE', 'NOTE', 'STUCK', 'PROGRESS'));
