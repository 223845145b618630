//! SRP steps (the arithmetic is `crypto::srp`): USER_SRP_AUTH's PASSWORD_VERIFIER, and a
//! remembered device's DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER, which stands in for
//! the second factor. The server's secret b lives sealed in the step, which the
//! SECRET_BLOCK (random) names and answers once.
//!
//! A name that matches no user (or a user with no verifier yet, or one signed in
//! through a provider) gets a PASSWORD_VERIFIER too, with a salt that is the same for
//! that name every time, and the answer fails like a wrong password.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use diesel::Connection;

use super::custom::Custom;
use super::store::{self, Pending};
use super::{wrong_credentials, Answer, Challenge, ChallengeName, Data, Done, Origin, SignIn, SrpChallenge};
use crate::crypto::{keyed_hash, random, srp};
use crate::db::DbConnection;
use crate::domain::auth::{signin, throttle};
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools::{self, Pool};
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{devices, time, Context};
use crate::error::{Error, Result};

fn new_secret_block() -> String {
    BASE64.encode(random::bytes::<48>())
}

/// Salt and verifier for a name with no usable verifier: derived from the name under a
/// server key, so repeated attempts see the same salt, as for a real user.
fn decoy(ctx: &Context, pool: &PoolId, name: &str) -> (String, Vec<u8>) {
    let salt = keyed_hash(&ctx.code_key, &["srp-decoy-salt", pool.as_str(), &name.to_lowercase()]);
    let verifier = keyed_hash(&ctx.code_key, &["srp-decoy-verifier", pool.as_str(), &name.to_lowercase()]);
    (srp::pad_hex(&salt.as_bytes()[..16]), verifier.into_bytes())
}

/// USER_SRP_AUTH (and USER_AUTH's PASSWORD_SRP): the PASSWORD_VERIFIER challenge with
/// the user's salt, the server's B and a new SECRET_BLOCK.
pub fn start_srp(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, srp_a: &str, origin: Origin<'_>) -> Result<Challenge> {
    start_srp_step(ctx, pool_id, client, username, srp_a, origin, None)
}

/// PASSWORD_VERIFIER, alone or as a step of a custom sign-in (`custom`), which goes back
/// to DefineAuthChallenge once the password is proven. Cognito's custom flow gives this
/// step a Session too; here it is the SECRET_BLOCK, which answers the step either way.
pub(super) fn start_srp_step(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    username: &str,
    srp_a: &str,
    origin: Origin<'_>,
    custom: Option<Custom>,
) -> Result<Challenge> {
    srp::check_client_public(srp_a)?;
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let row = users::find(&mut conn, &pool, username)?;
    let subject = row.as_ref().map(|r| r.sub.clone()).unwrap_or_else(|| users::key(&pool, username));
    throttle::check(&mut conn, &throttle::Keys::new(pool_id.as_str(), &subject, origin.address))?;
    // No connection is held while a hook answers.
    drop(conn);
    super::super::signin::pre_authentication(ctx, &pool, client, username, row.as_ref(), origin)?;
    let mut conn = ctx.conn()?;
    let usable = row.filter(|r| r.status != UserStatus::ExternalProvider.as_str() && r.srp_verifier_enc.is_some());
    let (user_sub, user_id, salt, verifier, unknown_name) = match &usable {
        Some(r) => {
            let verifier = ctx.secrets.decrypt(r.srp_verifier_enc.as_deref().unwrap_or_default())?;
            (r.sub.clone(), r.username.clone(), r.srp_salt.clone().unwrap_or_default(), verifier, None)
        }
        None => {
            let (salt, verifier) = decoy(ctx, pool_id, username);
            (String::new(), username.to_string(), salt, verifier, Some(users::key(&pool, username)))
        }
    };
    let ephemeral = srp::server_ephemeral(&verifier)?;
    let secret_block = new_secret_block();
    let data = Data {
        srp_b: Some(srp::pad_hex(&srp::ephemeral_secret_bytes(&ephemeral))),
        srp_a: Some(srp_a.to_string()),
        unknown_name,
        device_key: origin.device_key.map(str::to_string),
        custom,
        ..Data::default()
    };
    let in_custom_flow = data.custom.is_some();
    store::insert(ctx, &mut conn, pool_id, client.id.as_str(), &user_sub, ChallengeName::PasswordVerifier, &data, &secret_block)?;
    let mut ch = Challenge::new(ChallengeName::PasswordVerifier, &user_id);
    if in_custom_flow {
        ch.session = Some(secret_block.clone());
    }
    ch.srp = Some(SrpChallenge { salt, srp_b: ephemeral.public_b_hex(), secret_block });
    Ok(ch)
}

/// The Session of a device's DEVICE_SRP_AUTH step. Named by the device key, because
/// some clients (pycognito) answer this step without the Session; answering it still
/// takes the device's own secret, in DEVICE_PASSWORD_VERIFIER.
pub fn device_srp_session(device_key: &str) -> String {
    format!("device-srp:{device_key}")
}

/// DEVICE_SRP_AUTH: a remembered device's proof replaces the second factor.
pub(super) fn start_device(ctx: &Context, conn: &mut DbConnection, pool: &Pool, client: &Client, user: &User, device_key: &str) -> Result<SignIn> {
    let session = device_srp_session(device_key);
    crate::db::queries::challenges::delete(conn, &crate::crypto::token_hash(&session))?;
    let data = Data { device_key: Some(device_key.to_string()), ..Data::default() };
    store::insert(ctx, conn, &pool.id, client.id.as_str(), user.sub.as_str(), ChallengeName::DeviceSrpAuth, &data, &session)?;
    let mut ch = Challenge::new(ChallengeName::DeviceSrpAuth, &user.username);
    ch.session = Some(session);
    ch.device_key = Some(device_key.to_string());
    Ok(SignIn::Challenge(ch))
}

/// The server's ephemeral of a step, from its sealed b and the verifier.
fn ephemeral_of(p: &Pending, verifier: &[u8]) -> Result<srp::ServerEphemeral> {
    let b = srp::from_hex(p.data.srp_b.as_deref().unwrap_or_default())?;
    Ok(srp::server_ephemeral_from_secret(verifier, &b)?)
}

/// Answers to PASSWORD_VERIFIER, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
pub(super) fn respond(ctx: &Context, client: &Client, p: Pending, answer: Answer<'_>, origin: Origin<'_>) -> Result<SignIn> {
    match (p.name, answer) {
        (ChallengeName::PasswordVerifier, Answer::Claim { secret_block, signature, timestamp }) => password_claim(ctx, client, p, secret_block, signature, timestamp, origin),
        (ChallengeName::DeviceSrpAuth, Answer::DeviceSrp { device_key, srp_a }) => device_challenge(ctx, client, p, device_key, srp_a),
        (ChallengeName::DevicePasswordVerifier, Answer::Claim { secret_block, signature, timestamp }) => device_claim(ctx, p, secret_block, signature, timestamp, origin),
        (name, _) => Err(Error::InvalidParameter(format!("That answer does not fit the {} challenge.", name.as_str()))),
    }
}

fn password_claim(ctx: &Context, client: &Client, p: Pending, secret_block: &str, signature: &str, timestamp: &str, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    // The step is used up whatever the answer: a verifier exchange is tried once.
    store::finish(&mut conn, p.hash())?;
    let subject = p.data.unknown_name.clone().unwrap_or_else(|| p.row.user_sub.clone());
    let keys = throttle::Keys::new(p.pool.id.as_str(), &subject, origin.address);
    throttle::check(&mut conn, &keys)?;
    let row = match p.data.unknown_name {
        Some(_) => None,
        None => crate::db::queries::users::find_by_sub(&mut conn, p.pool.id.as_str(), &p.row.user_sub)?,
    };
    let verified = match &row {
        Some(r) => {
            let verifier = ctx.secrets.decrypt(r.srp_verifier_enc.as_deref().unwrap_or_default())?;
            let ephemeral = ephemeral_of(&p, &verifier)?;
            let block = BASE64.decode(secret_block).map_err(|_| wrong_credentials())?;
            let claim = srp::Claim {
                realm: users::srp_realm(&p.pool.id),
                user: &r.username,
                verifier: &verifier,
                client_a_hex: p.data.srp_a.as_deref().unwrap_or_default(),
                ephemeral: &ephemeral,
                secret_block: &block,
                timestamp,
                signature_b64: signature,
            };
            match srp::verify_claim(&claim, time::now()) {
                Ok(()) => true,
                Err(srp::SrpError::BadTimestamp | srp::SrpError::Malformed(_)) => {
                    return Err(Error::InvalidParameter("TIMESTAMP or PASSWORD_CLAIM_SIGNATURE is malformed.".into()))
                }
                Err(_) => false,
            }
        }
        None => false,
    };
    let Some(row) = row.filter(|_| verified) else {
        throttle::record_failure(&mut conn, &keys)?;
        return Err(wrong_credentials());
    };
    drop(conn);
    let user = User::from_row(row)?;
    let carried = Origin { device_key: p.data.device_key.as_deref(), ..origin };
    if let Some(state) = p.data.custom.clone() {
        throttle::record_success(&mut *ctx.conn()?, &keys)?;
        return super::custom::after_password(ctx, &p.pool, client, user, state, carried);
    }
    signin::after_password(ctx, &p.pool, client, user, &keys, carried)
}

fn device_challenge(ctx: &Context, client: &Client, p: Pending, device_key: &str, srp_a: &str) -> Result<SignIn> {
    srp::check_client_public(srp_a)?;
    if p.data.device_key.as_deref() != Some(device_key) {
        return Err(Error::NotAuthorized("Invalid device key given.".into()));
    }
    let mut conn = ctx.conn()?;
    let user = store::user_of(&mut conn, &p)?;
    let device = devices::srp_verifier(ctx, &mut conn, &p.pool, user.sub.as_str(), device_key)?
        .ok_or_else(|| Error::NotAuthorized("Invalid device key given.".into()))?;
    let ephemeral = srp::server_ephemeral(&device.verifier)?;
    let secret_block = new_secret_block();
    let data = Data {
        srp_b: Some(srp::pad_hex(&srp::ephemeral_secret_bytes(&ephemeral))),
        srp_a: Some(srp_a.to_string()),
        device_key: Some(device_key.to_string()),
        ..Data::default()
    };
    conn.transaction(|c| {
        store::finish(c, p.hash())?;
        store::insert(ctx, c, &p.pool.id, client.id.as_str(), user.sub.as_str(), ChallengeName::DevicePasswordVerifier, &data, &secret_block)
    })?;
    let mut ch = Challenge::new(ChallengeName::DevicePasswordVerifier, &user.username);
    ch.srp = Some(SrpChallenge { salt: device.salt, srp_b: ephemeral.public_b_hex(), secret_block });
    ch.device_key = Some(device_key.to_string());
    Ok(SignIn::Challenge(ch))
}

fn device_claim(ctx: &Context, p: Pending, secret_block: &str, signature: &str, timestamp: &str, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    store::finish(&mut conn, p.hash())?;
    let user = store::user_of(&mut conn, &p)?;
    let keys = throttle::Keys::new(p.pool.id.as_str(), user.sub.as_str(), origin.address);
    throttle::check(&mut conn, &keys)?;
    let device_key = p.data.device_key.clone().unwrap_or_default();
    let device = devices::srp_verifier(ctx, &mut conn, &p.pool, user.sub.as_str(), &device_key)?.ok_or_else(wrong_credentials)?;
    let ephemeral = ephemeral_of(&p, &device.verifier)?;
    let block = BASE64.decode(secret_block).map_err(|_| wrong_credentials())?;
    let claim = srp::Claim {
        realm: &device.group_key,
        user: &device_key,
        verifier: &device.verifier,
        client_a_hex: p.data.srp_a.as_deref().unwrap_or_default(),
        ephemeral: &ephemeral,
        secret_block: &block,
        timestamp,
        signature_b64: signature,
    };
    if srp::verify_claim(&claim, time::now()).is_err() {
        throttle::record_failure(&mut conn, &keys)?;
        return Err(wrong_credentials());
    }
    devices::authenticated(&mut conn, &device_key, origin.address)?;
    throttle::record_success(&mut conn, &keys)?;
    Ok(SignIn::Authenticated(Done { device_key: Some(device_key), ..Done::new(user, false) }))
}
