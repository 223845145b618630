//! Who calls with an access token (GetUser, ChangePassword, the device and MFA actions,
//! GlobalSignOut…): its signature, expiry and issuer, that its sign-in was not revoked,
//! that it carries Cognito's `aws.cognito.signin.user.admin` scope, and that its user
//! still exists and is enabled.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use super::finish::API_SCOPE;
use crate::db::queries;
use crate::domain::ids::PoolId;
use crate::domain::oauth::revoke;
use crate::domain::pools::{self, Pool};
use crate::domain::users::User;
use crate::domain::{keys, Context};
use crate::error::{Error, Result};

/// The user behind an access token.
#[derive(Debug)]
pub struct Caller {
    pub pool: Pool,
    pub user: User,
    pub client_id: String,
    /// The token's sign-in (refresh-token family), when it has one.
    pub family: Option<String>,
    pub claims: Map<String, Value>,
}

fn invalid() -> Error {
    Error::NotAuthorized("Invalid Access Token".into())
}

/// The pool a token claims to be from (its `iss`), read before the signature is checked
/// so that the right keys check it.
fn claimed_pool(ctx: &Context, token: &str) -> Option<PoolId> {
    let payload = token.split('.').nth(1)?;
    let claims: Map<String, Value> = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    let iss = claims.get("iss")?.as_str()?;
    let pool = iss.strip_prefix(&ctx.public_url)?.strip_prefix('/')?;
    PoolId::parse(pool).ok()
}

pub fn caller(ctx: &Context, token: &str) -> Result<Caller> {
    let pool_id = claimed_pool(ctx, token).ok_or_else(invalid)?;
    let claims = match keys::verify(ctx, &pool_id, token, true) {
        Ok(Some(c)) => c,
        Ok(None) | Err(Error::NotFound(_)) => return Err(invalid()),
        Err(e) => return Err(e),
    };
    if claims.get("token_use").and_then(Value::as_str) != Some("access") {
        return Err(invalid());
    }
    if claims.get("exp").and_then(Value::as_i64).is_none_or(|exp| exp < crate::domain::time::now()) {
        return Err(Error::NotAuthorized("Access Token has expired".into()));
    }
    let scopes = claims.get("scope").and_then(Value::as_str).unwrap_or_default();
    if !scopes.split(' ').any(|s| s == API_SCOPE) {
        return Err(Error::NotAuthorized("Access Token does not have required scopes".into()));
    }
    let family = claims.get("origin_jti").and_then(Value::as_str).map(str::to_string);
    if let Some(f) = &family {
        if revoke::is_revoked(ctx, f)? {
            return Err(Error::NotAuthorized("Access Token has been revoked".into()));
        }
    }
    let sub = claims.get("sub").and_then(Value::as_str).unwrap_or_default();
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, &pool_id)?;
    let row = queries::users::find_by_sub(&mut conn, pool_id.as_str(), sub)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
    if !row.enabled {
        return Err(Error::UserDisabled);
    }
    let client_id = claims.get("client_id").and_then(Value::as_str).unwrap_or_default().to_string();
    Ok(Caller { pool, user: User::from_row(row)?, client_id, family, claims })
}
