-- Schema csca: CSCA lineages and their key generations, every certificate the service issued, the CRLs it
-- published, the Master Lists it signed, and the idempotency record of side-effecting RPCs.
-- DER objects live in S3 (content-addressed, object_key); a copy of the (small) DER is kept here for reads.

CREATE TABLE cscas (
    csca_id             text        PRIMARY KEY,
    country             text        NOT NULL,
    organization        text        NOT NULL,
    organizational_unit text        NULL,
    common_name         text        NOT NULL,
    created_at          timestamptz NOT NULL
);

CREATE TABLE generations (
    csca_id                 text        NOT NULL REFERENCES cscas (csca_id),
    generation              integer     NOT NULL CHECK (generation > 0),
    state                   smallint    NOT NULL,  -- credentials.csca.v1.CscaGenerationState
    key_label               text        NOT NULL UNIQUE,
    key_algorithm           integer     NOT NULL,  -- Credentials.KeyVault.KeyAlgorithm
    signature_kind          integer     NOT NULL,  -- Credentials.Icao9303.Issuance.IssuanceSignatureKind
    hash_algorithm          text        NOT NULL,
    certificate_fingerprint text        NOT NULL,
    created_at              timestamptz NOT NULL,
    PRIMARY KEY (csca_id, generation)
);

-- At most one ACTIVE generation per lineage.
CREATE UNIQUE INDEX generations_one_active ON generations (csca_id) WHERE state = 1;

CREATE TABLE certificates (
    fingerprint        text        PRIMARY KEY,        -- SHA-256 of the DER, lowercase hex
    serial_number      text        NOT NULL UNIQUE,    -- lowercase hex of the INTEGER content octets
    csca_id            text        NOT NULL REFERENCES cscas (csca_id),
    issuer_generation  integer     NOT NULL,           -- generation whose key signed it
    subject_generation integer     NULL,               -- CSCA and link certificates: the generation they certify
    kind               smallint    NOT NULL,           -- credentials.common.v1.CertificateKind
    subject            text        NOT NULL,
    not_before         timestamptz NOT NULL,
    not_after          timestamptz NOT NULL,
    key_label          text        NULL,               -- set when the private key is in this service's HSM
    object_key         text        NOT NULL,
    der                bytea       NOT NULL,
    issued_at          timestamptz NOT NULL,
    request_id         text        NULL,
    revoked_at         timestamptz NULL,
    revocation_reason  smallint    NULL,               -- credentials.common.v1.RevocationReason, 0 = none given
    invalidity_date    timestamptz NULL,
    FOREIGN KEY (csca_id, issuer_generation) REFERENCES generations (csca_id, generation) DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX certificates_list ON certificates (issued_at DESC, fingerprint DESC);
CREATE INDEX certificates_revoked ON certificates (csca_id, issuer_generation) WHERE revoked_at IS NOT NULL;

CREATE TABLE crls (
    csca_id       text        NOT NULL,
    generation    integer     NOT NULL,
    crl_number    bigint      NOT NULL CHECK (crl_number > 0),
    this_update   timestamptz NOT NULL,
    next_update   timestamptz NOT NULL,
    revoked_count integer     NOT NULL,
    fingerprint   text        NOT NULL,
    object_key    text        NOT NULL,
    der           bytea       NOT NULL,
    published_at  timestamptz NOT NULL,
    PRIMARY KEY (csca_id, generation, crl_number),
    FOREIGN KEY (csca_id, generation) REFERENCES generations (csca_id, generation)
);

CREATE TABLE master_lists (
    fingerprint        text        PRIMARY KEY,
    csca_id            text        NOT NULL REFERENCES cscas (csca_id),
    signer_fingerprint text        NOT NULL REFERENCES certificates (fingerprint),
    certificate_count  integer     NOT NULL,
    object_key         text        NOT NULL,
    signed_at          timestamptz NOT NULL,
    request_id         text        NOT NULL
);

-- Idempotency of side-effecting RPCs: the first response per request_id, with a hash of the request body.
CREATE TABLE requests (
    request_id   text        PRIMARY KEY,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    response     bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);
