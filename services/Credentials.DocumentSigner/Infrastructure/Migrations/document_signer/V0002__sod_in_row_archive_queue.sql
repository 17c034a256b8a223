-- EF.SOD bytes move off the signing path: the issuance row keeps the bytes (security_object) and commits with the
-- credential.issued outbox row; a background archiver copies them to S3 under object_key (the content address) and
-- stamps archived_at. Rows signed before this migration are already in S3 (security_object NULL, archived_at set).

ALTER TABLE issuances ADD COLUMN security_object bytea NULL;
ALTER TABLE issuances ADD COLUMN archived_at timestamptz NULL;

UPDATE issuances SET archived_at = signed_at WHERE archived_at IS NULL;

ALTER TABLE issuances ADD CONSTRAINT issuances_bytes_until_archived CHECK (archived_at IS NOT NULL OR security_object IS NOT NULL);

-- The archive queue: only rows not yet in S3, oldest first.
CREATE INDEX issuances_archive_queue ON issuances (signed_at, credential_id) WHERE archived_at IS NULL;
