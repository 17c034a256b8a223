-- Stored states, kinds and reasons use csca's own stable text codes (Infrastructure/CscaStoredCodes.cs is the one
-- mapping), not the numbers of the proto enums: a renumbered or renamed enum value must not change what a stored row
-- means. Existing rows are converted from the enum numbers V0001 stored.

-- generations.state (was credentials.csca.v1.CscaGenerationState: 1 ACTIVE, 2 SUPERSEDED, 3 RETIRED). The index that
-- keeps one ACTIVE generation per lineage names the state in its predicate.
DROP INDEX generations_one_active;
ALTER TABLE generations ALTER COLUMN state TYPE text USING CASE state WHEN 1 THEN 'ACTIVE' WHEN 2 THEN 'SUPERSEDED' WHEN 3 THEN 'RETIRED' END;
ALTER TABLE generations ALTER COLUMN state SET NOT NULL;
ALTER TABLE generations ADD CONSTRAINT generations_state_code CHECK (state IN ('ACTIVE', 'SUPERSEDED', 'RETIRED'));
CREATE UNIQUE INDEX generations_one_active ON generations (csca_id) WHERE state = 'ACTIVE';

-- certificates.kind (was credentials.common.v1.CertificateKind: 1 CSCA, 2 LINK, 3 DOCUMENT_SIGNER, 4 DTC_SIGNER,
-- 5 MASTER_LIST_SIGNER, 6 DEVIATION_LIST_SIGNER, 7 SEAL_SIGNER).
ALTER TABLE certificates ALTER COLUMN kind TYPE text USING CASE kind
    WHEN 1 THEN 'CSCA' WHEN 2 THEN 'LINK' WHEN 3 THEN 'DOCUMENT_SIGNER' WHEN 4 THEN 'DTC_SIGNER' WHEN 5 THEN 'MASTER_LIST_SIGNER'
    WHEN 6 THEN 'DEVIATION_LIST_SIGNER' WHEN 7 THEN 'SEAL_SIGNER' END;
ALTER TABLE certificates ALTER COLUMN kind SET NOT NULL;
ALTER TABLE certificates ADD CONSTRAINT certificates_kind_code
    CHECK (kind IN ('CSCA', 'LINK', 'DOCUMENT_SIGNER', 'DTC_SIGNER', 'MASTER_LIST_SIGNER', 'DEVIATION_LIST_SIGNER', 'SEAL_SIGNER'));

-- certificates.revocation_reason (was credentials.common.v1.RevocationReason, whose numbers are the RFC 5280 section
-- 5.3.1 CRLReason values; 0 = none given, also stored for certificates never revoked).
ALTER TABLE certificates ALTER COLUMN revocation_reason TYPE text USING CASE revocation_reason
    WHEN 0 THEN 'UNSPECIFIED' WHEN 1 THEN 'KEY_COMPROMISE' WHEN 2 THEN 'CA_COMPROMISE' WHEN 3 THEN 'AFFILIATION_CHANGED'
    WHEN 4 THEN 'SUPERSEDED' WHEN 5 THEN 'CESSATION_OF_OPERATION' WHEN 6 THEN 'CERTIFICATE_HOLD' WHEN 8 THEN 'REMOVE_FROM_CRL'
    WHEN 9 THEN 'PRIVILEGE_WITHDRAWN' WHEN 10 THEN 'AA_COMPROMISE' END;
ALTER TABLE certificates ADD CONSTRAINT certificates_revocation_reason_code
    CHECK (revocation_reason IN ('UNSPECIFIED', 'KEY_COMPROMISE', 'CA_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED',
                                 'CESSATION_OF_OPERATION', 'CERTIFICATE_HOLD', 'REMOVE_FROM_CRL', 'PRIVILEGE_WITHDRAWN', 'AA_COMPROMISE'));

COMMENT ON COLUMN generations.state IS 'csca stable code (CscaStoredCodes): ACTIVE, SUPERSEDED, RETIRED';
COMMENT ON COLUMN certificates.kind IS 'csca stable code (CscaStoredCodes): CSCA, LINK, DOCUMENT_SIGNER, DTC_SIGNER, MASTER_LIST_SIGNER, DEVIATION_LIST_SIGNER, SEAL_SIGNER';
COMMENT ON COLUMN certificates.revocation_reason IS 'csca stable code (CscaStoredCodes): the RFC 5280 CRLReason, UNSPECIFIED when none was given';
