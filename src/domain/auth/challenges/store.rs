//! Pending steps as rows: stored under the hash of the value that answers them, read
//! back (unexpired, unexhausted, for the same client), and ended exactly once.

use super::{invalid_session, Challenge, ChallengeName, Data};
use crate::crypto::{new_token, token_hash};
use crate::db::models::AuthChallengeRow;
use crate::db::{queries, DbConnection};
use crate::domain::auth::CodeDelivery;
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use diesel::Connection;

use crate::domain::pools::{self, Pool};
use crate::domain::users::User;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// How long a challenge may wait for its answer (Cognito allows 3 to 15 minutes).
pub(super) const CHALLENGE_SECONDS: i64 = 300;
pub(super) const MAX_ATTEMPTS: i32 = 5;

pub(super) struct Pending {
    pub row: AuthChallengeRow,
    pub name: ChallengeName,
    pub data: Data,
    pub pool: Pool,
}

impl Pending {
    pub fn hash(&self) -> &str {
        &self.row.id_hash
    }
}

/// Stores a step under the hash of `key` (a new session, or an SRP secret block).
/// `user_sub` is empty for a sign-in whose name matches no user.
#[allow(clippy::too_many_arguments)] // the open transaction and each part of the step
pub(super) fn insert(ctx: &Context, conn: &mut DbConnection, pool: &PoolId, client_id: &str, user_sub: &str, name: ChallengeName, data: &Data, key: &str) -> Result<()> {
    insert_for(ctx, conn, pool, client_id, user_sub, name, data, key, CHALLENGE_SECONDS)
}

#[allow(clippy::too_many_arguments)]
fn insert_for(ctx: &Context, conn: &mut DbConnection, pool: &PoolId, client_id: &str, user_sub: &str, name: ChallengeName, data: &Data, key: &str, seconds: i64) -> Result<()> {
    let now = time::now();
    let sealed = serde_json::to_vec(data).map_err(|e| Error::Internal(e.to_string()))?;
    queries::challenges::insert(
        conn,
        &AuthChallengeRow {
            id_hash: token_hash(key),
            pool_id: pool.to_string(),
            client_id: client_id.to_string(),
            user_sub: user_sub.to_string(),
            challenge: name.as_str().into(),
            attempts: 0,
            expires_at: now + seconds,
            created_at: now,
            data_enc: Some(ctx.secrets.encrypt(&sealed)),
        },
    )?;
    Ok(())
}

/// The step `key` answers, for this client.
pub(super) fn pending(ctx: &Context, conn: &mut DbConnection, pool_id: &PoolId, client: &Client, key: &str) -> Result<Pending> {
    let pool = pools::load(conn, pool_id)?;
    let row = queries::challenges::find(conn, pool_id.as_str(), &token_hash(key))?
        .filter(|r| r.client_id == client.id.as_str())
        .ok_or_else(|| Error::NotAuthorized("Invalid session for the user.".into()))?;
    if row.expires_at < time::now() || row.attempts >= MAX_ATTEMPTS {
        return Err(invalid_session());
    }
    let data = match &row.data_enc {
        Some(sealed) => serde_json::from_slice(&ctx.secrets.decrypt(sealed)?).map_err(|e| Error::Internal(format!("challenge data: {e}")))?,
        None => Data::default(),
    };
    let name = ChallengeName::parse(&row.challenge).ok_or_else(|| Error::Internal(format!("unknown stored challenge {:?}", row.challenge)))?;
    Ok(Pending { name, row, data, pool })
}

/// The step `key` answers, whichever client started it (for calls that carry only a
/// Session, as AssociateSoftwareToken and VerifySoftwareToken do).
pub(super) fn pending_by_key(ctx: &Context, conn: &mut DbConnection, key: &str) -> Result<Pending> {
    let row = queries::challenges::find_by_hash(conn, &token_hash(key))?.ok_or_else(|| Error::NotAuthorized("Invalid session for the user.".into()))?;
    let pool = PoolId::parse(&row.pool_id)?;
    let client = crate::domain::clients::load(ctx, conn, &row.client_id)?;
    pending(ctx, conn, &pool, &client, key)
}

/// The step's user, who must still exist and be enabled.
pub(super) fn user_of(conn: &mut DbConnection, p: &Pending) -> Result<User> {
    let row = queries::users::find_by_sub(conn, p.pool.id.as_str(), &p.row.user_sub)?.filter(|u| u.enabled).ok_or_else(invalid_session)?;
    User::from_row(row)
}

/// Ends a step; fails when another request answered it first.
pub(super) fn finish(conn: &mut DbConnection, hash: &str) -> Result<()> {
    match queries::challenges::delete(conn, hash)? {
        1 => Ok(()),
        _ => Err(invalid_session()),
    }
}

/// A wrong answer: counted against the step.
pub(super) fn count_attempt(conn: &mut DbConnection, hash: &str) -> Result<()> {
    queries::challenges::count_attempt(conn, hash)?;
    Ok(())
}

/// A new session value for the next step.
pub(super) fn new_session() -> String {
    new_token()
}

pub(super) fn delivery(name: ChallengeName, data: &Data) -> Option<CodeDelivery> {
    let destination = data.destination.clone()?;
    Some(match name {
        ChallengeName::SmsMfa | ChallengeName::SmsOtp => CodeDelivery { destination, medium: "SMS", attribute: "phone_number" },
        _ => CodeDelivery { destination, medium: "EMAIL", attribute: "email" },
    })
}

/// NEW_PASSWORD_REQUIRED for a user who signed in with a temporary password.
pub(crate) fn start_new_password(ctx: &Context, conn: &mut DbConnection, pool: &Pool, client: &Client, user: User, device_key: Option<&str>) -> Result<super::SignIn> {
    let session = new_session();
    let data = Data { device_key: device_key.map(str::to_string), ..Data::default() };
    insert(ctx, conn, &pool.id, client.id.as_str(), user.sub.as_str(), ChallengeName::NewPasswordRequired, &data, &session)?;
    let mut ch = Challenge::new(ChallengeName::NewPasswordRequired, &user.username);
    ch.session = Some(session);
    ch.required_attributes = pool
        .settings
        .schema
        .iter()
        .filter(|d| d.required && d.mutable && !user.attributes.contains_key(&d.name))
        .map(|d| d.name.clone())
        .collect();
    ch.attributes = user.attributes.clone();
    Ok(super::SignIn::Challenge(ch))
}

/// How long SignUp's Session waits for the confirmation (as long as its code).
const SIGN_UP_SECONDS: i64 = 24 * 3600;

/// SignUp's Session (inside the sign-up's transaction).
pub fn sign_up_session(ctx: &Context, conn: &mut DbConnection, pool: &PoolId, client_id: &str, user_sub: &str) -> Result<String> {
    let session = new_session();
    insert_for(ctx, conn, pool, client_id, user_sub, ChallengeName::SignUp, &Data::default(), &session, SIGN_UP_SECONDS)?;
    Ok(session)
}

/// ConfirmSignUp with SignUp's Session: a new one that signs the user in (USER_AUTH);
/// `None` when the session is not this user's sign-up.
pub fn confirmed_sign_up_session(ctx: &Context, pool: &PoolId, client: &Client, user_sub: &str, session: &str) -> Result<Option<String>> {
    let mut conn = ctx.conn()?;
    let Ok(p) = pending(ctx, &mut conn, pool, client, session) else { return Ok(None) };
    if p.name != ChallengeName::SignUp || p.row.user_sub != user_sub {
        return Ok(None);
    }
    let next = new_session();
    conn.transaction(|c| {
        finish(c, p.hash())?;
        insert(ctx, c, pool, client.id.as_str(), user_sub, ChallengeName::ConfirmedSignUp, &Data::default(), &next)
    })?;
    Ok(Some(next))
}

/// USER_AUTH with ConfirmSignUp's Session: the user who just confirmed is signed in.
pub fn sign_in_with_session(ctx: &Context, pool: &PoolId, client: &Client, username: &str, session: &str) -> Result<super::SignIn> {
    let mut conn = ctx.conn()?;
    let p = pending(ctx, &mut conn, pool, client, session)?;
    let user = user_of(&mut conn, &p)?;
    let same = crate::domain::users::find(&mut conn, &p.pool, username)?.is_some_and(|r| r.sub == p.row.user_sub);
    if p.name != ChallengeName::ConfirmedSignUp || !same {
        return Err(invalid_session());
    }
    finish(&mut conn, p.hash())?;
    Ok(super::SignIn::Authenticated(super::Done::new(user, false)))
}
