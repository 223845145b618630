//! Diesel table definitions, kept in step with `migrations/{sqlite,postgres}`.

diesel::table! {
    meta (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    pools (id) {
        id -> Text,
        name -> Text,
        settings -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        pool_id -> Text,
        private_key_enc -> Text,
        public_jwk -> Text,
        retired -> Bool,
        created_at -> BigInt,
    }
}

diesel::table! {
    clients (id) {
        id -> Text,
        pool_id -> Text,
        name -> Text,
        secret_enc -> Nullable<Text>,
        settings -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    resource_servers (pool_id, identifier) {
        pool_id -> Text,
        identifier -> Text,
        name -> Text,
        scopes -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    users (sub) {
        sub -> Text,
        pool_id -> Text,
        username -> Text,
        username_key -> Text,
        email_key -> Nullable<Text>,
        phone_key -> Nullable<Text>,
        preferred_username_key -> Nullable<Text>,
        status -> Text,
        enabled -> Bool,
        password_hash -> Nullable<Text>,
        password_set_at -> Nullable<BigInt>,
        attributes -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
        srp_salt -> Nullable<Text>,
        srp_verifier_enc -> Nullable<Text>,
        search_username -> Nullable<Text>,
        search_email -> Nullable<Text>,
        search_phone_number -> Nullable<Text>,
        search_name -> Nullable<Text>,
        search_given_name -> Nullable<Text>,
        search_family_name -> Nullable<Text>,
        search_preferred_username -> Nullable<Text>,
    }
}

diesel::table! {
    groups (pool_id, name) {
        pool_id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        precedence -> Nullable<Integer>,
        role_arn -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    user_groups (pool_id, group_name, user_sub) {
        pool_id -> Text,
        group_name -> Text,
        user_sub -> Text,
    }
}

diesel::joinable!(signing_keys -> pools (pool_id));
diesel::joinable!(clients -> pools (pool_id));
diesel::joinable!(users -> pools (pool_id));
diesel::joinable!(user_groups -> users (user_sub));

diesel::allow_tables_to_appear_in_same_query!(
    meta, pools, signing_keys, clients, resource_servers, users, groups, user_groups,
);

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        pool_id -> Text,
        user_sub -> Text,
        auth_time -> BigInt,
        expires_at -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    token_families (id) {
        id -> Text,
        pool_id -> Text,
        client_id -> Text,
        user_sub -> Text,
        scope -> Text,
        auth_time -> BigInt,
        revoked -> Bool,
        created_at -> BigInt,
        expires_at -> BigInt,
        origin -> Text,
        device_key -> Nullable<Text>,
    }
}

diesel::table! {
    auth_codes (code_hash) {
        code_hash -> Text,
        pool_id -> Text,
        client_id -> Text,
        user_sub -> Text,
        redirect_uri -> Text,
        scope -> Text,
        nonce -> Nullable<Text>,
        code_challenge -> Nullable<Text>,
        code_challenge_method -> Nullable<Text>,
        auth_time -> BigInt,
        family_id -> Text,
        used -> Bool,
        expires_at -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        family_id -> Text,
        used -> Bool,
        expires_at -> BigInt,
        created_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    user_codes (user_sub, purpose) {
        user_sub -> Text,
        purpose -> Text,
        code_hash -> Text,
        attempts -> Integer,
        expires_at -> BigInt,
        created_at -> BigInt,
        data_enc -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        pool_id -> Nullable<Text>,
        kind -> Text,
        recipient -> Text,
        payload_enc -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        sent_at -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::joinable!(refresh_tokens -> token_families (family_id));

diesel::allow_tables_to_appear_in_same_query!(
    sessions, token_families, auth_codes, refresh_tokens, user_codes, outbox, users,
);

diesel::table! {
    auth_challenges (id_hash) {
        id_hash -> Text,
        pool_id -> Text,
        client_id -> Text,
        user_sub -> Text,
        challenge -> Text,
        attempts -> Integer,
        expires_at -> BigInt,
        created_at -> BigInt,
        data_enc -> Nullable<Text>,
    }
}

diesel::table! {
    sign_in_failures (key) {
        key -> Text,
        failures -> Integer,
        last_failure_at -> BigInt,
        locked_until -> BigInt,
    }
}

diesel::table! {
    user_mfa (user_sub) {
        user_sub -> Text,
        pool_id -> Text,
        totp_secret_enc -> Nullable<Text>,
        totp_pending_enc -> Nullable<Text>,
        totp_last_step -> BigInt,
        email_enabled -> Bool,
        sms_enabled -> Bool,
        preferred -> Nullable<Text>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    recovery_codes (code_hash) {
        code_hash -> Text,
        user_sub -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    remembered_devices (key_hash) {
        key_hash -> Text,
        device_key -> Text,
        pool_id -> Text,
        user_sub -> Text,
        name -> Text,
        created_at -> BigInt,
        last_used_at -> BigInt,
        expires_at -> BigInt,
        device_group_key -> Nullable<Text>,
        srp_salt -> Nullable<Text>,
        srp_verifier_enc -> Nullable<Text>,
        remembered -> Bool,
        confirmed -> Bool,
        last_ip -> Nullable<Text>,
    }
}

diesel::table! {
    password_history (id) {
        id -> Text,
        user_sub -> Text,
        password_hash -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    identity_providers (pool_id, name) {
        pool_id -> Text,
        name -> Text,
        provider_type -> Text,
        details_enc -> Text,
        attribute_mapping -> Text,
        idp_identifiers -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    federated_identities (pool_id, provider_name, subject) {
        pool_id -> Text,
        provider_name -> Text,
        subject -> Text,
        user_sub -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    federation_requests (state_hash) {
        state_hash -> Text,
        pool_id -> Text,
        provider_name -> Text,
        data_enc -> Text,
        expires_at -> BigInt,
        created_at -> BigInt,
        browser_hash -> Nullable<Text>,
    }
}

diesel::table! {
    saml_assertions (pool_id, assertion_id) {
        pool_id -> Text,
        assertion_id -> Text,
        expires_at -> BigInt,
    }
}

diesel::table! {
    saml_sp_keys (pool_id) {
        pool_id -> Text,
        private_key_enc -> Text,
        certificate_pem -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        window_start -> BigInt,
        count -> Integer,
    }
}

diesel::table! {
    access_keys (id) {
        id -> Text,
        secret_enc -> Text,
        description -> Text,
        pools -> Text,
        read_only -> Bool,
        created_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    pool_domains (domain) {
        domain -> Text,
        pool_id -> Text,
        certificate_arn -> Nullable<Text>,
        managed_login_version -> Nullable<Integer>,
        created_at -> BigInt,
    }
}

diesel::table! {
    passkeys (credential_id) {
        credential_id -> Text,
        pool_id -> Text,
        user_sub -> Text,
        passkey -> Text,
        friendly_name -> Text,
        relying_party_id -> Text,
        authenticator_attachment -> Nullable<Text>,
        transports -> Text,
        sign_count -> BigInt,
        created_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    webauthn_ceremonies (id_hash) {
        id_hash -> Text,
        pool_id -> Text,
        user_sub -> Text,
        client_id -> Text,
        kind -> Text,
        state_enc -> Text,
        expires_at -> BigInt,
        created_at -> BigInt,
    }
}
