//! User pools over the API: Create, Describe, Update, Delete and ListUserPools,
//! AddCustomAttributes, Set/GetUserPoolMfaConfig, and the tag actions, in Cognito's
//! shapes. Cognito's members map onto the domain's pool settings (validated and
//! defaulted there, as for the CLI); those without an effect here (EmailConfiguration,
//! AccountRecoverySetting, …) are kept and returned as given.

use std::collections::BTreeMap;

use actix_web::web;
use serde_json::{json, Map, Value};

use super::error::ApiError;
use super::fields::{b, n, pool_id, s, strings};
use super::{run, Call};
use crate::domain::attributes::{AttributeDef, AttributeType};
use crate::domain::ids::PoolId;
use crate::domain::mfa::Factor;
use crate::domain::passkeys::{FactorConfiguration, UserVerification, WebAuthnSettings};
use crate::domain::pools::{self, DeviceRemembering, MfaConfiguration, Pool, PoolSettings};
use crate::domain::triggers::LambdaConfig;
use crate::domain::{tags, Context};

/// Members kept as given (no effect in Cognate) and returned by DescribeUserPool.
const KEPT: &[&str] = &[
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolAddOns",
    "AccountRecoverySetting",
    "SmsVerificationMessage",
    "UserPoolTier",
    "VerificationMessageTemplate",
];

/// A SchemaAttributeType as the domain's definition (the domain adds `custom:`).
fn attribute(v: &Value) -> Result<AttributeDef, ApiError> {
    let name = s(v, "Name").unwrap_or_default().to_string();
    let given = s(v, "AttributeDataType").unwrap_or("String");
    let data_type = AttributeType::parse(given)
        .ok_or_else(|| ApiError::invalid_parameter(format!("AttributeDataType {given:?} is not String, Number, DateTime or Boolean")))?;
    let number = |c: Option<&Value>, k: &str| -> Result<Option<i64>, ApiError> {
        match c.and_then(|c| c.get(k)).and_then(Value::as_str) {
            Some(t) => t.parse().map(Some).map_err(|_| ApiError::invalid_parameter(format!("{name}: {k} {t:?} is not a number"))),
            None => Ok(None),
        }
    };
    let strc = v.get("StringAttributeConstraints");
    let numc = v.get("NumberAttributeConstraints");
    let len = |k: &str| -> Result<Option<u32>, ApiError> { Ok(number(strc, k)?.map(|x| x.max(0) as u32)) };
    Ok(AttributeDef {
        required: b(v, "Required").unwrap_or(false),
        mutable: b(v, "Mutable").unwrap_or(true),
        min_length: len("MinLength")?,
        max_length: len("MaxLength")?,
        min_value: number(numc, "MinValue")?,
        max_value: number(numc, "MaxValue")?,
        name,
        data_type,
    })
}

fn attribute_out(d: &AttributeDef) -> Value {
    let data_type = match d.data_type {
        AttributeType::String => "String",
        AttributeType::Number => "Number",
        AttributeType::DateTime => "DateTime",
        AttributeType::Boolean => "Boolean",
    };
    let mut out = json!({ "Name": d.name, "AttributeDataType": data_type, "DeveloperOnlyAttribute": false, "Mutable": d.mutable, "Required": d.required });
    match d.data_type {
        AttributeType::String => {
            out["StringAttributeConstraints"] = json!({
                "MinLength": d.min_length.unwrap_or(0).to_string(),
                "MaxLength": d.max_length.unwrap_or(2048).to_string(),
            });
        }
        AttributeType::Number => {
            let mut c = Map::new();
            if let Some(v) = d.min_value {
                c.insert("MinValue".into(), json!(v.to_string()));
            }
            if let Some(v) = d.max_value {
                c.insert("MaxValue".into(), json!(v.to_string()));
            }
            out["NumberAttributeConstraints"] = Value::Object(c);
        }
        _ => {}
    }
    out
}

/// The members UpdateUserPool sets. As in Cognito, a member left out of an update goes
/// back to its default; the schema and the sign-in attributes are not updatable.
fn apply_updatable(input: &Value, s_: &mut PoolSettings) -> Result<(), ApiError> {
    let defaults = PoolSettings::default();
    let policy = input.get("Policies").and_then(|p| p.get("PasswordPolicy"));
    let mut pp = defaults.password_policy.clone();
    if let Some(p) = policy {
        pp.minimum_length = n(p, "MinimumLength").unwrap_or(pp.minimum_length);
        pp.require_uppercase = b(p, "RequireUppercase").unwrap_or(false);
        pp.require_lowercase = b(p, "RequireLowercase").unwrap_or(false);
        pp.require_numbers = b(p, "RequireNumbers").unwrap_or(false);
        pp.require_symbols = b(p, "RequireSymbols").unwrap_or(false);
        pp.password_history_size = n(p, "PasswordHistorySize").unwrap_or(0);
        pp.temporary_password_validity_days = n(p, "TemporaryPasswordValidityDays").unwrap_or(pp.temporary_password_validity_days);
    }
    let admin = input.get("AdminCreateUserConfig");
    if policy.and_then(|p| p.get("TemporaryPasswordValidityDays")).is_none() {
        if let Some(days) = admin.and_then(|a| n(a, "UnusedAccountValidityDays")) {
            pp.temporary_password_validity_days = days;
        }
    }
    s_.password_policy = pp;
    s_.allowed_first_auth_factors = input
        .get("Policies")
        .and_then(|p| p.get("SignInPolicy"))
        .map(|sp| strings(sp, "AllowedFirstAuthFactors"))
        .filter(|f| !f.is_empty())
        .unwrap_or(defaults.allowed_first_auth_factors);
    s_.deletion_protection = s(input, "DeletionProtection") == Some("ACTIVE");
    s_.auto_verified_attributes = strings(input, "AutoVerifiedAttributes");
    s_.mfa_configuration = match s(input, "MfaConfiguration") {
        Some("ON") => MfaConfiguration::On,
        Some("OPTIONAL") => MfaConfiguration::Optional,
        _ => MfaConfiguration::Off,
    };
    s_.device_remembering = match input.get("DeviceConfiguration") {
        Some(d) if b(d, "DeviceOnlyRememberedOnUserPrompt") == Some(true) => DeviceRemembering::UserOptIn,
        Some(_) => DeviceRemembering::Always,
        None => DeviceRemembering::Off,
    };
    s_.attributes_require_verification_before_update =
        input.get("UserAttributeUpdateSettings").map(|u| strings(u, "AttributesRequireVerificationBeforeUpdate")).unwrap_or_default();
    s_.admin_create_user_only = admin.and_then(|a| b(a, "AllowAdminCreateUserOnly")).unwrap_or(false);
    let invite = admin.and_then(|a| a.get("InviteMessageTemplate"));
    let template = input.get("VerificationMessageTemplate");
    let m = &mut s_.messages;
    m.invitation_subject = invite.and_then(|i| s(i, "EmailSubject")).map(str::to_string);
    m.invitation_message = invite.and_then(|i| s(i, "EmailMessage")).map(str::to_string);
    m.invitation_sms = invite.and_then(|i| s(i, "SMSMessage")).map(str::to_string);
    m.verification_subject = template.and_then(|t| s(t, "EmailSubject")).or_else(|| s(input, "EmailVerificationSubject")).map(str::to_string);
    m.verification_message = template.and_then(|t| s(t, "EmailMessage")).or_else(|| s(input, "EmailVerificationMessage")).map(str::to_string);
    m.sms_mfa_message = s(input, "SmsAuthenticationMessage").map(str::to_string);
    s_.tags = input
        .get("UserPoolTags")
        .and_then(Value::as_object)
        .map(|o| o.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect())
        .unwrap_or_default();
    s_.cognito = KEPT.iter().filter_map(|k| input.get(*k).map(|v| (k.to_string(), v.clone()))).collect();
    // UpdateUserPool without LambdaConfig removes the triggers, as in Cognito.
    s_.lambda_config = match input.get("LambdaConfig") {
        Some(v) => LambdaConfig::from_json(v)?,
        None => LambdaConfig::default(),
    };
    Ok(())
}

fn settings_for_create(input: &Value) -> Result<PoolSettings, ApiError> {
    let mut s_ = PoolSettings::default();
    apply_updatable(input, &mut s_)?;
    s_.username_attributes = strings(input, "UsernameAttributes");
    s_.alias_attributes = strings(input, "AliasAttributes");
    s_.case_sensitive = input.get("UsernameConfiguration").and_then(|u| b(u, "CaseSensitive")).unwrap_or(false);
    s_.schema = input.get("Schema").and_then(Value::as_array).map(|a| a.iter().map(attribute).collect::<Result<Vec<_>, _>>()).transpose()?.unwrap_or_default();
    Ok(s_)
}

/// DescribeUserPool's UserPoolType.
fn pool_out(ctx: &Context, pool: &Pool, users: i64, domain: Option<(String, bool)>) -> Value {
    let st = &pool.settings;
    let pp = &st.password_policy;
    let mut out = json!({
        "Id": pool.id.as_str(),
        "Name": pool.name,
        "Arn": tags::pool_arn(ctx, pool.id.as_str()),
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": pp.minimum_length,
                "RequireUppercase": pp.require_uppercase,
                "RequireLowercase": pp.require_lowercase,
                "RequireNumbers": pp.require_numbers,
                "RequireSymbols": pp.require_symbols,
                "PasswordHistorySize": pp.password_history_size,
                "TemporaryPasswordValidityDays": pp.temporary_password_validity_days,
            },
            "SignInPolicy": { "AllowedFirstAuthFactors": st.allowed_first_auth_factors },
        },
        "DeletionProtection": if st.deletion_protection { "ACTIVE" } else { "INACTIVE" },
        "LambdaConfig": serde_json::to_value(&st.lambda_config).unwrap_or_else(|_| json!({})),
        "LastModifiedDate": pool.updated_at,
        "CreationDate": pool.created_at,
        "SchemaAttributes": std::iter::once(json!({
            "Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": false, "Required": true,
            "StringAttributeConstraints": { "MinLength": "1", "MaxLength": "2048" },
        })).chain(st.schema.iter().map(attribute_out)).collect::<Vec<_>>(),
        "AutoVerifiedAttributes": st.auto_verified_attributes,
        "MfaConfiguration": match st.mfa_configuration { MfaConfiguration::Off => "OFF", MfaConfiguration::On => "ON", MfaConfiguration::Optional => "OPTIONAL" },
        "EstimatedNumberOfUsers": users,
        "UserPoolTags": st.tags,
        "UsernameConfiguration": { "CaseSensitive": st.case_sensitive },
        "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": st.attributes_require_verification_before_update },
        "AdminCreateUserConfig": {
            "AllowAdminCreateUserOnly": st.admin_create_user_only,
            "UnusedAccountValidityDays": pp.temporary_password_validity_days,
            "InviteMessageTemplate": {
                "EmailMessage": st.messages.invitation_message,
                "EmailSubject": st.messages.invitation_subject,
                "SMSMessage": st.messages.invitation_sms,
            },
        },
    });
    let obj = out.as_object_mut();
    if let Some(o) = obj {
        if !st.alias_attributes.is_empty() {
            o.insert("AliasAttributes".into(), json!(st.alias_attributes));
        }
        if !st.username_attributes.is_empty() {
            o.insert("UsernameAttributes".into(), json!(st.username_attributes));
        }
        if st.device_remembering != DeviceRemembering::Off {
            let challenge = st.cognito.get("DeviceConfiguration").and_then(|d| b(d, "ChallengeRequiredOnNewDevice")).unwrap_or(false);
            o.insert(
                "DeviceConfiguration".into(),
                json!({ "ChallengeRequiredOnNewDevice": challenge, "DeviceOnlyRememberedOnUserPrompt": st.device_remembering == DeviceRemembering::UserOptIn }),
            );
        }
        for (k, v) in &st.cognito {
            if k != "LambdaConfig" && k != "DeviceConfiguration" {
                o.insert(k.clone(), v.clone());
            }
        }
        if let Some(m) = &st.messages.verification_message {
            o.insert("EmailVerificationMessage".into(), json!(m));
        }
        if let Some(m) = &st.messages.verification_subject {
            o.insert("EmailVerificationSubject".into(), json!(m));
        }
        if let Some(m) = &st.messages.sms_mfa_message {
            o.insert("SmsAuthenticationMessage".into(), json!(m));
        }
        if let Some((domain, custom)) = domain {
            o.insert(if custom { "CustomDomain" } else { "Domain" }.into(), json!(domain));
        }
    }
    out
}

async fn describe_out(ctx: &web::Data<Context>, id: PoolId) -> Result<Value, ApiError> {
    let c = ctx.clone();
    let (pool, users, domain) = run(ctx, move |_| {
        let pool = pools::get(&c, &id)?;
        let users = pools::user_count(&c, &id)?;
        let domain = crate::domain::domains::of_pool(&c, &id)?;
        Ok((pool, users, domain))
    })
    .await?;
    Ok(pool_out(ctx, &pool, users, domain))
}

pub async fn create_user_pool(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let name = s(&call.input, "PoolName").unwrap_or_default().to_string();
    let settings = settings_for_create(&call.input)?;
    let pool = run(ctx, move |c| pools::create(c, &name, settings)).await?;
    Ok(json!({ "UserPool": describe_out(ctx, pool.id).await? }))
}

pub async fn describe_user_pool(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    Ok(json!({ "UserPool": describe_out(ctx, pool_id(&call.input)?).await? }))
}

pub async fn update_user_pool(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let id = pool_id(&call.input)?;
    let input = call.input;
    run(ctx, move |c| {
        let current = pools::get(c, &id)?;
        let mut settings = current.settings.clone();
        apply_updatable(&input, &mut settings).map_err(|e| crate::error::Error::InvalidParameter(e.message.unwrap_or_default()))?;
        let name = s(&input, "PoolName").map(str::to_string);
        pools::update(c, &id, name.as_deref(), settings)
    })
    .await?;
    Ok(json!({}))
}

pub async fn delete_user_pool(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let id = pool_id(&call.input)?;
    run(ctx, move |c| pools::delete(c, &id)).await?;
    Ok(json!({}))
}

pub async fn list_user_pools(ctx: &web::Data<Context>, call: Call, only: Option<Vec<String>>) -> Result<Value, ApiError> {
    let max = n(&call.input, "MaxResults").unwrap_or(60).clamp(1, 60) as usize;
    let after = s(&call.input, "NextToken").map(str::to_string);
    let all = run(ctx, pools::list).await?;
    let visible: Vec<&Pool> = all.iter().filter(|p| only.as_ref().is_none_or(|o| o.iter().any(|id| id == p.id.as_str()))).collect();
    let start = match &after {
        Some(token) => visible.iter().position(|p| p.id.as_str() == token).map(|i| i + 1).ok_or_else(|| ApiError::invalid_parameter("NextToken is not valid."))?,
        None => 0,
    };
    let page: Vec<&&Pool> = visible.iter().skip(start).take(max).collect();
    let mut out = json!({
        "UserPools": page.iter().map(|p| json!({
            "Id": p.id.as_str(),
            "Name": p.name,
            "LambdaConfig": serde_json::to_value(&p.settings.lambda_config).unwrap_or_else(|_| json!({})),
            "LastModifiedDate": p.updated_at,
            "CreationDate": p.created_at,
        })).collect::<Vec<_>>(),
    });
    if start + page.len() < visible.len() {
        if let Some(last) = page.last() {
            out["NextToken"] = json!(last.id.as_str());
        }
    }
    Ok(out)
}

pub async fn add_custom_attributes(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let id = pool_id(&call.input)?;
    let defs = call.input.get("CustomAttributes").and_then(Value::as_array).map(|a| a.iter().map(attribute).collect::<Result<Vec<_>, _>>()).transpose()?.unwrap_or_default();
    run(ctx, move |c| pools::add_custom_attributes(c, &id, defs)).await?;
    Ok(json!({}))
}

fn mfa_config_out(pool: &Pool) -> Value {
    let st = &pool.settings;
    let on = |f: Factor| st.mfa_factors.contains(&f);
    let mut out = json!({
        "MfaConfiguration": match st.mfa_configuration { MfaConfiguration::Off => "OFF", MfaConfiguration::On => "ON", MfaConfiguration::Optional => "OPTIONAL" },
        "SoftwareTokenMfaConfiguration": { "Enabled": on(Factor::Totp) },
    });
    if on(Factor::Sms) {
        out["SmsMfaConfiguration"] = json!({ "SmsAuthenticationMessage": st.messages.sms_mfa_message });
    }
    if on(Factor::Email) {
        out["EmailMfaConfiguration"] = json!({ "Message": st.messages.mfa_email_message, "Subject": st.messages.mfa_email_subject });
    }
    let w = &st.webauthn;
    out["WebAuthnConfiguration"] = json!({ "UserVerification": w.user_verification.as_str(), "FactorConfiguration": w.factor_configuration.as_str() });
    if let Some(id) = &w.relying_party_id {
        out["WebAuthnConfiguration"]["RelyingPartyId"] = json!(id);
    }
    out
}

pub async fn get_user_pool_mfa_config(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let id = pool_id(&call.input)?;
    let pool = run(ctx, move |c| pools::get(c, &id)).await?;
    Ok(mfa_config_out(&pool))
}

pub async fn set_user_pool_mfa_config(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let id = pool_id(&call.input)?;
    let input = call.input;
    let pool = run(ctx, move |c| {
        let current = pools::get(c, &id)?;
        let mut st = current.settings.clone();
        let mut factors = Vec::new();
        let enabled = |k: &str| input.get(k).is_some_and(|v| v.get("Enabled").and_then(Value::as_bool).unwrap_or(true));
        if enabled("SoftwareTokenMfaConfiguration") {
            factors.push(Factor::Totp);
        }
        if let Some(sms) = input.get("SmsMfaConfiguration") {
            factors.push(Factor::Sms);
            st.messages.sms_mfa_message = s(sms, "SmsAuthenticationMessage").map(str::to_string).or(st.messages.sms_mfa_message);
        }
        if let Some(email) = input.get("EmailMfaConfiguration") {
            factors.push(Factor::Email);
            st.messages.mfa_email_message = s(email, "Message").map(str::to_string).or(st.messages.mfa_email_message);
            st.messages.mfa_email_subject = s(email, "Subject").map(str::to_string).or(st.messages.mfa_email_subject);
        }
        if !factors.is_empty() {
            st.mfa_factors = factors;
        }
        if let Some(w) = input.get("WebAuthnConfiguration") {
            // A member left out keeps its default, as Cognito replaces the whole setting.
            st.webauthn = WebAuthnSettings {
                relying_party_id: s(w, "RelyingPartyId").map(str::to_string),
                user_verification: s(w, "UserVerification").map(UserVerification::parse).transpose()?.unwrap_or_default(),
                factor_configuration: s(w, "FactorConfiguration").map(FactorConfiguration::parse).transpose()?.unwrap_or_default(),
            };
        }
        if let Some(m) = s(&input, "MfaConfiguration") {
            st.mfa_configuration = match m {
                "ON" => MfaConfiguration::On,
                "OPTIONAL" => MfaConfiguration::Optional,
                _ => MfaConfiguration::Off,
            };
        }
        pools::update(c, &id, None, st)
    })
    .await?;
    Ok(mfa_config_out(&pool))
}

fn arn(input: &Value) -> String {
    s(input, "ResourceArn").unwrap_or_default().to_string()
}

pub async fn tag_resource(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let arn = arn(&call.input);
    let given: BTreeMap<String, String> = call
        .input
        .get("Tags")
        .and_then(Value::as_object)
        .map(|o| o.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect())
        .unwrap_or_default();
    run(ctx, move |c| tags::tag(c, &arn, given)).await?;
    Ok(json!({}))
}

pub async fn untag_resource(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let arn = arn(&call.input);
    let keys = strings(&call.input, "TagKeys");
    run(ctx, move |c| tags::untag(c, &arn, &keys)).await?;
    Ok(json!({}))
}

pub async fn list_tags_for_resource(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let arn = arn(&call.input);
    let tags = run(ctx, move |c| tags::list(c, &arn)).await?;
    Ok(json!({ "Tags": tags }))
}
