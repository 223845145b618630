//! Administrator actions on a user: set or reset the password, sign out everywhere,
//! MFA preferences and remembered devices.

use diesel::Connection;

use super::codes::{self, Purpose};
use super::ids::PoolId;
use super::users::{self, User, UserStatus};
use super::auth::sessions;
use super::{devices, mfa, password_history, pools, time, Context};
use crate::db::queries;
use crate::error::{Error, Result};
use crate::domain::triggers::messages::{self, Media, Source};

fn not_found() -> Error {
    Error::UserNotFound("User does not exist.".into())
}

/// AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD, which
/// the user must replace at the next sign-in).
pub fn set_password(ctx: &Context, pool_id: &PoolId, username: &str, password: &str, permanent: bool) -> Result<User> {
    let pool = pools::get(ctx, pool_id)?;
    pool.settings.password_policy.check(password)?;
    let target = users::find(&mut *ctx.conn()?, &pool, username)?.ok_or_else(not_found)?;
    if permanent {
        let earlier = password_history::recent(&mut *ctx.conn()?, &pool, &target.sub, target.password_hash.as_deref())?;
        password_history::check(ctx, &earlier, password)?;
    }
    let stored = users::store_password(ctx, pool_id, &target.username, password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let row = users::lock(c, pool_id.as_str(), &target.sub)?.ok_or_else(not_found)?;
        if row.status == UserStatus::ExternalProvider.as_str() {
            return Err(Error::InvalidParameter("Users of an external identity provider have no password here.".into()));
        }
        if permanent {
            password_history::record(c, &pool, &row.sub, &stored.hash)?;
        }
        let now = time::now();
        let status = if permanent { UserStatus::Confirmed } else { UserStatus::ForceChangePassword };
        queries::users::update_password(c, &row.sub, &stored.columns(), now)?;
        queries::users::update_status(c, &row.sub, &[row.status.as_str()], status.as_str(), now)?;
        // Whoever knew the old password is signed out everywhere.
        devices::forget_all(c, &row.sub)?;
        sessions::end_all(c, &row.sub, None)?;
        User::from_row(queries::users::find_by_sub(c, pool_id.as_str(), &row.sub)?.ok_or_else(not_found)?)
    })
}

/// AdminResetUserPassword: the current password stops working (RESET_REQUIRED) and a
/// reset code is mailed; the user sets a new password through forgot-password.
pub fn reset_password(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<User> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    // The reset code's message is written (by a CustomMessage hook, perhaps) before the
    // transaction, for the user as found now.
    let before = users::find(&mut conn, &pool, username)?.ok_or_else(not_found)?;
    let has_email = users::stored_attributes(&before)?.contains_key("email");
    let message = messages::prepare(ctx, &pool, Source::ForgotPassword, &User::from_row(before)?, None, &None, Media { email: has_email, sms: false })?;
    conn.transaction(|c| {
        let found = users::find(c, &pool, username)?.ok_or_else(not_found)?;
        let mut row = users::lock(c, pool_id.as_str(), &found.sub)?.ok_or_else(not_found)?;
        if row.status == UserStatus::ExternalProvider.as_str() {
            return Err(Error::InvalidParameter("Users of an external identity provider have no password here.".into()));
        }
        queries::users::update_status(c, &row.sub, &[row.status.as_str()], UserStatus::ResetRequired.as_str(), time::now())?;
        row.status = UserStatus::ResetRequired.as_str().into();
        devices::forget_all(c, &row.sub)?;
        sessions::end_all(c, &row.sub, None)?;
        if let Some(email) = users::stored_attributes(&row)?.get("email") {
            let code = codes::issue(ctx, c, &row.sub, Purpose::ResetPassword)?;
            message.email(ctx, c, email, &code)?;
        }
        User::from_row(row)
    })
}

/// AdminUserGlobalSignOut: revokes every refresh token (and the access tokens issued
/// with them) and ends every hosted-login session of the user.
pub fn global_sign_out(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    conn.transaction(|c| {
        let row = users::find(c, &pool, username)?.ok_or_else(not_found)?;
        sessions::end_all(c, &row.sub, None)
    })
}

/// The pool and the user an administrator names.
pub fn user(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<(pools::Pool, User)> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let row = users::find(&mut conn, &pool, username)?.ok_or_else(not_found)?;
    Ok((pool, User::from_row(row)?))
}

/// AdminGetUser's MFA part: which factors the user has and prefers.
pub fn mfa_status(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<mfa::UserMfa> {
    let (_, user) = user(ctx, pool_id, username)?;
    mfa::load(&mut *ctx.conn()?, user.sub.as_str())
}

/// AdminSetUserMFAPreference.
pub fn set_mfa_preferences(ctx: &Context, pool_id: &PoolId, username: &str, prefs: &mfa::Preferences) -> Result<mfa::UserMfa> {
    let (pool, user) = user(ctx, pool_id, username)?;
    mfa::set_preferences(ctx, &pool, &user, prefs)
}

/// AdminListDevices.
pub fn list_devices(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<Vec<devices::Device>> {
    let (_, user) = user(ctx, pool_id, username)?;
    devices::list(ctx, user.sub.as_str())
}

/// AdminForgetDevice.
pub fn forget_device(ctx: &Context, pool_id: &PoolId, username: &str, device_key: &str) -> Result<()> {
    let (_, user) = user(ctx, pool_id, username)?;
    devices::forget(ctx, user.sub.as_str(), device_key)
}
