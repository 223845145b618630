//! Token revocation (RFC 7009): a refresh token, or an access token issued from one,
//! revokes its whole family, and with it every access token of that sign-in.

use crate::crypto::token_hash;
use crate::db::queries;
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::{keys, Context};
use crate::error::{Error, Result};

/// Revokes what `token` belongs to. Unknown tokens are not an error (RFC 7009 §2.2);
/// a token of another client is refused.
pub fn revoke(ctx: &Context, pool: &PoolId, client: &Client, token: &str) -> Result<()> {
    if !client.settings.enable_token_revocation {
        return Err(Error::UnsupportedTokenType("token revocation is disabled for this client".into()));
    }
    let mut conn = ctx.conn()?;
    let family = match queries::tokens::find_refresh(&mut conn, &token_hash(token))? {
        Some((_, family)) => Some(family),
        None => {
            drop(conn);
            let claims = keys::verify(ctx, pool, token, true)?;
            conn = ctx.conn()?;
            match claims.and_then(|c| c.get("origin_jti").and_then(|v| v.as_str()).map(str::to_string)) {
                Some(id) => queries::tokens::find_family(&mut conn, &id)?,
                None => None,
            }
        }
    };
    let Some(family) = family else { return Ok(()) };
    if family.pool_id != pool.as_str() || family.client_id != client.id.as_str() {
        return Err(Error::UnauthorizedClient("the token was issued to another client".into()));
    }
    queries::tokens::revoke_family(&mut conn, &family.id)?;
    Ok(())
}

/// Whether the sign-in an access token came from has been revoked.
pub fn is_revoked(ctx: &Context, origin_jti: &str) -> Result<bool> {
    Ok(queries::tokens::find_family(&mut *ctx.conn()?, origin_jti)?.is_some_and(|f| f.revoked))
}
