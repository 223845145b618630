//! Choice-based sign-in (Cognito's USER_AUTH): the first factors the pool allows
//! (`allowed_first_auth_factors`: PASSWORD, which also offers PASSWORD_SRP, EMAIL_OTP,
//! SMS_OTP), the one the client prefers or SELECT_CHALLENGE, and passwordless sign-in
//! with an emailed or texted code. A code as first factor completes the sign-in: like
//! Cognito, passwordless sign-in asks for no second factor.

use diesel::Connection;

use super::mfa_steps::{code_matches, code_step, send_code};
use super::store::{self, Pending};
use super::{wrong_code, Answer, Challenge, ChallengeName, Data, Done, Origin, SignIn};
use crate::db::models::UserRow;
use crate::db::DbConnection;
use crate::domain::auth::{plausible_delivery, signin, throttle, CodeDelivery};
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools::{self, Pool};
use crate::domain::users::{self, User, UserStatus};
use crate::domain::Context;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstFactor {
    Password,
    PasswordSrp,
    EmailOtp,
    SmsOtp,
}

impl FirstFactor {
    pub fn as_str(self) -> &'static str {
        match self {
            FirstFactor::Password => "PASSWORD",
            FirstFactor::PasswordSrp => "PASSWORD_SRP",
            FirstFactor::EmailOtp => "EMAIL_OTP",
            FirstFactor::SmsOtp => "SMS_OTP",
        }
    }

    pub fn parse(s: &str) -> Option<FirstFactor> {
        [FirstFactor::Password, FirstFactor::PasswordSrp, FirstFactor::EmailOtp, FirstFactor::SmsOtp].into_iter().find(|f| f.as_str() == s)
    }
}

fn verified(row: &UserRow, attr: &str, flag: &str) -> bool {
    users::stored_attributes(row).is_ok_and(|a| a.get(attr).is_some_and(|v| !v.is_empty()) && a.get(flag).is_some_and(|v| v == "true"))
}

/// The first factors this user (or, for a name matching no user, anyone) may use.
fn available(pool: &Pool, row: Option<&UserRow>) -> Vec<FirstFactor> {
    let allowed = &pool.settings.allowed_first_auth_factors;
    let mut out = Vec::new();
    if allowed.iter().any(|f| f == "PASSWORD") && row.is_none_or(|r| r.password_hash.is_some()) {
        out.extend([FirstFactor::Password, FirstFactor::PasswordSrp]);
    }
    if allowed.iter().any(|f| f == "EMAIL_OTP") && row.is_none_or(|r| verified(r, "email", "email_verified")) {
        out.push(FirstFactor::EmailOtp);
    }
    if allowed.iter().any(|f| f == "SMS_OTP") && row.is_some_and(|r| verified(r, "phone_number", "phone_number_verified")) {
        out.push(FirstFactor::SmsOtp);
    }
    out
}

/// What USER_AUTH was started with.
#[derive(Debug, Clone, Copy)]
pub struct UserAuth<'a> {
    pub username: &'a str,
    pub preferred: Option<FirstFactor>,
    pub password: Option<&'a str>,
    pub srp_a: Option<&'a str>,
}

/// InitiateAuth USER_AUTH: the preferred first factor when the user may use it, else
/// SELECT_CHALLENGE with the ones on offer.
pub fn start_user_auth(ctx: &Context, pool_id: &PoolId, client: &Client, req: UserAuth<'_>, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let row = users::find(&mut conn, &pool, req.username)?.filter(|r| r.status != UserStatus::ExternalProvider.as_str());
    // No connection is held while a hook answers.
    drop(conn);
    super::super::signin::pre_authentication(ctx, &pool, client, req.username, row.as_ref(), origin)?;
    let mut conn = ctx.conn()?;
    let offered = available(&pool, row.as_ref());
    if offered.is_empty() {
        return Err(Error::NotAuthorized("No first factor of this user pool is available for the user.".into()));
    }
    match req.preferred.filter(|f| offered.contains(f)) {
        Some(factor) => start(ctx, &mut conn, &pool, client, row, req.username, factor, req.password, req.srp_a, origin),
        None => {
            let session = store::new_session();
            let data = Data {
                unknown_name: row.is_none().then(|| users::key(&pool, req.username)),
                device_key: origin.device_key.map(str::to_string),
                ..Data::default()
            };
            let sub = row.as_ref().map(|r| r.sub.clone()).unwrap_or_default();
            store::insert(ctx, &mut conn, &pool.id, client.id.as_str(), &sub, ChallengeName::SelectChallenge, &data, &session)?;
            let mut ch = Challenge::new(ChallengeName::SelectChallenge, row.as_ref().map(|r| r.username.as_str()).unwrap_or(req.username));
            ch.session = Some(session);
            ch.available = offered;
            Ok(SignIn::Challenge(ch))
        }
    }
}

/// Starts the chosen first factor.
#[allow(clippy::too_many_arguments)]
fn start(
    ctx: &Context,
    conn: &mut DbConnection,
    pool: &Pool,
    client: &Client,
    row: Option<UserRow>,
    typed: &str,
    factor: FirstFactor,
    password: Option<&str>,
    srp_a: Option<&str>,
    origin: Origin<'_>,
) -> Result<SignIn> {
    let name = row.as_ref().map(|r| r.username.clone()).unwrap_or_else(|| typed.to_string());
    match factor {
        FirstFactor::Password => {
            let password = password.ok_or_else(|| Error::InvalidParameter("Missing required parameter PASSWORD".into()))?;
            signin::password(ctx, &pool.id, client, &name, password, Origin { pre_authenticated: true, ..origin })
        }
        FirstFactor::PasswordSrp => {
            let srp_a = srp_a.ok_or_else(|| Error::InvalidParameter("Missing required parameter SRP_A".into()))?;
            super::srp_steps::start_srp(ctx, &pool.id, client, &name, srp_a, Origin { pre_authenticated: true, ..origin }).map(SignIn::Challenge)
        }
        FirstFactor::EmailOtp | FirstFactor::SmsOtp => {
            let by_email = factor == FirstFactor::EmailOtp;
            let challenge = if by_email { ChallengeName::EmailOtp } else { ChallengeName::SmsOtp };
            let session = store::new_session();
            let mut data = Data { first_factor: true, device_key: origin.device_key.map(str::to_string), ..Data::default() };
            let mut ch = Challenge::new(challenge, &name);
            conn.transaction(|c| {
                match &row {
                    Some(r) => {
                        let user = User::from_row(r.clone())?;
                        let code = code_step(ctx, &mut data, &session, &user, by_email)?;
                        store::insert(ctx, c, &pool.id, client.id.as_str(), &r.sub, challenge, &data, &session)?;
                        send_code(ctx, c, pool, client.id.as_str(), &user, by_email, &code, origin.address)?;
                    }
                    None => {
                        // A name that matches no user: the same answer, no message.
                        let key = users::key(pool, typed);
                        throttle::allow_send(c, pool.id.as_str(), &key, "sign_in", origin.address)?;
                        data.destination = Some(plausible_delivery(ctx, None, typed).destination);
                        data.unknown_name = Some(key);
                        store::insert(ctx, c, &pool.id, client.id.as_str(), "", challenge, &data, &session)?;
                    }
                }
                Ok::<_, Error>(())
            })?;
            ch.delivery = data.destination.clone().map(|destination| {
                let (medium, attribute) = if by_email { ("EMAIL", "email") } else { ("SMS", "phone_number") };
                CodeDelivery { destination, medium, attribute }
            });
            ch.session = Some(session);
            Ok(SignIn::Challenge(ch))
        }
    }
}

/// Answers to SELECT_CHALLENGE and to a first-factor code.
pub(super) fn respond(ctx: &Context, client: &Client, p: Pending, answer: Answer<'_>, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    let row = match p.data.unknown_name {
        Some(_) => None,
        None => Some(crate::db::queries::users::find_by_sub(&mut conn, p.pool.id.as_str(), &p.row.user_sub)?.ok_or_else(super::invalid_session)?),
    };
    let subject = p.data.unknown_name.clone().unwrap_or_else(|| p.row.user_sub.clone());
    let carried = Origin { device_key: p.data.device_key.as_deref(), ..origin };
    match (p.name, answer) {
        (ChallengeName::SelectChallenge, Answer::Select { factor, password, srp_a }) => {
            if !available(&p.pool, row.as_ref()).contains(&factor) {
                return Err(Error::InvalidParameter(format!("{} is not one of the available challenges.", factor.as_str())));
            }
            store::finish(&mut conn, p.hash())?;
            let typed = p.data.unknown_name.clone().unwrap_or_default();
            start(ctx, &mut conn, &p.pool, client, row, &typed, factor, password, srp_a, carried)
        }
        (ChallengeName::EmailOtp | ChallengeName::SmsOtp, Answer::Code(code)) => {
            let keys = throttle::Keys::new(p.pool.id.as_str(), &subject, origin.address);
            throttle::check(&mut conn, &keys)?;
            let user = match row {
                Some(r) if code_matches(ctx, &p, code) => User::from_row(r)?,
                _ => {
                    store::count_attempt(&mut conn, p.hash())?;
                    throttle::record_failure(&mut conn, &keys)?;
                    return Err(wrong_code());
                }
            };
            conn.transaction(|c| {
                store::finish(c, p.hash())?;
                throttle::record_success(c, &keys)
            })?;
            if !user.enabled {
                return Err(Error::UserDisabled);
            }
            if user.status != UserStatus::Confirmed {
                return Err(Error::NotAuthorized("Sign in with a password first: this account needs one set.".into()));
            }
            Ok(SignIn::Authenticated(Done { device_key: p.data.device_key.clone(), ..Done::new(user, false) }))
        }
        (name, _) => Err(Error::InvalidParameter(format!("That answer does not fit the {} challenge.", name.as_str()))),
    }
}
