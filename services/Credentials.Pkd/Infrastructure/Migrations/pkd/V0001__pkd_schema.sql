-- Schema pkd: foreign trust material synchronised from the configured sources. Raw artifacts live in S3
-- (content-addressed, object_key); parsed metadata, per-artifact membership, sync runs and the change log live here.

CREATE TABLE certificates (
    fingerprint              text        PRIMARY KEY,   -- SHA-256 of the DER, lowercase hex
    kind                     smallint    NOT NULL,      -- credentials.common.v1.CertificateKind
    country                  text        NOT NULL,
    subject                  text        NOT NULL,
    issuer                   text        NOT NULL,
    serial_number            text        NOT NULL,
    subject_key_identifier   bytea       NULL,
    authority_key_identifier bytea       NULL,
    not_before               timestamptz NOT NULL,
    not_after                timestamptz NOT NULL,
    object_key               text        NOT NULL,
    der                      bytea       NOT NULL,
    verified                 boolean     NOT NULL,
    lint_findings            jsonb       NOT NULL,
    first_source_id          text        NOT NULL,
    first_seen_at            timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    removed                  boolean     NOT NULL DEFAULT false
);

CREATE INDEX certificates_updated ON certificates (updated_at, fingerprint);
CREATE INDEX certificates_country_kind ON certificates (country, kind);

CREATE TABLE crls (
    fingerprint              text        PRIMARY KEY,
    country                  text        NOT NULL,
    issuer                   text        NOT NULL,
    authority_key_identifier bytea       NULL,
    issuer_fingerprint       text        NULL,          -- the CSCA/link certificate it verified under
    crl_number               text        NOT NULL,      -- lowercase hex, empty when absent
    this_update              timestamptz NOT NULL,
    next_update              timestamptz NULL,
    revoked_count            integer     NOT NULL,
    object_key               text        NOT NULL,
    der                      bytea       NOT NULL,
    verified                 boolean     NOT NULL,
    lint_findings            jsonb       NOT NULL,
    first_source_id          text        NOT NULL,
    first_seen_at            timestamptz NOT NULL,
    is_current               boolean     NOT NULL DEFAULT false
);

CREATE INDEX crls_issuer ON crls (issuer, is_current);
CREATE INDEX crls_country ON crls (country) WHERE is_current;

-- One row per artifact (file, URL body, S3 object) of a source: the version being or last processed.
CREATE TABLE artifacts (
    source_id       text        NOT NULL,
    name            text        NOT NULL,
    content_sha256  text        NOT NULL,
    object_key      text        NOT NULL,
    units_done      integer     NOT NULL,
    units_total     integer     NOT NULL,
    completed       boolean     NOT NULL,
    has_unverified  boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (source_id, name)
);

-- Which artifact version lists which item: an item no artifact lists any more is marked removed.
CREATE TABLE artifact_items (
    source_id      text     NOT NULL,
    name           text     NOT NULL,
    content_sha256 text     NOT NULL,
    item_kind      smallint NOT NULL,  -- 1 certificate, 2 CRL
    fingerprint    text     NOT NULL,
    PRIMARY KEY (source_id, name, content_sha256, item_kind, fingerprint)
);

CREATE INDEX artifact_items_fingerprint ON artifact_items (fingerprint, item_kind);

CREATE TABLE sync_runs (
    run_id                 uuid        PRIMARY KEY,
    source_id              text        NOT NULL,
    state                  smallint    NOT NULL,       -- credentials.pkd.v1.SyncState
    on_demand              boolean     NOT NULL,
    full_sync              boolean     NOT NULL,
    created_at             timestamptz NOT NULL,
    started_at             timestamptz NULL,
    finished_at            timestamptz NULL,
    certificates_added     bigint      NOT NULL DEFAULT 0,
    certificates_removed   bigint      NOT NULL DEFAULT 0,
    certificates_unchanged bigint      NOT NULL DEFAULT 0,
    crls_added             bigint      NOT NULL DEFAULT 0,
    master_lists_processed bigint      NOT NULL DEFAULT 0,
    items_rejected         bigint      NOT NULL DEFAULT 0,
    lint_findings          bigint      NOT NULL DEFAULT 0,
    error_reason           text        NULL,
    error_detail           text        NULL
);

-- At most one PENDING or RUNNING run per source.
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (source_id) WHERE state IN (1, 2);
CREATE INDEX sync_runs_source ON sync_runs (source_id, created_at DESC);

-- The delta log behind WatchUpdates; written in the transaction of the change (writers serialise on an advisory
-- lock, so sequence numbers become visible in order).
CREATE TABLE changes (
    sequence          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    change_type       smallint    NOT NULL,  -- credentials.pkd.v1.ChangeType
    changed_at        timestamptz NOT NULL,
    source_id         text        NOT NULL,
    run_id            uuid        NOT NULL,
    item_kind         smallint    NOT NULL,  -- 1 certificate, 2 CRL
    fingerprint       text        NOT NULL,
    country           text        NOT NULL,
    certificate_kind  smallint    NOT NULL
);

-- Idempotency record of SyncNow (request_id).
CREATE TABLE requests (
    request_id   text        PRIMARY KEY,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    response     bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);
