-- DTC Signer keys of the eMRTD-PC bound and PC bound bindings (docs/dtc.md): the key pair lives in the HSM under
-- key_label, its certificate comes from csca (IssueSignerCertificate, kind DTC_SIGNER). The newest key that is not
-- retired and still inside its private key usage period signs; a key whose certificate trust-anchor reports revoked
-- or expired is retired and a new one is made.

CREATE TABLE signer_keys (
    key_label                   text        PRIMARY KEY,
    certificate_der             bytea       NOT NULL,
    certificate_sha256          text        NOT NULL UNIQUE,
    serial_number               text        NOT NULL,
    private_key_usage_not_after timestamptz NOT NULL,
    created_at                  timestamptz NOT NULL,
    retired_at                  timestamptz NULL,
    retired_reason              text        NOT NULL DEFAULT ''
);

CREATE INDEX signer_keys_active ON signer_keys (created_at DESC) WHERE retired_at IS NULL;

-- Which DTC Signer certificate signed a DTC's dtcTBS; empty for eMRTD-bound DTCs.
ALTER TABLE dtcs ADD COLUMN signer_certificate_sha256 text NOT NULL DEFAULT '';
