-- The archiver writes one S3 object per pass instead of one per EF.SOD: a bundle holding the EF.SOD files of that pass
-- back to back, under the bundle's own content address (one PUT for hundreds of EF.SODs; per-EF.SOD objects made every
-- signing cost an object-store request). And the issuance row is no longer updated when it is archived: the queue and
-- the archive index are tables of their own. Updating the ~1.6 KiB issuance row (bytes inline, four indexes, the
-- queue index's predicate changing) cost more than inserting it.
--
-- archive_queue: one row per issuance whose bytes wait for the archiver, inserted with the issuance, deleted by the
--   pass that archives it (claimed with FOR UPDATE SKIP LOCKED, oldest credential_id (UUIDv7) first).
-- archive_entries: where an archived EF.SOD lies: its bundle's key, offset and length.
-- Rows archived before V0007 (issuances.archived_at set, no archive_entries row) stay in S3 under object_key, one
-- object each. A binary predating V0007 still inserts archive_pending = true during a rolling upgrade; every archive
-- pass moves such rows into the queue first.

CREATE TABLE archive_queue (
    credential_id uuid PRIMARY KEY
);

CREATE TABLE archive_entries (
    credential_id uuid PRIMARY KEY,
    bundle_key text NOT NULL,
    bundle_offset integer NOT NULL CHECK (bundle_offset >= 0),
    length integer NOT NULL CHECK (length > 0),
    archived_at timestamptz NOT NULL
);

INSERT INTO archive_queue (credential_id) SELECT credential_id FROM issuances WHERE archive_pending;
UPDATE issuances SET archive_pending = false WHERE archive_pending;
