//! Password sign-in: the first step of the authentication state machine, and what any
//! proof of the password (a typed password, an SRP claim) leads to.

use diesel::Connection;

use super::challenges::{self, ChallengeName, SignIn};
use super::throttle;
use crate::db::queries;
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools::{self, Pool};
use crate::domain::users::{self, User, UserStatus};
use crate::db::models::UserRow;
use crate::domain::triggers::{self, events, Trigger};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

pub use super::challenges::Origin;

fn wrong_credentials() -> Error {
    Error::NotAuthorized("Incorrect username or password.".into())
}

/// Checks username and password. The password is checked (against a dummy hash for
/// unknown users, so timing tells nothing) before the account's state is revealed.
/// Repeated failures lock the user (or the typed name) and the client address for a while.
pub fn password(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, password: &str, origin: Origin<'_>) -> Result<SignIn> {
    let (row, pool, keys) = {
        let mut conn = ctx.conn()?;
        let pool = pools::load(&mut conn, pool_id)?;
        let row = users::find(&mut conn, &pool, username)?;
        let subject = row.as_ref().map(|r| r.sub.clone()).unwrap_or_else(|| users::key(&pool, username));
        let keys = throttle::Keys::new(pool_id.as_str(), &subject, origin.address);
        throttle::check(&mut conn, &keys)?;
        (row, pool, keys)
    };
    // A name this pool does not know may be one the UserMigration hook's legacy store
    // knows: it checks the password there, and the user is created with it.
    let row = match row {
        None if triggers::configured(&pool, Trigger::UserMigration) => {
            migrate(ctx, &pool, client, username, Some(password), "UserMigration_Authentication", origin.client_metadata.cloned())?
        }
        found => found,
    };
    pre_authentication(ctx, &pool, client, username, row.as_ref(), origin)?;
    let matches = ctx.passwords.verify(password, row.as_ref().and_then(|r| r.password_hash.as_deref()));
    if !matches || row.is_none() {
        throttle::record_failure(&mut *ctx.conn()?, &keys)?;
    }
    let Some(row) = row else { return Err(super::unknown_user(client, wrong_credentials())) };
    if !matches {
        return Err(wrong_credentials());
    }
    // Passwords set before SRP existed get their verifier now, when the password is known.
    if row.srp_verifier_enc.is_none() {
        let v = crate::crypto::srp::make_verifier(users::srp_realm(&pool.id), &row.username, password);
        let sealed = ctx.secrets.encrypt(&v.verifier);
        queries::users::set_srp_verifier(&mut *ctx.conn()?, &row.sub, &crate::crypto::srp::pad_hex(&v.salt), &sealed)?;
    }
    after_password(ctx, &pool, client, User::from_row(row)?, &keys, origin)
}

/// PreAuthentication: the hook may refuse the sign-in before the password is checked.
/// An unknown name goes to it (`userNotFound`) only when the client hides which users
/// exist, as in Cognito.
pub(crate) fn pre_authentication(ctx: &Context, pool: &Pool, client: &Client, username: &str, row: Option<&UserRow>, origin: Origin<'_>) -> Result<()> {
    if origin.pre_authenticated || !triggers::configured(pool, Trigger::PreAuthentication) {
        return Ok(());
    }
    let metadata = origin.client_metadata.cloned();
    match row {
        Some(r) => events::pre_authentication(ctx, pool, username, Some(&User::from_row(r.clone())?), client.id.as_str(), &metadata),
        None if client.settings.prevent_user_existence_errors => events::pre_authentication(ctx, pool, username, None, client.id.as_str(), &metadata),
        None => Ok(()),
    }
}

/// Creates a user the UserMigration hook vouched for (with `password` when the user
/// typed one), or `None` when the hook does not know the name either.
pub(crate) fn migrate(
    ctx: &Context,
    pool: &Pool,
    client: &Client,
    username: &str,
    password: Option<&str>,
    source: &str,
    metadata: events::Metadata,
) -> Result<Option<UserRow>> {
    let Some(m) = events::user_migration(ctx, pool, source, username, password, client.id.as_str(), &metadata)? else { return Ok(None) };
    let status = if password.is_some() && m.final_user_status == "CONFIRMED" { UserStatus::Confirmed } else { UserStatus::ResetRequired };
    // Without a typed password the user resets it before signing in: a random one
    // stands in until then and is never told to anyone.
    let stand_in = crate::config::Secret::new(format!("Aa1!{}", crate::crypto::random::alnum(28)));
    let secret = password.map(crate::config::Secret::new).unwrap_or(stand_in);
    let row = users::prepare_with(ctx, pool, username.to_string(), m.attributes, &secret, status, false)?;
    let mut conn = ctx.conn()?;
    let inserted = conn.transaction(|c| {
        let mut row = row.clone();
        if m.force_alias_creation {
            for attr in ["email", "phone_number"] {
                users::claim_alias(c, pool, &mut row, attr, true)?;
            }
        }
        users::insert(c, pool, &row)
    });
    match inserted {
        Ok(()) => {}
        // Two sign-ins of the same new user at once: the other one created it.
        Err(Error::UsernameExists(_)) => return users::find(&mut conn, pool, username),
        Err(e) => return Err(e),
    }
    tracing::info!(pool = %pool.id, source, "a user was migrated by the UserMigration hook");
    Ok(queries::users::find_by_sub(&mut conn, pool.id.as_str(), &row.sub)?)
}

/// The password was proven (typed, or by SRP): the account's state decides what comes
/// next. A user with a temporary password gets NEW_PASSWORD_REQUIRED, others the MFA step
/// the pool calls for (or tokens).
pub(crate) fn after_password(ctx: &Context, pool: &Pool, client: &Client, user: User, keys: &throttle::Keys, origin: Origin<'_>) -> Result<SignIn> {
    if !user.enabled {
        return Err(Error::UserDisabled);
    }
    let step = match user.status {
        UserStatus::Confirmed => challenges::after_first_factor(ctx, &mut *ctx.conn()?, pool, client, user, origin)?,
        UserStatus::Unconfirmed => return Err(Error::UserNotConfirmed("User is not confirmed.".into())),
        UserStatus::ResetRequired => return Err(Error::PasswordResetRequired("Password reset required for the user".into())),
        UserStatus::ForceChangePassword => {
            let days = i64::from(pool.settings.password_policy.temporary_password_validity_days);
            if days > 0 && user.password_set_at.unwrap_or(user.created_at) + days * 86_400 < time::now() {
                return Err(Error::TemporaryPasswordExpired);
            }
            challenges::start_new_password(ctx, &mut *ctx.conn()?, pool, client, user, origin.device_key)?
        }
        UserStatus::ExternalProvider => return Err(wrong_credentials()),
    };
    // A right password clears the failure count only when no second factor is still
    // to come; otherwise wrong codes could be retried forever by signing in again.
    if !matches!(&step, SignIn::Challenge(c) if c.name != ChallengeName::NewPasswordRequired) {
        throttle::record_success(&mut *ctx.conn()?, keys)?;
    }
    Ok(step)
}

/// The hosted pages' "Sign in with a passkey" (usernameless): the passkey names the
/// user. PreAuthentication may still refuse them. A user-verified passkey in a pool whose
/// FactorConfiguration is MULTI_FACTOR_WITH_USER_VERIFICATION is both factors; any other
/// passkey is the first, and the pool's MFA rules (and remembered devices) decide the rest.
pub fn passkey(ctx: &Context, pool_id: &PoolId, client: &Client, handle: &str, credential: &serde_json::Value, origin: Origin<'_>) -> Result<SignIn> {
    let pool = pools::get(ctx, pool_id)?;
    let signed = crate::domain::passkeys::finish_sign_in(ctx, &pool, client.id.as_str(), handle, credential)?;
    let user = signed.user;
    if !user.enabled {
        return Err(Error::UserDisabled);
    }
    if triggers::configured(&pool, Trigger::PreAuthentication) {
        events::pre_authentication(ctx, &pool, &user.username, Some(&user), client.id.as_str(), &origin.client_metadata.cloned())?;
    }
    if signed.counts_as_mfa {
        return Ok(SignIn::Authenticated(challenges::Done::new(user, true)));
    }
    let mut conn = ctx.conn()?;
    challenges::after_first_factor(ctx, &mut conn, &pool, client, user, origin)
}
