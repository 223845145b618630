//! Passkeys (WebAuthn credentials): the pool's relying party (Cognito's
//! WebAuthnConfiguration), registering, listing, renaming and deleting a user's
//! passkeys, and signing in with one (as the first factor, usernameless or for a known
//! user, or as a second factor). All WebAuthn verification is webauthn-rs's; this module
//! decides which relying party and origins apply, keeps the credentials and the pending
//! ceremonies in the database (nodes are stateless), and maps failures to Cognito's
//! exceptions.
//!
//! The JSON that goes to and comes from a browser is WebAuthn's own: the options are
//! `PublicKeyCredentialCreationOptions` / `PublicKeyCredentialRequestOptions` (binary
//! members base64url), the answers the `PublicKeyCredential` as `toJSON()` (or
//! Amplify's `CREDENTIAL`) gives it.

mod ceremonies;
mod register;
mod relying_party;
mod sign_in;

use serde::{Deserialize, Serialize};

pub use register::{finish_registration, start_registration};
pub use relying_party::{allowed_origins, relying_party_id};
pub use sign_in::{finish_second_factor, finish_sign_in, start_second_factor, start_sign_in, PasskeySignIn, SignInStart};

use super::pools::Pool;
use super::users::User;
use super::Context;
use crate::db::models::PasskeyRow;
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

/// Cognito allows twenty passkeys per user.
pub const MAX_PER_USER: i64 = 20;

/// Whether the authenticator must verify the user (PIN, biometrics) or only should.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum UserVerification {
    Required,
    #[default]
    Preferred,
}

impl UserVerification {
    pub fn as_str(self) -> &'static str {
        match self {
            UserVerification::Required => "required",
            UserVerification::Preferred => "preferred",
        }
    }

    pub fn parse(s: &str) -> Result<UserVerification> {
        match s {
            "required" => Ok(UserVerification::Required),
            "preferred" => Ok(UserVerification::Preferred),
            _ => Err(Error::InvalidParameter(format!("UserVerification {s:?} must be required or preferred"))),
        }
    }
}

/// Whether a passkey sign-in with user verification also counts as MFA.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
pub enum FactorConfiguration {
    #[default]
    #[serde(rename = "SINGLE_FACTOR", alias = "SINGLE_FACTOR_ONLY")]
    SingleFactor,
    #[serde(rename = "MULTI_FACTOR_WITH_USER_VERIFICATION")]
    MultiFactorWithUserVerification,
}

impl FactorConfiguration {
    pub fn as_str(self) -> &'static str {
        match self {
            FactorConfiguration::SingleFactor => "SINGLE_FACTOR",
            FactorConfiguration::MultiFactorWithUserVerification => "MULTI_FACTOR_WITH_USER_VERIFICATION",
        }
    }

    pub fn parse(s: &str) -> Result<FactorConfiguration> {
        match s {
            "SINGLE_FACTOR" | "SINGLE_FACTOR_ONLY" => Ok(FactorConfiguration::SingleFactor),
            "MULTI_FACTOR_WITH_USER_VERIFICATION" => Ok(FactorConfiguration::MultiFactorWithUserVerification),
            _ => Err(Error::InvalidParameter(format!(
                "FactorConfiguration {s:?} must be SINGLE_FACTOR or MULTI_FACTOR_WITH_USER_VERIFICATION"
            ))),
        }
    }
}

/// The pool's WebAuthnConfiguration (set by SetUserPoolMfaConfig and the CLI).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct WebAuthnSettings {
    /// The relying party; unset: the host of the pool's hosted login (its custom
    /// domain, its prefix domain, or the public URL's host).
    pub relying_party_id: Option<String>,
    pub user_verification: UserVerification,
    pub factor_configuration: FactorConfiguration,
}

impl WebAuthnSettings {
    /// Checks the relying party id (a lower-case host name, no scheme, port or path).
    pub fn normalize(mut self) -> Result<WebAuthnSettings> {
        if let Some(id) = self.relying_party_id.take() {
            let id = id.trim().trim_end_matches('.').to_ascii_lowercase();
            if !relying_party::is_host_name(&id) {
                return Err(Error::InvalidParameter(format!(
                    "RelyingPartyId {id:?} must be a host name (like auth.example.com), without scheme, port or path"
                )));
            }
            self.relying_party_id = Some(id);
        }
        Ok(self)
    }
}

/// A registered passkey, as ListWebAuthnCredentials describes it.
#[derive(Debug, Clone, Serialize)]
pub struct PasskeyInfo {
    /// The credential id, base64url without padding.
    pub credential_id: String,
    pub friendly_name: String,
    pub relying_party_id: String,
    /// `platform` or `cross-platform`, when the browser said.
    pub authenticator_attachment: Option<String>,
    /// `usb`, `nfc`, `ble`, `internal`, `hybrid`…
    pub transports: Vec<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl PasskeyInfo {
    fn from_row(row: &PasskeyRow) -> PasskeyInfo {
        PasskeyInfo {
            credential_id: row.credential_id.clone(),
            friendly_name: row.friendly_name.clone(),
            relying_party_id: row.relying_party_id.clone(),
            authenticator_attachment: row.authenticator_attachment.clone(),
            transports: serde_json::from_str(&row.transports).unwrap_or_default(),
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        }
    }
}

/// Passkeys may be registered and used only when the pool offers WEB_AUTHN as a first
/// factor (Cognito's WebAuthnNotEnabledException otherwise).
pub fn enabled(pool: &Pool) -> bool {
    pool.settings.allowed_first_auth_factors.iter().any(|f| f == "WEB_AUTHN")
}

fn check_enabled(pool: &Pool) -> Result<()> {
    if enabled(pool) {
        return Ok(());
    }
    Err(Error::WebAuthnNotEnabled("Passkeys are not enabled: add WEB_AUTHN to the user pool's AllowedFirstAuthFactors.".into()))
}

/// [`has_any`] on a connection of its own.
pub fn user_has_any(ctx: &Context, user_sub: &str) -> Result<bool> {
    let mut conn = ctx.conn()?;
    has_any(&mut conn, user_sub)
}

/// Whether the user has a passkey (USER_AUTH offers WEB_AUTHN only then).
pub fn has_any(conn: &mut DbConnection, user_sub: &str) -> Result<bool> {
    Ok(queries::passkeys::count_for_user(conn, user_sub)? > 0)
}

/// The user's passkeys, oldest first.
pub fn list(ctx: &Context, pool: &Pool, user: &User) -> Result<Vec<PasskeyInfo>> {
    let rows = queries::passkeys::for_user(&mut *ctx.conn()?, user.sub.as_str())?;
    Ok(rows.iter().filter(|r| r.pool_id == pool.id.as_str()).map(PasskeyInfo::from_row).collect())
}

fn not_found(credential_id: &str) -> Error {
    Error::NotFound(format!("Credential {credential_id} does not exist."))
}

/// Renames one of the user's passkeys (1 to 256 printable characters).
pub fn rename(ctx: &Context, user: &User, credential_id: &str, name: &str) -> Result<()> {
    let name = check_name(name)?;
    match queries::passkeys::rename(&mut *ctx.conn()?, user.sub.as_str(), credential_id, &name)? {
        0 => Err(not_found(credential_id)),
        _ => Ok(()),
    }
}

/// Deletes one of the user's passkeys (DeleteWebAuthnCredential); it signs in no more.
pub fn delete(ctx: &Context, user: &User, credential_id: &str) -> Result<()> {
    match queries::passkeys::delete(&mut *ctx.conn()?, user.sub.as_str(), credential_id)? {
        0 => Err(not_found(credential_id)),
        _ => Ok(()),
    }
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    let len = name.chars().count();
    if !(1..=256).contains(&len) || name.chars().any(char::is_control) {
        return Err(Error::InvalidParameter("A passkey's name must be 1 to 256 printable characters.".into()));
    }
    Ok(name.to_string())
}

/// webauthn-rs's verdicts, as Cognito's exceptions.
fn refused(e: webauthn_rs::prelude::WebauthnError) -> Error {
    use webauthn_rs::prelude::WebauthnError as W;
    let why = e.to_string();
    match e {
        W::MismatchedChallenge | W::ChallengeNotFound => Error::WebAuthnChallengeNotFound(format!("The passkey answered another challenge: {why}")),
        W::InvalidRPOrigin => Error::WebAuthnOriginNotAllowed("The request's origin is not allowed for this user pool's relying party.".into()),
        W::InvalidRPIDHash => Error::WebAuthnRelyingPartyMismatch("The passkey was made for another relying party.".into()),
        W::InvalidClientDataType => Error::InvalidParameter(format!("The credential is not an answer to this ceremony: {why}")),
        W::UserNotVerified => Error::WebAuthnCredentialNotSupported("The authenticator did not verify the user (PIN or biometrics), which this user pool requires.".into()),
        W::CredentialNotFound | W::CredentialExcludedFromRequest => {
            Error::NotAuthorized("This passkey is not one of the user's.".into())
        }
        W::CredentialAlreadyExists => Error::InvalidParameter("This passkey is already registered.".into()),
        W::CredentialPossibleCompromise => Error::NotAuthorized("The passkey's signature counter went backwards: possibly a cloned authenticator.".into()),
        W::ParseNOMFailure | W::ParseInsufficientBytesAvailable | W::ParseCBORFailure(_) | W::ParseJSONFailure(_) | W::ParseBase64Failure(_) => {
            Error::InvalidParameter(format!("The credential is malformed: {why}"))
        }
        W::Configuration => Error::WebAuthnConfigurationMissing(format!("The user pool's relying party is misconfigured: {why}")),
        _ => Error::WebAuthnCredentialNotSupported(format!("The credential is not supported: {why}")),
    }
}

#[cfg(test)]
mod tests;
