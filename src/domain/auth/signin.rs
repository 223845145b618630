//! Password sign-in: the first step of the authentication state machine.

use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools;
use crate::domain::users::{self, User, UserStatus};
use crate::domain::Context;
use crate::error::{Error, Result};

fn wrong_credentials() -> Error {
    Error::NotAuthorized("Incorrect username or password.".into())
}

/// Checks username and password. The password is checked (against a dummy hash for
/// unknown users, so timing tells nothing) before the account's state is revealed.
pub fn password(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, password: &str) -> Result<User> {
    let row = {
        let mut conn = ctx.conn()?;
        let pool = pools::load(&mut conn, pool_id)?;
        users::find(&mut conn, &pool, username)?
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
        UserStatus::Confirmed => Ok(user),
        UserStatus::Unconfirmed => Err(Error::UserNotConfirmed("User is not confirmed.".into())),
        UserStatus::ResetRequired => Err(Error::PasswordResetRequired("Password reset required for the user".into())),
        UserStatus::ForceChangePassword => Err(Error::NotAuthorized(
            "This account has a temporary password that must be changed; ask an administrator to set a permanent one."
                .into(),
        )),
        UserStatus::ExternalProvider => Err(wrong_credentials()),
    }
}
