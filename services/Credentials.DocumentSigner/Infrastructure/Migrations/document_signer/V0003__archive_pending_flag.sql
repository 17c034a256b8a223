-- The archive queue is marked by an explicit flag that defaults to false, so that a binary predating V0002 (which puts
-- the EF.SOD in S3 itself and does not write security_object) can still insert issuances during a rolling upgrade:
-- its rows are already archived. Only this version's SignSecurityObject inserts archive_pending = true with the bytes.

ALTER TABLE issuances DROP CONSTRAINT issuances_bytes_until_archived;
DROP INDEX issuances_archive_queue;

ALTER TABLE issuances ADD COLUMN archive_pending boolean NOT NULL DEFAULT false;
UPDATE issuances SET archive_pending = true WHERE archived_at IS NULL AND security_object IS NOT NULL;
UPDATE issuances SET archived_at = signed_at WHERE archived_at IS NULL AND security_object IS NULL;

ALTER TABLE issuances ADD CONSTRAINT issuances_pending_has_bytes CHECK (NOT archive_pending OR security_object IS NOT NULL);

-- The archive queue: only rows waiting for S3, oldest first.
CREATE INDEX issuances_archive_queue ON issuances (signed_at, credential_id) WHERE archive_pending;
