//! Administrator actions on a user: set or reset the password, and sign out everywhere.

use diesel::Connection;

use super::codes::{self, Purpose};
use super::ids::PoolId;
use super::users::{self, User, UserStatus};
use super::{pools, time, Context};
use crate::db::queries;
use crate::error::{Error, Result};
use crate::mail::{outbox, templates};

fn not_found() -> Error {
    Error::UserNotFound("User does not exist.".into())
}

/// AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD, which
/// the user must replace at the next sign-in).
pub fn set_password(ctx: &Context, pool_id: &PoolId, username: &str, password: &str, permanent: bool) -> Result<User> {
    let pool = pools::get(ctx, pool_id)?;
    pool.settings.password_policy.check(password)?;
    let hash = ctx.passwords.hash(password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut row = users::find(c, &pool, username)?.ok_or_else(not_found)?;
        if row.status == UserStatus::ExternalProvider.as_str() {
            return Err(Error::InvalidParameter("Users of an external identity provider have no password here.".into()));
        }
        row.password_hash = Some(hash);
        row.password_set_at = Some(time::now());
        row.status = if permanent { UserStatus::Confirmed } else { UserStatus::ForceChangePassword }.as_str().into();
        users::save(c, &mut row)?;
        User::from_row(row)
    })
}

/// AdminResetUserPassword: the current password stops working (RESET_REQUIRED) and a
/// reset code is mailed; the user sets a new password through forgot-password.
pub fn reset_password(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<User> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    conn.transaction(|c| {
        let mut row = users::find(c, &pool, username)?.ok_or_else(not_found)?;
        if row.status == UserStatus::ExternalProvider.as_str() {
            return Err(Error::InvalidParameter("Users of an external identity provider have no password here.".into()));
        }
        row.status = UserStatus::ResetRequired.as_str().into();
        users::save(c, &mut row)?;
        if let Some(email) = users::stored_attributes(&row)?.get("email") {
            let code = codes::issue(ctx, c, &row.sub, Purpose::ResetPassword)?;
            let message = templates::render(templates::Template::ForgotPassword, &pool.settings.messages, &row.username, &code);
            outbox::enqueue_email(c, &ctx.secrets, pool_id.as_str(), email, &message)?;
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
        queries::tokens::revoke_families_of_user(c, &row.sub)?;
        queries::sessions::delete_for_user(c, &row.sub)?;
        Ok(())
    })
}
