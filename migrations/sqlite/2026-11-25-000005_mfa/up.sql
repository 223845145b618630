-- Second factors per user. TOTP seeds (the active one, and one being set up) are
-- sealed with the master key; the last accepted time step makes every TOTP code
-- single-use.
CREATE TABLE user_mfa (
    user_sub TEXT PRIMARY KEY NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    totp_secret_enc TEXT,
    totp_pending_enc TEXT,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    email_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    sms_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    preferred TEXT,
    updated_at BIGINT NOT NULL
);

-- One-time recovery codes for TOTP users, stored only as keyed hashes.
CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_sub);

-- Browsers that may skip MFA for a while. The cookie value is stored only as its hash;
-- `device_key` is the public name users and admins see and forget devices by.
CREATE TABLE remembered_devices (
    key_hash TEXT PRIMARY KEY NOT NULL,
    device_key TEXT NOT NULL UNIQUE,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX remembered_devices_user ON remembered_devices (user_sub);

-- Earlier password hashes, for pools that forbid reusing the last N passwords.
CREATE TABLE password_history (
    id TEXT PRIMARY KEY NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_sub, created_at);

-- What a pending challenge carries (an emailed code's hash, a TOTP seed being set up),
-- sealed with the master key.
ALTER TABLE auth_challenges ADD COLUMN data_enc TEXT;
