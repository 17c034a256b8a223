-- Idempotency of side-effecting RPCs (STYLE.md rule 10), one table shape for every service (issue 17 item 4): the
-- first response per request_id, the operation it answered and a fingerprint of the request (a hash the service
-- computes; a retry with another fingerprint or operation is a request_id conflict).
CREATE TABLE idempotent_requests (
    request_id  text        PRIMARY KEY,
    operation   text        NOT NULL,
    fingerprint bytea       NOT NULL,
    response    bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
