//! The authentication state machine's pending steps: after a correct password, a
//! sign-in may need one more answer before tokens are issued. The caller gets an
//! opaque session (as Cognito's `Session`) to answer with; it is single-use, expires,
//! and is stored only as its hash.

use diesel::Connection;

use crate::crypto::{new_token, token_hash};
use crate::db::models::AuthChallengeRow;
use crate::db::{queries, DbConnection};
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools;
use crate::domain::users::{self, User, UserStatus};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// How long a challenge may wait for its answer (Cognito allows 3 to 15 minutes).
const CHALLENGE_SECONDS: i64 = 300;
const MAX_ATTEMPTS: i32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeName {
    NewPasswordRequired,
}

impl ChallengeName {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeName::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
        }
    }
}

/// Where a sign-in stands after the password.
#[derive(Debug)]
pub enum SignIn {
    Authenticated(User),
    Challenge { name: ChallengeName, session: String, user: User },
}

pub(crate) fn start(conn: &mut DbConnection, client: &Client, user: &User, name: ChallengeName) -> Result<String> {
    let session = new_token();
    let now = time::now();
    queries::challenges::insert(
        conn,
        &AuthChallengeRow {
            id_hash: token_hash(&session),
            pool_id: user.pool_id.to_string(),
            client_id: client.id.to_string(),
            user_sub: user.sub.to_string(),
            challenge: name.as_str().into(),
            attempts: 0,
            expires_at: now + CHALLENGE_SECONDS,
            created_at: now,
        },
    )?;
    Ok(session)
}

fn invalid_session() -> Error {
    Error::NotAuthorized("Invalid session for the user, session is expired.".into())
}

/// RespondToAuthChallenge(NEW_PASSWORD_REQUIRED): sets the user's permanent password.
pub fn respond_new_password(ctx: &Context, pool_id: &PoolId, client: &Client, session: &str, new_password: &str) -> Result<User> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let hash = token_hash(session);
    let row = queries::challenges::find(&mut conn, pool_id.as_str(), &hash)?
        .filter(|r| r.client_id == client.id.as_str() && r.challenge == ChallengeName::NewPasswordRequired.as_str())
        .filter(|r| r.expires_at >= time::now() && r.attempts < MAX_ATTEMPTS)
        .ok_or_else(invalid_session)?;
    if let Err(e) = pool.settings.password_policy.check(new_password) {
        queries::challenges::count_attempt(&mut conn, &hash)?;
        return Err(e);
    }
    drop(conn);
    let password_hash = ctx.passwords.hash(new_password)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut user = queries::users::find_by_sub(c, pool_id.as_str(), &row.user_sub)?
            .filter(|u| u.enabled && u.status == UserStatus::ForceChangePassword.as_str())
            .ok_or_else(invalid_session)?;
        if queries::challenges::delete(c, &hash)? == 0 {
            return Err(invalid_session());
        }
        user.password_hash = Some(password_hash);
        user.password_set_at = Some(time::now());
        user.status = UserStatus::Confirmed.as_str().into();
        users::save(c, &mut user)?;
        User::from_row(user)
    })
}
