-- The ImportTrustMaterial idempotency record moves to the shared idempotent_requests table (source 'idempotency',
-- applied before this one). Rows keep their meaning: the fingerprint is the same SHA-256 of the request without its
-- request_id (content_sha256), and the operation is the one the handler records, so a retry after the upgrade still
-- replays and another body still conflicts.
INSERT INTO idempotent_requests (request_id, operation, fingerprint, response, created_at)
SELECT request_id, 'ImportTrustMaterial', content_sha256, response, created_at FROM import_requests;

DROP TABLE import_requests;
