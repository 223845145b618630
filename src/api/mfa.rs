//! Second factors through the API: AssociateSoftwareToken and VerifySoftwareToken (with
//! an access token, or with the Session of an MFA_SETUP challenge), SetUserMFAPreference,
//! GetUserAuthFactors.

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::error::ApiError;
use super::user::caller;
use super::{run, shapes, Call};
use crate::domain::auth::challenges;
use crate::domain::mfa::{self, Preferences};
use crate::domain::pools::Pool;
use crate::domain::users::User;
use crate::domain::Context;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssociateIn {
    access_token: Option<String>,
    session: Option<String>,
}

pub async fn associate_software_token(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: AssociateIn = call.parse()?;
    match (i.access_token, i.session) {
        (Some(token), _) => {
            let who = caller(ctx, token).await?;
            let setup = run(ctx, move |c| mfa::associate_totp(c, &who.pool, &who.user)).await?;
            Ok(json!({ "SecretCode": setup.secret }))
        }
        (None, Some(session)) => {
            let (secret, next) = run(ctx, move |c| challenges::setup_associate(c, &session)).await?;
            Ok(json!({ "SecretCode": secret, "Session": next }))
        }
        (None, None) => Err(ApiError::invalid_parameter("Either AccessToken or Session is required.")),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VerifyIn {
    access_token: Option<String>,
    session: Option<String>,
    user_code: String,
}

pub async fn verify_software_token(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: VerifyIn = call.parse()?;
    match (i.access_token, i.session) {
        (Some(token), _) => {
            let who = caller(ctx, token).await?;
            run(ctx, move |c| mfa::confirm_pending_totp(c, &who.user, &i.user_code)).await?;
            Ok(json!({ "Status": "SUCCESS" }))
        }
        (None, Some(session)) => {
            let next = run(ctx, move |c| challenges::setup_verify(c, &session, &i.user_code)).await?;
            Ok(json!({ "Status": "SUCCESS", "Session": next }))
        }
        (None, None) => Err(ApiError::invalid_parameter("Either AccessToken or Session is required.")),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FactorSettings {
    enabled: Option<bool>,
    preferred_mfa: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PreferenceIn {
    access_token: Option<String>,
    #[serde(rename = "SMSMfaSettings")]
    sms: Option<FactorSettings>,
    #[serde(rename = "SoftwareTokenMfaSettings")]
    totp: Option<FactorSettings>,
    #[serde(rename = "EmailMfaSettings")]
    email: Option<FactorSettings>,
}

/// SetUserMFAPreference's and AdminSetUserMFAPreference's settings.
pub(super) fn preferences(i: &PreferenceIn) -> Preferences {
    let mut prefs = Preferences::default();
    for (settings, factor) in [(&i.totp, mfa::Factor::Totp), (&i.email, mfa::Factor::Email), (&i.sms, mfa::Factor::Sms)] {
        let Some(s) = settings else { continue };
        let slot = match factor {
            mfa::Factor::Totp => &mut prefs.totp,
            mfa::Factor::Email => &mut prefs.email,
            mfa::Factor::Sms => &mut prefs.sms,
        };
        *slot = s.enabled;
        if s.preferred_mfa == Some(true) {
            prefs.preferred = Some(factor);
            if s.enabled.is_none() {
                *slot = Some(true);
            }
        }
    }
    prefs
}

pub async fn set_user_mfa_preference(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: PreferenceIn = call.parse()?;
    let prefs = preferences(&i);
    let token = i.access_token.ok_or_else(|| ApiError::invalid_parameter("Missing required parameter AccessToken"))?;
    let who = caller(ctx, token).await?;
    run(ctx, move |c| mfa::set_preferences(c, &who.pool, &who.user, &prefs)).await?;
    Ok(json!({}))
}

pub async fn get_user_auth_factors(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct In {
        access_token: String,
    }
    let i: In = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    auth_factors(ctx, who.pool, who.user).await
}

/// GetUserAuthFactors' and AdminGetUserAuthFactors' answer.
pub(super) async fn auth_factors(ctx: &web::Data<Context>, pool: Pool, user: User) -> Result<Value, ApiError> {
    let sub = user.sub.to_string();
    let (state, has_passkey) = run(ctx, move |c| {
        let mut conn = c.conn()?;
        Ok((mfa::load(&mut conn, &sub)?, crate::domain::passkeys::has_any(&mut conn, &sub)?))
    })
    .await?;
    let mut out = Map::new();
    out.insert("Username".into(), json!(user.username));
    shapes::mfa_settings(&mut out, &state);
    out.insert("ConfiguredUserAuthFactors".into(), json!(mfa::first_factors(&pool, &user, has_passkey)));
    Ok(Value::Object(out))
}
