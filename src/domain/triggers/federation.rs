//! InboundFederation (`InboundFederation_ExternalProvider`): before a federated sign-in
//! creates or refreshes its user, the hook sees what the provider sent (the token
//! response, the ID token's claims and userinfo, or the SAML attributes) beside the
//! provider's name and type, and may rewrite the attributes the user gets.

use serde_json::{json, Value};

use super::{invoke, Call, Trigger};
use crate::domain::attributes::Attributes;
use crate::domain::pools::Pool;
use crate::domain::Context;
use crate::error::Result;

/// Attributes the provider and the pool own, which the hook may not set.
const KEPT: &[&str] = &["sub", "identities", "cognito:username", "cognito:user_status"];

/// Calls the hook, when the pool has one. `attributes` is the provider's raw answer
/// (`{tokenResponse, idToken, userInfo}` or `{samlResponse}`); `mapped` is what the
/// provider's attribute mapping made of it. A non-empty `userAttributesToMap` replaces
/// `mapped` (what it leaves out, the user does not get); an empty one keeps it.
#[allow(clippy::too_many_arguments)] // the event's members, each from a different place
pub fn inbound_federation(
    ctx: &Context,
    pool: &Pool,
    client_id: Option<&str>,
    provider_name: &str,
    provider_type: &str,
    user_name: &str,
    attributes: &Value,
    mapped: Attributes,
) -> Result<Attributes> {
    let Some(answer) = invoke(
        ctx,
        Call {
            pool,
            trigger: Trigger::InboundFederation,
            source: "InboundFederation_ExternalProvider",
            user_name,
            client_id,
            request: json!({ "providerName": provider_name, "providerType": provider_type, "attributes": attributes }),
            response: json!({ "userAttributesToMap": {} }),
        },
    )?
    else {
        return Ok(mapped);
    };
    let given = answer.get("userAttributesToMap").and_then(Value::as_object);
    let Some(given) = given.filter(|m| !m.is_empty()) else { return Ok(mapped) };
    Ok(given
        .iter()
        .filter(|(k, _)| !KEPT.contains(&k.as_str()))
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k.clone(), s.clone())),
            Value::Bool(b) => Some((k.clone(), b.to_string())),
            Value::Number(n) => Some((k.clone(), n.to_string())),
            _ => None,
        })
        .collect())
}
