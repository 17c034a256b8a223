-- Signer keys in the one shape of Credentials.SignerKeys (issue 17 items 4 and 5): the key's state, algorithm and
-- signature scheme as the project's own stable text codes instead of contract enum numbers (a renumbered contract can
-- no longer change what a stored row means), and the reason of an early retirement. Existing rows are converted in
-- place with the numbers they were written with (credentials.document_signer.v1.SignerKeyState,
-- credentials.common.v1.KeyAlgorithm and SignatureScheme as of V0001).

ALTER TABLE signer_keys ALTER COLUMN state TYPE text USING CASE state
    WHEN 1 THEN 'pending' WHEN 2 THEN 'active' WHEN 3 THEN 'retired' END;
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_state CHECK (state IN ('pending', 'active', 'retired'));

ALTER TABLE signer_keys ALTER COLUMN key_algorithm TYPE text USING CASE key_algorithm
    WHEN 1 THEN 'rsa-2048' WHEN 2 THEN 'rsa-3072' WHEN 3 THEN 'rsa-4096'
    WHEN 4 THEN 'ec-p256' WHEN 5 THEN 'ec-p384' WHEN 6 THEN 'ec-p521'
    WHEN 7 THEN 'brainpool-p256r1' WHEN 8 THEN 'brainpool-p384r1' WHEN 9 THEN 'brainpool-p512r1' END;
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_key_algorithm CHECK (key_algorithm IN (
    'rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384', 'ec-p521', 'brainpool-p256r1', 'brainpool-p384r1', 'brainpool-p512r1'));

ALTER TABLE signer_keys ALTER COLUMN signature_scheme TYPE text USING CASE signature_scheme
    WHEN 1 THEN 'rsa-pkcs1-v1_5' WHEN 2 THEN 'rsa-pss' WHEN 3 THEN 'ecdsa' END;
ALTER TABLE signer_keys ADD CONSTRAINT signer_keys_signature_scheme CHECK (signature_scheme IN ('rsa-pkcs1-v1_5', 'rsa-pss', 'ecdsa'));

ALTER TABLE signer_keys ADD COLUMN retired_reason text NOT NULL DEFAULT '';
