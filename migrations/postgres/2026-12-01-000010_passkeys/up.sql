-- Passkeys (WebAuthn credentials), per user. `credential_id` is the credential's id in
-- base64url, unique across all pools (WebAuthn asks the relying party to refuse an id
-- already registered to anyone); `passkey` is webauthn-rs's serialized credential (its
-- public key, counter and flags); `sign_count` mirrors its counter so that an
-- assertion moves it forward with one conditional UPDATE. `transports` is a JSON list.
CREATE TABLE passkeys (
    credential_id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    passkey TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    relying_party_id TEXT NOT NULL,
    authenticator_attachment TEXT,
    transports TEXT NOT NULL,
    sign_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_sub);

-- WebAuthn ceremonies waiting for the authenticator's answer: a registration or a
-- sign-in, under the hash of what names it (the challenge, or a handle), sealed with
-- the master key, taken exactly once with DELETE ... RETURNING. `user_sub` is empty for
-- a discoverable (usernameless) sign-in; `client_id` is the app client that started it.
CREATE TABLE webauthn_ceremonies (
    id_hash TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL,
    client_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    state_enc TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX webauthn_ceremonies_expires ON webauthn_ceremonies (expires_at);
