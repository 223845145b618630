//! Pending WebAuthn ceremonies: webauthn-rs's registration or authentication state,
//! sealed with the master key, stored under the hash of what names it (a registration's
//! challenge, which the browser's answer carries back; a sign-in's handle), and taken
//! exactly once: a second answer to the same challenge finds nothing.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::crypto::token_hash;
use crate::db::models::WebauthnCeremonyRow;
use crate::db::{queries, DbConnection};
use crate::domain::pools::Pool;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// As long as webauthn-rs asks the authenticator to wait (five minutes).
const CEREMONY_SECONDS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Registration,
    SignIn,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Registration => "registration",
            Kind::SignIn => "sign_in",
        }
    }
}

/// A ceremony taken back: whose it was, which client started it, and its state.
pub(super) struct Taken<S> {
    pub user_sub: String,
    pub client_id: String,
    pub state: S,
}

/// Who a ceremony is for: the user (empty for a usernameless sign-in) and the app
/// client that started it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owner<'a> {
    pub user_sub: &'a str,
    pub client_id: &'a str,
}

/// Stores a ceremony's state under `key`.
pub(super) fn put<S: Serialize>(ctx: &Context, conn: &mut DbConnection, pool: &Pool, kind: Kind, key: &str, owner: Owner<'_>, state: &S) -> Result<()> {
    let json = serde_json::to_vec(state).map_err(|e| Error::Internal(format!("WebAuthn state: {e}")))?;
    let now = time::now();
    queries::passkeys::insert_ceremony(
        conn,
        &WebauthnCeremonyRow {
            id_hash: token_hash(key),
            pool_id: pool.id.to_string(),
            user_sub: owner.user_sub.to_string(),
            client_id: owner.client_id.to_string(),
            kind: kind.as_str().into(),
            state_enc: ctx.secrets.encrypt(&json),
            expires_at: now + CEREMONY_SECONDS,
            created_at: now,
        },
    )?;
    Ok(())
}

fn not_found() -> Error {
    Error::WebAuthnChallengeNotFound("The passkey challenge does not exist, has expired, or was already answered.".into())
}

/// Takes the ceremony named by `key`, once; WebAuthnChallengeNotFound when there is
/// none (never started, expired, or already answered).
pub(super) fn take<S: DeserializeOwned>(ctx: &Context, conn: &mut DbConnection, pool: &Pool, kind: Kind, key: &str) -> Result<Taken<S>> {
    let row = queries::passkeys::take_ceremony(conn, &token_hash(key), pool.id.as_str(), kind.as_str())?.ok_or_else(not_found)?;
    if row.expires_at < time::now() {
        return Err(not_found());
    }
    let state = serde_json::from_slice(&ctx.secrets.decrypt(&row.state_enc)?).map_err(|e| Error::Internal(format!("WebAuthn state: {e}")))?;
    Ok(Taken { user_sub: row.user_sub, client_id: row.client_id, state })
}
