-- Transactional outbox, dead letters and inbox. Applied in the schema of the service that uses them
-- (the migration runner sets search_path), so names are unqualified here.
CREATE TABLE outbox_messages (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    topic           text        NOT NULL,
    aggregate_key   text        NOT NULL,
    payload         bytea       NOT NULL,
    headers         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text        NULL,
    sent_at         timestamptz NULL
);

-- The relay only ever scans unsent rows, in id order, and checks earlier unsent rows of the same key.
CREATE INDEX outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_messages_unsent_key ON outbox_messages (aggregate_key, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_messages_sent_at ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE outbox_dead_letters (
    id              bigint      PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    topic           text        NOT NULL,
    aggregate_key   text        NOT NULL,
    payload         bytea       NOT NULL,
    headers         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL,
    last_error      text        NULL,
    dead_lettered_at timestamptz NOT NULL
);

-- One row per (consumer, event) handled: inserting it in the handler's transaction makes handling idempotent.
CREATE TABLE inbox_messages (
    consumer   text        NOT NULL,
    event_id   uuid        NOT NULL,
    handled_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
