//! What a signed-in user does with their own account: who they are from the session,
//! changing the password (the old one required, counted against the lock), and
//! turning second factors off (the password again, so a stolen session cannot).

use diesel::Connection;

use super::{sessions, throttle};
use crate::db::queries;
use crate::domain::ids::PoolId;
use crate::domain::mfa::{self, Preferences, UserMfa};
use crate::domain::pools::{self, Pool};
use crate::domain::users::User;
use crate::domain::{password_history, time, Context};
use crate::error::{Error, Result};

/// The user of a live hosted-login session, and the session, if the cookie names one.
pub fn current_user(ctx: &Context, pool_id: &PoolId, cookie: Option<&str>) -> Result<Option<(User, sessions::Session)>> {
    let Some(cookie) = cookie else { return Ok(None) };
    let Some(session) = sessions::find(ctx, pool_id, cookie)? else { return Ok(None) };
    let row = queries::users::find_by_sub(&mut *ctx.conn()?, pool_id.as_str(), &session.user_sub)?;
    Ok(row.map(User::from_row).transpose()?.map(|u| (u, session)))
}

/// Who asks for a password change, which decides what of their own sign-in survives it.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    /// The hosted account page: every session ends, and this browser gets a new one.
    Browser,
    /// An access token (ChangePassword): every other sign-in ends, this token's stays.
    Token { family: &'a str },
}

fn wrong_password() -> Error {
    Error::NotAuthorized("Incorrect username or password.".into())
}

/// Checks the user's current password, counted against their sign-in lock.
fn check_current(ctx: &Context, pool_id: &PoolId, user: &User, given: &str, address: Option<&str>) -> Result<()> {
    let keys = throttle::Keys::new(pool_id.as_str(), user.sub.as_str(), address);
    let hash = {
        let mut conn = ctx.conn()?;
        throttle::check(&mut conn, &keys)?;
        queries::users::find_by_sub(&mut conn, pool_id.as_str(), user.sub.as_str())?
            .filter(|r| r.enabled)
            .ok_or(Error::UserDisabled)?
            .password_hash
    };
    if !ctx.passwords.verify(given, hash.as_deref()) {
        throttle::record_failure(&mut *ctx.conn()?, &keys)?;
        return Err(wrong_password());
    }
    Ok(())
}

/// ChangePassword: the current password must be given; a wrong one counts toward the
/// user's sign-in lock. The new one must meet the policy and the password history.
/// Every other sign-in of the user ends (sessions, refresh tokens, pending challenges),
/// since the old password may be what someone else signed in with. For a browser the
/// new session's cookie value is returned.
pub fn change_password(
    ctx: &Context,
    pool_id: &PoolId,
    user: &User,
    current: &str,
    new: &str,
    address: Option<&str>,
    caller: Caller<'_>,
) -> Result<Option<String>> {
    let pool = pools::get(ctx, pool_id)?;
    check_current(ctx, pool_id, user, current, address)?;
    pool.settings.password_policy.check(new)?;
    let stored = queries::users::find_by_sub(&mut *ctx.conn()?, pool_id.as_str(), user.sub.as_str())?.and_then(|r| r.password_hash);
    let earlier = password_history::recent(&mut *ctx.conn()?, &pool, user.sub.as_str(), stored.as_deref())?;
    password_history::check(ctx, &earlier, new)?;
    let stored = crate::domain::users::store_password(ctx, pool_id, &user.username, new)?;
    let keys = throttle::Keys::new(pool_id.as_str(), user.sub.as_str(), address);
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        password_history::record(c, &pool, user.sub.as_str(), &stored.hash)?;
        queries::users::update_password(c, user.sub.as_str(), &stored.columns(), time::now())?;
        throttle::record_success(c, &keys)?;
        match caller {
            Caller::Browser => {
                sessions::end_all(c, user.sub.as_str(), None)?;
                Ok(Some(sessions::create_on(ctx, c, pool_id, user.sub.as_str(), time::now())?))
            }
            Caller::Token { family } => {
                sessions::end_all(c, user.sub.as_str(), Some(family))?;
                Ok(None)
            }
        }
    })
}

/// Proof that the person at a hosted-login session is the user, before a factor is
/// removed or replaced: the current password, or for a user without one (signed in
/// through a provider) a sign-in within the last five minutes.
pub struct Proof<'a> {
    pub current_password: Option<&'a str>,
    /// When the session signed in.
    pub auth_time: i64,
    pub address: Option<&'a str>,
}

const RECENT_SIGN_IN_SECONDS: i64 = 300;

fn reauthenticate(ctx: &Context, pool: &Pool, user: &User, proof: &Proof<'_>, what: &str) -> Result<()> {
    match (user.password_hash.is_some(), proof.current_password.filter(|p| !p.is_empty())) {
        (true, Some(given)) => check_current(ctx, &pool.id, user, given, proof.address),
        (true, None) => Err(Error::NotAuthorized(format!("Enter your current password to {what}."))),
        (false, _) if time::now() - proof.auth_time <= RECENT_SIGN_IN_SECONDS => Ok(()),
        (false, _) => Err(Error::NotAuthorized(format!("Sign in again to {what}."))),
    }
}

/// The account page's change to second factors. Turning one off needs [`Proof`], so a
/// stolen or forgotten session cannot strip a factor.
pub fn set_mfa(ctx: &Context, pool: &Pool, user: &User, prefs: &Preferences, proof: &Proof<'_>) -> Result<UserMfa> {
    if [prefs.totp, prefs.email, prefs.sms].contains(&Some(false)) {
        reauthenticate(ctx, pool, user, proof, "turn off a second factor")?;
    }
    mfa::set_preferences(ctx, pool, user, prefs)
}

/// Confirms a new authenticator with its first code; replacing one the user already has
/// needs [`Proof`], as removing it would. Returns the new recovery codes.
pub fn confirm_authenticator(ctx: &Context, pool: &Pool, user: &User, code: &str, proof: &Proof<'_>) -> Result<Vec<String>> {
    if mfa::load(&mut *ctx.conn()?, user.sub.as_str())?.totp {
        reauthenticate(ctx, pool, user, proof, "replace your authenticator")?;
    }
    mfa::verify_totp(ctx, user, code)
}

/// Deletes one of the signed-in user's passkeys from the account page, after the same
/// [`Proof`] as removing a second factor.
pub fn delete_passkey(ctx: &Context, pool: &Pool, user: &User, credential_id: &str, proof: &Proof<'_>) -> Result<()> {
    reauthenticate(ctx, pool, user, proof, "delete a passkey")?;
    crate::domain::passkeys::delete(ctx, user, credential_id)
}
