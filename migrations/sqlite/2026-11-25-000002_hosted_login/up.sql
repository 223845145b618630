-- Hosted login and the OAuth2/OIDC endpoints: browser sessions, one-time codes,
-- token families (one per sign-in, revoked as a whole), refresh tokens, and the
-- outbox of messages delivered by the background sender.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    auth_time BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_sub);

CREATE TABLE token_families (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    auth_time BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX token_families_user ON token_families(user_sub);

CREATE TABLE auth_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT,
    code_challenge TEXT,
    code_challenge_method TEXT,
    auth_time BIGINT NOT NULL,
    family_id TEXT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL REFERENCES token_families(id) ON DELETE CASCADE,
    used BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);

CREATE TABLE user_codes (
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_sub, purpose)
);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    payload_enc TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
