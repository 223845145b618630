//! The authentication state machine: after the first step of a sign-in (a password, an
//! SRP exchange, a choice of first factor), more answers may be due before tokens are
//! issued: a new password, a second factor, the choice of factor, setting one up, a
//! remembered device's SRP proof. Each pending step is a row keyed by the hash of the
//! value that answers it: Cognito's `Session`, or for the SRP verifiers the SECRET_BLOCK
//! (Cognito's PASSWORD_VERIFIER carries no Session). Each is single-use, expires, and is
//! replaced by a new one at every step; what it carries (a code's hash, a TOTP seed, the
//! server's SRP secret) is sealed with the master key.
//!
//! The hosted pages and the Cognito API both drive this one machine.

mod custom;
mod first;
mod mfa_steps;
mod srp_steps;
mod store;

use serde::{Deserialize, Serialize};

pub use custom::start_custom;
pub use first::{start_user_auth, FirstFactor, UserAuth};
pub(crate) use mfa_steps::after_first_factor;
pub use mfa_steps::{mask_phone, setup_associate, setup_verify};
pub use srp_steps::{device_srp_session, start_srp};
pub(crate) use store::start_new_password;
pub use store::{confirmed_sign_up_session, sign_in_with_session, sign_up_session};

use super::CodeDelivery;
use crate::domain::attributes::Attributes;
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::mfa::{self, Factor};
use crate::domain::users::User;
use crate::domain::Context;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeName {
    NewPasswordRequired,
    SoftwareTokenMfa,
    EmailOtp,
    SmsMfa,
    SmsOtp,
    SelectMfaType,
    MfaSetup,
    PasswordVerifier,
    DeviceSrpAuth,
    DevicePasswordVerifier,
    SelectChallenge,
    /// USER_AUTH's passkey step: the browser answers CREDENTIAL_REQUEST_OPTIONS.
    WebAuthn,
    /// CUSTOM_AUTH's challenge, made by the pool's CreateAuthChallenge hook.
    CustomChallenge,
    /// Not a challenge: SignUp's Session, which ConfirmSignUp exchanges for…
    SignUp,
    /// …the Session that signs the confirmed user in (USER_AUTH) without a password.
    ConfirmedSignUp,
}

impl ChallengeName {
    /// A second-factor step answered with a code (authenticator, email, SMS).
    pub fn is_code_step(self) -> bool {
        matches!(self, ChallengeName::SoftwareTokenMfa | ChallengeName::EmailOtp | ChallengeName::SmsMfa)
    }

    const ALL: [ChallengeName; 15] = [
        ChallengeName::NewPasswordRequired,
        ChallengeName::SoftwareTokenMfa,
        ChallengeName::EmailOtp,
        ChallengeName::SmsMfa,
        ChallengeName::SmsOtp,
        ChallengeName::SelectMfaType,
        ChallengeName::MfaSetup,
        ChallengeName::PasswordVerifier,
        ChallengeName::DeviceSrpAuth,
        ChallengeName::DevicePasswordVerifier,
        ChallengeName::SelectChallenge,
        ChallengeName::WebAuthn,
        ChallengeName::CustomChallenge,
        ChallengeName::SignUp,
        ChallengeName::ConfirmedSignUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeName::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            ChallengeName::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            ChallengeName::EmailOtp => "EMAIL_OTP",
            ChallengeName::SmsMfa => "SMS_MFA",
            ChallengeName::SmsOtp => "SMS_OTP",
            ChallengeName::SelectMfaType => "SELECT_MFA_TYPE",
            ChallengeName::MfaSetup => "MFA_SETUP",
            ChallengeName::PasswordVerifier => "PASSWORD_VERIFIER",
            ChallengeName::DeviceSrpAuth => "DEVICE_SRP_AUTH",
            ChallengeName::DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
            ChallengeName::SelectChallenge => "SELECT_CHALLENGE",
            ChallengeName::WebAuthn => "WEB_AUTHN",
            ChallengeName::CustomChallenge => "CUSTOM_CHALLENGE",
            ChallengeName::SignUp => "SIGN_UP",
            ChallengeName::ConfirmedSignUp => "CONFIRMED_SIGN_UP",
        }
    }

    pub fn parse(s: &str) -> Option<ChallengeName> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    fn of(f: Factor) -> ChallengeName {
        match f {
            Factor::Totp => ChallengeName::SoftwareTokenMfa,
            Factor::Email => ChallengeName::EmailOtp,
            Factor::Sms => ChallengeName::SmsMfa,
        }
    }
}

/// A sign-in that is complete: tokens may be issued for `user`.
pub struct Done {
    pub user: User,
    /// Whether a second factor was checked (so the browser may be remembered).
    pub mfa: bool,
    /// Set when this sign-in enrolled an authenticator: shown to the user once.
    pub recovery_codes: Vec<String>,
    /// The Cognito device this sign-in came from (DEVICE_KEY), when it is the user's.
    pub device_key: Option<String>,
    /// PreTokenGeneration's trigger source: how the sign-in ended.
    pub token_source: &'static str,
}

impl Done {
    pub(crate) fn new(user: User, mfa: bool) -> Done {
        Done { user, mfa, recovery_codes: Vec::new(), device_key: None, token_source: SOURCE_AUTHENTICATION }
    }
}

/// The server's side of an SRP exchange, as the client needs it (all hex but the block).
#[derive(Debug, Clone)]
pub struct SrpChallenge {
    pub salt: String,
    pub srp_b: String,
    pub secret_block: String,
}

/// A step waiting for its answer, with what the caller needs to ask for it.
pub struct Challenge {
    pub name: ChallengeName,
    /// What answers the step (Cognito's Session); none for the SRP verifier steps,
    /// which their SECRET_BLOCK answers.
    pub session: Option<String>,
    /// Cognito's USER_ID_FOR_SRP: the stored username (for a name that matches no user,
    /// the name given, so the answer looks alike).
    pub username: String,
    /// EMAIL_OTP, SMS_MFA and SMS_OTP: where the code went, masked.
    pub delivery: Option<CodeDelivery>,
    /// SELECT_MFA_TYPE: the factors to choose from. MFA_SETUP: those that can be set up.
    pub options: Vec<Factor>,
    /// An MFA code step (hosted pages): the user's factors it may switch to with
    /// [`Answer::Choose`]; choosing the step's own email or SMS factor sends a new code.
    pub alternatives: Vec<Factor>,
    /// An MFA code step whose user has a passkey: [`Answer::PasskeyFactor`] answers it too.
    pub passkey_factor: bool,
    /// MFA_SETUP with an authenticator (hosted pages): the new secret to show.
    pub totp: Option<mfa::TotpSetup>,
    /// PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER.
    pub srp: Option<SrpChallenge>,
    /// SELECT_CHALLENGE: the first factors on offer.
    pub available: Vec<FirstFactor>,
    /// NEW_PASSWORD_REQUIRED: the user's attributes and the required ones they lack.
    pub attributes: Attributes,
    pub required_attributes: Vec<String>,
    /// The device being proven (DEVICE_PASSWORD_VERIFIER).
    pub device_key: Option<String>,
    /// CUSTOM_CHALLENGE: the hook's publicChallengeParameters.
    pub parameters: std::collections::BTreeMap<String, String>,
    /// WEB_AUTHN: the PublicKeyCredentialRequestOptions JSON for the browser.
    pub credential_request_options: Option<serde_json::Value>,
}

impl Challenge {
    fn new(name: ChallengeName, username: &str) -> Challenge {
        Challenge {
            name,
            session: None,
            username: username.to_string(),
            delivery: None,
            options: Vec::new(),
            alternatives: Vec::new(),
            passkey_factor: false,
            totp: None,
            srp: None,
            available: Vec::new(),
            attributes: Attributes::new(),
            required_attributes: Vec::new(),
            device_key: None,
            parameters: Default::default(),
            credential_request_options: None,
        }
    }
}

/// Where a sign-in stands.
#[derive(Debug)]
// One value per sign-in step, moved once and never stored in bulk: boxing the larger
// variant would cost an allocation per step for nothing.
#[allow(clippy::large_enum_variant)]
pub enum SignIn {
    Authenticated(Done),
    Challenge(Challenge),
}

/// An answer to a challenge (Cognito's ChallengeResponses).
#[derive(Debug, Clone, Copy)]
pub enum Answer<'a> {
    /// NEW_PASSWORD_REQUIRED, with any required attributes the user still lacked.
    NewPassword { password: &'a str, attributes: &'a Attributes },
    /// A code from an authenticator, email or SMS, or a recovery code.
    Code(&'a str),
    /// SELECT_MFA_TYPE, or MFA_SETUP choosing a code factor instead of an authenticator;
    /// on an MFA code step (hosted pages: "try another way"), another of the user's
    /// factors, or the step's own email or SMS factor again for a new code.
    Choose(Factor),
    /// MFA_SETUP once VerifySoftwareToken has confirmed the authenticator.
    SetupVerified,
    /// PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER (the SECRET_BLOCK is the key).
    Claim { secret_block: &'a str, signature: &'a str, timestamp: &'a str },
    /// DEVICE_SRP_AUTH: the device's SRP_A.
    DeviceSrp { device_key: &'a str, srp_a: &'a str },
    /// SELECT_CHALLENGE: the chosen first factor with what it needs (PASSWORD, SRP_A).
    Select { factor: FirstFactor, password: Option<&'a str>, srp_a: Option<&'a str> },
    /// USER_AUTH's PASSWORD challenge (Cognito's answer names it again).
    Password(&'a str),
    /// CUSTOM_CHALLENGE's ANSWER.
    Custom(&'a str),
    /// WEB_AUTHN's CREDENTIAL: the PublicKeyCredential JSON of `navigator.credentials.get`.
    Passkey(&'a serde_json::Value),
    /// An MFA code step answered with a passkey instead (hosted pages): the ceremony's
    /// handle from [`passkey_factor_options`] and the browser's assertion.
    PasskeyFactor { handle: &'a str, credential: &'a serde_json::Value },
}

/// Where a sign-in comes from: the client's address (for the locks), the browser's
/// remembered-device cookie and the API's DEVICE_KEY, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    pub address: Option<&'a str>,
    pub device: Option<&'a str>,
    pub device_key: Option<&'a str>,
    /// The call's ClientMetadata, for the triggers (PreAuthentication's validationData).
    pub client_metadata: Option<&'a std::collections::BTreeMap<String, String>>,
    /// The PreAuthentication hook already passed this sign-in (USER_AUTH asks it once).
    pub pre_authenticated: bool,
}

pub(crate) fn invalid_session() -> Error {
    Error::NotAuthorized("Invalid session for the user, session is expired.".into())
}

fn wrong_code() -> Error {
    Error::CodeMismatch("Invalid code received for user".into())
}

fn wrong_credentials() -> Error {
    Error::NotAuthorized("Incorrect username or password.".into())
}

/// RespondToAuthChallenge: `key` is the Session (or, for the SRP verifiers, the
/// SECRET_BLOCK). A wrong code counts against the step (five tries) and against the
/// user's sign-in lock, like a wrong password.
pub fn respond(ctx: &Context, pool_id: &PoolId, client: &Client, key: &str, answer: Answer<'_>, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    let p = store::pending(ctx, &mut conn, pool_id, client, key)?;
    drop(conn);
    let answered = p.name;
    let step = match p.name {
        ChallengeName::PasswordVerifier | ChallengeName::DeviceSrpAuth | ChallengeName::DevicePasswordVerifier => {
            srp_steps::respond(ctx, client, p, answer, origin)
        }
        ChallengeName::SelectChallenge | ChallengeName::SmsOtp | ChallengeName::WebAuthn => first::respond(ctx, client, p, answer, origin),
        ChallengeName::CustomChallenge => custom::respond(ctx, client, p, answer, origin),
        ChallengeName::EmailOtp if p.data.first_factor => first::respond(ctx, client, p, answer, origin),
        ChallengeName::SignUp | ChallengeName::ConfirmedSignUp => Err(invalid_session()),
        _ => mfa_steps::respond(ctx, client, p, answer, origin),
    }?;
    Ok(match step {
        SignIn::Authenticated(mut done) => {
            done.token_source = match answered {
                ChallengeName::NewPasswordRequired => "TokenGeneration_NewPasswordChallenge",
                ChallengeName::DeviceSrpAuth | ChallengeName::DevicePasswordVerifier => "TokenGeneration_AuthenticateDevice",
                _ => done.token_source,
            };
            SignIn::Authenticated(done)
        }
        other => other,
    })
}

/// PreTokenGeneration's source for a sign-in through the API.
pub const SOURCE_AUTHENTICATION: &str = "TokenGeneration_Authentication";
/// …and for one through the hosted pages (the code exchange, or implicit tokens).
pub const SOURCE_HOSTED_AUTH: &str = "TokenGeneration_HostedAuth";

/// The step a session is at, to show it again (after a wrong answer, say). Sends nothing.
pub fn describe(ctx: &Context, pool_id: &PoolId, client: &Client, session: &str) -> Result<Challenge> {
    let mut conn = ctx.conn()?;
    let p = store::pending(ctx, &mut conn, pool_id, client, session)?;
    let user = store::user_of(&mut conn, &p)?;
    let mut ch = Challenge::new(p.name, &user.username);
    ch.options = match p.name {
        ChallengeName::MfaSetup => mfa::setup_options(&p.pool, &user),
        ChallengeName::SelectMfaType => mfa::active_factors(&p.pool, &user, &mfa::load(&mut conn, user.sub.as_str())?),
        _ => Vec::new(),
    };
    if p.name.is_code_step() && !p.data.enroll {
        ch.alternatives = mfa::active_factors(&p.pool, &user, &mfa::load(&mut conn, user.sub.as_str())?);
        ch.passkey_factor = crate::domain::passkeys::enabled(&p.pool) && crate::domain::passkeys::has_any(&mut conn, user.sub.as_str())?;
    }
    ch.totp = p.data.totp_secret.as_deref().map(|s| mfa::totp_setup(&p.pool, &user, s)).transpose()?;
    ch.delivery = store::delivery(p.name, &p.data);
    ch.session = Some(session.to_string());
    Ok(ch)
}

/// The passkey ceremony for answering the MFA code step `session` with a passkey
/// ([`Answer::PasskeyFactor`]): the request options for the step's user.
pub fn passkey_factor_options(ctx: &Context, pool_id: &PoolId, client: &Client, session: &str) -> Result<crate::domain::passkeys::SignInStart> {
    let mut conn = ctx.conn()?;
    let p = store::pending(ctx, &mut conn, pool_id, client, session)?;
    if !p.name.is_code_step() || p.data.enroll {
        return Err(Error::InvalidParameter("This step is not answered with a passkey.".into()));
    }
    let user = store::user_of(&mut conn, &p)?;
    drop(conn);
    crate::domain::passkeys::start_second_factor(ctx, &p.pool, client.id.as_str(), &user)
}

/// What a step carries, sealed in the row.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Data {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    totp_secret: Option<String>,
    /// A code whose answer turns its factor on (chosen during MFA_SETUP).
    #[serde(default)]
    enroll: bool,
    /// MFA_SETUP: VerifySoftwareToken confirmed the secret at this time step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    totp_verified_step: Option<i64>,
    /// An emailed or texted code that is the first factor (USER_AUTH), not a second.
    #[serde(default)]
    first_factor: bool,
    /// The name a sign-in was started with when it matches no user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unknown_name: Option<String>,
    /// SRP: the server's secret b and the client's A (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    srp_b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    srp_a: Option<String>,
    /// The device a sign-in came from, carried to its end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_key: Option<String>,
    /// WEB_AUTHN: the handle of the pending passkey sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    webauthn_handle: Option<String>,
    /// CUSTOM_AUTH: the session so far and the pending challenge's private parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    custom: Option<custom::Custom>,
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Data")
            .field("code_hash", &crate::crypto::redacted(&self.code_hash))
            .field("destination", &self.destination)
            .field("totp_secret", &crate::crypto::redacted(&self.totp_secret))
            .field("enroll", &self.enroll)
            .field("totp_verified_step", &self.totp_verified_step)
            .field("first_factor", &self.first_factor)
            .field("unknown_name", &self.unknown_name)
            .field("srp_b", &crate::crypto::redacted(&self.srp_b))
            .field("device_key", &self.device_key)
            .field("webauthn_handle", &crate::crypto::redacted(&self.webauthn_handle))
            .field("custom", &self.custom.as_ref().map(|_| crate::crypto::REDACTED))
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Done")
            .field("user", &self.user)
            .field("mfa", &self.mfa)
            .field("recovery_codes", &format_args!("{} [redacted]", self.recovery_codes.len()))
            .field("device_key", &self.device_key)
            .finish()
    }
}

/// The session and the SRP secret block are what answer the step: redacted, like the
/// TOTP secret being set up.
impl std::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Challenge")
            .field("name", &self.name)
            .field("session", &crate::crypto::redacted(&self.session))
            .field("username", &self.username)
            .field("delivery", &self.delivery)
            .field("options", &self.options)
            .field("totp", &self.totp)
            .field("srp", &self.srp.as_ref().map(|_| crate::crypto::REDACTED))
            .field("available", &self.available)
            .finish_non_exhaustive()
    }
}
