-- Stored kinds and reasons use trust-anchor's own stable text codes (Infrastructure/TrustAnchorStoredCodes.cs is the
-- one mapping), not the numbers of the proto enums: a renumbered or renamed enum value must not change what a stored
-- row means. Existing rows are converted from the enum numbers V0001 stored.

-- certificates.kind (was credentials.common.v1.CertificateKind: 1 CSCA, 2 LINK, 3 DOCUMENT_SIGNER, 4 DTC_SIGNER,
-- 5 MASTER_LIST_SIGNER, 6 DEVIATION_LIST_SIGNER, 7 SEAL_SIGNER). The anchors index names the kinds in its predicate.
DROP INDEX certificates_anchors;
ALTER TABLE certificates ALTER COLUMN kind TYPE text USING CASE kind
    WHEN 1 THEN 'CSCA' WHEN 2 THEN 'LINK' WHEN 3 THEN 'DOCUMENT_SIGNER' WHEN 4 THEN 'DTC_SIGNER' WHEN 5 THEN 'MASTER_LIST_SIGNER'
    WHEN 6 THEN 'DEVIATION_LIST_SIGNER' WHEN 7 THEN 'SEAL_SIGNER' END;
ALTER TABLE certificates ALTER COLUMN kind SET NOT NULL;
ALTER TABLE certificates ADD CONSTRAINT certificates_kind_code
    CHECK (kind IN ('CSCA', 'LINK', 'DOCUMENT_SIGNER', 'DTC_SIGNER', 'MASTER_LIST_SIGNER', 'DEVIATION_LIST_SIGNER', 'SEAL_SIGNER'));
CREATE INDEX certificates_anchors ON certificates (country, not_before, fingerprint) WHERE removed_at IS NULL AND kind IN ('CSCA', 'LINK');

-- revocation_notices.reason (was credentials.common.v1.RevocationReason, whose numbers are RFC 5280 section 5.3.1
-- CRLReason values: 0 none given, 1 keyCompromise, 2 cACompromise, 3 affiliationChanged, 4 superseded,
-- 5 cessationOfOperation, 6 certificateHold, 8 removeFromCRL, 9 privilegeWithdrawn, 10 aACompromise).
ALTER TABLE revocation_notices ALTER COLUMN reason TYPE text USING CASE reason
    WHEN 0 THEN 'UNSPECIFIED' WHEN 1 THEN 'KEY_COMPROMISE' WHEN 2 THEN 'CA_COMPROMISE' WHEN 3 THEN 'AFFILIATION_CHANGED'
    WHEN 4 THEN 'SUPERSEDED' WHEN 5 THEN 'CESSATION_OF_OPERATION' WHEN 6 THEN 'CERTIFICATE_HOLD' WHEN 8 THEN 'REMOVE_FROM_CRL'
    WHEN 9 THEN 'PRIVILEGE_WITHDRAWN' WHEN 10 THEN 'AA_COMPROMISE' ELSE 'UNSPECIFIED' END;
ALTER TABLE revocation_notices ALTER COLUMN reason SET NOT NULL;
ALTER TABLE revocation_notices ADD CONSTRAINT revocation_notices_reason_code
    CHECK (reason IN ('UNSPECIFIED', 'KEY_COMPROMISE', 'CA_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION',
                      'CERTIFICATE_HOLD', 'REMOVE_FROM_CRL', 'PRIVILEGE_WITHDRAWN', 'AA_COMPROMISE'));

COMMENT ON COLUMN certificates.kind IS 'trust-anchor stable code (TrustAnchorStoredCodes): CSCA, LINK, DOCUMENT_SIGNER, DTC_SIGNER, MASTER_LIST_SIGNER, DEVIATION_LIST_SIGNER, SEAL_SIGNER';
COMMENT ON COLUMN revocation_notices.reason IS 'trust-anchor stable code (TrustAnchorStoredCodes): the RFC 5280 CRLReason of the notice, UNSPECIFIED when none was given';
