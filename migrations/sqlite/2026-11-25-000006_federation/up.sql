-- Upstream identity providers of a pool (Google, Facebook, Apple, Amazon, any OIDC
-- provider, SAML). The provider details (endpoints, client secret, Apple key, SAML
-- metadata) are one JSON document sealed with the master key.
CREATE TABLE identity_providers (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    provider_type TEXT NOT NULL,
    details_enc TEXT NOT NULL,
    attribute_mapping TEXT NOT NULL,
    idp_identifiers TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name)
);

-- Which pool user an upstream identity signs in as: the user created at its first
-- sign-in, or a native user it was linked to.
CREATE TABLE federated_identities (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    provider_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users(sub) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, provider_name, subject)
);
CREATE INDEX federated_identities_user ON federated_identities (user_sub);

-- Sign-ins waiting for the upstream provider's answer, by the hash of the state (OAuth)
-- or RelayState (SAML) sent upstream; the app's request, nonce and PKCE verifier sealed.
CREATE TABLE federation_requests (
    state_hash TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    provider_name TEXT NOT NULL,
    data_enc TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- SAML assertion IDs already accepted, kept until the assertion expires, so a captured
-- response cannot be replayed.
CREATE TABLE saml_assertions (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    assertion_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, assertion_id)
);

-- Each pool's SAML service-provider key and certificate (the key sealed).
CREATE TABLE saml_sp_keys (
    pool_id TEXT PRIMARY KEY NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    private_key_enc TEXT NOT NULL,
    certificate_pem TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
