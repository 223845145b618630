//! Hosted-login browser sessions: a random cookie value, stored only as its hash, so
//! any node can read the session and a database leak yields no usable cookie.

use crate::crypto::{new_token, token_hash};
use crate::db::models::SessionRow;
use crate::db::queries;
use crate::domain::ids::PoolId;
use crate::domain::{time, Context};
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct Session {
    pub user_sub: String,
    pub auth_time: i64,
}

/// Starts a session and returns the cookie value.
pub fn create(ctx: &Context, pool: &PoolId, user_sub: &str, auth_time: i64) -> Result<String> {
    let value = new_token();
    let now = time::now();
    queries::sessions::insert(
        &mut *ctx.conn()?,
        &SessionRow {
            id_hash: token_hash(&value),
            pool_id: pool.to_string(),
            user_sub: user_sub.to_string(),
            auth_time,
            expires_at: now + ctx.session_seconds,
            created_at: now,
        },
    )?;
    Ok(value)
}

/// The live session for a cookie value, if any: unexpired, for an enabled user.
pub fn find(ctx: &Context, pool: &PoolId, cookie: &str) -> Result<Option<Session>> {
    let mut conn = ctx.conn()?;
    let Some(row) = queries::sessions::find(&mut conn, pool.as_str(), &token_hash(cookie))? else { return Ok(None) };
    if row.expires_at < time::now() {
        queries::sessions::delete(&mut conn, &row.id_hash)?;
        return Ok(None);
    }
    let enabled = queries::users::find_by_sub(&mut conn, pool.as_str(), &row.user_sub)?.is_some_and(|u| u.enabled);
    Ok(enabled.then_some(Session { user_sub: row.user_sub, auth_time: row.auth_time }))
}

pub fn end(ctx: &Context, cookie: &str) -> Result<()> {
    queries::sessions::delete(&mut *ctx.conn()?, &token_hash(cookie))?;
    Ok(())
}
