//! The token endpoint's grants (RFC 6749 §4.1.3, §4.4, §6) and client authentication.

use diesel::Connection;
use serde::Serialize;

use crate::crypto::{constant_time_eq, new_token, token_hash};
use crate::db::models::{RefreshTokenRow, TokenFamilyRow, UserRow};
use crate::db::queries;
use crate::domain::clients::{self, Client, OAuthFlow};
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::pools::{self, Pool};
use crate::domain::users::User;
use crate::domain::{groups, time, tokens, Context};
use crate::error::{Error, Result};

#[derive(Clone, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub token_type: &'static str,
    pub expires_in: u64,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &crate::crypto::REDACTED)
            .field("id_token", &crate::crypto::redacted(&self.id_token))
            .field("refresh_token", &crate::crypto::redacted(&self.refresh_token))
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Authenticates the client: confidential clients by their secret (constant-time),
/// public clients by their ID alone.
pub fn authenticate_client(ctx: &Context, pool: &PoolId, client_id: &str, secret: Option<&str>) -> Result<Client> {
    let invalid = || Error::InvalidClient("client authentication failed".into());
    let id = ClientId::parse(client_id).map_err(|_| invalid())?;
    let client = clients::get(ctx, pool, &id).map_err(|e| match e {
        Error::NotFound(_) => invalid(),
        other => other,
    })?;
    match (&client.secret, secret) {
        (None, None) => Ok(client),
        (Some(_), Some(given)) if clients::secret_matches(&client, given) => Ok(client),
        _ => Err(invalid()),
    }
}

fn grant_error(description: &str) -> Error {
    Error::InvalidGrant(description.into())
}

/// RFC 7636 §4.6, S256 only (codes are issued for no other method).
fn pkce_ok(challenge: &str, method: &str, verifier: &str) -> bool {
    use base64::Engine;
    use sha2::Digest;
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier.chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
    if !well_formed || method != "S256" {
        return false;
    }
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    constant_time_eq(computed.as_bytes(), challenge.as_bytes())
}

fn load_user(conn: &mut crate::db::DbConnection, pool: &Pool, sub: &str) -> Result<Option<UserRow>> {
    Ok(queries::users::find_by_sub(conn, pool.id.as_str(), sub)?)
}

// Built once per request and matched at once: boxing the rows would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Redeemed {
    Issued { family: TokenFamilyRow, user: UserRow, nonce: Option<String>, refresh: String },
    Refused(&'static str),
}

/// authorization_code: single use, bound to client, redirect_uri and PKCE verifier. A
/// replayed code revokes every token issued from it.
pub fn exchange_code(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
) -> Result<TokenResponse> {
    if !client.settings.allows_oauth(OAuthFlow::Code) {
        return Err(Error::UnauthorizedClient("this client may not use the authorization code grant".into()));
    }
    let pool = pools::get(ctx, pool_id)?;
    let mut conn = ctx.conn()?;
    let outcome = conn.transaction(|c| {
        let Some(row) = queries::tokens::find_code(c, &token_hash(code))? else {
            return Ok(Redeemed::Refused("authorization code is invalid"));
        };
        if row.pool_id != pool.id.as_str() || row.client_id != client.id.as_str() {
            return Ok(Redeemed::Refused("authorization code was issued to another client"));
        }
        if row.used || queries::tokens::use_code(c, &row.code_hash)? == 0 {
            queries::tokens::revoke_family(c, &row.family_id)?;
            tracing::warn!(pool = %pool.id, client = %client.id, "authorization code replayed; its tokens are revoked");
            return Ok(Redeemed::Refused("authorization code has already been used"));
        }
        if row.expires_at < time::now() {
            return Ok(Redeemed::Refused("authorization code has expired"));
        }
        if redirect_uri != Some(row.redirect_uri.as_str()) {
            return Ok(Redeemed::Refused("redirect_uri does not match the authorization request"));
        }
        match (&row.code_challenge, &row.code_challenge_method) {
            (Some(challenge), Some(method)) if !verifier.is_some_and(|v| pkce_ok(challenge, method, v)) => {
                return Ok(Redeemed::Refused("PKCE code_verifier is missing or does not match"));
            }
            (Some(_), Some(_)) => {}
            // A verifier for a code issued without a challenge means the request that got
            // the code is not the one the client made (RFC 9700 §2.1.1 downgrade).
            _ if verifier.is_some_and(|v| !v.is_empty()) => {
                return Ok(Redeemed::Refused("code_verifier was sent for a code issued without code_challenge"));
            }
            _ => {}
        }
        let Some(user) = load_user(c, &pool, &row.user_sub)?.filter(|u| u.enabled) else {
            return Ok(Redeemed::Refused("user is disabled or no longer exists"));
        };
        let (family, refresh) = start_family(c, row.family_id.clone(), &pool, client, &user.sub, &row.scope, row.auth_time, "oauth", None)?;
        Ok::<_, Error>(Redeemed::Issued { family, user, nonce: row.nonce, refresh })
    })?;
    drop(conn);
    match outcome {
        Redeemed::Refused(why) => Err(grant_error(why)),
        Redeemed::Issued { family, user, nonce, refresh } => {
            let issued = issue_for_family(ctx, &pool, client, &family, user, nonce.as_deref(), crate::domain::auth::challenges::SOURCE_HOSTED_AUTH);
            let mut response = match issued {
                Ok(r) => r,
                // PreTokenGeneration refused (or failed): the code is spent, and the
                // refresh token made with it must not outlive the refusal.
                Err(e) => {
                    queries::tokens::revoke_family(&mut *ctx.conn()?, &family.id)?;
                    return Err(e);
                }
            };
            response.refresh_token = Some(refresh);
            Ok(response)
        }
    }
}

fn new_refresh(conn: &mut crate::db::DbConnection, family: &TokenFamilyRow) -> Result<String> {
    let token = new_token();
    queries::tokens::insert_refresh(
        conn,
        &RefreshTokenRow {
            token_hash: token_hash(&token),
            family_id: family.id.clone(),
            used: false,
            expires_at: family.expires_at,
            created_at: time::now(),
            used_at: None,
        },
    )?;
    Ok(token)
}

/// PreTokenGeneration's source for refreshed tokens.
pub const SOURCE_REFRESH: &str = "TokenGeneration_RefreshTokens";

pub(crate) fn issue_for_family(
    ctx: &Context,
    pool: &Pool,
    client: &Client,
    family: &TokenFamilyRow,
    user: UserRow,
    nonce: Option<&str>,
    trigger_source: &str,
) -> Result<TokenResponse> {
    let user_groups = groups::for_sub(&mut *ctx.conn()?, &pool.id, &user.sub)?;
    let user = User::from_row(user)?;
    let scopes: Vec<String> = family.scope.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let set = tokens::issue(
        ctx,
        &tokens::Grant {
            pool,
            client,
            user: &user,
            groups: &user_groups,
            scopes: &scopes,
            auth_time: family.auth_time,
            nonce,
            origin_jti: Some(&family.id),
            always_id_token: family.origin == "api",
            trigger_source,
            client_metadata: &None,
        },
    )?;
    Ok(TokenResponse { access_token: set.access_token, id_token: set.id_token, refresh_token: None, token_type: "Bearer", expires_in: set.expires_in })
}

/// Why a refresh token was refused; each front end words it its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Invalid,
    OtherClient,
    Revoked,
    Expired,
    /// Rotation replaced it (outside the retry grace period): the family is revoked.
    Reused,
    UserGone,
    UserDisabled,
}

impl Refusal {
    /// The RFC 6749 `invalid_grant` description.
    fn oauth_description(self) -> &'static str {
        match self {
            Refusal::Invalid => "refresh token is invalid",
            Refusal::OtherClient => "refresh token was issued to another client",
            Refusal::Revoked => "refresh token has been revoked",
            Refusal::Expired => "refresh token has expired",
            Refusal::Reused => "refresh token has already been used",
            Refusal::UserGone => "user no longer exists",
            Refusal::UserDisabled => "User is disabled.",
        }
    }
}

/// A refresh that passed: its family, user, and the rotated token when the client rotates.
pub(crate) struct Refreshed {
    pub family: TokenFamilyRow,
    pub user: UserRow,
    pub rotated: Option<String>,
}

/// Checks a refresh token and, when `rotate`, replaces it. A used token is refused and
/// revokes its whole family (only a thief would present it again), unless it was used
/// within the last `grace_seconds` (a client retrying after a lost answer).
pub(crate) fn redeem_refresh(ctx: &Context, pool: &Pool, client: &Client, token: &str, rotate: bool, grace_seconds: i64) -> Result<std::result::Result<Refreshed, Refusal>> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let Some((row, family)) = queries::tokens::find_refresh(c, &token_hash(token))? else {
            return Ok(Err(Refusal::Invalid));
        };
        if family.pool_id != pool.id.as_str() || family.client_id != client.id.as_str() {
            return Ok(Err(Refusal::OtherClient));
        }
        // A disabled user hears so (as from Cognito), though disabling also revoked the token.
        let Some(user) = load_user(c, pool, &family.user_sub)? else {
            return Ok(Err(Refusal::UserGone));
        };
        if !user.enabled {
            return Ok(Err(Refusal::UserDisabled));
        }
        if family.revoked {
            return Ok(Err(Refusal::Revoked));
        }
        let now = time::now();
        if row.expires_at < now {
            return Ok(Err(Refusal::Expired));
        }
        if rotate && (row.used || queries::tokens::use_refresh(c, &row.token_hash, now)? == 0) {
            // When another request used it just now, this read did not see when.
            let used_at = match row.used_at {
                Some(at) => Some(at),
                None => queries::tokens::find_refresh(c, &row.token_hash)?.and_then(|(r, _)| r.used_at),
            };
            let retry = grace_seconds > 0 && used_at.is_some_and(|at| at + grace_seconds >= now);
            if !retry {
                queries::tokens::revoke_family(c, &family.id)?;
                tracing::warn!(pool = %pool.id, client = %client.id, "refresh token reused; its family is revoked");
                return Ok(Err(Refusal::Reused));
            }
        }
        let rotated = if rotate { Some(new_refresh(c, &family)?) } else { None };
        Ok(Ok(Refreshed { family, user, rotated }))
    })
}

/// refresh_token at the token endpoint, rotating per client setting.
pub fn refresh(ctx: &Context, pool_id: &PoolId, client: &Client, token: &str) -> Result<TokenResponse> {
    let pool = pools::get(ctx, pool_id)?;
    let grace = i64::from(client.settings.refresh_token_grace_seconds);
    match redeem_refresh(ctx, &pool, client, token, client.settings.refresh_token_rotation, grace)? {
        Err(why) => Err(grant_error(why.oauth_description())),
        Ok(r) => {
            let mut response = issue_for_family(ctx, &pool, client, &r.family, r.user, None, SOURCE_REFRESH)?;
            response.refresh_token = r.rotated;
            Ok(response)
        }
    }
}

/// A new sign-in's token family and its first refresh token (inside the caller's
/// transaction). `origin` is `oauth` or `api`; `device_key` the Cognito device, if any.
#[allow(clippy::too_many_arguments)]
pub(crate) fn start_family(
    conn: &mut crate::db::DbConnection,
    id: String,
    pool: &Pool,
    client: &Client,
    user_sub: &str,
    scope: &str,
    auth_time: i64,
    origin: &str,
    device_key: Option<&str>,
) -> Result<(TokenFamilyRow, String)> {
    let now = time::now();
    let family = TokenFamilyRow {
        id,
        pool_id: pool.id.to_string(),
        client_id: client.id.to_string(),
        user_sub: user_sub.to_string(),
        scope: scope.to_string(),
        auth_time,
        revoked: false,
        created_at: now,
        expires_at: now + i64::from(client.settings.refresh_token_validity_minutes) * 60,
        origin: origin.to_string(),
        device_key: device_key.map(str::to_string),
    };
    queries::tokens::insert_family(conn, &family)?;
    let refresh = new_refresh(conn, &family)?;
    Ok((family, refresh))
}

/// client_credentials: confidential clients only, resource-server scopes only.
pub fn client_credentials(ctx: &Context, pool_id: &PoolId, client: &Client, scope: Option<&str>) -> Result<TokenResponse> {
    if client.secret.is_none() || !client.settings.allows_oauth(OAuthFlow::ClientCredentials) {
        return Err(Error::UnauthorizedClient("this client may not use the client_credentials grant".into()));
    }
    let allowed = &client.settings.allowed_oauth_scopes;
    let scopes: Vec<String> = match scope.filter(|s| !s.trim().is_empty()) {
        Some(s) => s.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        None => allowed.clone(),
    };
    if let Some(bad) = scopes.iter().find(|s| !allowed.contains(s)) {
        return Err(Error::InvalidScope(format!("scope {bad} is not allowed for this client")));
    }
    let pool = pools::get(ctx, pool_id)?;
    let set = tokens::issue_for_client(ctx, &pool, client, &scopes)?;
    Ok(TokenResponse { access_token: set.access_token, id_token: None, refresh_token: None, token_type: "Bearer", expires_in: set.expires_in })
}
