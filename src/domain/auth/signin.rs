//! Password sign-in: the first step of the authentication state machine.

use super::challenges::{self, ChallengeName, SignIn};
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools;
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

fn wrong_credentials() -> Error {
    Error::NotAuthorized("Incorrect username or password.".into())
}

/// Checks username and password. The password is checked (against a dummy hash for
/// unknown users, so timing tells nothing) before the account's state is revealed. A
/// user with a temporary password gets the NEW_PASSWORD_REQUIRED challenge.
pub fn password(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, password: &str) -> Result<SignIn> {
    let (row, pool) = {
        let mut conn = ctx.conn()?;
        let pool = pools::load(&mut conn, pool_id)?;
        (users::find(&mut conn, &pool, username)?, pool)
    };
    let matches = ctx.passwords.verify(password, row.as_ref().and_then(|r| r.password_hash.as_deref()));
    let Some(row) = row else { return Err(super::unknown_user(client, wrong_credentials())) };
    if !matches {
        return Err(wrong_credentials());
    }
    let user = User::from_row(row)?;
    if !user.enabled {
        return Err(Error::NotAuthorized("User is disabled.".into()));
    }
    match user.status {
        UserStatus::Confirmed => Ok(SignIn::Authenticated(user)),
        UserStatus::Unconfirmed => Err(Error::UserNotConfirmed("User is not confirmed.".into())),
        UserStatus::ResetRequired => Err(Error::PasswordResetRequired("Password reset required for the user".into())),
        UserStatus::ForceChangePassword => {
            let days = i64::from(pool.settings.password_policy.temporary_password_validity_days);
            if days > 0 && user.password_set_at.unwrap_or(user.created_at) + days * 86_400 < time::now() {
                return Err(Error::NotAuthorized("Temporary password has expired and must be reset by an administrator.".into()));
            }
            let session = challenges::start(&mut *ctx.conn()?, client, &user, ChallengeName::NewPasswordRequired)?;
            Ok(SignIn::Challenge { name: ChallengeName::NewPasswordRequired, session, user })
        }
        UserStatus::ExternalProvider => Err(wrong_credentials()),
    }
}
