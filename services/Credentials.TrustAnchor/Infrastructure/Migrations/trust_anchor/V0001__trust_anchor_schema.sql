-- Schema trust_anchor: the trust material of the relying-party side. CSCA and link certificates (the anchors),
-- Document Signer certificates seen in events, CRLs, revocation notices from our csca, the idempotency record of
-- ImportTrustMaterial, and a store version bumped in every transaction that changes the material (it keys the
-- Redis cache and tells replicas to reload). No personal data is stored here: verifications are not recorded.

CREATE TABLE certificates (
    fingerprint              text        PRIMARY KEY,      -- SHA-256 of the DER, lowercase hex
    kind                     smallint    NOT NULL,         -- credentials.common.v1.CertificateKind
    country                  text        NOT NULL,         -- C of the subject, upper case ('' when absent)
    subject                  text        NOT NULL,
    issuer                   text        NOT NULL,
    serial_number            text        NOT NULL,         -- lowercase hex of the INTEGER content octets
    subject_key_identifier   bytea       NULL,
    authority_key_identifier bytea       NULL,
    not_before               timestamptz NOT NULL,
    not_after                timestamptz NOT NULL,
    der                      bytea       NOT NULL,
    source                   text        NOT NULL,         -- pkd source id, "csca", or the import's source text
    added_at                 timestamptz NOT NULL,
    removed_at               timestamptz NULL              -- set when no pkd source lists it any more
);

CREATE INDEX certificates_anchors ON certificates (country, not_before, fingerprint) WHERE removed_at IS NULL AND kind IN (1, 2);
CREATE INDEX certificates_ski ON certificates (subject_key_identifier) WHERE subject_key_identifier IS NOT NULL;

CREATE TABLE crls (
    fingerprint              text        PRIMARY KEY,
    issuer                   text        NOT NULL,
    authority_key_identifier bytea       NULL,
    issuer_key               text        NOT NULL,         -- hex AKI, or the issuer DN when the CRL has no AKI
    country                  text        NOT NULL,
    crl_number               text        NOT NULL,         -- lowercase hex, '' when absent
    this_update              timestamptz NOT NULL,
    next_update              timestamptz NULL,
    revoked_count            integer     NOT NULL,
    der                      bytea       NOT NULL,
    source                   text        NOT NULL,
    added_at                 timestamptz NOT NULL,
    superseded_at            timestamptz NULL              -- set when a newer CRL of the same issuer arrived
);

CREATE INDEX crls_current ON crls (issuer_key) WHERE superseded_at IS NULL;

-- certificate.revoked events of our own csca (the CRL that follows is authoritative; the notice makes the revocation
-- visible even before that CRL arrives).
CREATE TABLE revocation_notices (
    fingerprint   text        PRIMARY KEY,
    serial_number text        NOT NULL,
    issuer        text        NOT NULL,
    reason        integer     NOT NULL,
    revoked_at    timestamptz NOT NULL,
    received_at   timestamptz NOT NULL
);

CREATE TABLE import_requests (
    request_id     text        PRIMARY KEY,
    content_sha256 bytea       NOT NULL,
    response       bytea       NOT NULL,                  -- serialized ImportTrustMaterialResponse
    created_at     timestamptz NOT NULL
);

CREATE TABLE store_version (
    id      smallint PRIMARY KEY CHECK (id = 1),
    version bigint   NOT NULL
);

INSERT INTO store_version (id, version) VALUES (1, 1);
