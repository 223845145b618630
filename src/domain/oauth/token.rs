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
    if !client.settings.allowed_oauth_flows.contains(&OAuthFlow::Code) {
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
        let now = time::now();
        let family = TokenFamilyRow {
            id: row.family_id.clone(),
            pool_id: pool.id.to_string(),
            client_id: client.id.to_string(),
            user_sub: user.sub.clone(),
            scope: row.scope.clone(),
            auth_time: row.auth_time,
            revoked: false,
            created_at: now,
            expires_at: now + i64::from(client.settings.refresh_token_validity_minutes) * 60,
        };
        queries::tokens::insert_family(c, &family)?;
        let refresh = new_refresh(c, &family)?;
        Ok::<_, Error>(Redeemed::Issued { family, user, nonce: row.nonce, refresh })
    })?;
    drop(conn);
    match outcome {
        Redeemed::Refused(why) => Err(grant_error(why)),
        Redeemed::Issued { family, user, nonce, refresh } => {
            let mut response = issue_for_family(ctx, &pool, client, &family, user, nonce.as_deref())?;
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
        },
    )?;
    Ok(token)
}

fn issue_for_family(
    ctx: &Context,
    pool: &Pool,
    client: &Client,
    family: &TokenFamilyRow,
    user: UserRow,
    nonce: Option<&str>,
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
        },
    )?;
    Ok(TokenResponse { access_token: set.access_token, id_token: set.id_token, refresh_token: None, token_type: "Bearer", expires_in: set.expires_in })
}

#[allow(clippy::large_enum_variant)]
enum Refreshed {
    Issued { family: TokenFamilyRow, user: UserRow, rotated: Option<String> },
    Refused(&'static str),
}

/// refresh_token: with rotation (per client) a used token is refused and revokes its
/// whole family, since only a thief would present it again.
pub fn refresh(ctx: &Context, pool_id: &PoolId, client: &Client, token: &str) -> Result<TokenResponse> {
    let pool = pools::get(ctx, pool_id)?;
    let rotate = client.settings.refresh_token_rotation;
    let mut conn = ctx.conn()?;
    let outcome = conn.transaction(|c| {
        let Some((row, family)) = queries::tokens::find_refresh(c, &token_hash(token))? else {
            return Ok(Refreshed::Refused("refresh token is invalid"));
        };
        if family.pool_id != pool.id.as_str() || family.client_id != client.id.as_str() {
            return Ok(Refreshed::Refused("refresh token was issued to another client"));
        }
        if family.revoked {
            return Ok(Refreshed::Refused("refresh token has been revoked"));
        }
        if row.expires_at < time::now() {
            return Ok(Refreshed::Refused("refresh token has expired"));
        }
        if rotate && (row.used || queries::tokens::use_refresh(c, &row.token_hash)? == 0) {
            queries::tokens::revoke_family(c, &family.id)?;
            tracing::warn!(pool = %pool.id, client = %client.id, "refresh token reused; its family is revoked");
            return Ok(Refreshed::Refused("refresh token has already been used"));
        }
        let Some(user) = load_user(c, &pool, &family.user_sub)? else {
            return Ok(Refreshed::Refused("user no longer exists"));
        };
        if !user.enabled {
            return Ok(Refreshed::Refused("User is disabled."));
        }
        let rotated = if rotate { Some(new_refresh(c, &family)?) } else { None };
        Ok::<_, Error>(Refreshed::Issued { family, user, rotated })
    })?;
    drop(conn);
    match outcome {
        Refreshed::Refused(why) => Err(grant_error(why)),
        Refreshed::Issued { family, user, rotated } => {
            let mut response = issue_for_family(ctx, &pool, client, &family, user, None)?;
            response.refresh_token = rotated;
            Ok(response)
        }
    }
}

/// client_credentials: confidential clients only, resource-server scopes only.
pub fn client_credentials(ctx: &Context, pool_id: &PoolId, client: &Client, scope: Option<&str>) -> Result<TokenResponse> {
    if client.secret.is_none() || !client.settings.allowed_oauth_flows.contains(&OAuthFlow::ClientCredentials) {
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
