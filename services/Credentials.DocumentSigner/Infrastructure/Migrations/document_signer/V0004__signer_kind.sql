-- A signer key signs for one kind (issue 19): 'document-signer' keys sign EF.SOD, 'seal-signer' keys sign Visible
-- Digital Seals and VDS-NC. Stable text codes of this schema (never contract enum numbers); existing keys are
-- Document Signer keys.

ALTER TABLE signer_keys ADD COLUMN signer_kind text NOT NULL DEFAULT 'document-signer';
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_kind CHECK (signer_kind IN ('document-signer', 'seal-signer'));
