//! Logout: Cognito's `client_id` + `logout_uri`, and OIDC RP-Initiated Logout
//! (`id_token_hint`, `post_logout_redirect_uri`, `state`). A redirect target must be one
//! of the client's registered logout URLs, exactly.

use serde_json::Value;

use crate::domain::clients;
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::{keys, Context};
use crate::error::{Error, Result};

/// Checks a logout request; returns where to send the browser afterwards, if anywhere.
pub fn check(ctx: &Context, pool: &PoolId, client_id: Option<&str>, id_token_hint: Option<&str>, target: Option<&str>) -> Result<Option<String>> {
    let hinted = match id_token_hint.filter(|h| !h.is_empty()) {
        Some(hint) => {
            let claims = keys::verify(ctx, pool, hint, true)?
                .filter(|c| c.get("token_use").and_then(Value::as_str) == Some("id"))
                .ok_or_else(|| Error::InvalidParameter("The id_token_hint is not a valid ID token of this pool.".into()))?;
            claims.get("aud").and_then(Value::as_str).map(str::to_string)
        }
        None => None,
    };
    let client_id = match (client_id.filter(|c| !c.is_empty()), hinted.as_deref()) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::InvalidParameter("client_id does not match the id_token_hint's audience.".into()))
        }
        (Some(a), _) => Some(a.to_string()),
        (None, b) => b.map(str::to_string),
    };
    let Some(target) = target.filter(|t| !t.is_empty()) else { return Ok(None) };
    let client_id = client_id.ok_or_else(|| Error::InvalidParameter("A logout redirect needs the client_id (or an id_token_hint).".into()))?;
    let client = clients::get(ctx, pool, &ClientId::parse(&client_id)?).map_err(|e| match e {
        Error::NotFound(_) => Error::InvalidParameter("The app (client_id) is not registered with this pool.".into()),
        other => other,
    })?;
    if !client.settings.logout_urls.iter().any(|u| u == target) {
        return Err(Error::InvalidParameter("The logout redirect URL is not registered for this app.".into()));
    }
    Ok(Some(target.to_string()))
}
