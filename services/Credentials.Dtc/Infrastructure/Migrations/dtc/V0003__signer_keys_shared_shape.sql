-- DTC Signer keys in the one shape of Credentials.SignerKeys (issue 17 item 4; PostgresSignerKeyRepository), converted
-- in place so every existing key keeps its meaning:
--  * key_id = key_label (the HSM label was the key's identity), request_id = key_label (dtc made the key itself);
--  * certificate_sha256 is the certificate fingerprint under its shared name;
--  * kind 'dtc-signer', EC P-256 with ECDSA (the only key dtc ever made), activated when made (created_at);
--  * state from retired_at: a retired key stays retired with its reason, the others are active;
--  * document_types {V}: the Document Type List dtc requested (Dtc:SignerDocumentType, default "V"). A deployment that
--    changed that setting sees its older keys unselected and makes a new key on the next signed DTC (safe: a key is
--    only ever selected for the types its certificate carries);
--  * certificate_summary is empty for older keys (csca's summary was not kept; everything in it is in certificate_der);
--  * serial_number goes: it is in certificate_der.

ALTER TABLE signer_keys DROP CONSTRAINT signer_keys_pkey;
ALTER TABLE signer_keys ADD COLUMN key_id text;
UPDATE signer_keys SET key_id = key_label;
ALTER TABLE signer_keys ALTER COLUMN key_id SET NOT NULL;
ALTER TABLE signer_keys ADD PRIMARY KEY (key_id);
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_key_label_key UNIQUE (key_label);

ALTER TABLE signer_keys RENAME COLUMN certificate_sha256 TO certificate_fingerprint;
ALTER TABLE signer_keys DROP COLUMN serial_number;

ALTER TABLE signer_keys ADD COLUMN signer_kind text NOT NULL DEFAULT 'dtc-signer';
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_kind CHECK (signer_kind = 'dtc-signer');

ALTER TABLE signer_keys ADD COLUMN state text;
UPDATE signer_keys SET state = CASE WHEN retired_at IS NULL THEN 'active' ELSE 'retired' END;
ALTER TABLE signer_keys ALTER COLUMN state SET NOT NULL;
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_state CHECK (state IN ('pending', 'active', 'retired'));

ALTER TABLE signer_keys ADD COLUMN key_algorithm text NOT NULL DEFAULT 'ec-p256';
ALTER TABLE signer_keys ALTER COLUMN key_algorithm DROP DEFAULT;
ALTER TABLE signer_keys ADD COLUMN signature_scheme text NOT NULL DEFAULT 'ecdsa';
ALTER TABLE signer_keys ALTER COLUMN signature_scheme DROP DEFAULT;
ALTER TABLE signer_keys ADD COLUMN document_types text[] NOT NULL DEFAULT ARRAY['V'];
ALTER TABLE signer_keys ALTER COLUMN document_types DROP DEFAULT;
ALTER TABLE signer_keys ADD COLUMN certificate_summary bytea NOT NULL DEFAULT '\x'::bytea;
ALTER TABLE signer_keys ALTER COLUMN certificate_summary DROP DEFAULT;

ALTER TABLE signer_keys ADD COLUMN activated_at timestamptz NULL;
UPDATE signer_keys SET activated_at = created_at;

ALTER TABLE signer_keys ADD COLUMN request_id text;
UPDATE signer_keys SET request_id = key_label;
ALTER TABLE signer_keys ALTER COLUMN request_id SET NOT NULL;
