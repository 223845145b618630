//! ForgotPassword and ConfirmForgotPassword.

use diesel::Connection;

use super::{email_delivery, unknown_user, CodeDelivery};
use crate::domain::clients::Client;
use crate::domain::codes::{self, Purpose};
use crate::domain::ids::PoolId;
use crate::domain::pools;
use crate::domain::users::{self, UserStatus};
use crate::domain::{devices, password_history, time, Context};
use crate::error::{Error, Result};
use crate::mail::{outbox, templates};

/// Sends a reset code to the user's email. For unknown users, when the client hides
/// which users exist, answers as if a code had been sent.
pub fn forgot_password(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str) -> Result<CodeDelivery> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let neutral = CodeDelivery { destination: "***".into(), medium: "EMAIL", attribute: "email" };
    // Users of an upstream identity provider have no password here: to the caller they
    // are like names that match no user.
    let found = users::find(&mut conn, &pool, username)?.filter(|r| r.status != UserStatus::ExternalProvider.as_str());
    let Some(row) = found else {
        return if client.settings.prevent_user_existence_errors {
            Ok(neutral)
        } else {
            Err(Error::UserNotFound("User does not exist.".into()))
        };
    };
    if !row.enabled {
        return Err(Error::NotAuthorized("User is disabled.".into()));
    }
    let attrs = users::stored_attributes(&row)?;
    let Some(email) = attrs.get("email").cloned() else {
        return Err(Error::InvalidParameter(
            "Cannot reset password for the user as there is no registered email address.".into(),
        ));
    };
    conn.transaction(|c| {
        let code = codes::issue(ctx, c, &row.sub, Purpose::ResetPassword)?;
        let message = templates::render(templates::Template::ForgotPassword, &pool.settings.messages, &row.username, &code);
        outbox::enqueue_email(c, &ctx.secrets, pool_id.as_str(), &email, &message)
    })?;
    Ok(email_delivery(&email))
}

pub fn confirm_forgot_password(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    username: &str,
    code: &str,
    new_password: &str,
) -> Result<()> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let neutral = Error::CodeMismatch("Invalid verification code provided, please try again.".into());
    let row = users::find(&mut conn, &pool, username)?
        .filter(|r| r.status != UserStatus::ExternalProvider.as_str())
        .ok_or_else(|| unknown_user(client, neutral))?;
    pool.settings.password_policy.check(new_password)?;
    codes::verify(ctx, &mut conn, &row.sub, Purpose::ResetPassword, code)?;
    let earlier = password_history::recent(&mut conn, &pool, &row.sub, row.password_hash.as_deref())?;
    drop(conn);
    password_history::check(ctx, &earlier, new_password)?;
    let hash = ctx.passwords.hash(new_password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut row = row;
        password_history::record(c, &pool, &row.sub, &hash)?;
        // A reset password means the old one may be known: remembered devices must
        // pass MFA again.
        devices::forget_all(c, &row.sub)?;
        row.password_hash = Some(hash);
        row.password_set_at = Some(time::now());
        if row.status == UserStatus::ResetRequired.as_str() || row.status == UserStatus::ForceChangePassword.as_str() {
            row.status = UserStatus::Confirmed.as_str().into();
        }
        users::save(c, &mut row)?;
        codes::consume(c, &row.sub, Purpose::ResetPassword)
    })
}
