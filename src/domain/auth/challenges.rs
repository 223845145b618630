//! The authentication state machine's pending steps: after a correct password, a
//! sign-in may need more answers before tokens are issued: a new password, a second
//! factor, the choice of factor, or setting one up. The caller gets an opaque session
//! (as Cognito's `Session`) to answer with; each is single-use, expires, is stored only
//! as its hash, and is replaced by a new one at every step. What a step carries (an
//! emailed code's hash, a TOTP seed being set up) is sealed with the master key.

use diesel::Connection;
use serde::{Deserialize, Serialize};

use super::{mask_email, throttle, CodeDelivery};
use crate::crypto::{constant_time_eq, keyed_hash, new_token, token_hash};
use crate::db::models::AuthChallengeRow;
use crate::db::{queries, DbConnection};
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::mfa::{self, Factor};
use crate::domain::pools::{self, MfaConfiguration, Pool};
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{devices, password_history, time, Context};
use crate::error::{Error, Result};
use crate::domain::outbox;
use crate::mail::templates;

/// How long a challenge may wait for its answer (Cognito allows 3 to 15 minutes).
const CHALLENGE_SECONDS: i64 = 300;
const MAX_ATTEMPTS: i32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeName {
    NewPasswordRequired,
    SoftwareTokenMfa,
    EmailOtp,
    SmsMfa,
    SelectMfaType,
    MfaSetup,
}

impl ChallengeName {
    const ALL: [ChallengeName; 6] = [
        ChallengeName::NewPasswordRequired,
        ChallengeName::SoftwareTokenMfa,
        ChallengeName::EmailOtp,
        ChallengeName::SmsMfa,
        ChallengeName::SelectMfaType,
        ChallengeName::MfaSetup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeName::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            ChallengeName::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            ChallengeName::EmailOtp => "EMAIL_OTP",
            ChallengeName::SmsMfa => "SMS_MFA",
            ChallengeName::SelectMfaType => "SELECT_MFA_TYPE",
            ChallengeName::MfaSetup => "MFA_SETUP",
        }
    }

    fn parse(s: &str) -> Result<ChallengeName> {
        Self::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| Error::Internal(format!("unknown stored challenge {s:?}")))
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
}

/// A step waiting for its answer, with what the caller needs to ask for it.
pub struct Challenge {
    pub name: ChallengeName,
    pub session: String,
    pub user: User,
    /// EMAIL_OTP and SMS_MFA: where the code went, masked.
    pub delivery: Option<CodeDelivery>,
    /// SELECT_MFA_TYPE: the factors to choose from. MFA_SETUP: those that can be set up.
    pub options: Vec<Factor>,
    /// MFA_SETUP with an authenticator: the new secret to show.
    pub totp: Option<mfa::TotpSetup>,
}

/// Where a sign-in stands.
#[derive(Debug)]
pub enum SignIn {
    Authenticated(Done),
    Challenge(Challenge),
}

/// An answer to a challenge (Cognito's ChallengeResponses).
#[derive(Debug, Clone, Copy)]
pub enum Answer<'a> {
    NewPassword(&'a str),
    /// A code from an authenticator, email or SMS, or a recovery code.
    Code(&'a str),
    /// SELECT_MFA_TYPE, or MFA_SETUP choosing a code factor instead of an authenticator.
    Choose(Factor),
}

/// What a step carries, sealed in the row.
#[derive(Default, Serialize, Deserialize)]
struct Data {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    totp_secret: Option<String>,
    /// A code whose answer turns its factor on (chosen during MFA_SETUP).
    #[serde(default)]
    enroll: bool,
}

impl std::fmt::Debug for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Done")
            .field("user", &self.user)
            .field("mfa", &self.mfa)
            .field("recovery_codes", &format_args!("{} [redacted]", self.recovery_codes.len()))
            .finish()
    }
}

/// The session is what answers the step: redacted, like the TOTP secret being set up.
impl std::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Challenge")
            .field("name", &self.name)
            .field("session", &crate::crypto::REDACTED)
            .field("user", &self.user)
            .field("delivery", &self.delivery)
            .field("options", &self.options)
            .field("totp", &self.totp)
            .finish()
    }
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Data")
            .field("code_hash", &crate::crypto::redacted(&self.code_hash))
            .field("destination", &self.destination)
            .field("totp_secret", &crate::crypto::redacted(&self.totp_secret))
            .field("enroll", &self.enroll)
            .finish()
    }
}

fn invalid_session() -> Error {
    Error::NotAuthorized("Invalid session for the user, session is expired.".into())
}

fn wrong_code() -> Error {
    Error::CodeMismatch("Invalid code received for user".into())
}

fn code_digest(ctx: &Context, session_hash: &str, code: &str) -> String {
    keyed_hash(&ctx.code_key, &["mfa", session_hash, code.trim()])
}

/// Stores a step under the hash of its session value.
fn insert(ctx: &Context, conn: &mut DbConnection, client_id: &str, user: &User, name: ChallengeName, data: &Data, hash: &str) -> Result<()> {
    let now = time::now();
    let sealed = serde_json::to_vec(data).map_err(|e| Error::Internal(e.to_string()))?;
    queries::challenges::insert(
        conn,
        &AuthChallengeRow {
            id_hash: hash.to_string(),
            pool_id: user.pool_id.to_string(),
            client_id: client_id.to_string(),
            user_sub: user.sub.to_string(),
            challenge: name.as_str().into(),
            attempts: 0,
            expires_at: now + CHALLENGE_SECONDS,
            created_at: now,
            data_enc: Some(ctx.secrets.encrypt(&sealed)),
        },
    )?;
    Ok(())
}

/// Starts a step. For EMAIL_OTP and SMS_MFA a code is made and queued for delivery in
/// the same transaction; for MFA_SETUP a new authenticator secret is made.
#[allow(clippy::too_many_arguments)]
fn begin(ctx: &Context, conn: &mut DbConnection, pool: &Pool, client_id: &str, user: User, name: ChallengeName, enroll: bool, address: Option<&str>) -> Result<Challenge> {
    conn.transaction(|c| {
        let mut data = Data { enroll, ..Data::default() };
        let mut options = Vec::new();
        if name == ChallengeName::MfaSetup {
            options = mfa::setup_options(pool, &user);
            if options.contains(&Factor::Totp) {
                data.totp_secret = Some(mfa::new_totp_secret());
            }
        }
        if name == ChallengeName::SelectMfaType {
            options = mfa::active_factors(pool, &user, &mfa::load(c, user.sub.as_str())?);
        }
        let session = new_token();
        let hash = token_hash(&session);
        let code = matches!(name, ChallengeName::EmailOtp | ChallengeName::SmsMfa)
            .then(|| format!("{:06}", rand::random_range(0..1_000_000u32)));
        if let Some(code) = &code {
            let attr = if name == ChallengeName::EmailOtp { "email" } else { "phone_number" };
            let to = user.attributes.get(attr).cloned().ok_or_else(|| Error::InvalidParameter(format!("The user has no {attr}.")))?;
            data.destination = Some(if attr == "email" { mask_email(&to) } else { mask_phone(&to) });
            data.code_hash = Some(code_digest(ctx, &hash, code));
        }
        insert(ctx, c, client_id, &user, name, &data, &hash)?;
        if let Some(code) = code {
            throttle::allow_send(c, pool.id.as_str(), user.sub.as_str(), "sign_in", address)?;
            send_code(ctx, c, pool, &user, name, &code)?;
        }
        let totp = data.totp_secret.as_deref().map(|s| mfa::totp_setup(pool, &user, s)).transpose()?;
        Ok(Challenge { delivery: delivery(name, &data), name, session, user, options, totp })
    })
}

fn delivery(name: ChallengeName, data: &Data) -> Option<CodeDelivery> {
    let destination = data.destination.clone()?;
    Some(match name {
        ChallengeName::SmsMfa => CodeDelivery { destination, medium: "SMS", attribute: "phone_number" },
        _ => CodeDelivery { destination, medium: "EMAIL", attribute: "email" },
    })
}

/// `+15551234567` → `+*******4567`, as Cognito masks phone numbers.
pub fn mask_phone(phone: &str) -> String {
    let n = phone.chars().count();
    phone.chars().enumerate().map(|(i, c)| if i == 0 && c == '+' || i + 4 >= n { c } else { '*' }).collect()
}

fn send_code(ctx: &Context, conn: &mut DbConnection, pool: &Pool, user: &User, name: ChallengeName, code: &str) -> Result<()> {
    let messages = &pool.settings.messages;
    if name == ChallengeName::EmailOtp {
        let to = user.attributes.get("email").map(String::as_str).unwrap_or_default();
        let email = templates::render(templates::Template::MfaCode, messages, &user.username, code);
        outbox::enqueue_email(conn, &ctx.secrets, pool.id.as_str(), to, &email)
    } else {
        let to = user.attributes.get("phone_number").map(String::as_str).unwrap_or_default();
        let text = templates::sms_text(messages, &user.username, code);
        outbox::enqueue_sms(conn, &ctx.secrets, pool.id.as_str(), to, &text)
    }
}

/// What comes after the first factor: tokens, or the MFA step the pool and the user
/// call for. `remembered` says the browser is a remembered device of this user.
pub(crate) fn after_first_factor(
    ctx: &Context,
    conn: &mut DbConnection,
    pool: &Pool,
    client: &Client,
    user: User,
    remembered: bool,
    address: Option<&str>,
) -> Result<SignIn> {
    if pool.settings.mfa_configuration == MfaConfiguration::Off {
        return Ok(SignIn::Authenticated(Done { user, mfa: false, recovery_codes: Vec::new() }));
    }
    let state = mfa::load(conn, user.sub.as_str())?;
    let factors = mfa::active_factors(pool, &user, &state);
    if factors.is_empty() {
        return if pool.settings.mfa_configuration == MfaConfiguration::On {
            if mfa::setup_options(pool, &user).is_empty() {
                return Err(Error::NotAuthorized(
                    "Multi-factor authentication is required, but no factor this pool offers can be set up for the user.".into(),
                ));
            }
            begin(ctx, conn, pool, client.id.as_str(), user, ChallengeName::MfaSetup, false, address).map(SignIn::Challenge)
        } else {
            Ok(SignIn::Authenticated(Done { user, mfa: false, recovery_codes: Vec::new() }))
        };
    }
    if remembered {
        return Ok(SignIn::Authenticated(Done { user, mfa: false, recovery_codes: Vec::new() }));
    }
    let name = match (factors.as_slice(), state.preferred) {
        ([only], _) => ChallengeName::of(*only),
        (_, Some(p)) if factors.contains(&p) => ChallengeName::of(p),
        _ => ChallengeName::SelectMfaType,
    };
    begin(ctx, conn, pool, client.id.as_str(), user, name, false, address).map(SignIn::Challenge)
}

struct Pending {
    row: AuthChallengeRow,
    name: ChallengeName,
    data: Data,
    pool: Pool,
}

fn pending(ctx: &Context, conn: &mut DbConnection, pool_id: &PoolId, client: &Client, session: &str) -> Result<Pending> {
    let pool = pools::load(conn, pool_id)?;
    let row = queries::challenges::find(conn, pool_id.as_str(), &token_hash(session))?
        .filter(|r| r.client_id == client.id.as_str())
        .filter(|r| r.expires_at >= time::now() && r.attempts < MAX_ATTEMPTS)
        .ok_or_else(invalid_session)?;
    let data = match &row.data_enc {
        Some(sealed) => serde_json::from_slice(&ctx.secrets.decrypt(sealed)?).map_err(|e| Error::Internal(format!("challenge data: {e}")))?,
        None => Data::default(),
    };
    Ok(Pending { name: ChallengeName::parse(&row.challenge)?, row, data, pool })
}

fn user_of(conn: &mut DbConnection, p: &Pending) -> Result<User> {
    let row = queries::users::find_by_sub(conn, p.pool.id.as_str(), &p.row.user_sub)?.filter(|u| u.enabled).ok_or_else(invalid_session)?;
    User::from_row(row)
}

/// The step a session is at, to show it again (after a wrong answer, say). Sends nothing.
pub fn describe(ctx: &Context, pool_id: &PoolId, client: &Client, session: &str) -> Result<Challenge> {
    let mut conn = ctx.conn()?;
    let p = pending(ctx, &mut conn, pool_id, client, session)?;
    let user = user_of(&mut conn, &p)?;
    let options = match p.name {
        ChallengeName::MfaSetup => mfa::setup_options(&p.pool, &user),
        ChallengeName::SelectMfaType => mfa::active_factors(&p.pool, &user, &mfa::load(&mut conn, user.sub.as_str())?),
        _ => Vec::new(),
    };
    let totp = p.data.totp_secret.as_deref().map(|s| mfa::totp_setup(&p.pool, &user, s)).transpose()?;
    Ok(Challenge { name: p.name, session: session.to_string(), delivery: delivery(p.name, &p.data), user, options, totp })
}

/// RespondToAuthChallenge. A wrong code counts against the challenge (five tries) and
/// against the user's sign-in lock, like a wrong password.
pub fn respond(ctx: &Context, pool_id: &PoolId, client: &Client, session: &str, answer: Answer<'_>, address: Option<&str>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    let p = pending(ctx, &mut conn, pool_id, client, session)?;
    let user = user_of(&mut conn, &p)?;
    let keys = throttle::Keys::new(pool_id.as_str(), user.sub.as_str(), address);
    throttle::check(&mut conn, &keys)?;
    let hash = p.row.id_hash.clone();
    let result = match (p.name, answer) {
        (ChallengeName::NewPasswordRequired, Answer::NewPassword(password)) => {
            drop(conn);
            let user = new_password(ctx, &p, &hash, password)?;
            let mut conn = ctx.conn()?;
            return after_first_factor(ctx, &mut conn, &p.pool, client, user, false, address);
        }
        (ChallengeName::SoftwareTokenMfa, Answer::Code(code)) => {
            let ok = if mfa::looks_like_recovery_code(code) {
                mfa::use_recovery_code(ctx, &mut conn, user.sub.as_str(), code)?
            } else {
                mfa::check_totp(ctx, &mut conn, user.sub.as_str(), code)?
            };
            ok.then(Vec::new)
        }
        (ChallengeName::EmailOtp | ChallengeName::SmsMfa, Answer::Code(code)) => {
            let given = code_digest(ctx, &hash, code);
            let ok = p.data.code_hash.as_deref().is_some_and(|h| constant_time_eq(h.as_bytes(), given.as_bytes()));
            ok.then(Vec::new)
        }
        (ChallengeName::MfaSetup, Answer::Code(code)) => {
            let secret = p.data.totp_secret.clone().ok_or_else(|| Error::InvalidParameter("Choose a factor to set up.".into()))?;
            match mfa::totp_step(&secret, code, time::now())? {
                Some(step) => Some(conn.transaction(|c| {
                    finish_challenge(c, &hash)?;
                    mfa::enroll_totp(ctx, c, &user, &secret, step)
                })?),
                None => None,
            }
        }
        (ChallengeName::SelectMfaType, Answer::Choose(f)) => {
            if !mfa::active_factors(&p.pool, &user, &mfa::load(&mut conn, user.sub.as_str())?).contains(&f) {
                return Err(Error::InvalidParameter(format!("{} is not one of this user's factors.", f.as_str())));
            }
            return next(ctx, &mut conn, &p, &hash, user, ChallengeName::of(f), false, address);
        }
        (ChallengeName::MfaSetup, Answer::Choose(f)) => {
            if !mfa::setup_options(&p.pool, &user).contains(&f) {
                return Err(Error::InvalidParameter(format!("{} cannot be set up for this user.", f.as_str())));
            }
            if f == Factor::Totp {
                return describe(ctx, pool_id, client, session).map(SignIn::Challenge);
            }
            return next(ctx, &mut conn, &p, &hash, user, ChallengeName::of(f), true, address);
        }
        (name, _) => return Err(Error::InvalidParameter(format!("That answer does not fit the {} challenge.", name.as_str()))),
    };
    let Some(recovery_codes) = result else {
        queries::challenges::count_attempt(&mut conn, &hash)?;
        throttle::record_failure(&mut conn, &keys)?;
        return Err(wrong_code());
    };
    conn.transaction(|c| {
        if p.name != ChallengeName::MfaSetup {
            finish_challenge(c, &hash)?;
        }
        if p.data.enroll {
            let f = if p.name == ChallengeName::EmailOtp { Factor::Email } else { Factor::Sms };
            mfa::enable_code_factor(c, &user, f)?;
        }
        throttle::record_success(c, &keys)
    })?;
    Ok(SignIn::Authenticated(Done { user, mfa: true, recovery_codes }))
}

/// Ends a step; fails when another request answered it first.
fn finish_challenge(conn: &mut DbConnection, hash: &str) -> Result<()> {
    match queries::challenges::delete(conn, hash)? {
        1 => Ok(()),
        _ => Err(invalid_session()),
    }
}

/// Replaces one step by the next, with a new session.
#[allow(clippy::too_many_arguments)]
fn next(ctx: &Context, conn: &mut DbConnection, p: &Pending, hash: &str, user: User, name: ChallengeName, enroll: bool, address: Option<&str>) -> Result<SignIn> {
    conn.transaction(|c| {
        finish_challenge(c, hash)?;
        begin(ctx, c, &p.pool, &p.row.client_id, user, name, enroll, address)
    })
    .map(SignIn::Challenge)
}

/// NEW_PASSWORD_REQUIRED: sets the user's permanent password.
fn new_password(ctx: &Context, p: &Pending, hash: &str, password: &str) -> Result<User> {
    let mut conn = ctx.conn()?;
    if let Err(e) = p.pool.settings.password_policy.check(password) {
        queries::challenges::count_attempt(&mut conn, hash)?;
        return Err(e);
    }
    let current = queries::users::find_by_sub(&mut conn, p.pool.id.as_str(), &p.row.user_sub)?.and_then(|u| u.password_hash);
    let earlier = password_history::recent(&mut conn, &p.pool, &p.row.user_sub, current.as_deref())?;
    drop(conn);
    password_history::check(ctx, &earlier, password)?;
    let password_hash = ctx.passwords.hash(password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let user = users::lock(c, p.pool.id.as_str(), &p.row.user_sub)?
            .filter(|u| u.enabled && u.status == UserStatus::ForceChangePassword.as_str())
            .ok_or_else(invalid_session)?;
        finish_challenge(c, hash)?;
        let now = time::now();
        password_history::record(c, &p.pool, &user.sub, &password_hash)?;
        queries::users::update_password(c, &user.sub, &password_hash, now)?;
        queries::users::update_status(c, &user.sub, &[UserStatus::ForceChangePassword.as_str()], UserStatus::Confirmed.as_str(), now)?;
        let fresh = queries::users::find_by_sub(c, p.pool.id.as_str(), &user.sub)?.ok_or_else(invalid_session)?;
        User::from_row(fresh)
    })
}

/// Whether the browser's device cookie is a remembered device of the user.
pub(crate) fn remembered(conn: &mut DbConnection, pool: &Pool, user: &User, device: Option<&str>) -> Result<bool> {
    devices::recognized(conn, pool, user.sub.as_str(), device)
}

pub(crate) fn start_new_password(ctx: &Context, conn: &mut DbConnection, client: &Client, user: User) -> Result<SignIn> {
    let session = new_token();
    insert(ctx, conn, client.id.as_str(), &user, ChallengeName::NewPasswordRequired, &Data::default(), &token_hash(&session))?;
    Ok(SignIn::Challenge(Challenge {
        name: ChallengeName::NewPasswordRequired,
        session,
        user,
        delivery: None,
        options: Vec::new(),
        totp: None,
    }))
}
