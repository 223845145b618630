//! Registering a passkey for a signed-in user: StartWebAuthnRegistration's options, then
//! CompleteWebAuthnRegistration's check of the browser's answer. The pending state is
//! stored under the challenge, so the answer (whose clientDataJSON carries it) finds it
//! again on any node, once.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use diesel::Connection;
use serde_json::Value;
use webauthn_rs::prelude::{CredentialID, PasskeyRegistration, RegisterPublicKeyCredential, Uuid};
use webauthn_rs_proto::{AuthenticatorSelectionCriteria, ResidentKeyRequirement, UserVerificationPolicy};

use super::ceremonies::{self, Kind, Owner};
use super::{check_enabled, refused, relying_party, PasskeyInfo, MAX_PER_USER};
use crate::db::models::PasskeyRow;
use crate::db::queries;
use crate::domain::pools::Pool;
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// The WebAuthn user handle of a user: their `sub` as a UUID (a hash of it for a sub
/// that is not one), never their name, so it reveals nothing.
pub(super) fn user_handle(sub: &str) -> Uuid {
    Uuid::parse_str(sub).unwrap_or_else(|_| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(sub.as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Uuid::from_bytes(bytes)
    })
}

fn already_registered() -> Error {
    Error::InvalidParameter("This passkey is already registered.".into())
}

fn limit_reached() -> Error {
    Error::LimitExceeded(format!("A user can have at most {MAX_PER_USER} passkeys; delete one first."))
}

fn check_user(user: &User) -> Result<()> {
    if !user.enabled {
        return Err(Error::UserDisabled);
    }
    if user.status != UserStatus::Confirmed {
        return Err(Error::NotAuthorized("The user must be confirmed to register a passkey.".into()));
    }
    Ok(())
}

/// Starts registering a passkey for `user`, signed in through `client_id`: returns the
/// `PublicKeyCredentialCreationOptions` JSON to pass (binary members base64url) to
/// `navigator.credentials.create({publicKey})`. The user's passkeys are excluded; a
/// discoverable credential (resident key) and user verification are asked for. Errors:
/// WebAuthnNotEnabled, WebAuthnConfigurationMissing, LimitExceeded (20 passkeys).
pub fn start_registration(ctx: &Context, pool: &Pool, user: &User, client_id: &str) -> Result<Value> {
    check_enabled(pool)?;
    check_user(user)?;
    let (rp, _) = relying_party::build(ctx, pool)?;
    let mut conn = ctx.conn()?;
    let existing = queries::passkeys::for_user(&mut conn, user.sub.as_str())?;
    if existing.len() as i64 >= MAX_PER_USER {
        return Err(limit_reached());
    }
    let exclude: Vec<CredentialID> = existing.iter().filter_map(|r| URL_SAFE_NO_PAD.decode(&r.credential_id).ok().map(CredentialID::from)).collect();
    let display = user.attributes.get("email").filter(|e| !e.is_empty()).unwrap_or(&user.username);
    let (mut ccr, state): (_, PasskeyRegistration) =
        rp.start_passkey_registration(user_handle(user.sub.as_str()), &user.username, display, Some(exclude)).map_err(refused)?;
    // A discoverable credential, so the passkey also signs in without a username (the
    // options are the client's hints; webauthn-rs checks what the authenticator did).
    ccr.public_key.authenticator_selection = Some(AuthenticatorSelectionCriteria {
        authenticator_attachment: None,
        resident_key: Some(ResidentKeyRequirement::Required),
        require_resident_key: true,
        user_verification: UserVerificationPolicy::Required,
    });
    let key = URL_SAFE_NO_PAD.encode(ccr.public_key.challenge.as_slice());
    ceremonies::put(ctx, &mut conn, pool, Kind::Registration, &key, Owner { user_sub: user.sub.as_str(), client_id }, &state)?;
    serde_json::to_value(&ccr.public_key).map_err(|e| Error::Internal(format!("creation options: {e}")))
}

/// The challenge a browser's answer carries (clientDataJSON.challenge), as raw bytes
/// re-encoded, so it names the ceremony whatever padding the client used.
pub(super) fn answered_challenge(client_data_json: &[u8]) -> Result<String> {
    let bad = || Error::InvalidParameter("The credential's clientDataJSON is malformed.".into());
    let data: Value = serde_json::from_slice(client_data_json).map_err(|_| bad())?;
    let text = data.get("challenge").and_then(Value::as_str).ok_or_else(bad)?;
    let bytes = URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).map_err(|_| bad())?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The browser's `authenticatorAttachment` (`platform`, `cross-platform`), if it said.
pub(super) fn attachment_of(credential: &Value) -> Option<String> {
    credential.get("authenticatorAttachment").and_then(Value::as_str).filter(|a| matches!(*a, "platform" | "cross-platform")).map(str::to_string)
}

/// Finishes registering: checks the browser's answer (`credential`, the
/// PublicKeyCredential JSON of `navigator.credentials.create`) against the pending
/// challenge, the relying party and the allowed origins, and stores the passkey under
/// `name` (default "Passkey"). The ceremony must be the user's and started by the same
/// client. Errors: WebAuthnChallengeNotFound (unknown, expired or replayed challenge),
/// WebAuthnClientMismatch, WebAuthnOriginNotAllowed, WebAuthnRelyingPartyMismatch,
/// WebAuthnCredentialNotSupported, LimitExceeded, InvalidParameter (malformed, or a
/// credential already registered).
pub fn finish_registration(ctx: &Context, pool: &Pool, user: &User, client_id: &str, credential: &Value, name: Option<&str>) -> Result<PasskeyInfo> {
    check_enabled(pool)?;
    check_user(user)?;
    let answer: RegisterPublicKeyCredential =
        serde_json::from_value(credential.clone()).map_err(|e| Error::InvalidParameter(format!("The credential is not a PublicKeyCredential: {e}")))?;
    let key = answered_challenge(answer.response.client_data_json.as_slice())?;
    let mut conn = ctx.conn()?;
    let taken = ceremonies::take::<PasskeyRegistration>(ctx, &mut conn, pool, Kind::Registration, &key)?;
    if taken.user_sub != user.sub.as_str() {
        return Err(Error::WebAuthnChallengeNotFound("The passkey challenge was started for another user.".into()));
    }
    if taken.client_id != client_id {
        return Err(Error::WebAuthnClientMismatch("The passkey registration was started by another app client.".into()));
    }
    // webauthn-rs refuses an excluded (already registered) credential as an "altered
    // algorithm"; the id the browser names says it better (and is checked again below
    // against the id the authenticator signed).
    if queries::passkeys::exists(&mut conn, &URL_SAFE_NO_PAD.encode(answer.raw_id.as_slice()))? {
        return Err(already_registered());
    }
    let (rp, rp_id) = relying_party::build(ctx, pool)?;
    let passkey = rp.finish_passkey_registration(&answer, &taken.state).map_err(refused)?;
    let now = time::now();
    let transports: Vec<Value> = answer.response.transports.iter().flatten().filter_map(|t| serde_json::to_value(t).ok()).collect();
    let row = PasskeyRow {
        credential_id: URL_SAFE_NO_PAD.encode(passkey.cred_id().as_slice()),
        pool_id: pool.id.to_string(),
        user_sub: user.sub.to_string(),
        passkey: serde_json::to_string(&passkey).map_err(|e| Error::Internal(format!("passkey: {e}")))?,
        friendly_name: super::check_name(name.unwrap_or("Passkey"))?,
        relying_party_id: rp_id,
        authenticator_attachment: attachment_of(credential),
        transports: Value::Array(transports).to_string(),
        sign_count: 0,
        created_at: now,
        last_used_at: None,
    };
    conn.transaction(|c| {
        // The user's row lock makes the count and the insert one step (two browsers
        // finishing at once cannot pass twenty).
        users::lock(c, pool.id.as_str(), user.sub.as_str())?.filter(|u| u.enabled).ok_or(Error::UserDisabled)?;
        if queries::passkeys::exists(c, &row.credential_id)? {
            return Err(already_registered());
        }
        if queries::passkeys::count_for_user(c, user.sub.as_str())? >= MAX_PER_USER {
            return Err(limit_reached());
        }
        queries::passkeys::insert(c, &row)?;
        Ok(())
    })?;
    Ok(PasskeyInfo::from_row(&row))
}
