//! A signed-in user's devices: ConfirmDevice, GetDevice, ListDevices, ForgetDevice,
//! UpdateDeviceStatus.

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::user::caller;
use super::{run, Call};
use crate::domain::devices::{self, Device};
use crate::domain::Context;

pub(super) fn device(d: &Device) -> Value {
    json!({
        "DeviceKey": d.device_key,
        "DeviceAttributes": [
            { "Name": "device_name", "Value": d.name },
            { "Name": "dev:device_remembered_status", "Value": if d.remembered { "remembered" } else { "not_remembered" } },
            { "Name": "last_ip_used", "Value": d.last_ip.clone().unwrap_or_default() },
        ],
        "DeviceCreateDate": d.created_at,
        "DeviceLastModifiedDate": d.last_used_at,
        "DeviceLastAuthenticatedDate": d.last_used_at,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VerifierConfig {
    password_verifier: Option<String>,
    salt: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmIn {
    access_token: String,
    device_key: String,
    device_secret_verifier_config: Option<VerifierConfig>,
    device_name: Option<String>,
}

pub async fn confirm_device(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: ConfirmIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let cfg = i.device_secret_verifier_config.ok_or_else(|| ApiError::invalid_parameter("Missing required parameter DeviceSecretVerifierConfig"))?;
    let (verifier, salt) = (cfg.password_verifier.unwrap_or_default(), cfg.salt.unwrap_or_default());
    let necessary = run(ctx, move |c| devices::confirm(c, &who.pool, who.user.sub.as_str(), &i.device_key, &verifier, &salt, i.device_name.as_deref())).await?;
    Ok(json!({ "UserConfirmationNecessary": necessary }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeviceIn {
    access_token: Option<String>,
    device_key: String,
    device_remembered_status: Option<String>,
}

async fn who(ctx: &web::Data<Context>, token: Option<String>) -> Result<crate::domain::auth::access::Caller, ApiError> {
    caller(ctx, token.ok_or_else(|| ApiError::new("NotAuthorizedException", "Missing required parameter AccessToken"))?).await
}

pub async fn get_device(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: DeviceIn = call.parse()?;
    let w = who(ctx, i.access_token).await?;
    let d = run(ctx, move |c| devices::get(c, &w.pool, w.user.sub.as_str(), &i.device_key)).await?;
    Ok(json!({ "Device": device(&d) }))
}

pub async fn list_devices(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct In {
        access_token: String,
        limit: Option<usize>,
    }
    let i: In = call.parse()?;
    let w = caller(ctx, i.access_token).await?;
    let list = run(ctx, move |c| devices::list(c, w.user.sub.as_str())).await?;
    let limit = i.limit.unwrap_or(60).clamp(1, 60);
    Ok(json!({ "Devices": list.iter().take(limit).map(device).collect::<Vec<_>>() }))
}

pub async fn forget_device(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: DeviceIn = call.parse()?;
    let w = who(ctx, i.access_token).await?;
    run(ctx, move |c| devices::forget(c, w.user.sub.as_str(), &i.device_key)).await?;
    Ok(json!({}))
}

pub async fn update_device_status(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: DeviceIn = call.parse()?;
    let w = who(ctx, i.access_token).await?;
    let remembered = remembered(i.device_remembered_status.as_deref())?;
    run(ctx, move |c| devices::set_remembered(c, &w.pool, w.user.sub.as_str(), &i.device_key, remembered)).await?;
    Ok(json!({}))
}

/// DeviceRememberedStatus.
pub(super) fn remembered(status: Option<&str>) -> Result<bool, ApiError> {
    match status {
        Some("remembered") => Ok(true),
        Some("not_remembered") | None => Ok(false),
        Some(other) => Err(ApiError::invalid_parameter(format!("DeviceRememberedStatus {other:?} is not remembered or not_remembered"))),
    }
}
