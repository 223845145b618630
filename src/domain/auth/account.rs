//! What a signed-in user does with their own account: who they are from the session,
//! and changing the password (the old one required, counted against the lock).

use diesel::Connection;

use super::{sessions, throttle};
use crate::db::queries;
use crate::domain::ids::PoolId;
use crate::domain::users::{self, User};
use crate::domain::{password_history, pools, time, Context};
use crate::error::{Error, Result};

/// The user of a live hosted-login session, if the cookie names one.
pub fn current_user(ctx: &Context, pool_id: &PoolId, cookie: Option<&str>) -> Result<Option<User>> {
    let Some(cookie) = cookie else { return Ok(None) };
    let Some(session) = sessions::find(ctx, pool_id, cookie)? else { return Ok(None) };
    let row = queries::users::find_by_sub(&mut *ctx.conn()?, pool_id.as_str(), &session.user_sub)?;
    row.map(User::from_row).transpose()
}

/// ChangePassword: the current password must be given; a wrong one counts toward the
/// user's sign-in lock. The new one must meet the policy and the password history.
pub fn change_password(ctx: &Context, pool_id: &PoolId, user: &User, current: &str, new: &str, address: Option<&str>) -> Result<()> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let keys = throttle::Keys::new(pool_id.as_str(), user.sub.as_str(), address);
    throttle::check(&mut conn, &keys)?;
    let row = queries::users::find_by_sub(&mut conn, pool_id.as_str(), user.sub.as_str())?
        .filter(|r| r.enabled)
        .ok_or_else(|| Error::NotAuthorized("User is disabled.".into()))?;
    drop(conn);
    if !ctx.passwords.verify(current, row.password_hash.as_deref()) {
        throttle::record_failure(&mut *ctx.conn()?, &keys)?;
        return Err(Error::NotAuthorized("Incorrect username or password.".into()));
    }
    pool.settings.password_policy.check(new)?;
    let earlier = password_history::recent(&mut *ctx.conn()?, &pool, &row.sub, row.password_hash.as_deref())?;
    password_history::check(ctx, &earlier, new)?;
    let hash = ctx.passwords.hash(new)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut row = row;
        password_history::record(c, &pool, &row.sub, &hash)?;
        row.password_hash = Some(hash);
        row.password_set_at = Some(time::now());
        users::save(c, &mut row)?;
        throttle::record_success(c, &keys)
    })
}
