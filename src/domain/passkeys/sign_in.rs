//! Signing in with a passkey: for a known user (the request lists their passkeys), or
//! usernameless (a discoverable credential names its user; conditional UI), and the
//! same assertion as a second factor. The pending state is stored under a random
//! handle the caller keeps (the API's challenge Session holds it; a hosted page would
//! keep it in its form) and is taken once.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use webauthn_rs::prelude::{DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyAuthentication, PublicKeyCredential};

use super::ceremonies::{self, Kind, Owner};
use super::register::user_handle;
use super::{check_enabled, refused, relying_party, FactorConfiguration};
use crate::crypto::new_token;
use crate::db::models::PasskeyRow;
use crate::db::queries;
use crate::domain::pools::Pool;
use crate::domain::users::{User, UserStatus};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// What a sign-in with a passkey starts with.
#[derive(Debug, Clone)]
pub struct SignInStart {
    /// `PublicKeyCredentialRequestOptions` JSON for `navigator.credentials.get({publicKey})`
    /// (Cognito's CREDENTIAL_REQUEST_OPTIONS).
    pub options: Value,
    /// Names the pending sign-in for [`finish_sign_in`]; keep it server-side or in the
    /// caller's session (it is not secret from the browser, but it is single-use).
    pub handle: String,
    /// Usernameless: the page should call `get` with `mediation: "conditional"`.
    pub conditional: bool,
}

/// A passkey sign-in that succeeded.
#[derive(Debug)]
pub struct PasskeySignIn {
    pub user: User,
    pub credential_id: String,
    /// The authenticator verified the user (PIN, biometrics).
    pub user_verified: bool,
    /// It also satisfies MFA: the pool's FactorConfiguration is
    /// MULTI_FACTOR_WITH_USER_VERIFICATION and the user was verified. Otherwise the
    /// pool's MFA rules still apply to whoever uses it.
    pub counts_as_mfa: bool,
}

#[derive(Serialize, Deserialize)]
enum State {
    Known(PasskeyAuthentication),
    Discoverable(DiscoverableAuthentication),
}

fn stored_passkey(row: &PasskeyRow) -> Result<Passkey> {
    serde_json::from_str(&row.passkey).map_err(|e| Error::Internal(format!("passkey {}: {e}", row.credential_id)))
}

fn wrong_passkey() -> Error {
    Error::NotAuthorized("Incorrect passkey.".into())
}

/// Starts a passkey sign-in through `client_id`. With `user`, the request allows only
/// their passkeys (NotAuthorized when they have none); without, any discoverable
/// passkey of the pool may answer (usernameless, conditional UI). Errors also:
/// WebAuthnNotEnabled, WebAuthnConfigurationMissing.
pub fn start_sign_in(ctx: &Context, pool: &Pool, client_id: &str, user: Option<&User>) -> Result<SignInStart> {
    check_enabled(pool)?;
    let (rp, _) = relying_party::build(ctx, pool)?;
    let mut conn = ctx.conn()?;
    let handle = new_token();
    let (rcr, conditional) = match user {
        Some(user) => {
            let keys: Vec<Passkey> = queries::passkeys::for_user(&mut conn, user.sub.as_str())?.iter().map(stored_passkey).collect::<Result<_>>()?;
            if keys.is_empty() {
                return Err(Error::NotAuthorized("The user has no passkey.".into()));
            }
            let (rcr, state) = rp.start_passkey_authentication(&keys).map_err(refused)?;
            ceremonies::put(ctx, &mut conn, pool, Kind::SignIn, &handle, Owner { user_sub: user.sub.as_str(), client_id }, &State::Known(state))?;
            (rcr, false)
        }
        None => {
            let (rcr, state) = rp.start_discoverable_authentication().map_err(refused)?;
            ceremonies::put(ctx, &mut conn, pool, Kind::SignIn, &handle, Owner { user_sub: "", client_id }, &State::Discoverable(state))?;
            (rcr, true)
        }
    };
    let options = serde_json::to_value(&rcr.public_key).map_err(|e| Error::Internal(format!("request options: {e}")))?;
    Ok(SignInStart { options, handle, conditional })
}

/// Finishes a passkey sign-in: `credential` is the PublicKeyCredential JSON of
/// `navigator.credentials.get` (Cognito's CREDENTIAL). Checks the assertion against
/// the pending challenge (taken once), the relying party, the origins and the stored
/// public key; moves the passkey's counter forward atomically (a counter that did not
/// advance is refused as a possible clone); and returns the user, who must exist, be
/// enabled and confirmed. Errors: WebAuthnChallengeNotFound, WebAuthnClientMismatch,
/// WebAuthnOriginNotAllowed, WebAuthnRelyingPartyMismatch, NotAuthorized.
pub fn finish_sign_in(ctx: &Context, pool: &Pool, client_id: &str, handle: &str, credential: &Value) -> Result<PasskeySignIn> {
    check_enabled(pool)?;
    let answer: PublicKeyCredential =
        serde_json::from_value(credential.clone()).map_err(|e| Error::InvalidParameter(format!("The credential is not a PublicKeyCredential: {e}")))?;
    let mut conn = ctx.conn()?;
    let taken = ceremonies::take::<State>(ctx, &mut conn, pool, Kind::SignIn, handle)?;
    if taken.client_id != client_id {
        return Err(Error::WebAuthnClientMismatch("The passkey sign-in was started by another app client.".into()));
    }
    let credential_id = URL_SAFE_NO_PAD.encode(answer.get_credential_id());
    let row = queries::passkeys::find(&mut conn, pool.id.as_str(), &credential_id)?.ok_or_else(wrong_passkey)?;
    let mut passkey = stored_passkey(&row)?;
    let (rp, _) = relying_party::build(ctx, pool)?;
    let result = match taken.state {
        State::Known(state) => {
            if row.user_sub != taken.user_sub {
                return Err(wrong_passkey());
            }
            rp.finish_passkey_authentication(&answer, &state).map_err(refused)?
        }
        State::Discoverable(state) => {
            // The authenticator names its user; it must be the passkey's owner.
            let (named, _) = rp.identify_discoverable_authentication(&answer).map_err(|_| wrong_passkey())?;
            if named != user_handle(&row.user_sub) {
                return Err(wrong_passkey());
            }
            rp.finish_discoverable_authentication(&answer, state, &[DiscoverableKey::from(&passkey)]).map_err(refused)?
        }
    };
    let user_row = queries::users::find_by_sub(&mut conn, pool.id.as_str(), &row.user_sub)?.ok_or_else(wrong_passkey)?;
    let user = User::from_row(user_row)?;
    if !user.enabled {
        return Err(Error::UserDisabled);
    }
    if user.status != UserStatus::Confirmed {
        return Err(Error::NotAuthorized("User is not confirmed.".into()));
    }
    passkey.update_credential(&result);
    let json = serde_json::to_string(&passkey).map_err(|e| Error::Internal(format!("passkey: {e}")))?;
    if queries::passkeys::record_use(&mut conn, &credential_id, i64::from(result.counter()), &json, time::now())? == 0 {
        return Err(Error::NotAuthorized("The passkey's signature counter did not advance: possibly a cloned authenticator.".into()));
    }
    let user_verified = result.user_verified();
    let counts_as_mfa = user_verified && pool.settings.webauthn.factor_configuration == FactorConfiguration::MultiFactorWithUserVerification;
    Ok(PasskeySignIn { user, credential_id, user_verified, counts_as_mfa })
}

/// A passkey as the second factor of `user` (who passed a first factor already): the
/// request options and handle, as [`start_sign_in`] for that user.
pub fn start_second_factor(ctx: &Context, pool: &Pool, client_id: &str, user: &User) -> Result<SignInStart> {
    start_sign_in(ctx, pool, client_id, Some(user))
}

/// Checks a passkey assertion as `user`'s second factor (after their password, say):
/// [`finish_sign_in`], and the passkey must be `user`'s (NotAuthorized otherwise).
/// webauthn-rs's passkeys always require user verification, so a success means the
/// authenticator verified the user; the caller counts it as the MFA step.
pub fn finish_second_factor(ctx: &Context, pool: &Pool, client_id: &str, user: &User, handle: &str, credential: &Value) -> Result<PasskeySignIn> {
    let signed = finish_sign_in(ctx, pool, client_id, handle, credential)?;
    if signed.user.sub != user.sub {
        return Err(wrong_passkey());
    }
    Ok(signed)
}
