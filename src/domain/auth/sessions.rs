//! Hosted-login browser sessions: a random cookie value, stored only as its hash, so
//! any node can read the session and a database leak yields no usable cookie.

use crate::crypto::{new_token, token_hash};
use crate::db::models::SessionRow;
use crate::db::{queries, DbConnection};
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
    create_on(ctx, &mut *ctx.conn()?, pool, user_sub, auth_time)
}

/// A new sign-in in a browser: its previous session (if the cookie names one) ends, so a
/// session id seen before the sign-in is worth nothing after it.
pub fn replace(ctx: &Context, pool: &PoolId, previous: Option<&str>, user_sub: &str, auth_time: i64) -> Result<String> {
    let mut conn = ctx.conn()?;
    if let Some(old) = previous {
        queries::sessions::delete(&mut conn, &token_hash(old))?;
    }
    create_on(ctx, &mut conn, pool, user_sub, auth_time)
}

/// [`create`] on the caller's connection (inside its transaction).
pub(crate) fn create_on(ctx: &Context, conn: &mut DbConnection, pool: &PoolId, user_sub: &str, auth_time: i64) -> Result<String> {
    let value = new_token();
    let now = time::now();
    queries::sessions::insert(
        conn,
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

/// Ends everything the user's sign-ins left behind: hosted-login sessions, refresh-token
/// families (and with them the access tokens issued from them, which the revocation
/// check then refuses) and sign-ins still waiting for an answer. What a password change,
/// a reset, a disable and a global sign-out all do. `keep_family` spares the caller's
/// own tokens (a password change made with an access token).
pub(crate) fn end_all(conn: &mut DbConnection, user_sub: &str, keep_family: Option<&str>) -> Result<()> {
    queries::tokens::revoke_families_of_user(conn, user_sub, keep_family)?;
    queries::sessions::delete_for_user(conn, user_sub)?;
    queries::challenges::delete_for_user(conn, user_sub)?;
    Ok(())
}

/// GlobalSignOut: every sign-in of the user ends (the caller's own included).
pub fn sign_out_everywhere(ctx: &Context, user_sub: &str) -> Result<()> {
    end_all(&mut *ctx.conn()?, user_sub, None)
}
