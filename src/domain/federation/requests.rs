//! Sign-ins waiting for the upstream provider: the app's authorization request, the
//! nonce and PKCE verifier (OIDC) or the AuthnRequest ID (SAML), stored sealed under
//! the hash of the `state` / `RelayState` sent upstream. Each is used once, expires,
//! and is bound to the browser that started it (the hash of a secret in its cookie):
//! an answer delivered by another browser is refused, so nobody can sign a victim's
//! browser into their own account with an answer they obtained (login CSRF).

use serde::{Deserialize, Serialize};

use crate::crypto::{constant_time_eq, new_token, token_hash};
use crate::db::models::FederationRequestRow;
use crate::db::queries;
use crate::domain::ids::PoolId;
use crate::domain::oauth::authorize::AuthorizeParams;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// How long the user may spend at the upstream provider.
const REQUEST_SECONDS: i64 = 600;

#[derive(Clone, Serialize, Deserialize)]
pub struct Pending {
    pub provider: String,
    /// The app's request, to finish once the provider answers.
    pub authorize: AuthorizeParams,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub pkce_verifier: Option<String>,
    #[serde(default)]
    pub saml_request_id: Option<String>,
}

/// A new random `state` for the upstream request.
pub fn new_state() -> String {
    new_token()
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("provider", &self.provider)
            .field("authorize", &self.authorize)
            .field("nonce", &crate::crypto::redacted(&self.nonce))
            .field("pkce_verifier", &crate::crypto::redacted(&self.pkce_verifier))
            .field("saml_request_id", &self.saml_request_id)
            .finish()
    }
}

/// What a `state` leads to.
#[derive(Debug)]
pub enum Taken {
    Found(Box<Pending>),
    /// Unknown, expired or already used.
    Missing,
    /// Started by another browser (left waiting for its own).
    OtherBrowser,
}

/// A new secret for the browser's federation cookie.
pub fn new_browser_secret() -> String {
    new_token()
}

pub fn save(ctx: &Context, pool_id: &PoolId, state: &str, pending: &Pending, browser_secret: &str) -> Result<()> {
    let now = time::now();
    let data = serde_json::to_vec(pending).map_err(|e| Error::Internal(e.to_string()))?;
    queries::federation::insert_request(
        &mut *ctx.conn()?,
        &FederationRequestRow {
            state_hash: token_hash(state),
            pool_id: pool_id.to_string(),
            provider_name: pending.provider.clone(),
            data_enc: ctx.secrets.encrypt(&data),
            expires_at: now + REQUEST_SECONDS,
            created_at: now,
            browser_hash: Some(token_hash(browser_secret)),
        },
    )?;
    Ok(())
}

/// Takes the request a `state` names, if `browser_secret` is the one of the browser that
/// started it. Another browser's answer leaves the request for its own browser.
pub fn take(ctx: &Context, pool_id: &PoolId, state: &str, browser_secret: Option<&str>) -> Result<Taken> {
    let hash = token_hash(state);
    let mut conn = ctx.conn()?;
    let Some(row) = queries::federation::find_request(&mut conn, pool_id.as_str(), &hash)? else { return Ok(Taken::Missing) };
    if row.expires_at < time::now() {
        return Ok(Taken::Missing);
    }
    let same_browser = match (&row.browser_hash, browser_secret) {
        (Some(expected), Some(secret)) => constant_time_eq(expected.as_bytes(), token_hash(secret).as_bytes()),
        _ => false,
    };
    if !same_browser {
        return Ok(Taken::OtherBrowser);
    }
    if queries::federation::delete_request(&mut conn, &hash)? != 1 {
        return Ok(Taken::Missing);
    }
    let pending = serde_json::from_slice(&ctx.secrets.decrypt(&row.data_enc)?).map_err(|e| Error::Internal(format!("federation request: {e}")))?;
    Ok(Taken::Found(Box::new(pending)))
}
