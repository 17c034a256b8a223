-- The foreign key issuances.signer_key_id → signer_keys made PostgreSQL lock the signing key's row (FOR KEY SHARE)
-- for every issuance inserted: all concurrent signing groups share one active key, so each of their rows added a
-- member to a MultiXact on that row, about a third of the cost of inserting an issuance (issue 18, docs/benchmarks.md).
-- The service writes an issuance only with the key record it has just signed with, read from signer_keys in the same
-- process, and signer_keys rows are never deleted (a key is retired, never removed), so the reference holds without
-- the check.
ALTER TABLE issuances DROP CONSTRAINT IF EXISTS issuances_signer_key_id_fkey;
