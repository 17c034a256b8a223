-- The binding and the revocation reason as the project's own stable text codes (issue 17 item 5; DtcCodes) instead
-- of contract enum numbers. Existing rows are converted with the numbers they were written with
-- (credentials.common.v1.DtcBinding and DtcRevocationReason as of V0001); no reason given (0) becomes ''.

ALTER TABLE dtcs ALTER COLUMN binding TYPE text USING CASE binding
    WHEN 1 THEN 'emrtd-bound' WHEN 2 THEN 'emrtd-pc-bound' WHEN 3 THEN 'pc-bound' END;
ALTER TABLE dtcs ALTER COLUMN binding SET NOT NULL;
ALTER TABLE dtcs ADD CONSTRAINT dtcs_binding CHECK (binding IN ('emrtd-bound', 'emrtd-pc-bound', 'pc-bound'));

ALTER TABLE dtcs ALTER COLUMN revocation_reason DROP DEFAULT;
ALTER TABLE dtcs ALTER COLUMN revocation_reason TYPE text USING CASE revocation_reason
    WHEN 0 THEN '' WHEN 1 THEN 'lost' WHEN 2 THEN 'stolen' WHEN 3 THEN 'superseded' WHEN 4 THEN 'fraud'
    WHEN 5 THEN 'holder-request' WHEN 6 THEN 'source-document-revoked' END;
ALTER TABLE dtcs ALTER COLUMN revocation_reason SET DEFAULT '';
ALTER TABLE dtcs ADD CONSTRAINT dtcs_revocation_reason CHECK (revocation_reason IN (
    '', 'lost', 'stolen', 'superseded', 'fraud', 'holder-request', 'source-document-revoked'));

ALTER TABLE revocations ALTER COLUMN reason TYPE text USING CASE reason
    WHEN 0 THEN '' WHEN 1 THEN 'lost' WHEN 2 THEN 'stolen' WHEN 3 THEN 'superseded' WHEN 4 THEN 'fraud'
    WHEN 5 THEN 'holder-request' WHEN 6 THEN 'source-document-revoked' END;
ALTER TABLE revocations ALTER COLUMN reason SET NOT NULL;
ALTER TABLE revocations ADD CONSTRAINT revocations_reason CHECK (reason IN (
    '', 'lost', 'stolen', 'superseded', 'fraud', 'holder-request', 'source-document-revoked'));
