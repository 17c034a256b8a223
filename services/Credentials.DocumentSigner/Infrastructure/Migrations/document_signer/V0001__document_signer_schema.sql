-- Schema document_signer: Document Signer keys (private keys in the HSM, certificates from the csca service), every
-- EF.SOD signed (the bytes live in S3 under their content address, object_key), and the idempotency record of
-- CreateSignerKey. Document numbers are never stored, not even hashed.

CREATE TABLE signer_keys (
    key_id                      text        PRIMARY KEY,
    key_label                   text        NOT NULL UNIQUE,   -- HSM label (CKA_LABEL), not secret
    state                       smallint    NOT NULL,          -- credentials.document_signer.v1.SignerKeyState
    key_algorithm               integer     NOT NULL,          -- credentials.common.v1.KeyAlgorithm
    signature_scheme            integer     NOT NULL,          -- credentials.common.v1.SignatureScheme
    document_types              text[]      NOT NULL,
    certificate_fingerprint     text        NOT NULL UNIQUE,   -- SHA-256 of the DSC DER, lowercase hex
    certificate_der             bytea       NOT NULL,
    certificate_summary         bytea       NOT NULL,          -- credentials.common.v1.Certificate as csca returned it
    private_key_usage_not_after timestamptz NOT NULL,
    created_at                  timestamptz NOT NULL,
    activated_at                timestamptz NULL,
    retired_at                  timestamptz NULL,
    request_id                  text        NOT NULL UNIQUE
);

CREATE INDEX signer_keys_list ON signer_keys (created_at DESC, key_id DESC);

CREATE TABLE issuances (
    credential_id          uuid        PRIMARY KEY,
    request_id             text        NOT NULL UNIQUE,
    request_hash           bytea       NOT NULL,           -- SHA-256 of the request with the document number keyed-hashed
    document_type          text        NOT NULL,
    lds_version            text        NOT NULL,
    unicode_version        text        NOT NULL,
    hash_algorithm         smallint    NOT NULL,           -- credentials.common.v1.HashAlgorithm
    data_group_numbers     integer[]   NOT NULL,
    signer_key_id          text        NOT NULL REFERENCES signer_keys (key_id),
    object_key             text        NOT NULL,           -- sha256/<hex> of the EF.SOD bytes in S3
    security_object_sha256 text        NOT NULL,
    signed_at              timestamptz NOT NULL,
    document_expires_at    timestamptz NULL,
    requested_by           text        NOT NULL
);

CREATE INDEX issuances_signed_at ON issuances (signed_at);

-- Idempotency of CreateSignerKey: the first response per request_id, with a hash of the request body.
CREATE TABLE requests (
    request_id   text        PRIMARY KEY,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    response     bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);
