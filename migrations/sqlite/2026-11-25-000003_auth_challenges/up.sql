-- The authentication state machine's pending steps (Cognito's challenge "Session"):
-- a sign-in that needs one more answer (a new password, later an MFA code) before
-- tokens are issued. The session value is random and stored only as its hash.
CREATE TABLE auth_challenges (
    id_hash TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    challenge TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
