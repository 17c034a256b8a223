-- Schema dtc: every DTC issued (the DER DTCContentInfo lives in S3 under its content address, object_key) with its
-- status, and the idempotency record of RevokeDtc. No personal data: only hashes of the DTC and of the eMRTD's SOD.

CREATE TABLE dtcs (
    dtc_id                 uuid        PRIMARY KEY,
    request_id             text        NOT NULL UNIQUE,
    request_hash           bytea       NOT NULL,           -- SHA-256 of the IssueDtc request bytes
    binding                smallint    NOT NULL,           -- credentials.common.v1.DtcBinding
    object_key             text        NOT NULL,           -- sha256/<hex> of the DTCContentInfo in S3
    content_info_sha256    text        NOT NULL,
    security_object_sha256 text        NOT NULL,
    credential_id          text        NOT NULL DEFAULT '',
    issued_at              timestamptz NOT NULL,
    expires_at             timestamptz NOT NULL,
    revoked_at             timestamptz NULL,
    revocation_reason      smallint    NOT NULL DEFAULT 0, -- credentials.common.v1.DtcRevocationReason
    requested_by           text        NOT NULL
);

CREATE INDEX dtcs_content_info_sha256 ON dtcs (content_info_sha256);
CREATE INDEX dtcs_security_object_sha256 ON dtcs (security_object_sha256);

CREATE TABLE revocations (
    request_id   text        PRIMARY KEY,
    dtc_id       uuid        NOT NULL REFERENCES dtcs (dtc_id),
    reason       smallint    NOT NULL,
    revoked_at   timestamptz NOT NULL,
    requested_by text        NOT NULL
);
