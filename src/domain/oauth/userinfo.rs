//! The UserInfo endpoint's claims (OIDC Core §5.3): chosen by the access token's scopes.

use serde_json::{json, Map, Value};

use crate::db::queries;
use crate::domain::attributes;
use crate::domain::ids::PoolId;
use crate::domain::users::User;
use crate::domain::{keys, pools, Context};
use crate::error::Result;

use super::revoke;

/// Why a bearer token was refused (RFC 6750 §3.1).
#[derive(Debug)]
pub enum BearerError {
    InvalidToken(&'static str),
    InsufficientScope,
}

const PROFILE: &[&str] = &[
    "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
    "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at",
];

pub fn userinfo(ctx: &Context, pool_id: &PoolId, token: &str) -> Result<std::result::Result<Map<String, Value>, BearerError>> {
    let Some(claims) = keys::verify(ctx, pool_id, token, false)? else {
        return Ok(Err(BearerError::InvalidToken("the access token is invalid or expired")));
    };
    if claims.get("token_use").and_then(Value::as_str) != Some("access") {
        return Ok(Err(BearerError::InvalidToken("not an access token")));
    }
    let scopes: Vec<&str> = claims.get("scope").and_then(Value::as_str).unwrap_or("").split(' ').collect();
    if !scopes.contains(&"openid") && !scopes.contains(&"aws.cognito.signin.user.admin") {
        return Ok(Err(BearerError::InsufficientScope));
    }
    if let Some(origin) = claims.get("origin_jti").and_then(Value::as_str) {
        if revoke::is_revoked(ctx, origin)? {
            return Ok(Err(BearerError::InvalidToken("the access token has been revoked")));
        }
    }
    let sub = claims.get("sub").and_then(Value::as_str).unwrap_or_default();
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let Some(row) = queries::users::find_by_sub(&mut conn, pool_id.as_str(), sub)?.filter(|u| u.enabled) else {
        return Ok(Err(BearerError::InvalidToken("the user is disabled or no longer exists")));
    };
    let user = User::from_row(row)?;
    let all = scopes.contains(&"aws.cognito.signin.user.admin");
    let wanted = |name: &str| {
        all || match name {
            "email" | "email_verified" => scopes.contains(&"email"),
            "phone_number" | "phone_number_verified" => scopes.contains(&"phone"),
            "address" => scopes.contains(&"address") || scopes.contains(&"profile"),
            n if PROFILE.contains(&n) || n.starts_with("custom:") => scopes.contains(&"profile"),
            _ => false,
        }
    };
    let mut out = Map::new();
    out.insert("sub".into(), json!(user.sub));
    out.insert("username".into(), json!(user.username));
    for (name, value) in &user.attributes {
        if name == "sub" || !wanted(name) {
            continue;
        }
        out.insert(name.clone(), attributes::claim(&pool.settings.schema, name, value));
    }
    Ok(Ok(out))
}
