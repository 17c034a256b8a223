-- The archiver writes one S3 object per pass instead of one per EF.SOD: a bundle holding the EF.SOD files of that pass
-- back to back, stored under the bundle's own content address. Each row records where its bytes lie in it. One PUT for
-- hundreds of EF.SODs lets the archive keep up with signing; per-EF.SOD objects made every signing cost an object-store
-- request. Rows archived before V0007 (archived_at set, archive_bundle_key NULL) stay in S3 under object_key, one object
-- each; a binary predating V0007 still archives that way during a rolling upgrade, and its rows read back the same way.

ALTER TABLE issuances ADD COLUMN archive_bundle_key text NULL;
ALTER TABLE issuances ADD COLUMN archive_offset integer NULL;
ALTER TABLE issuances ADD COLUMN archive_length integer NULL;

ALTER TABLE issuances ADD CONSTRAINT issuances_bundle_location CHECK (
    (archive_bundle_key IS NULL AND archive_offset IS NULL AND archive_length IS NULL)
    OR (archive_bundle_key IS NOT NULL AND archive_offset >= 0 AND archive_length > 0 AND archived_at IS NOT NULL));
