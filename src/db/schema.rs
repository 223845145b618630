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
