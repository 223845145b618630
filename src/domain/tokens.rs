//! Cognito-shaped RS256 tokens: the access token and the ID token, signed with the
//! pool's current key (decrypted once per key reload, not per token).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::attributes;
use super::clients::Client;
use super::groups::Group;
use super::keys;
use super::pools::Pool;
use super::users::User;
use super::{time, Context};
use crate::error::{Error, Result};

#[derive(Clone, Serialize)]
pub struct TokenSet {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    pub token_type: &'static str,
    pub expires_in: u64,
}

/// Bearer tokens are credentials: `Debug` shows only that they are there.
impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &crate::crypto::REDACTED)
            .field("id_token", &crate::crypto::redacted(&self.id_token))
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// What the tokens are issued for.
pub struct Grant<'a> {
    pub pool: &'a Pool,
    pub client: &'a Client,
    pub user: &'a User,
    pub groups: &'a [Group],
    pub scopes: &'a [String],
    pub auth_time: i64,
    pub nonce: Option<&'a str>,
    /// The first token of a refresh family; new for a sign-in.
    pub origin_jti: Option<&'a str>,
    /// An ID token even without `openid` (the Cognito API always issues one).
    pub always_id_token: bool,
}

fn sign(ctx: &Context, pool: &Pool, claims: &Map<String, Value>) -> Result<String> {
    let published = keys::published(ctx, &pool.id)?;
    published.signing.key.sign(&published.signing.kid, claims)
}

/// `at_hash`: base64url of the left half of SHA-256 over the access token (OIDC Core 3.1.3.6).
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// Issues an access token, and an ID token when `openid` is among the scopes.
pub fn issue(ctx: &Context, g: &Grant<'_>) -> Result<TokenSet> {
    let now = time::now();
    let issuer = ctx.issuer(&g.pool.id);
    let event_id = uuid::Uuid::new_v4().to_string();
    let access_jti = uuid::Uuid::new_v4().to_string();
    let origin = g.origin_jti.map(str::to_string).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let settings = &g.client.settings;
    let group_names: Vec<&str> = g.groups.iter().map(|gr| gr.name.as_str()).collect();

    let mut access = Map::new();
    access.insert("sub".into(), json!(g.user.sub));
    access.insert("iss".into(), json!(issuer));
    access.insert("client_id".into(), json!(g.client.id));
    access.insert("origin_jti".into(), json!(origin));
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(g.scopes.join(" ")));
    access.insert("auth_time".into(), json!(g.auth_time));
    access.insert("exp".into(), json!(now + i64::from(settings.access_token_validity_minutes) * 60));
    access.insert("iat".into(), json!(now));
    access.insert("jti".into(), json!(access_jti));
    access.insert("username".into(), json!(g.user.username));
    access.insert("version".into(), json!(2));
    if !group_names.is_empty() {
        access.insert("cognito:groups".into(), json!(group_names));
    }
    let access_token = sign(ctx, g.pool, &access)?;

    let id_token = if g.always_id_token || g.scopes.iter().any(|s| s == "openid") {
        let mut id = Map::new();
        id.insert("sub".into(), json!(g.user.sub));
        id.insert("iss".into(), json!(issuer));
        id.insert("aud".into(), json!(g.client.id));
        id.insert("token_use".into(), json!("id"));
        id.insert("auth_time".into(), json!(g.auth_time));
        id.insert("exp".into(), json!(now + i64::from(settings.id_token_validity_minutes) * 60));
        id.insert("iat".into(), json!(now));
        id.insert("jti".into(), json!(uuid::Uuid::new_v4().to_string()));
        id.insert("origin_jti".into(), json!(origin));
        id.insert("event_id".into(), json!(event_id));
        id.insert("cognito:username".into(), json!(g.user.username));
        id.insert("at_hash".into(), json!(at_hash(&access_token)));
        if let Some(nonce) = g.nonce {
            id.insert("nonce".into(), json!(nonce));
        }
        for (name, value) in &g.user.attributes {
            let readable = settings.read_attributes.is_empty() || settings.read_attributes.contains(name);
            if name == "sub" || !readable {
                continue;
            }
            id.insert(name.clone(), attributes::claim(&g.pool.settings.schema, name, value));
        }
        if !group_names.is_empty() {
            id.insert("cognito:groups".into(), json!(group_names));
            let roles: Vec<&str> = g.groups.iter().filter_map(|gr| gr.role_arn.as_deref()).collect();
            if let Some(preferred) = roles.first() {
                id.insert("cognito:preferred_role".into(), json!(preferred));
                id.insert("cognito:roles".into(), json!(roles));
            }
        }
        Some(sign(ctx, g.pool, &id)?)
    } else {
        None
    };
    Ok(TokenSet {
        access_token,
        id_token,
        token_type: "Bearer",
        expires_in: u64::from(settings.access_token_validity_minutes) * 60,
    })
}

/// Issues tokens for a user without a sign-in, for administrators and scripts
/// (`cognate token issue`): the user must exist and be enabled, the scopes allowed.
pub fn admin_issue(
    ctx: &Context,
    pool_id: &super::ids::PoolId,
    client_id: &super::ids::ClientId,
    username: &str,
    scopes: Option<Vec<String>>,
) -> Result<TokenSet> {
    let client = super::clients::get(ctx, pool_id, client_id)?;
    let mut conn = ctx.conn()?;
    let pool = super::pools::load(&mut conn, pool_id)?;
    let row = super::users::find(&mut conn, &pool, username)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
    let groups = super::groups::for_sub(&mut conn, pool_id, &row.sub)?;
    drop(conn);
    let user = User::from_row(row)?;
    if !user.enabled {
        return Err(Error::InvalidParameter("User is disabled.".into()));
    }
    let scopes = scopes.unwrap_or_else(|| client.settings.allowed_oauth_scopes.clone());
    if let Some(bad) = scopes.iter().find(|s| !client.settings.allowed_oauth_scopes.contains(s)) {
        return Err(Error::InvalidParameter(format!("scope {bad:?} is not allowed for this client")));
    }
    issue(
        ctx,
        &Grant { pool: &pool, client: &client, user: &user, groups: &groups, scopes: &scopes, auth_time: time::now(), nonce: None, origin_jti: None, always_id_token: false },
    )
}

/// client_credentials: an access token for the client itself (`sub` = client ID).
pub fn issue_for_client(ctx: &Context, pool: &Pool, client: &Client, scopes: &[String]) -> Result<TokenSet> {
    let now = time::now();
    let mut access = Map::new();
    access.insert("sub".into(), json!(client.id));
    access.insert("iss".into(), json!(ctx.issuer(&pool.id)));
    access.insert("client_id".into(), json!(client.id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(scopes.join(" ")));
    access.insert("auth_time".into(), json!(now));
    access.insert("exp".into(), json!(now + i64::from(client.settings.access_token_validity_minutes) * 60));
    access.insert("iat".into(), json!(now));
    access.insert("jti".into(), json!(uuid::Uuid::new_v4().to_string()));
    access.insert("version".into(), json!(2));
    Ok(TokenSet {
        access_token: sign(ctx, pool, &access)?,
        id_token: None,
        token_type: "Bearer",
        expires_in: u64::from(client.settings.access_token_validity_minutes) * 60,
    })
}
