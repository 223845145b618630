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
use super::triggers::events::{self, Metadata, TokenChanges};
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
    /// The PreTokenGeneration trigger source (`TokenGeneration_HostedAuth`, …).
    pub trigger_source: &'a str,
    pub client_metadata: &'a Metadata,
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
    let mut group_names: Vec<String> = g.groups.iter().map(|gr| gr.name.clone()).collect();
    let mut roles: Vec<String> = g.groups.iter().filter_map(|gr| gr.role_arn.clone()).collect();
    let mut preferred_role = roles.first().cloned();
    let mut scopes: Vec<String> = g.scopes.to_vec();
    // PreTokenGeneration runs before anything is signed: when it fails, no token exists.
    let changes = events::pre_token_generation(
        ctx,
        &events::TokenEvent {
            pool: g.pool,
            source: g.trigger_source,
            client_id: g.client.id.as_str(),
            user: Some(g.user),
            groups: &group_names,
            roles: &roles,
            preferred_role: preferred_role.as_deref(),
            scopes: &scopes,
            client_metadata: g.client_metadata,
        },
    )?
    .unwrap_or_default();
    if let Some(groups) = &changes.groups {
        group_names = groups.clone();
    }
    if let Some(r) = &changes.roles {
        roles = r.clone();
        preferred_role = roles.first().cloned();
    }
    if let Some(p) = &changes.preferred_role {
        preferred_role = p.clone();
    }
    change_scopes(&mut scopes, &changes);

    let mut access = Map::new();
    access.insert("sub".into(), json!(g.user.sub));
    access.insert("iss".into(), json!(issuer));
    access.insert("client_id".into(), json!(g.client.id));
    access.insert("origin_jti".into(), json!(origin));
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(scopes.join(" ")));
    access.insert("auth_time".into(), json!(g.auth_time));
    access.insert("exp".into(), json!(now + i64::from(settings.access_token_validity_minutes) * 60));
    access.insert("iat".into(), json!(now));
    access.insert("jti".into(), json!(access_jti));
    access.insert("username".into(), json!(g.user.username));
    access.insert("version".into(), json!(2));
    if !group_names.is_empty() {
        access.insert("cognito:groups".into(), json!(group_names));
    }
    changes.access.apply(&mut access);
    let access_token = sign(ctx, g.pool, &access)?;

    let id_token = if g.always_id_token || scopes.iter().any(|s| s == "openid") {
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
        }
        if !roles.is_empty() {
            id.insert("cognito:roles".into(), json!(roles));
        }
        if let Some(preferred) = &preferred_role {
            id.insert("cognito:preferred_role".into(), json!(preferred));
        }
        changes.id.apply(&mut id);
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
        &Grant {
            pool: &pool,
            client: &client,
            user: &user,
            groups: &groups,
            scopes: &scopes,
            auth_time: time::now(),
            nonce: None,
            origin_jti: None,
            always_id_token: false,
            trigger_source: "TokenGeneration_Authentication",
            client_metadata: &None,
        },
    )
}

/// Scopes a PreTokenGeneration hook added (a new scope once) or suppressed.
fn change_scopes(scopes: &mut Vec<String>, changes: &TokenChanges) {
    for s in &changes.scopes_to_add {
        if !scopes.contains(s) {
            scopes.push(s.clone());
        }
    }
    scopes.retain(|s| !changes.scopes_to_suppress.contains(s));
}

/// client_credentials: an access token for the client itself (`sub` = client ID). A V3
/// PreTokenGeneration hook is asked about it (`TokenGeneration_ClientCredentials`).
pub fn issue_for_client(ctx: &Context, pool: &Pool, client: &Client, scopes: &[String]) -> Result<TokenSet> {
    let now = time::now();
    let mut scopes = scopes.to_vec();
    let changes = events::pre_token_generation(
        ctx,
        &events::TokenEvent {
            pool,
            source: "TokenGeneration_ClientCredentials",
            client_id: client.id.as_str(),
            user: None,
            groups: &[],
            roles: &[],
            preferred_role: None,
            scopes: &scopes,
            client_metadata: &None,
        },
    )?
    .unwrap_or_default();
    change_scopes(&mut scopes, &changes);
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
    changes.access.apply(&mut access);
    Ok(TokenSet {
        access_token: sign(ctx, pool, &access)?,
        id_token: None,
        token_type: "Bearer",
        expires_in: u64::from(client.settings.access_token_validity_minutes) * 60,
    })
}
