//! The steps after the first factor: a new password for a temporary one, the second
//! factor the pool and the user call for (or its choice, or setting one up), or a
//! remembered device's proof instead.

use diesel::Connection;

use super::store::{self, Pending};
use super::{wrong_code, Answer, Challenge, ChallengeName, Data, Done, Origin, SignIn};
use crate::crypto::{constant_time_eq, keyed_hash, token_hash};
use crate::db::{queries, DbConnection};
use crate::domain::auth::{mask_email, throttle};
use crate::domain::clients::Client;
use crate::domain::mfa::{self, Factor};
use crate::domain::pools::{MfaConfiguration, Pool};
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{attributes, devices, password_history, time, Context};
use crate::domain::triggers::messages::{self, Media, Source};
use crate::error::{Error, Result};

fn code_digest(ctx: &Context, session_hash: &str, code: &str) -> String {
    keyed_hash(&ctx.code_key, &["mfa", session_hash, code.trim()])
}

/// `+15551234567` → `+*******4567`, as Cognito masks phone numbers.
pub fn mask_phone(phone: &str) -> String {
    let n = phone.chars().count();
    phone.chars().enumerate().map(|(i, c)| if i == 0 && c == '+' || i + 4 >= n { c } else { '*' }).collect()
}

/// Queues a one-time code to the user's email (EMAIL_OTP) or phone (SMS_MFA, SMS_OTP),
/// within the send limits. The step's transaction is open already, so a CustomMessage
/// hook (`CustomMessage_Authentication`) is asked here; its failure rolls the step back.
#[allow(clippy::too_many_arguments)] // the open transaction and each part of the step
pub(super) fn send_code(ctx: &Context, conn: &mut DbConnection, pool: &Pool, client_id: &str, user: &User, by_email: bool, code: &str, address: Option<&str>) -> Result<()> {
    let message = messages::prepare(ctx, pool, Source::Authentication, user, Some(client_id), &None, Media::of(by_email))?;
    throttle::allow_send(conn, pool.id.as_str(), user.sub.as_str(), "sign_in", address)?;
    if by_email {
        let to = user.attributes.get("email").map(String::as_str).unwrap_or_default();
        message.email(ctx, conn, to, code)
    } else {
        let to = user.attributes.get("phone_number").map(String::as_str).unwrap_or_default();
        message.sms(ctx, conn, to, code)
    }
}

/// A code step's data: the code's keyed hash (under the step's own session) and the
/// masked destination. Returns the code to send.
pub(super) fn code_step(ctx: &Context, data: &mut Data, session: &str, user: &User, by_email: bool) -> Result<String> {
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let attr = if by_email { "email" } else { "phone_number" };
    let to = user.attributes.get(attr).cloned().ok_or_else(|| Error::InvalidParameter(format!("The user has no {attr}.")))?;
    data.destination = Some(if by_email { mask_email(&to) } else { mask_phone(&to) });
    data.code_hash = Some(code_digest(ctx, &token_hash(session), &code));
    Ok(code)
}

/// Whether `code` is the step's emailed or texted code.
pub(super) fn code_matches(ctx: &Context, p: &Pending, code: &str) -> bool {
    let given = code_digest(ctx, p.hash(), code);
    p.data.code_hash.as_deref().is_some_and(|h| constant_time_eq(h.as_bytes(), given.as_bytes()))
}

/// Starts an MFA step. For EMAIL_OTP and SMS_MFA a code is made and queued in the same
/// transaction; for MFA_SETUP a new authenticator secret is made (the hosted page shows
/// it at once; the API hands it out through AssociateSoftwareToken).
#[allow(clippy::too_many_arguments)] // the open transaction and each part of the step
fn begin(ctx: &Context, conn: &mut DbConnection, pool: &Pool, client_id: &str, user: User, name: ChallengeName, enroll: bool, origin: Origin<'_>, device_key: Option<&str>) -> Result<Challenge> {
    conn.transaction(|c| {
        let mut data = Data { enroll, device_key: device_key.map(str::to_string), ..Data::default() };
        let mut ch = Challenge::new(name, &user.username);
        if name == ChallengeName::MfaSetup {
            ch.options = mfa::setup_options(pool, &user);
            if ch.options.contains(&Factor::Totp) {
                data.totp_secret = Some(mfa::new_totp_secret());
            }
        }
        if name == ChallengeName::SelectMfaType {
            ch.options = mfa::active_factors(pool, &user, &mfa::load(c, user.sub.as_str())?);
        }
        if name.is_code_step() && !enroll {
            ch.alternatives = mfa::active_factors(pool, &user, &mfa::load(c, user.sub.as_str())?);
            ch.passkey_factor = crate::domain::passkeys::enabled(pool) && crate::domain::passkeys::has_any(c, user.sub.as_str())?;
        }
        let session = store::new_session();
        let code = match name {
            ChallengeName::EmailOtp | ChallengeName::SmsMfa => Some(code_step(ctx, &mut data, &session, &user, name == ChallengeName::EmailOtp)?),
            _ => None,
        };
        store::insert(ctx, c, &pool.id, client_id, user.sub.as_str(), name, &data, &session)?;
        if let Some(code) = code {
            send_code(ctx, c, pool, client_id, &user, name == ChallengeName::EmailOtp, &code, origin.address)?;
        }
        ch.totp = data.totp_secret.as_deref().map(|s| mfa::totp_setup(pool, &user, s)).transpose()?;
        ch.delivery = store::delivery(name, &data);
        ch.session = Some(session);
        Ok(ch)
    })
}

/// What comes after the first factor: a remembered device's proof (DEVICE_SRP_AUTH), the
/// MFA step the pool and the user call for, or tokens.
pub(crate) fn after_first_factor(ctx: &Context, conn: &mut DbConnection, pool: &Pool, client: &Client, user: User, origin: Origin<'_>) -> Result<SignIn> {
    let mut known_device = None;
    if let Some(key) = origin.device_key.filter(|_| devices::enabled(pool)) {
        match devices::sign_in_state(conn, pool, user.sub.as_str(), key)? {
            devices::SignInDevice::Remembered => return super::srp_steps::start_device(ctx, conn, pool, client, &user, key),
            devices::SignInDevice::Known => known_device = Some(key.to_string()),
            devices::SignInDevice::Unknown => {}
        }
    }
    let done = |user: User, mfa: bool| Ok(SignIn::Authenticated(Done { device_key: known_device.clone(), ..Done::new(user, mfa) }));
    if pool.settings.mfa_configuration == MfaConfiguration::Off {
        return done(user, false);
    }
    let state = mfa::load(conn, user.sub.as_str())?;
    let factors = mfa::active_factors(pool, &user, &state);
    if factors.is_empty() {
        if pool.settings.mfa_configuration != MfaConfiguration::On {
            return done(user, false);
        }
        if mfa::setup_options(pool, &user).is_empty() {
            return Err(Error::NotAuthorized(
                "Multi-factor authentication is required, but no factor this pool offers can be set up for the user.".into(),
            ));
        }
        return begin(ctx, conn, pool, client.id.as_str(), user, ChallengeName::MfaSetup, false, origin, known_device.as_deref()).map(SignIn::Challenge);
    }
    if devices::recognized(conn, pool, user.sub.as_str(), origin.device)? {
        return done(user, false);
    }
    let name = match (factors.as_slice(), state.preferred) {
        ([only], _) => ChallengeName::of(*only),
        (_, Some(p)) if factors.contains(&p) => ChallengeName::of(p),
        _ => ChallengeName::SelectMfaType,
    };
    begin(ctx, conn, pool, client.id.as_str(), user, name, false, origin, known_device.as_deref()).map(SignIn::Challenge)
}

/// Answers to NEW_PASSWORD_REQUIRED and the MFA steps.
pub(super) fn respond(ctx: &Context, client: &Client, p: Pending, answer: Answer<'_>, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    let user = store::user_of(&mut conn, &p)?;
    let keys = throttle::Keys::new(p.pool.id.as_str(), user.sub.as_str(), origin.address);
    throttle::check(&mut conn, &keys)?;
    let hash = p.hash().to_string();
    let carried = Origin { device_key: p.data.device_key.as_deref(), ..origin };
    let result = match (p.name, answer) {
        (ChallengeName::NewPasswordRequired, Answer::NewPassword { password, attributes }) => {
            drop(conn);
            let user = new_password(ctx, &p, password, attributes)?;
            let mut conn = ctx.conn()?;
            return after_first_factor(ctx, &mut conn, &p.pool, client, user, carried);
        }
        (ChallengeName::SoftwareTokenMfa, Answer::Code(code)) => {
            let ok = if mfa::looks_like_recovery_code(code) {
                mfa::use_recovery_code(ctx, &mut conn, user.sub.as_str(), code)?
            } else {
                mfa::check_totp(ctx, &mut conn, user.sub.as_str(), code)?
            };
            ok.then(Vec::new)
        }
        (ChallengeName::EmailOtp | ChallengeName::SmsMfa, Answer::Code(code)) => code_matches(ctx, &p, code).then(Vec::new),
        (ChallengeName::MfaSetup, Answer::Code(code)) => {
            let secret = p.data.totp_secret.clone().ok_or_else(|| Error::InvalidParameter("Choose a factor to set up.".into()))?;
            match mfa::totp_step(&secret, code, time::now())? {
                Some(step) => Some(conn.transaction(|c| {
                    store::finish(c, &hash)?;
                    mfa::enroll_totp(ctx, c, &user, &secret, step)
                })?),
                None => None,
            }
        }
        (ChallengeName::MfaSetup, Answer::SetupVerified) => {
            let (Some(secret), Some(step)) = (p.data.totp_secret.clone(), p.data.totp_verified_step) else {
                return Err(Error::InvalidParameter("Set up the authenticator first: AssociateSoftwareToken, then VerifySoftwareToken with this session.".into()));
            };
            Some(conn.transaction(|c| {
                store::finish(c, &hash)?;
                mfa::enroll_totp(ctx, c, &user, &secret, step)
            })?)
        }
        (ChallengeName::SelectMfaType, Answer::Choose(f)) => {
            if !mfa::active_factors(&p.pool, &user, &mfa::load(&mut conn, user.sub.as_str())?).contains(&f) {
                return Err(Error::InvalidParameter(format!("{} is not one of this user's factors.", f.as_str())));
            }
            return next(ctx, &mut conn, &p, user, ChallengeName::of(f), false, carried);
        }
        // A passkey instead of the code: the user's own, verified by webauthn-rs.
        (name, Answer::PasskeyFactor { handle, credential }) if name.is_code_step() && !p.data.enroll => {
            drop(conn);
            let checked = crate::domain::passkeys::finish_second_factor(ctx, &p.pool, &p.row.client_id, &user, handle, credential);
            conn = ctx.conn()?;
            match checked {
                Ok(_) => Some(Vec::new()),
                Err(e @ Error::Internal(_)) => return Err(e),
                Err(_) => None,
            }
        }
        // "Try another way" (and "send a new code") from inside a code step.
        (name, Answer::Choose(f)) if name.is_code_step() && !p.data.enroll => {
            if !mfa::active_factors(&p.pool, &user, &mfa::load(&mut conn, user.sub.as_str())?).contains(&f) {
                return Err(Error::InvalidParameter(format!("{} is not one of this user's factors.", f.as_str())));
            }
            return next(ctx, &mut conn, &p, user, ChallengeName::of(f), false, carried);
        }
        (ChallengeName::MfaSetup, Answer::Choose(f)) => {
            if !mfa::setup_options(&p.pool, &user).contains(&f) {
                return Err(Error::InvalidParameter(format!("{} cannot be set up for this user.", f.as_str())));
            }
            if f == Factor::Totp {
                let mut ch = Challenge::new(ChallengeName::MfaSetup, &user.username);
                ch.options = mfa::setup_options(&p.pool, &user);
                ch.totp = p.data.totp_secret.as_deref().map(|s| mfa::totp_setup(&p.pool, &user, s)).transpose()?;
                return next_with(ctx, &mut conn, &p, ch, Data { totp_secret: p.data.totp_secret.clone(), device_key: p.data.device_key.clone(), ..Data::default() });
            }
            return next(ctx, &mut conn, &p, user, ChallengeName::of(f), true, carried);
        }
        (name, _) => return Err(Error::InvalidParameter(format!("That answer does not fit the {} challenge.", name.as_str()))),
    };
    let Some(recovery_codes) = result else {
        store::count_attempt(&mut conn, &hash)?;
        throttle::record_failure(&mut conn, &keys)?;
        return Err(wrong_code());
    };
    conn.transaction(|c| {
        if p.name != ChallengeName::MfaSetup {
            store::finish(c, &hash)?;
        }
        if p.data.enroll {
            let f = if p.name == ChallengeName::EmailOtp { Factor::Email } else { Factor::Sms };
            mfa::enable_code_factor(c, &user, f)?;
        }
        throttle::record_success(c, &keys)
    })?;
    Ok(SignIn::Authenticated(Done { user, mfa: true, recovery_codes, device_key: p.data.device_key.clone(), token_source: super::SOURCE_AUTHENTICATION }))
}

/// Replaces one step by the next, with a new session.
fn next(ctx: &Context, conn: &mut DbConnection, p: &Pending, user: User, name: ChallengeName, enroll: bool, origin: Origin<'_>) -> Result<SignIn> {
    conn.transaction(|c| {
        store::finish(c, p.hash())?;
        begin(ctx, c, &p.pool, &p.row.client_id, user, name, enroll, origin, p.data.device_key.as_deref())
    })
    .map(SignIn::Challenge)
}

/// Replaces one step by `ch` carrying `data`, with a new session.
fn next_with(ctx: &Context, conn: &mut DbConnection, p: &Pending, mut ch: Challenge, data: Data) -> Result<SignIn> {
    let session = store::new_session();
    conn.transaction(|c| {
        store::finish(c, p.hash())?;
        store::insert(ctx, c, &p.pool.id, &p.row.client_id, &p.row.user_sub, ch.name, &data, &session)
    })?;
    ch.session = Some(session);
    Ok(SignIn::Challenge(ch))
}

/// NEW_PASSWORD_REQUIRED: sets the user's permanent password, and any required
/// attributes they still lacked (`userAttributes.*` in Cognito's answer).
fn new_password(ctx: &Context, p: &Pending, password: &str, given: &attributes::Attributes) -> Result<User> {
    let mut conn = ctx.conn()?;
    if let Err(e) = p.pool.settings.password_policy.check(password) {
        store::count_attempt(&mut conn, p.hash())?;
        return Err(e);
    }
    let current = queries::users::find_by_sub(&mut conn, p.pool.id.as_str(), &p.row.user_sub)?.ok_or_else(super::invalid_session)?;
    let earlier = password_history::recent(&mut conn, &p.pool, &p.row.user_sub, current.password_hash.as_deref())?;
    let mut attrs = users::stored_attributes(&current)?;
    for (name, value) in given {
        let def = p.pool.settings.schema.iter().find(|d| &d.name == name && d.mutable);
        if def.is_none() || name == "sub" {
            return Err(Error::InvalidParameter(format!("userAttributes.{name}: not a writable attribute of this pool")));
        }
        attrs.insert(name.clone(), value.clone());
    }
    attributes::validate(&p.pool.settings.schema, &attrs, true)?;
    drop(conn);
    password_history::check(ctx, &earlier, password)?;
    let stored = users::store_password(ctx, &p.pool.id, &current.username, password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut row = users::lock(c, p.pool.id.as_str(), &p.row.user_sub)?
            .filter(|u| u.enabled && u.status == UserStatus::ForceChangePassword.as_str())
            .ok_or_else(super::invalid_session)?;
        store::finish(c, p.hash())?;
        let now = time::now();
        password_history::record(c, &p.pool, &row.sub, &stored.hash)?;
        queries::users::update_password(c, &row.sub, &stored.columns(), now)?;
        queries::users::update_status(c, &row.sub, &[UserStatus::ForceChangePassword.as_str()], UserStatus::Confirmed.as_str(), now)?;
        if !given.is_empty() {
            users::set_attributes(&p.pool, &mut row, &attrs)?;
            users::save_attributes(c, &mut row)?;
        }
        let fresh = queries::users::find_by_sub(c, p.pool.id.as_str(), &row.sub)?.ok_or_else(super::invalid_session)?;
        User::from_row(fresh)
    })
}

/// AssociateSoftwareToken with the Session of an MFA_SETUP step: the authenticator's
/// secret, and the session that answers the next step (VerifySoftwareToken).
pub fn setup_associate(ctx: &Context, session: &str) -> Result<(String, String)> {
    let mut conn = ctx.conn()?;
    let p = store::pending_by_key(ctx, &mut conn, session)?;
    let user = store::user_of(&mut conn, &p)?;
    if p.name != ChallengeName::MfaSetup || !mfa::setup_options(&p.pool, &user).contains(&Factor::Totp) {
        return Err(Error::NotAuthorized("Invalid session for the user.".into()));
    }
    let secret = p.data.totp_secret.clone().unwrap_or_else(mfa::new_totp_secret);
    let ch = Challenge::new(ChallengeName::MfaSetup, &user.username);
    let data = Data { totp_secret: Some(secret.clone()), device_key: p.data.device_key.clone(), ..Data::default() };
    match next_with(ctx, &mut conn, &p, ch, data)? {
        SignIn::Challenge(Challenge { session: Some(s), .. }) => Ok((secret, s)),
        _ => Err(Error::Internal("MFA_SETUP step without a session".into())),
    }
}

/// VerifySoftwareToken with the Session of an MFA_SETUP step: the code must come from
/// the authenticator being set up. Returns the session that finishes MFA_SETUP.
pub fn setup_verify(ctx: &Context, session: &str, code: &str) -> Result<String> {
    let mut conn = ctx.conn()?;
    let p = store::pending_by_key(ctx, &mut conn, session)?;
    let user = store::user_of(&mut conn, &p)?;
    let Some(secret) = p.data.totp_secret.clone().filter(|_| p.name == ChallengeName::MfaSetup) else {
        return Err(Error::NotAuthorized("Invalid session for the user.".into()));
    };
    let Some(step) = mfa::totp_step(&secret, code, time::now())? else {
        store::count_attempt(&mut conn, p.hash())?;
        throttle::record_failure(&mut conn, &throttle::Keys::new(p.pool.id.as_str(), user.sub.as_str(), None))?;
        return Err(Error::EnableSoftwareTokenMfa("Code mismatch and fail enable Software Token MFA".into()));
    };
    let ch = Challenge::new(ChallengeName::MfaSetup, &user.username);
    let data = Data { totp_secret: Some(secret), totp_verified_step: Some(step), device_key: p.data.device_key.clone(), ..Data::default() };
    match next_with(ctx, &mut conn, &p, ch, data)? {
        SignIn::Challenge(Challenge { session: Some(s), .. }) => Ok(s),
        _ => Err(Error::Internal("MFA_SETUP step without a session".into())),
    }
}
