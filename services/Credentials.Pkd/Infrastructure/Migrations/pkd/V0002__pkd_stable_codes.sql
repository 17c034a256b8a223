-- Stored states and kinds use pkd's own stable text codes (Infrastructure/PkdStoredCodes.cs is the one mapping),
-- not the numbers of the proto enums: a renumbered or renamed enum value must not change what a stored row means.
-- Existing rows are converted from the enum numbers V0001 stored.

-- sync_runs.state (was credentials.pkd.v1.SyncState: 1 PENDING, 2 RUNNING, 3 SUCCEEDED, 4 FAILED).
DROP INDEX sync_runs_one_active;
ALTER TABLE sync_runs ALTER COLUMN state TYPE text USING CASE state
    WHEN 1 THEN 'PENDING' WHEN 2 THEN 'RUNNING' WHEN 3 THEN 'SUCCEEDED' WHEN 4 THEN 'FAILED' END;
ALTER TABLE sync_runs ALTER COLUMN state SET NOT NULL;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_state_code CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED'));
-- At most one PENDING or RUNNING run per source.
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (source_id) WHERE state IN ('PENDING', 'RUNNING');

-- certificates.kind (was credentials.common.v1.CertificateKind: 1 CSCA, 2 LINK, 3 DOCUMENT_SIGNER, 4 DTC_SIGNER,
-- 5 MASTER_LIST_SIGNER, 6 DEVIATION_LIST_SIGNER, 7 SEAL_SIGNER; pkd stored only 1-5).
ALTER TABLE certificates ALTER COLUMN kind TYPE text USING CASE kind
    WHEN 1 THEN 'CSCA' WHEN 2 THEN 'LINK' WHEN 3 THEN 'DOCUMENT_SIGNER' WHEN 4 THEN 'DTC_SIGNER' WHEN 5 THEN 'MASTER_LIST_SIGNER'
    WHEN 6 THEN 'DEVIATION_LIST_SIGNER' WHEN 7 THEN 'SEAL_SIGNER' END;
ALTER TABLE certificates ALTER COLUMN kind SET NOT NULL;
ALTER TABLE certificates ADD CONSTRAINT certificates_kind_code
    CHECK (kind IN ('CSCA', 'LINK', 'DOCUMENT_SIGNER', 'DTC_SIGNER', 'MASTER_LIST_SIGNER', 'DEVIATION_LIST_SIGNER', 'SEAL_SIGNER'));

-- changes.change_type (was credentials.pkd.v1.ChangeType: 1 ADDED, 2 REMOVED, 3 UPDATED) and changes.certificate_kind
-- (the certificate's kind as above; V0001 stored 0 for CRL changes, now NULL).
ALTER TABLE changes ALTER COLUMN change_type TYPE text USING CASE change_type WHEN 1 THEN 'ADDED' WHEN 2 THEN 'REMOVED' WHEN 3 THEN 'UPDATED' END;
ALTER TABLE changes ALTER COLUMN change_type SET NOT NULL;
ALTER TABLE changes ADD CONSTRAINT changes_change_type_code CHECK (change_type IN ('ADDED', 'REMOVED', 'UPDATED'));
ALTER TABLE changes ALTER COLUMN certificate_kind DROP NOT NULL;
ALTER TABLE changes ALTER COLUMN certificate_kind TYPE text USING CASE certificate_kind
    WHEN 1 THEN 'CSCA' WHEN 2 THEN 'LINK' WHEN 3 THEN 'DOCUMENT_SIGNER' WHEN 4 THEN 'DTC_SIGNER' WHEN 5 THEN 'MASTER_LIST_SIGNER'
    WHEN 6 THEN 'DEVIATION_LIST_SIGNER' WHEN 7 THEN 'SEAL_SIGNER' END;
ALTER TABLE changes ADD CONSTRAINT changes_certificate_kind_code
    CHECK (certificate_kind IN ('CSCA', 'LINK', 'DOCUMENT_SIGNER', 'DTC_SIGNER', 'MASTER_LIST_SIGNER', 'DEVIATION_LIST_SIGNER', 'SEAL_SIGNER'));

COMMENT ON COLUMN sync_runs.state IS 'pkd stable code (PkdStoredCodes): PENDING, RUNNING, SUCCEEDED, FAILED';
COMMENT ON COLUMN certificates.kind IS 'pkd stable code (PkdStoredCodes): CSCA, LINK, DOCUMENT_SIGNER, DTC_SIGNER, MASTER_LIST_SIGNER, DEVIATION_LIST_SIGNER, SEAL_SIGNER';
COMMENT ON COLUMN changes.change_type IS 'pkd stable code (PkdStoredCodes): ADDED, REMOVED, UPDATED';
COMMENT ON COLUMN changes.certificate_kind IS 'pkd stable code (PkdStoredCodes) of the certificate; NULL for CRL changes';
