-- The Cognito JSON API.

-- SRP (USER_SRP_AUTH): the verifier Cognito's clients prove the password against, set
-- with every password (and at the next password sign-in for older ones). It falls to a
-- dictionary attack far faster than the argon2 hash, so it is sealed like other secrets.
ALTER TABLE users ADD COLUMN srp_salt TEXT;
ALTER TABLE users ADD COLUMN srp_verifier_enc TEXT;

-- Where a token family comes from ('oauth': the hosted login and the token endpoint;
-- 'api': InitiateAuth, whose tokens always include an ID token), and the Cognito device
-- it was issued to.
ALTER TABLE token_families ADD COLUMN origin TEXT NOT NULL DEFAULT 'oauth';
ALTER TABLE token_families ADD COLUMN device_key TEXT;

-- When a rotated refresh token was used: a retry within the client's grace period may
-- use it again.
ALTER TABLE refresh_tokens ADD COLUMN used_at BIGINT;

-- Cognito devices (ConfirmDevice): the device's SRP verifier (sealed), its group key,
-- whether it is remembered, and whether it was confirmed yet.
ALTER TABLE remembered_devices ADD COLUMN device_group_key TEXT;
ALTER TABLE remembered_devices ADD COLUMN srp_salt TEXT;
ALTER TABLE remembered_devices ADD COLUMN srp_verifier_enc TEXT;
ALTER TABLE remembered_devices ADD COLUMN remembered BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE remembered_devices ADD COLUMN confirmed BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE remembered_devices ADD COLUMN last_ip TEXT;

-- What a code confirms besides itself: the new value of an attribute that must be
-- verified before it replaces the old one (sealed).
ALTER TABLE user_codes ADD COLUMN data_enc TEXT;

-- Sign-ins for names that match no user get challenges too (so their answers look like
-- a real user's), so the table no longer refers to users; deleting a user deletes its
-- challenges explicitly.
ALTER TABLE auth_challenges DROP CONSTRAINT IF EXISTS auth_challenges_user_sub_fkey;
CREATE INDEX auth_challenges_user ON auth_challenges (user_sub);
