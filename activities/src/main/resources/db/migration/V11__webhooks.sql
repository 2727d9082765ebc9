-- Webhook subscriptions: a user's get the events of that user's deployments, an admin's with
-- all_owners everyone's. events holds the event names wanted (empty: all). last_event_id is the
-- status_history id up to which the subscription's workflow has handled the rows. A deleted
-- subscription keeps its row and its deliveries, and loses its secret.
CREATE TABLE webhooks (
    id            uuid PRIMARY KEY,
    owner         text        NOT NULL,
    all_owners    boolean     NOT NULL DEFAULT false,
    url           text        NOT NULL,
    secret        text        NOT NULL,
    events        jsonb       NOT NULL DEFAULT '[]'::jsonb,
    last_event_id bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);
CREATE INDEX webhooks_active_owner ON webhooks (owner) WHERE deleted_at IS NULL;

-- One row per subscription and event: PENDING while attempts go on, DELIVERED after a 2xx,
-- FAILED once its attempts are used up. attempt_log holds each attempt: when, the HTTP status or
-- the error.
CREATE TABLE webhook_deliveries (
    webhook_id       uuid        NOT NULL REFERENCES webhooks (id),
    event_id         bigint      NOT NULL,
    event_name       text        NOT NULL,
    deployment_id    uuid        NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    last_http_status integer,
    last_error       text,
    attempt_log      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    PRIMARY KEY (webhook_id, event_id)
);
