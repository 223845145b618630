//! App clients, resource servers and domains over the API: Create, Describe, Update,
//! Delete and List of each, in Cognito's shapes. Cognito's members map onto the
//! domain's client settings (validated there, as for the CLI); the members without an
//! effect here (AnalyticsConfiguration, …) are kept and returned as given.

use actix_web::web;
use serde_json::{json, Map, Value};

use super::error::ApiError;
use super::fields::{b, n, page, pool_id, req, s, strings};
use super::{run, Call};
use crate::domain::clients::{self, Client, ClientSettings, OAuthFlow};
use crate::domain::ids::ClientId;
use crate::domain::resource_servers::{self, ResourceServer, Scope};
use crate::domain::{domains, Context};

/// Members kept as given and returned by DescribeUserPoolClient.
const KEPT: &[&str] = &["AnalyticsConfiguration", "EnablePropagateAdditionalUserContextData", "DefaultRedirectURI", "TokenValidityUnits"];

/// The explicit auth flow names Cognito had before the ALLOW_ ones, and what they mean.
/// A client given them also allows SRP and refresh tokens, as it did in Cognito.
const LEGACY_FLOWS: &[(&str, &str)] = &[
    ("ADMIN_NO_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"),
    ("CUSTOM_AUTH_FLOW_ONLY", "ALLOW_CUSTOM_AUTH"),
    ("USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH"),
];

fn explicit_flows(given: Vec<String>) -> Result<Vec<String>, ApiError> {
    let legacy = given.iter().filter(|f| LEGACY_FLOWS.iter().any(|(l, _)| l == f)).count();
    if legacy == 0 {
        return Ok(given);
    }
    if legacy != given.len() {
        return Err(ApiError::invalid_parameter("Mixing legacy and new ExplicitAuthFlows values is not allowed."));
    }
    let mut out: Vec<String> = given.iter().filter_map(|f| LEGACY_FLOWS.iter().find(|(l, _)| l == f).map(|(_, a)| a.to_string())).collect();
    out.extend(["ALLOW_USER_SRP_AUTH".to_string(), "ALLOW_REFRESH_TOKEN_AUTH".to_string()]);
    out.dedup();
    Ok(out)
}

/// Minutes in one `unit` (TokenValidityUnits' values).
fn unit_minutes(unit: &str) -> Option<u32> {
    match unit {
        "minutes" => Some(1),
        "hours" => Some(60),
        "days" => Some(1440),
        _ => None,
    }
}

/// A validity in minutes from a value in `unit` (seconds must be whole minutes here).
fn to_minutes(member: &str, value: u32, unit: &str) -> Result<u32, ApiError> {
    if unit == "seconds" {
        return if value.is_multiple_of(60) {
            Ok(value / 60)
        } else {
            Err(ApiError::invalid_parameter(format!("{member}: Cognate keeps token validities in whole minutes; give a multiple of 60 seconds.")))
        };
    }
    let per = unit_minutes(unit).ok_or_else(|| ApiError::invalid_parameter(format!("{member}: unknown unit {unit:?}")))?;
    value.checked_mul(per).ok_or_else(|| ApiError::invalid_parameter(format!("{member} is too large")))
}

/// The client's settings from CreateUserPoolClient's or UpdateUserPoolClient's input.
/// As in Cognito, a member left out of an update goes back to its default.
fn settings(input: &Value) -> Result<ClientSettings, ApiError> {
    let mut st = ClientSettings::default();
    let units = input.get("TokenValidityUnits");
    let unit = |token: &str, default: &'static str| units.and_then(|u| s(u, token)).unwrap_or(default).to_string();
    if let Some(v) = n(input, "AccessTokenValidity") {
        st.access_token_validity_minutes = to_minutes("AccessTokenValidity", v, &unit("AccessToken", "hours"))?;
    }
    if let Some(v) = n(input, "IdTokenValidity") {
        st.id_token_validity_minutes = to_minutes("IdTokenValidity", v, &unit("IdToken", "hours"))?;
    }
    if let Some(v) = n(input, "RefreshTokenValidity") {
        st.refresh_token_validity_minutes = to_minutes("RefreshTokenValidity", v, &unit("RefreshToken", "days"))?;
    }
    st.read_attributes = strings(input, "ReadAttributes");
    st.write_attributes = strings(input, "WriteAttributes");
    if input.get("ExplicitAuthFlows").is_some() {
        st.explicit_auth_flows = explicit_flows(strings(input, "ExplicitAuthFlows"))?;
    }
    if input.get("SupportedIdentityProviders").is_some() {
        st.supported_identity_providers = strings(input, "SupportedIdentityProviders");
    }
    st.callback_urls = strings(input, "CallbackURLs");
    st.logout_urls = strings(input, "LogoutURLs");
    st.allowed_oauth_flows = strings(input, "AllowedOAuthFlows")
        .iter()
        .map(|f| match f.as_str() {
            "code" => Ok(OAuthFlow::Code),
            "implicit" => Ok(OAuthFlow::Implicit),
            "client_credentials" => Ok(OAuthFlow::ClientCredentials),
            other => Err(ApiError::invalid_parameter(format!("AllowedOAuthFlows: {other:?} is not code, implicit or client_credentials"))),
        })
        .collect::<Result<_, _>>()?;
    st.allowed_oauth_scopes = strings(input, "AllowedOAuthScopes");
    st.oauth_enabled = b(input, "AllowedOAuthFlowsUserPoolClient").unwrap_or(false);
    if st.oauth_enabled && st.allowed_oauth_flows.is_empty() {
        return Err(ApiError::invalid_parameter("AllowedOAuthFlows must be specified when AllowedOAuthFlowsUserPoolClient is true."));
    }
    if let Some(uri) = s(input, "DefaultRedirectURI") {
        if !st.callback_urls.iter().any(|c| c == uri) {
            return Err(ApiError::invalid_parameter("DefaultRedirectURI must be one of the CallbackURLs."));
        }
    }
    // Cognate's default for API-made clients is ENABLED (Cognito's API says LEGACY).
    st.prevent_user_existence_errors = s(input, "PreventUserExistenceErrors") != Some("LEGACY");
    st.enable_token_revocation = b(input, "EnableTokenRevocation").unwrap_or(true);
    if let Some(m) = n(input, "AuthSessionValidity") {
        st.auth_session_validity_minutes = m;
    }
    if let Some(r) = input.get("RefreshTokenRotation") {
        st.refresh_token_rotation = s(r, "Feature") == Some("ENABLED");
        st.refresh_token_grace_seconds = n(r, "RetryGracePeriodSeconds").unwrap_or(0);
    }
    st.cognito = KEPT.iter().filter_map(|k| input.get(*k).map(|v| (k.to_string(), v.clone()))).collect();
    Ok(st)
}

/// A validity in the unit asked for when it divides evenly, else in minutes.
fn validity_out(minutes: u32, wanted: Option<&str>, default: &'static str) -> (u32, &'static str) {
    match wanted.unwrap_or(default) {
        "seconds" => (minutes.saturating_mul(60), "seconds"),
        "days" if minutes.is_multiple_of(1440) => (minutes / 1440, "days"),
        "hours" if minutes.is_multiple_of(60) => (minutes / 60, "hours"),
        _ => (minutes, "minutes"),
    }
}

/// UserPoolClientType.
fn client_out(c: &Client) -> Value {
    let st = &c.settings;
    let units = st.cognito.get("TokenValidityUnits");
    let unit = |t: &str| units.and_then(|u| s(u, t));
    let (access, access_unit) = validity_out(st.access_token_validity_minutes, unit("AccessToken"), "hours");
    let (id, id_unit) = validity_out(st.id_token_validity_minutes, unit("IdToken"), "hours");
    let (refresh, refresh_unit) = validity_out(st.refresh_token_validity_minutes, unit("RefreshToken"), "days");
    let mut out = Map::new();
    let mut put = |k: &str, v: Value| {
        out.insert(k.to_string(), v);
    };
    put("UserPoolId", json!(c.pool_id.as_str()));
    put("ClientName", json!(c.name));
    put("ClientId", json!(c.id.as_str()));
    if let Some(secret) = &c.secret {
        put("ClientSecret", json!(secret.expose()));
    }
    put("LastModifiedDate", json!(c.updated_at));
    put("CreationDate", json!(c.created_at));
    put("RefreshTokenValidity", json!(refresh));
    put("AccessTokenValidity", json!(access));
    put("IdTokenValidity", json!(id));
    put("TokenValidityUnits", json!({ "AccessToken": access_unit, "IdToken": id_unit, "RefreshToken": refresh_unit }));
    let lists: [(&str, &Vec<String>); 7] = [
        ("ReadAttributes", &st.read_attributes),
        ("WriteAttributes", &st.write_attributes),
        ("ExplicitAuthFlows", &st.explicit_auth_flows),
        ("SupportedIdentityProviders", &st.supported_identity_providers),
        ("CallbackURLs", &st.callback_urls),
        ("LogoutURLs", &st.logout_urls),
        ("AllowedOAuthScopes", &st.allowed_oauth_scopes),
    ];
    for (k, v) in lists {
        if !v.is_empty() {
            put(k, json!(v));
        }
    }
    if !st.allowed_oauth_flows.is_empty() {
        let flows: Vec<&str> = st
            .allowed_oauth_flows
            .iter()
            .map(|f| match f {
                OAuthFlow::Code => "code",
                OAuthFlow::Implicit => "implicit",
                OAuthFlow::ClientCredentials => "client_credentials",
            })
            .collect();
        put("AllowedOAuthFlows", json!(flows));
    }
    put("AllowedOAuthFlowsUserPoolClient", json!(st.oauth_enabled && !st.allowed_oauth_flows.is_empty()));
    put("PreventUserExistenceErrors", json!(if st.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" }));
    put("EnableTokenRevocation", json!(st.enable_token_revocation));
    put("AuthSessionValidity", json!(st.auth_session_validity_minutes));
    put(
        "RefreshTokenRotation",
        json!({ "Feature": if st.refresh_token_rotation { "ENABLED" } else { "DISABLED" }, "RetryGracePeriodSeconds": st.refresh_token_grace_seconds }),
    );
    for (k, v) in &st.cognito {
        if k != "TokenValidityUnits" {
            put(k, v.clone());
        }
    }
    Value::Object(out)
}

fn client_id(input: &Value) -> Result<ClientId, ApiError> {
    let raw = req(input, "ClientId");
    ClientId::parse(&raw).map_err(|_| ApiError::new("ResourceNotFoundException", format!("User pool client {raw} does not exist.")))
}

pub async fn create_user_pool_client(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "ClientName");
    let secret = b(&call.input, "GenerateSecret").unwrap_or(false);
    let st = settings(&call.input)?;
    let client = run(ctx, move |c| clients::create(c, &pool, &name, secret, st)).await?;
    Ok(json!({ "UserPoolClient": client_out(&client) }))
}

pub async fn describe_user_pool_client(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let id = client_id(&call.input)?;
    let client = run(ctx, move |c| clients::get(c, &pool, &id)).await?;
    Ok(json!({ "UserPoolClient": client_out(&client) }))
}

pub async fn update_user_pool_client(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let id = client_id(&call.input)?;
    let name = s(&call.input, "ClientName").map(str::to_string);
    let st = settings(&call.input)?;
    let client = run(ctx, move |c| clients::update(c, &pool, &id, name.as_deref(), st)).await?;
    Ok(json!({ "UserPoolClient": client_out(&client) }))
}

pub async fn delete_user_pool_client(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let id = client_id(&call.input)?;
    run(ctx, move |c| clients::delete(c, &pool, &id)).await?;
    Ok(json!({}))
}

pub async fn list_user_pool_clients(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let all = run(ctx, move |c| clients::list(c, &pool)).await?;
    let max = n(&call.input, "MaxResults").unwrap_or(60).clamp(1, 60) as usize;
    let (items, next) = page(&all, |c| c.id.to_string(), s(&call.input, "NextToken"), max)?;
    let mut out = json!({
        "UserPoolClients": items.iter().map(|c| json!({ "ClientId": c.id.as_str(), "UserPoolId": c.pool_id.as_str(), "ClientName": c.name })).collect::<Vec<_>>(),
    });
    if let Some(t) = next {
        out["NextToken"] = json!(t);
    }
    Ok(out)
}

fn scopes_in(input: &Value) -> Vec<Scope> {
    input
        .get("Scopes")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|sc| Scope { name: req(sc, "ScopeName"), description: req(sc, "ScopeDescription") }).collect())
        .unwrap_or_default()
}

fn resource_server_out(pool: &str, rs: &ResourceServer) -> Value {
    json!({
        "UserPoolId": pool,
        "Identifier": rs.identifier,
        "Name": rs.name,
        "Scopes": rs.scopes.iter().map(|sc| json!({ "ScopeName": sc.name, "ScopeDescription": sc.description })).collect::<Vec<_>>(),
    })
}

pub async fn create_resource_server(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (identifier, name, scopes) = (req(&call.input, "Identifier"), req(&call.input, "Name"), scopes_in(&call.input));
    let p = pool.clone();
    let rs = run(ctx, move |c| resource_servers::create(c, &p, &identifier, &name, scopes)).await?;
    Ok(json!({ "ResourceServer": resource_server_out(pool.as_str(), &rs) }))
}

pub async fn describe_resource_server(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let identifier = req(&call.input, "Identifier");
    let p = pool.clone();
    let rs = run(ctx, move |c| resource_servers::get(c, &p, &identifier)).await?;
    Ok(json!({ "ResourceServer": resource_server_out(pool.as_str(), &rs) }))
}

pub async fn update_resource_server(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (identifier, name, scopes) = (req(&call.input, "Identifier"), req(&call.input, "Name"), scopes_in(&call.input));
    let p = pool.clone();
    let rs = run(ctx, move |c| resource_servers::update(c, &p, &identifier, &name, scopes)).await?;
    Ok(json!({ "ResourceServer": resource_server_out(pool.as_str(), &rs) }))
}

pub async fn delete_resource_server(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let identifier = req(&call.input, "Identifier");
    run(ctx, move |c| resource_servers::delete(c, &pool, &identifier)).await?;
    Ok(json!({}))
}

pub async fn list_resource_servers(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let p = pool.clone();
    let all = run(ctx, move |c| resource_servers::list(c, &p)).await?;
    let max = n(&call.input, "MaxResults").unwrap_or(50).clamp(1, 50) as usize;
    let (items, next) = page(&all, |r| r.identifier.clone(), s(&call.input, "NextToken"), max)?;
    let mut out = json!({ "ResourceServers": items.iter().map(|r| resource_server_out(pool.as_str(), r)).collect::<Vec<_>>() });
    if let Some(t) = next {
        out["NextToken"] = json!(t);
    }
    Ok(out)
}

/// Where a domain's traffic goes: Cognito names a CloudFront distribution; here the
/// proxy in front of Cognate (the public URL's host) serves every domain.
fn target_host(ctx: &Context) -> String {
    url::Url::parse(&ctx.public_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

fn certificate(input: &Value) -> Option<String> {
    input.get("CustomDomainConfig").and_then(|c| s(c, "CertificateArn")).map(str::to_string)
}

pub async fn create_user_pool_domain(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (domain, cert) = (req(&call.input, "Domain"), certificate(&call.input));
    let created = run(ctx, move |c| domains::create(c, &pool, &domain, cert.as_deref())).await?;
    let mut out = json!({ "ManagedLoginVersion": 1 });
    if created.custom() {
        out["CloudFrontDomain"] = json!(target_host(ctx));
    }
    Ok(out)
}

pub async fn describe_user_pool_domain(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let domain = req(&call.input, "Domain");
    let found = run(ctx, move |c| domains::describe(c, &domain)).await?;
    let Some(d) = found else { return Ok(json!({ "DomainDescription": {} })) };
    let mut out = json!({
        "UserPoolId": d.pool_id.as_str(),
        "AWSAccountId": ctx.account_id,
        "Domain": d.domain,
        "CloudFrontDistribution": target_host(ctx),
        "Version": "1",
        "Status": "ACTIVE",
        "ManagedLoginVersion": 1,
    });
    if let Some(cert) = &d.certificate_arn {
        out["CustomDomainConfig"] = json!({ "CertificateArn": cert });
    }
    Ok(json!({ "DomainDescription": out }))
}

pub async fn update_user_pool_domain(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (domain, cert) = (req(&call.input, "Domain"), certificate(&call.input));
    run(ctx, move |c| domains::update(c, &pool, &domain, cert.as_deref())).await?;
    Ok(json!({ "CloudFrontDomain": target_host(ctx), "ManagedLoginVersion": 1 }))
}

pub async fn delete_user_pool_domain(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let domain = req(&call.input, "Domain");
    run(ctx, move |c| domains::delete(c, &pool, &domain)).await?;
    Ok(json!({}))
}
