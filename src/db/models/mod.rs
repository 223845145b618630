//! Rows: what each table holds, one struct per table.

use diesel::prelude::*;

use super::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pools)]
pub struct PoolRow {
    pub id: String,
    pub name: String,
    pub settings: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct SigningKeyRow {
    pub kid: String,
    pub pool_id: String,
    pub private_key_enc: String,
    pub public_jwk: String,
    pub retired: bool,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = clients)]
#[diesel(treat_none_as_null = true)]
pub struct ClientRow {
    pub id: String,
    pub pool_id: String,
    pub name: String,
    pub secret_enc: Option<String>,
    pub settings: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = resource_servers)]
pub struct ResourceServerRow {
    pub pool_id: String,
    pub identifier: String,
    pub name: String,
    pub scopes: String,
    pub created_at: i64,
}

#[derive(Clone, Queryable, QueryableByName, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_null = true)]
pub struct UserRow {
    pub sub: String,
    pub pool_id: String,
    pub username: String,
    pub username_key: String,
    pub email_key: Option<String>,
    pub phone_key: Option<String>,
    pub preferred_username_key: Option<String>,
    pub status: String,
    pub enabled: bool,
    pub password_hash: Option<String>,
    pub password_set_at: Option<i64>,
    pub attributes: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub srp_salt: Option<String>,
    /// The SRP verifier, sealed with the master key.
    pub srp_verifier_enc: Option<String>,
    pub search_username: Option<String>,
    pub search_email: Option<String>,
    pub search_phone_number: Option<String>,
    pub search_name: Option<String>,
    pub search_given_name: Option<String>,
    pub search_family_name: Option<String>,
    pub search_preferred_username: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = groups)]
pub struct GroupRow {
    pub pool_id: String,
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
    pub role_arn: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_groups)]
pub struct UserGroupRow {
    pub pool_id: String,
    pub group_name: String,
    pub user_sub: String,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id_hash: String,
    pub pool_id: String,
    pub user_sub: String,
    pub auth_time: i64,
    pub expires_at: i64,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = token_families)]
pub struct TokenFamilyRow {
    pub id: String,
    pub pool_id: String,
    pub client_id: String,
    pub user_sub: String,
    pub scope: String,
    pub auth_time: i64,
    pub revoked: bool,
    pub created_at: i64,
    pub expires_at: i64,
    /// `oauth` or `api` (see the migration).
    pub origin: String,
    pub device_key: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = auth_codes)]
pub struct AuthCodeRow {
    pub code_hash: String,
    pub pool_id: String,
    pub client_id: String,
    pub user_sub: String,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub auth_time: i64,
    pub family_id: String,
    pub used: bool,
    pub expires_at: i64,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub token_hash: String,
    pub family_id: String,
    pub used: bool,
    pub expires_at: i64,
    pub created_at: i64,
    pub used_at: Option<i64>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_codes)]
pub struct UserCodeRow {
    pub user_sub: String,
    pub purpose: String,
    pub code_hash: String,
    pub attempts: i32,
    pub expires_at: i64,
    pub created_at: i64,
    /// What the code confirms besides itself (a new attribute value), sealed.
    pub data_enc: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub pool_id: Option<String>,
    pub kind: String,
    pub recipient: String,
    pub payload_enc: String,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = auth_challenges)]
pub struct AuthChallengeRow {
    pub id_hash: String,
    pub pool_id: String,
    pub client_id: String,
    pub user_sub: String,
    pub challenge: String,
    pub attempts: i32,
    pub expires_at: i64,
    pub created_at: i64,
    pub data_enc: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sign_in_failures)]
pub struct SignInFailureRow {
    pub key: String,
    pub failures: i32,
    pub last_failure_at: i64,
    pub locked_until: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = user_mfa, treat_none_as_null = true)]
pub struct UserMfaRow {
    pub user_sub: String,
    pub pool_id: String,
    pub totp_secret_enc: Option<String>,
    pub totp_pending_enc: Option<String>,
    pub totp_last_step: i64,
    pub email_enabled: bool,
    pub sms_enabled: bool,
    pub preferred: Option<String>,
    pub updated_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recovery_codes)]
pub struct RecoveryCodeRow {
    pub code_hash: String,
    pub user_sub: String,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = remembered_devices)]
pub struct DeviceRow {
    pub key_hash: String,
    pub device_key: String,
    pub pool_id: String,
    pub user_sub: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: i64,
    pub expires_at: i64,
    pub device_group_key: Option<String>,
    pub srp_salt: Option<String>,
    pub srp_verifier_enc: Option<String>,
    pub remembered: bool,
    pub confirmed: bool,
    pub last_ip: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = password_history)]
pub struct PasswordHistoryRow {
    pub id: String,
    pub user_sub: String,
    pub password_hash: String,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = identity_providers)]
pub struct IdentityProviderRow {
    pub pool_id: String,
    pub name: String,
    pub provider_type: String,
    pub details_enc: String,
    pub attribute_mapping: String,
    pub idp_identifiers: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = federated_identities)]
pub struct FederatedIdentityRow {
    pub pool_id: String,
    pub provider_name: String,
    pub subject: String,
    pub user_sub: String,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = federation_requests)]
pub struct FederationRequestRow {
    pub state_hash: String,
    pub pool_id: String,
    pub provider_name: String,
    pub data_enc: String,
    pub expires_at: i64,
    pub created_at: i64,
    /// The hash of the starting browser's secret cookie (none for rows of older versions).
    pub browser_hash: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = saml_sp_keys)]
pub struct SamlSpKeyRow {
    pub pool_id: String,
    pub private_key_enc: String,
    pub certificate_pem: String,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = access_keys)]
pub struct AccessKeyRow {
    pub id: String,
    /// Sealed with the master key.
    pub secret_enc: String,
    pub description: String,
    /// JSON list of pool IDs (empty: every pool).
    pub pools: String,
    pub read_only: bool,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pool_domains)]
pub struct PoolDomainRow {
    pub domain: String,
    pub pool_id: String,
    pub certificate_arn: Option<String>,
    pub managed_login_version: Option<i32>,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = passkeys)]
pub struct PasskeyRow {
    pub credential_id: String,
    pub pool_id: String,
    pub user_sub: String,
    /// webauthn-rs's serialized `Passkey` (public key, counter, flags).
    pub passkey: String,
    pub friendly_name: String,
    pub relying_party_id: String,
    pub authenticator_attachment: Option<String>,
    /// A JSON list of transports (`usb`, `internal`, `hybrid`, …).
    pub transports: String,
    pub sign_count: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webauthn_ceremonies)]
pub struct WebauthnCeremonyRow {
    pub id_hash: String,
    pub pool_id: String,
    pub user_sub: String,
    pub client_id: String,
    pub kind: String,
    /// The ceremony's webauthn-rs state, sealed with the master key.
    pub state_enc: String,
    pub expires_at: i64,
    pub created_at: i64,
}
