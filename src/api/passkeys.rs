//! A signed-in user's passkeys: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
//! ListWebAuthnCredentials, DeleteWebAuthnCredential (with an access token).

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::user::caller;
use super::{run, Call};
use crate::domain::passkeys::{self, PasskeyInfo};
use crate::domain::Context;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenIn {
    access_token: String,
}

pub async fn start_web_authn_registration(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: TokenIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let options = run(ctx, move |c| passkeys::start_registration(c, &who.pool, &who.user, &who.client_id)).await?;
    Ok(json!({ "CredentialCreationOptions": options }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CompleteIn {
    access_token: String,
    credential: Value,
}

pub async fn complete_web_authn_registration(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: CompleteIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    run(ctx, move |c| passkeys::finish_registration(c, &who.pool, &who.user, &who.client_id, &i.credential, None)).await?;
    Ok(json!({}))
}

fn description(p: &PasskeyInfo) -> Value {
    let mut out = json!({
        "CredentialId": p.credential_id,
        "FriendlyCredentialName": p.friendly_name,
        "RelyingPartyId": p.relying_party_id,
        "AuthenticatorTransports": p.transports,
        "CreatedAt": p.created_at,
    });
    if let Some(a) = &p.authenticator_attachment {
        out["AuthenticatorAttachment"] = json!(a);
    }
    out
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListIn {
    access_token: String,
    next_token: Option<String>,
    max_results: Option<usize>,
}

/// Pages of at most MaxResults (default and most: 20); NextToken is the last
/// credential id of the page before.
pub async fn list_web_authn_credentials(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: ListIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let all = run(ctx, move |c| passkeys::list(c, &who.pool, &who.user)).await?;
    let start = match &i.next_token {
        Some(after) => all.iter().position(|p| &p.credential_id == after).map(|n| n + 1).ok_or_else(|| ApiError::invalid_parameter("NextToken is not valid."))?,
        None => 0,
    };
    let size = i.max_results.filter(|n| *n > 0).unwrap_or(20).min(20);
    let page: Vec<&PasskeyInfo> = all.iter().skip(start).take(size).collect();
    let mut out = json!({ "Credentials": page.iter().map(|p| description(p)).collect::<Vec<_>>() });
    if start + page.len() < all.len() {
        if let Some(last) = page.last() {
            out["NextToken"] = json!(last.credential_id);
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteIn {
    access_token: String,
    credential_id: String,
}

pub async fn delete_web_authn_credential(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: DeleteIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    run(ctx, move |c| passkeys::delete(c, &who.user, &i.credential_id)).await?;
    Ok(json!({}))
}
