-- credential_status.kind holds the ledger's own stable text code (Infrastructure/LedgerStoredCodes.cs is the one
-- mapping), not the number of the proto enum: a renumbered or renamed enum value must not change what a row means.
-- Existing rows are converted from the numbers V0001 stored (credentials.ledger.v1.CredentialKind: 1 EMRTD, 2 DTC).
-- The hash chain is untouched: entry_hash covers only previous_entry_hash and the envelope bytes (docs/ledger.md);
-- the status projection is derived data outside the chain.

ALTER TABLE credential_status ALTER COLUMN kind TYPE text USING CASE kind WHEN 1 THEN 'EMRTD' WHEN 2 THEN 'DTC' END;
ALTER TABLE credential_status ALTER COLUMN kind SET NOT NULL;
ALTER TABLE credential_status ADD CONSTRAINT credential_status_kind_code CHECK (kind IN ('EMRTD', 'DTC'));

COMMENT ON COLUMN credential_status.kind IS 'ledger stable code (LedgerStoredCodes): EMRTD, DTC';
