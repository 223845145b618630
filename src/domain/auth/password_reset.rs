//! ForgotPassword and ConfirmForgotPassword. When the client hides which users exist,
//! every name gets the same answer: a code "sent" to a plausible masked address, the
//! same send limits, the policy checked before the name, and wrong codes counted alike.

use diesel::Connection;

use super::{email_delivery, plausible_delivery, sessions, throttle, CodeDelivery};
use crate::db::models::UserRow;
use crate::db::queries;
use crate::domain::clients::Client;
use crate::domain::codes::{self, Purpose};
use crate::domain::ids::PoolId;
use crate::domain::pools;
use crate::domain::users::{self, UserStatus};
use crate::domain::triggers::events::{self, Metadata};
use crate::domain::triggers::{self, Trigger};
use crate::domain::{devices, password_history, time, Context};
use crate::error::{Error, Result};
use crate::domain::triggers::messages::{self, Media, Source};

fn unknown() -> Error {
    Error::UserNotFound("User does not exist.".into())
}

/// Where a reset code may go: a verified email (or any email of a user an administrator
/// put in RESET_REQUIRED, whose code went there already).
fn reset_address(row: &UserRow) -> Result<Option<String>> {
    let attrs = users::stored_attributes(row)?;
    let verified = attrs.get("email_verified").is_some_and(|v| v == "true") || row.status == UserStatus::ResetRequired.as_str();
    Ok(attrs.get("email").filter(|_| verified).cloned())
}

/// Sends a reset code to the user's verified email.
pub fn forgot_password(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    username: &str,
    address: Option<&str>,
    client_metadata: &Metadata,
) -> Result<CodeDelivery> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let hide = client.settings.prevent_user_existence_errors;
    // Users of an upstream identity provider have no password here: to the caller they
    // are like names that match no user.
    let mut found = users::find(&mut conn, &pool, username)?.filter(|r| r.status != UserStatus::ExternalProvider.as_str());
    if found.is_none() && triggers::configured(&pool, Trigger::UserMigration) {
        // No connection is held while the hook answers.
        drop(conn);
        found = super::signin::migrate(ctx, &pool, client, username, None, "UserMigration_ForgotPassword", client_metadata.clone())?;
        conn = ctx.conn()?;
    }
    let target = match &found {
        None if hide => None,
        None => return Err(unknown()),
        Some(row) if !row.enabled => {
            if !hide {
                return Err(Error::UserDisabled);
            }
            None
        }
        Some(row) => match reset_address(row)? {
            Some(email) => Some((row, email)),
            None if hide => None,
            None => {
                return Err(Error::InvalidParameter(
                    "Cannot reset password for the user as there is no registered/verified email or phone_number".into(),
                ))
            }
        },
    };
    let subject = found.as_ref().map(|r| r.sub.clone()).unwrap_or_else(|| users::key(&pool, username));
    let message = match &target {
        Some((row, _)) => Some(messages::prepare(ctx, &pool, Source::ForgotPassword, &users::User::from_row((*row).clone())?, Some(client.id.as_str()), client_metadata, Media::EMAIL)?),
        None => None,
    };
    conn.transaction(|c| {
        throttle::allow_send(c, pool_id.as_str(), &subject, Purpose::ResetPassword.as_str(), address)?;
        if let (Some((row, email)), Some(message)) = (&target, &message) {
            let code = codes::issue(ctx, c, &row.sub, Purpose::ResetPassword)?;
            message.email(ctx, c, email, &code)?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(match &target {
        Some((_, email)) => email_delivery(email),
        None => plausible_delivery(ctx, found.as_ref(), username),
    })
}

/// Sets the new password with the mailed code. The old password may be known to
/// someone: every session, refresh token and remembered device of the user ends.
pub fn confirm_forgot_password(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    username: &str,
    code: &str,
    new_password: &str,
    client_metadata: &Metadata,
) -> Result<()> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    // The policy first, for every name alike.
    pool.settings.password_policy.check(new_password)?;
    let found = users::find(&mut conn, &pool, username)?.filter(|r| r.status != UserStatus::ExternalProvider.as_str());
    let Some(row) = found else {
        if !client.settings.prevent_user_existence_errors {
            return Err(unknown());
        }
        return codes::refuse_unknown(&mut conn, pool_id.as_str(), &users::key(&pool, username), Purpose::ResetPassword);
    };
    codes::verify(ctx, &mut conn, pool_id.as_str(), &row.sub, Purpose::ResetPassword, code)?;
    let earlier = password_history::recent(&mut conn, &pool, &row.sub, row.password_hash.as_deref())?;
    drop(conn);
    password_history::check(ctx, &earlier, new_password)?;
    let stored = users::store_password(ctx, pool_id, &row.username, new_password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        // Only the password and status change: whatever else happened meanwhile (an
        // administrator disabling the user, say) stands.
        users::lock(c, pool_id.as_str(), &row.sub)?.ok_or_else(unknown)?;
        let now = time::now();
        password_history::record(c, &pool, &row.sub, &stored.hash)?;
        queries::users::update_password(c, &row.sub, &stored.columns(), now)?;
        let from = [UserStatus::ResetRequired.as_str(), UserStatus::ForceChangePassword.as_str()];
        queries::users::update_status(c, &row.sub, &from, UserStatus::Confirmed.as_str(), now)?;
        devices::forget_all(c, &row.sub)?;
        sessions::end_all(c, &row.sub, None)?;
        codes::consume(c, pool_id.as_str(), &row.sub, Purpose::ResetPassword)
    })?;
    events::post_confirmation_of(ctx, &pool, "PostConfirmation_ConfirmForgotPassword", &row.sub, Some(client.id.as_str()), client_metadata)
}
