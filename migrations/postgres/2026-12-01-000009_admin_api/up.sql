-- The administrative API.

-- Access keys for SigV4-signed administrative calls. The secret is sealed with the
-- master key (a signature can only be checked with the secret in the clear). `pools` is
-- a JSON list of pool IDs the key may act on (empty: all); a read-only key may only
-- describe, list and get.
CREATE TABLE access_keys (
    id TEXT PRIMARY KEY NOT NULL,
    secret_enc TEXT NOT NULL,
    description TEXT NOT NULL,
    pools TEXT NOT NULL,
    read_only BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);

-- Host names that serve a pool's hosted login and OAuth endpoints without the /{pool}
-- prefix (Cognito's prefix and custom domains).
CREATE TABLE pool_domains (
    domain TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    certificate_arn TEXT,
    managed_login_version INTEGER,
    created_at BIGINT NOT NULL
);
CREATE INDEX pool_domains_pool ON pool_domains (pool_id);

-- ListUsers filters (`attr = "v"`, `attr ^= "v"`), lowercased, each with an index that
-- also orders the pages (value, then sub), so a filter is an index range, not a scan.
ALTER TABLE users ADD COLUMN search_username TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_email TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_phone_number TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_name TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_given_name TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_family_name TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_preferred_username TEXT COLLATE "C";
UPDATE users SET
    search_username = lower(username),
    search_email = lower((attributes::jsonb ->> 'email')),
    search_phone_number = lower((attributes::jsonb ->> 'phone_number')),
    search_name = lower((attributes::jsonb ->> 'name')),
    search_given_name = lower((attributes::jsonb ->> 'given_name')),
    search_family_name = lower((attributes::jsonb ->> 'family_name')),
    search_preferred_username = lower((attributes::jsonb ->> 'preferred_username'));
CREATE INDEX users_search_username ON users (pool_id, search_username, sub);
CREATE INDEX users_search_email ON users (pool_id, search_email, sub);
CREATE INDEX users_search_phone_number ON users (pool_id, search_phone_number, sub);
CREATE INDEX users_search_name ON users (pool_id, search_name, sub);
CREATE INDEX users_search_given_name ON users (pool_id, search_given_name, sub);
CREATE INDEX users_search_family_name ON users (pool_id, search_family_name, sub);
CREATE INDEX users_search_preferred_username ON users (pool_id, search_preferred_username, sub);
CREATE INDEX users_search_status ON users (pool_id, status, sub);
CREATE INDEX users_search_enabled ON users (pool_id, enabled, sub);
CREATE INDEX users_search_sub ON users (pool_id, sub);
