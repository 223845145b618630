//! Password sign-in: the first step of the authentication state machine.

use super::challenges::{self, SignIn};
use super::throttle;
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools;
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

fn wrong_credentials() -> Error {
    Error::NotAuthorized("Incorrect username or password.".into())
}

/// Where a sign-in comes from: the client's address (for the lock) and the browser's
/// remembered-device cookie, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    pub address: Option<&'a str>,
    pub device: Option<&'a str>,
}

/// Checks username and password. The password is checked (against a dummy hash for
/// unknown users, so timing tells nothing) before the account's state is revealed. A
/// user with a temporary password gets the NEW_PASSWORD_REQUIRED challenge, others the
/// MFA step the pool calls for. Repeated failures lock the user (or the typed name) and
/// the client address for a while.
pub fn password(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, password: &str, origin: Origin<'_>) -> Result<SignIn> {
    let address = origin.address;
    let (row, pool, keys) = {
        let mut conn = ctx.conn()?;
        let pool = pools::load(&mut conn, pool_id)?;
        let row = users::find(&mut conn, &pool, username)?;
        let subject = row.as_ref().map(|r| r.sub.clone()).unwrap_or_else(|| users::key(&pool, username));
        let keys = throttle::Keys::new(pool_id.as_str(), &subject, address);
        throttle::check(&mut conn, &keys)?;
        (row, pool, keys)
    };
    let matches = ctx.passwords.verify(password, row.as_ref().and_then(|r| r.password_hash.as_deref()));
    if !matches || row.is_none() {
        throttle::record_failure(&mut *ctx.conn()?, &keys)?;
    }
    let Some(row) = row else { return Err(super::unknown_user(client, wrong_credentials())) };
    if !matches {
        return Err(wrong_credentials());
    }
    let user = User::from_row(row)?;
    if !user.enabled {
        return Err(Error::NotAuthorized("User is disabled.".into()));
    }
    let step = match user.status {
        UserStatus::Confirmed => {
            let mut conn = ctx.conn()?;
            let remembered = challenges::remembered(&mut conn, &pool, &user, origin.device)?;
            challenges::after_first_factor(ctx, &mut conn, &pool, client, user, remembered, address)?
        }
        UserStatus::Unconfirmed => return Err(Error::UserNotConfirmed("User is not confirmed.".into())),
        UserStatus::ResetRequired => return Err(Error::PasswordResetRequired("Password reset required for the user".into())),
        UserStatus::ForceChangePassword => {
            let days = i64::from(pool.settings.password_policy.temporary_password_validity_days);
            if days > 0 && user.password_set_at.unwrap_or(user.created_at) + days * 86_400 < time::now() {
                return Err(Error::NotAuthorized("Temporary password has expired and must be reset by an administrator.".into()));
            }
            challenges::start_new_password(ctx, &mut *ctx.conn()?, client, user)?
        }
        UserStatus::ExternalProvider => return Err(wrong_credentials()),
    };
    // A right password clears the failure count only when no second factor is still
    // to come; otherwise wrong codes could be retried forever by signing in again.
    if !matches!(&step, SignIn::Challenge(c) if c.name != challenges::ChallengeName::NewPasswordRequired) {
        throttle::record_success(&mut *ctx.conn()?, &keys)?;
    }
    Ok(step)
}
