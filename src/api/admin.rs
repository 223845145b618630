//! What an administrator does to users over the API (SigV4-signed): AdminCreateUser,
//! AdminGetUser, ListUsers, enable, disable and delete, passwords, attributes, sign-out,
//! MFA, devices and linked identities. Each names the pool and the user; the rules are
//! the domain's, as for the CLI.

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::devices::{device, remembered};
use super::error::ApiError;
use super::fields::{b, n, pool_id, req, s, strings};
use super::mfa::{auth_factors, preferences, PreferenceIn};
use super::shapes::{self, AttributeIn};
use super::{run, Call};
use crate::config::Secret;
use crate::domain::auth::signup;
use crate::domain::federation::identities;
use crate::domain::ids::PoolId;
use crate::domain::users::{self, InviteBy, NewUser, User};
use crate::domain::{devices, mfa, user_admin, user_attributes, user_search, Context};

/// The pool and username an admin action names.
fn target(input: &Value) -> Result<(PoolId, String), ApiError> {
    Ok((pool_id(input)?, req(input, "Username")))
}

/// Cognito's UserType; `only` keeps just the attributes named (ListUsers' AttributesToGet).
pub(super) fn user_type(user: &User, only: Option<&[String]>) -> Value {
    let attributes: Vec<Value> = shapes::attributes_out(user)
        .into_iter()
        .filter(|a| only.is_none_or(|names| a.get("Name").and_then(Value::as_str).is_some_and(|n| names.iter().any(|x| x == n))))
        .collect();
    json!({
        "Username": user.username,
        "Attributes": attributes,
        "UserCreateDate": user.created_at,
        "UserLastModifiedDate": user.updated_at,
        "Enabled": user.enabled,
        "UserStatus": user.status.as_str(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateIn {
    username: String,
    user_attributes: Option<Vec<AttributeIn>>,
    temporary_password: Option<String>,
    #[serde(default)]
    force_alias_creation: bool,
    message_action: Option<String>,
    desired_delivery_mediums: Option<Vec<String>>,
    validation_data: Option<Vec<AttributeIn>>,
    client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

pub async fn admin_create_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let i: CreateIn = call.parse()?;
    let mediums = i.desired_delivery_mediums.unwrap_or_else(|| vec!["SMS".into()]);
    // Cognito's default medium is SMS; with no phone number the invitation goes by email.
    let explicit = call.input.get("DesiredDeliveryMediums").is_some();
    let attributes = shapes::attributes_in(i.user_attributes);
    let has_phone = attributes.contains_key("phone_number");
    let has_email = attributes.contains_key("email");
    let invite_by = if explicit {
        InviteBy { email: mediums.iter().any(|m| m == "EMAIL"), sms: mediums.iter().any(|m| m == "SMS"), required: true }
    } else {
        InviteBy { email: has_email && !has_phone, sms: has_phone, required: false }
    };
    let password = i.temporary_password.map(Secret::new);
    let created = match i.message_action.as_deref() {
        Some("RESEND") => run(ctx, move |c| users::resend_invitation(c, &pool, &i.username, password, invite_by)).await?,
        action => {
            let new = NewUser {
                username: i.username,
                attributes,
                password,
                permanent: false,
                send_invitation: action != Some("SUPPRESS"),
                invite_by,
                force_alias: i.force_alias_creation,
                validation_data: i.validation_data.map(|v| shapes::attributes_in(Some(v))),
                client_metadata: i.client_metadata,
            };
            run(ctx, move |c| users::admin_create(c, &pool, new)).await?
        }
    };
    Ok(json!({ "User": user_type(&created.user, None) }))
}

pub async fn admin_get_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let (user, state) = run(ctx, move |c| {
        let (_, user) = user_admin::user(c, &pool, &name)?;
        let state = mfa::load(&mut *c.conn()?, user.sub.as_str())?;
        Ok((user, state))
    })
    .await?;
    let mut out = Map::new();
    out.insert("Username".into(), json!(user.username));
    out.insert("UserAttributes".into(), json!(shapes::attributes_out(&user)));
    out.insert("UserCreateDate".into(), json!(user.created_at));
    out.insert("UserLastModifiedDate".into(), json!(user.updated_at));
    out.insert("Enabled".into(), json!(user.enabled));
    out.insert("UserStatus".into(), json!(user.status.as_str()));
    shapes::mfa_settings(&mut out, &state);
    Ok(Value::Object(out))
}

pub async fn list_users(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let filter = s(&call.input, "Filter").map(str::to_string);
    let token = s(&call.input, "PaginationToken").map(str::to_string);
    let limit = n(&call.input, "Limit").unwrap_or(60);
    let only = call.input.get("AttributesToGet").map(|_| strings(&call.input, "AttributesToGet"));
    let (found, next) = run(ctx, move |c| user_search::list(c, &pool, filter.as_deref(), token.as_deref(), limit)).await?;
    let mut out = json!({ "Users": found.iter().map(|u| user_type(u, only.as_deref())).collect::<Vec<_>>() });
    if let Some(t) = next {
        out["PaginationToken"] = json!(t);
    }
    Ok(out)
}

pub async fn admin_delete_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    run(ctx, move |c| users::delete(c, &pool, &name)).await?;
    Ok(json!({}))
}

pub async fn admin_enable_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    run(ctx, move |c| users::set_enabled(c, &pool, &name, true)).await?;
    Ok(json!({}))
}

pub async fn admin_disable_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    run(ctx, move |c| users::set_enabled(c, &pool, &name, false)).await?;
    Ok(json!({}))
}

pub async fn admin_set_user_password(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let password = Secret::new(req(&call.input, "Password"));
    let permanent = b(&call.input, "Permanent").unwrap_or(false);
    run(ctx, move |c| user_admin::set_password(c, &pool, &name, password.expose(), permanent)).await?;
    Ok(json!({}))
}

pub async fn admin_reset_user_password(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    run(ctx, move |c| user_admin::reset_password(c, &pool, &name)).await?;
    Ok(json!({}))
}

pub async fn admin_confirm_sign_up(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let metadata = super::fields::client_metadata(&call.input);
    run(ctx, move |c| signup::admin_confirm(c, &pool, &name, &metadata)).await?;
    Ok(json!({}))
}

pub async fn admin_update_user_attributes(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct In {
        user_attributes: Vec<AttributeIn>,
    }
    let (pool, name) = target(&call.input)?;
    let i: In = call.parse()?;
    let changes = shapes::attributes_in(Some(i.user_attributes));
    let address = call.address;
    run(ctx, move |c| {
        let (pool, user) = user_admin::user(c, &pool, &name)?;
        user_attributes::update(c, &pool, &user, None, &changes, address.as_deref())
    })
    .await?;
    Ok(json!({}))
}

pub async fn admin_delete_user_attributes(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let names = strings(&call.input, "UserAttributeNames");
    run(ctx, move |c| {
        let (pool, user) = user_admin::user(c, &pool, &name)?;
        user_attributes::delete(c, &pool, &user, None, &names)
    })
    .await?;
    Ok(json!({}))
}

pub async fn admin_user_global_sign_out(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    run(ctx, move |c| user_admin::global_sign_out(c, &pool, &name)).await?;
    Ok(json!({}))
}

pub async fn admin_set_user_mfa_preference(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let i: PreferenceIn = call.parse()?;
    let prefs = preferences(&i);
    run(ctx, move |c| user_admin::set_mfa_preferences(c, &pool, &name, &prefs)).await?;
    Ok(json!({}))
}

pub async fn admin_get_user_auth_factors(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let (pool, user) = run(ctx, move |c| user_admin::user(c, &pool, &name)).await?;
    auth_factors(ctx, pool, user).await
}

pub async fn admin_list_devices(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let limit = n(&call.input, "Limit").unwrap_or(60).clamp(1, 60) as usize;
    let all = run(ctx, move |c| user_admin::list_devices(c, &pool, &name)).await?;
    let (page, next) = super::fields::page(&all, |d| d.device_key.clone(), s(&call.input, "PaginationToken"), limit)?;
    let mut out = json!({ "Devices": page.iter().map(device).collect::<Vec<_>>() });
    if let Some(t) = next {
        out["PaginationToken"] = json!(t);
    }
    Ok(out)
}

pub async fn admin_get_device(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let key = req(&call.input, "DeviceKey");
    let d = run(ctx, move |c| {
        let (pool, user) = user_admin::user(c, &pool, &name)?;
        devices::get(c, &pool, user.sub.as_str(), &key)
    })
    .await?;
    Ok(json!({ "Device": device(&d) }))
}

pub async fn admin_forget_device(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let key = req(&call.input, "DeviceKey");
    run(ctx, move |c| user_admin::forget_device(c, &pool, &name, &key)).await?;
    Ok(json!({}))
}

pub async fn admin_update_device_status(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let (pool, name) = target(&call.input)?;
    let key = req(&call.input, "DeviceKey");
    let status = remembered(s(&call.input, "DeviceRememberedStatus"))?;
    run(ctx, move |c| {
        let (pool, user) = user_admin::user(c, &pool, &name)?;
        devices::set_remembered(c, &pool, user.sub.as_str(), &key, status)
    })
    .await?;
    Ok(json!({}))
}

/// ProviderUserIdentifierType: the provider and the upstream subject it names.
fn provider_user(v: Option<&Value>, role: &str) -> Result<(String, String), ApiError> {
    let v = v.ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {role}")))?;
    let provider = req(v, "ProviderName");
    let attribute = s(v, "ProviderAttributeName").unwrap_or("Cognito_Subject");
    if attribute != "Cognito_Subject" {
        return Err(ApiError::invalid_parameter(format!(
            "{role}.ProviderAttributeName: Cognate links identities by their subject; use Cognito_Subject (not {attribute})."
        )));
    }
    Ok((provider, req(v, "ProviderAttributeValue")))
}

pub async fn admin_link_provider_for_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let dest = call.input.get("DestinationUser").ok_or_else(|| ApiError::invalid_parameter("Missing required parameter DestinationUser"))?;
    if !req(dest, "ProviderName").eq_ignore_ascii_case("Cognito") {
        return Err(ApiError::invalid_parameter("DestinationUser.ProviderName must be Cognito: identities link to a user of the pool."));
    }
    let username = req(dest, "ProviderAttributeValue");
    let (provider, subject) = provider_user(call.input.get("SourceUser"), "SourceUser")?;
    run(ctx, move |c| identities::link(c, &pool, &username, &provider, &subject)).await?;
    Ok(json!({}))
}

pub async fn admin_disable_provider_for_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (provider, subject) = provider_user(call.input.get("User"), "User")?;
    run(ctx, move |c| identities::unlink(c, &pool, &provider, &subject)).await?;
    Ok(json!({}))
}
