-- Issue 15: a certificate a PKD source stops listing is *unlisted*, not removed. Doc 9303 Part 12 section 5: documents
-- signed under an old CSCA generation stay valid for years, so its certificate stays in verification (with a warning
-- on verdicts that rely on it). removed_at now means deleted by an explicit admin action (RemoveTrustAnchor) and
-- is the only thing that takes a certificate out of verification.
ALTER TABLE certificates ADD COLUMN unlisted_at timestamptz NULL;   -- set when its pkd source no longer lists it
ALTER TABLE certificates ADD COLUMN removed_by  text        NULL;   -- caller and reason of RemoveTrustAnchor

-- Rows the old code marked removed because a pkd source dropped them were unlisted, never deleted by anyone.
UPDATE certificates SET unlisted_at = removed_at, removed_at = NULL WHERE removed_at IS NOT NULL AND source LIKE 'pkd%';
