-- CreateSignerKey's and SignVisibleSeal's first responses move to the suite's one idempotency store, the
-- idempotent_requests table (migration source 'idempotency', applied before this one; issue 17 item 4). Rows keep their
-- meaning: request_hash was SHA-256(operation || 0x00 || request bytes), the shared store's standard fingerprint, so a
-- retry after the upgrade still replays and another body under the same request_id still conflicts.
INSERT INTO idempotent_requests (request_id, operation, fingerprint, response, created_at)
SELECT request_id, operation, request_hash, response, created_at FROM requests;

DROP TABLE requests;
