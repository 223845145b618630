-- Foundation: pools, signing keys, app clients, resource servers, users, groups.
-- Timestamps are UTC seconds since the epoch; JSON documents are TEXT.
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE pools (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    private_key_enc TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX signing_keys_pool ON signing_keys(pool_id, created_at);

CREATE TABLE clients (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_enc TEXT,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX clients_pool ON clients(pool_id);

CREATE TABLE resource_servers (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, identifier)
);

CREATE TABLE users (
    sub TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL,
    email_key TEXT,
    phone_key TEXT,
    preferred_username_key TEXT,
    status TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    password_hash TEXT,
    password_set_at BIGINT,
    attributes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_pool_username ON users(pool_id, username_key);
CREATE INDEX users_pool_email ON users(pool_id, email_key);
CREATE INDEX users_pool_phone ON users(pool_id, phone_key);
CREATE INDEX users_pool_preferred_username ON users(pool_id, preferred_username_key);

CREATE TABLE groups (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    precedence INTEGER,
    role_arn TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE user_groups (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, group_name, user_sub),
    FOREIGN KEY (pool_id, group_name) REFERENCES groups(pool_id, name) ON DELETE CASCADE
);
CREATE INDEX user_groups_user ON user_groups(user_sub);
