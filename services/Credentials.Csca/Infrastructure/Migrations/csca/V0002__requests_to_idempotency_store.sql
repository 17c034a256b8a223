-- The idempotency record moves to the shared idempotent_requests table (source 'idempotency', applied before this
-- one). Rows keep their meaning: request_hash was already SHA-256(operation || 0x00 || request bytes), the shared
-- store's standard fingerprint, so a retry after the upgrade still replays and another body still conflicts.
INSERT INTO idempotent_requests (request_id, operation, fingerprint, response, created_at)
SELECT request_id, operation, request_hash, response, created_at FROM requests;

DROP TABLE requests;
