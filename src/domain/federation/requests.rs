//! Sign-ins waiting for the upstream provider: the app's authorization request, the
//! nonce and PKCE verifier (OIDC) or the AuthnRequest ID (SAML), stored sealed under
//! the hash of the `state` / `RelayState` sent upstream. Each is used once and expires.

use serde::{Deserialize, Serialize};

use crate::crypto::{new_token, token_hash};
use crate::db::models::FederationRequestRow;
use crate::db::queries;
use crate::domain::ids::PoolId;
use crate::domain::oauth::authorize::AuthorizeParams;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// How long the user may spend at the upstream provider.
const REQUEST_SECONDS: i64 = 600;

#[derive(Debug, Clone, Serialize, Deserialize)]
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

pub fn save(ctx: &Context, pool_id: &PoolId, state: &str, pending: &Pending) -> Result<()> {
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
        },
    )?;
    Ok(())
}

/// Takes the request a `state` names: `None` when it is unknown, expired or used.
pub fn take(ctx: &Context, pool_id: &PoolId, state: &str) -> Result<Option<Pending>> {
    let hash = token_hash(state);
    let mut conn = ctx.conn()?;
    let Some(row) = queries::federation::find_request(&mut conn, pool_id.as_str(), &hash)? else { return Ok(None) };
    if queries::federation::delete_request(&mut conn, &hash)? != 1 || row.expires_at < time::now() {
        return Ok(None);
    }
    let pending = serde_json::from_slice(&ctx.secrets.decrypt(&row.data_enc)?).map_err(|e| Error::Internal(format!("federation request: {e}")))?;
    Ok(Some(pending))
}
