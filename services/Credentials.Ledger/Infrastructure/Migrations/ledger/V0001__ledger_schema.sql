-- Schema ledger: the append-only, hash-chained record of every event (entries), the per-credential status
-- projection derived from it (credential_status), and the HSM-signed checkpoints (checkpoints).
-- The service writes as the role ledger_writer, which the migrate step creates and grants INSERT/SELECT only on
-- entries (see docs/ledger.md); the trigger below refuses UPDATE/DELETE/TRUNCATE for every role as defence in depth.

CREATE TABLE entries (
    sequence            bigint      PRIMARY KEY CHECK (sequence >= 1),
    event_id            uuid        NOT NULL UNIQUE,
    event_type          text        NOT NULL,
    aggregate_key       text        NOT NULL,
    producer            text        NOT NULL,
    occurred_at         timestamptz NULL,
    envelope            bytea       NOT NULL,   -- the Kafka record value: EventEnvelope bytes exactly as received
    previous_entry_hash bytea       NOT NULL CHECK (length(previous_entry_hash) = 32),
    entry_hash          bytea       NOT NULL CHECK (length(entry_hash) = 32),  -- SHA-256(previous_entry_hash || envelope)
    recorded_at         timestamptz NOT NULL,
    source_topic        text        NOT NULL,
    source_partition    integer     NOT NULL,
    source_offset       bigint      NOT NULL
);

CREATE INDEX entries_by_type ON entries (event_type, sequence);
CREATE INDEX entries_by_aggregate ON entries (aggregate_key, sequence);
CREATE INDEX entries_by_occurred ON entries (occurred_at, sequence);

CREATE FUNCTION entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER entries_no_update_delete BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON entries FROM PUBLIC;

-- Status projection, updated in the transaction that appends the entry. kind: credentials.ledger.v1.CredentialKind.
CREATE TABLE credential_status (
    kind                   smallint    NOT NULL,
    credential_id          text        NOT NULL,
    security_object_sha256 text        NULL,
    issued_at              timestamptz NULL,
    expires_at             timestamptz NULL,
    revoked_at             timestamptz NULL,
    revocation_reason      text        NULL,
    last_entry_sequence    bigint      NOT NULL,
    PRIMARY KEY (kind, credential_id)
);

CREATE INDEX credential_status_by_sod ON credential_status (security_object_sha256, kind);

-- Signed checkpoints: payload is the canonical checkpoint text (docs/ledger.md), signature the ECDSA signature of
-- the ledger key over SHA-256(payload), object_key the content address of the archived copy in S3.
CREATE TABLE checkpoints (
    sequence    bigint      PRIMARY KEY REFERENCES entries (sequence),
    entry_hash  bytea       NOT NULL,
    signed_at   timestamptz NOT NULL,
    key_label   text        NOT NULL,
    payload     bytea       NOT NULL,
    signature   bytea       NOT NULL,
    object_key  text        NOT NULL
);

CREATE TRIGGER checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION entries_append_only();
