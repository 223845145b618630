//! Identity providers over the API: Create, Describe, Update, Delete and
//! ListIdentityProviders, GetIdentityProviderByIdentifier. As in Cognito, an
//! administrator reads a provider's details back whole, its client secret included.

use std::collections::BTreeMap;

use actix_web::web;
use serde_json::{json, Value};

use super::error::ApiError;
use super::fields::{n, page, pool_id, req, s, strings};
use super::{run, Call};
use crate::domain::federation::providers::{self, Provider, ProviderInput, ProviderType};
use crate::domain::Context;

fn provider_out(p: &Provider) -> Value {
    json!({
        "UserPoolId": p.pool_id.as_str(),
        "ProviderName": p.name,
        "ProviderType": p.provider_type.as_str(),
        "ProviderDetails": p.details,
        "AttributeMapping": p.attribute_mapping,
        "IdpIdentifiers": p.idp_identifiers,
        "LastModifiedDate": p.updated_at,
        "CreationDate": p.created_at,
    })
}

fn map(input: &Value, key: &str) -> Option<BTreeMap<String, String>> {
    input.get(key).and_then(Value::as_object).map(|o| o.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect())
}

fn provider_in(input: &Value) -> ProviderInput {
    ProviderInput {
        details: map(input, "ProviderDetails").unwrap_or_default(),
        attribute_mapping: map(input, "AttributeMapping"),
        idp_identifiers: input.get("IdpIdentifiers").map(|_| strings(input, "IdpIdentifiers")),
    }
}

pub async fn create_identity_provider(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "ProviderName");
    let kind = ProviderType::parse(&req(&call.input, "ProviderType")).map_err(ApiError::from)?;
    let input = provider_in(&call.input);
    let p = run(ctx, move |c| providers::create(c, &pool, &name, kind, input)).await?;
    Ok(json!({ "IdentityProvider": provider_out(&p) }))
}

pub async fn describe_identity_provider(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "ProviderName");
    let p = run(ctx, move |c| providers::get(c, &pool, &name)).await?;
    Ok(json!({ "IdentityProvider": provider_out(&p) }))
}

pub async fn update_identity_provider(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "ProviderName");
    let input = provider_in(&call.input);
    let p = run(ctx, move |c| providers::update(c, &pool, &name, input)).await?;
    Ok(json!({ "IdentityProvider": provider_out(&p) }))
}

pub async fn delete_identity_provider(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "ProviderName");
    run(ctx, move |c| providers::delete(c, &pool, &name)).await?;
    Ok(json!({}))
}

pub async fn list_identity_providers(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let all = run(ctx, move |c| providers::list(c, &pool)).await?;
    let max = n(&call.input, "MaxResults").unwrap_or(60).clamp(1, 60) as usize;
    let (items, next) = page(&all, |p| p.name.clone(), s(&call.input, "NextToken"), max)?;
    let mut out = json!({
        "Providers": items.iter().map(|p| json!({
            "ProviderName": p.name,
            "ProviderType": p.provider_type.as_str(),
            "LastModifiedDate": p.updated_at,
            "CreationDate": p.created_at,
        })).collect::<Vec<_>>(),
    });
    if let Some(t) = next {
        out["NextToken"] = json!(t);
    }
    Ok(out)
}

pub async fn get_identity_provider_by_identifier(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let identifier = req(&call.input, "IdpIdentifier");
    let all = run(ctx, move |c| providers::list(c, &pool)).await?;
    let p = all
        .iter()
        .find(|p| p.idp_identifiers.iter().any(|i| i.eq_ignore_ascii_case(&identifier)))
        .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("Identity provider with identifier {identifier} does not exist.")))?;
    Ok(json!({ "IdentityProvider": provider_out(p) }))
}
