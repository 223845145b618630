//! Sign-up, sign-in and tokens: SignUp, ConfirmSignUp, ResendConfirmationCode,
//! InitiateAuth, RespondToAuthChallenge, GetTokensFromRefreshToken, RevokeToken,
//! ForgotPassword, ConfirmForgotPassword.

use std::collections::{BTreeMap, HashMap};

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::shapes::{self, AttributeIn, Outcome};
use super::fields::pool_id;
use super::{run, Call};
use crate::config::Secret;
use crate::domain::auth::challenges::{self, Answer, FirstFactor, Origin};
use crate::domain::auth::initiate::{self, Flow};
use crate::domain::auth::{password_reset, refresh, signup};
use crate::domain::clients::{self, Client};
use crate::domain::ids::PoolId;
use crate::domain::mfa::Factor;
use crate::domain::Context;
use crate::error::Error;

fn missing(name: &str) -> ApiError {
    ApiError::invalid_parameter(format!("Missing required parameter {name}"))
}

async fn client(ctx: &web::Data<Context>, id: &str) -> Result<Client, ApiError> {
    let id = id.to_string();
    run(ctx, move |c| clients::by_id(c, &id)).await
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SignUpIn {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    password: Option<String>,
    user_attributes: Option<Vec<AttributeIn>>,
    validation_data: Option<Vec<AttributeIn>>,
    client_metadata: Option<BTreeMap<String, String>>,
}

pub async fn sign_up(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let input: SignUpIn = call.parse()?;
    let client = client(ctx, &input.client_id).await?;
    let password = input.password.ok_or_else(|| missing("Password"))?;
    let attributes = shapes::attributes_in(input.user_attributes);
    let address = call.address;
    let result = run(ctx, move |c| {
        clients::check_secret_hash(&client, &input.username, input.secret_hash.as_deref())?;
        let req = signup::SignUp {
            username: input.username,
            password: Secret::new(password),
            attributes,
            validation_data: input.validation_data.map(|v| shapes::attributes_in(Some(v))),
            client_metadata: input.client_metadata,
        };
        signup::sign_up(c, &client.pool_id, &client, req, address.as_deref())
    })
    .await?;
    let mut out = json!({ "UserConfirmed": result.user_confirmed, "UserSub": result.sub, "Session": result.session });
    if let Some(d) = &result.delivery {
        out["CodeDeliveryDetails"] = shapes::code_delivery(d);
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmSignUpIn {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    confirmation_code: String,
    force_alias_creation: Option<bool>,
    session: Option<String>,
    client_metadata: Option<BTreeMap<String, String>>,
}

pub async fn confirm_sign_up(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: ConfirmSignUpIn = call.parse()?;
    let client = client(ctx, &i.client_id).await?;
    let session = run(ctx, move |c| {
        clients::check_secret_hash(&client, &i.username, i.secret_hash.as_deref())?;
        let force = i.force_alias_creation.unwrap_or(false);
        signup::confirm_sign_up(c, &client.pool_id, &client, &i.username, &i.confirmation_code, force, i.session.as_deref(), &i.client_metadata)
    })
    .await?;
    Ok(match session {
        Some(s) => json!({ "Session": s }),
        None => json!({}),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UsernameIn {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
}

pub async fn resend_confirmation_code(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: UsernameIn = call.parse()?;
    let client = client(ctx, &i.client_id).await?;
    let address = call.address;
    let metadata = super::fields::client_metadata(&call.input);
    let d = run(ctx, move |c| {
        clients::check_secret_hash(&client, &i.username, i.secret_hash.as_deref())?;
        signup::resend_confirmation_code(c, &client.pool_id, &client, &i.username, address.as_deref(), &metadata)
    })
    .await?;
    Ok(json!({ "CodeDeliveryDetails": shapes::code_delivery(&d) }))
}

pub async fn forgot_password(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: UsernameIn = call.parse()?;
    let client = client(ctx, &i.client_id).await?;
    let address = call.address;
    let metadata = super::fields::client_metadata(&call.input);
    let d = run(ctx, move |c| {
        clients::check_secret_hash(&client, &i.username, i.secret_hash.as_deref())?;
        password_reset::forgot_password(c, &client.pool_id, &client, &i.username, address.as_deref(), &metadata)
    })
    .await?;
    Ok(json!({ "CodeDeliveryDetails": shapes::code_delivery(&d) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmForgotIn {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    confirmation_code: String,
    password: String,
}

pub async fn confirm_forgot_password(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: ConfirmForgotIn = call.parse()?;
    let client = client(ctx, &i.client_id).await?;
    let metadata = super::fields::client_metadata(&call.input);
    run(ctx, move |c| {
        clients::check_secret_hash(&client, &i.username, i.secret_hash.as_deref())?;
        password_reset::confirm_forgot_password(c, &client.pool_id, &client, &i.username, &i.confirmation_code, &i.password, &metadata)
    })
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateIn {
    auth_flow: String,
    client_id: String,
    #[serde(default)]
    auth_parameters: HashMap<String, String>,
    session: Option<String>,
    client_metadata: Option<BTreeMap<String, String>>,
}

pub async fn initiate_auth(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    initiate(ctx, call, None).await
}

/// AdminInitiateAuth: InitiateAuth for a trusted back end, which names the pool and
/// may also use ADMIN_USER_PASSWORD_AUTH.
pub async fn admin_initiate_auth(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    initiate(ctx, call, Some(pool)).await
}

/// The client of an admin call must belong to the pool it names.
async fn client_of(ctx: &web::Data<Context>, id: &str, pool: &Option<PoolId>) -> Result<Client, ApiError> {
    let client = client(ctx, id).await?;
    match pool {
        Some(p) if &client.pool_id != p => Err(ApiError::new("ResourceNotFoundException", format!("User pool client {id} does not exist."))),
        _ => Ok(client),
    }
}

async fn initiate(ctx: &web::Data<Context>, call: Call, admin: Option<PoolId>) -> Result<Value, ApiError> {
    let i: InitiateIn = call.parse()?;
    let client = client_of(ctx, &i.client_id, &admin).await?;
    let p = i.auth_parameters;
    let address = call.address;
    let flow_name = i.auth_flow;
    let session = i.session;
    let outcome = run(ctx, move |c| {
        let get = |k: &str| p.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let need = |k: &str| get(k).ok_or_else(|| Error::InvalidParameter(format!("Missing required parameter {k}")));
        let origin = Origin { address: address.as_deref(), device: None, device_key: get("DEVICE_KEY"), client_metadata: i.client_metadata.as_ref(), pre_authenticated: false };
        let flow = match (flow_name.as_str(), admin.is_some()) {
            ("REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN", _) => {
                let issued = refresh::refresh_token_auth(c, &client, need("REFRESH_TOKEN")?, get("SECRET_HASH"), get("DEVICE_KEY"))?;
                return Ok(Outcome::Tokens(issued));
            }
            ("USER_PASSWORD_AUTH", false) => Flow::UserPassword { username: need("USERNAME")?, password: need("PASSWORD")? },
            ("ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH", true) => {
                Flow::AdminUserPassword { username: need("USERNAME")?, password: need("PASSWORD")? }
            }
            ("USER_SRP_AUTH", _) => Flow::UserSrp { username: need("USERNAME")?, srp_a: need("SRP_A")? },
            ("USER_AUTH", _) => Flow::UserAuth {
                username: need("USERNAME")?,
                preferred: get("PREFERRED_CHALLENGE"),
                password: get("PASSWORD"),
                srp_a: get("SRP_A"),
                session: session.as_deref(),
            },
            ("CUSTOM_AUTH", _) => Flow::Custom { username: need("USERNAME")?, srp_a: get("SRP_A") },
            _ => return Err(Error::InvalidParameter("Initiate Auth method not supported.".into())),
        };
        let step = initiate::initiate(c, &client, flow, get("SECRET_HASH"), origin)?;
        shapes::conclude(c, &client, step, &i.client_metadata)
    })
    .await?;
    Ok(shapes::outcome(&outcome))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RespondIn {
    client_id: String,
    challenge_name: String,
    session: Option<String>,
    #[serde(default)]
    challenge_responses: HashMap<String, String>,
    client_metadata: Option<BTreeMap<String, String>>,
}

fn factor(answer: &str) -> Result<Factor, Error> {
    Factor::parse(answer)
}

pub async fn respond_to_auth_challenge(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    respond(ctx, call, None).await
}

pub async fn admin_respond_to_auth_challenge(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    respond(ctx, call, Some(pool)).await
}

async fn respond(ctx: &web::Data<Context>, call: Call, admin: Option<PoolId>) -> Result<Value, ApiError> {
    let i: RespondIn = call.parse()?;
    let client = client_of(ctx, &i.client_id, &admin).await?;
    let address = call.address;
    let outcome = run(ctx, move |c| {
        let r = &i.challenge_responses;
        let get = |k: &str| r.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let need = |k: &str| get(k).ok_or_else(|| Error::InvalidParameter(format!("Missing required parameter {k}")));
        if client.secret.is_some() {
            clients::check_secret_hash_for_user(c, &client, need("USERNAME")?, get("SECRET_HASH"))?;
        }
        let origin = Origin { address: address.as_deref(), device: None, device_key: get("DEVICE_KEY"), client_metadata: i.client_metadata.as_ref(), pre_authenticated: false };
        let session = i.session.as_deref();
        let with_session = || session.ok_or_else(|| Error::InvalidParameter("Missing required parameter Session".into()));
        let device_session: String;
        let credential: Value;
        let new_attributes: crate::domain::attributes::Attributes =
            r.iter().filter_map(|(k, v)| k.strip_prefix("userAttributes.").map(|n| (n.to_string(), v.clone()))).collect();
        let (key, answer) = match i.challenge_name.as_str() {
            "SOFTWARE_TOKEN_MFA" => (with_session()?, Answer::Code(need("SOFTWARE_TOKEN_MFA_CODE")?)),
            "SMS_MFA" => (with_session()?, Answer::Code(need("SMS_MFA_CODE")?)),
            "SMS_OTP" => (with_session()?, Answer::Code(need("SMS_OTP_CODE")?)),
            "EMAIL_OTP" => match get("EMAIL_OTP_CODE") {
                Some(code) => (with_session()?, Answer::Code(code)),
                None => (with_session()?, Answer::Select { factor: FirstFactor::EmailOtp, password: None, srp_a: None }),
            },
            "NEW_PASSWORD_REQUIRED" => (with_session()?, Answer::NewPassword { password: need("NEW_PASSWORD")?, attributes: &new_attributes }),
            "SELECT_MFA_TYPE" => (with_session()?, Answer::Choose(factor(need("ANSWER")?)?)),
            "MFA_SETUP" => {
                let answer = match (get("SOFTWARE_TOKEN_MFA_CODE"), get("ANSWER")) {
                    (Some(code), _) => Answer::Code(code),
                    (None, Some(choice)) => Answer::Choose(factor(choice)?),
                    (None, None) if get("EMAIL").is_some() => Answer::Choose(Factor::Email),
                    (None, None) => Answer::SetupVerified,
                };
                (with_session()?, answer)
            }
            "PASSWORD_VERIFIER" | "DEVICE_PASSWORD_VERIFIER" => {
                let block = need("PASSWORD_CLAIM_SECRET_BLOCK")?;
                (block, Answer::Claim { secret_block: block, signature: need("PASSWORD_CLAIM_SIGNATURE")?, timestamp: need("TIMESTAMP")? })
            }
            "DEVICE_SRP_AUTH" => {
                // pycognito answers this step without the Session; the device key names it.
                let device_key = need("DEVICE_KEY")?;
                device_session = challenges::device_srp_session(device_key);
                (session.unwrap_or(&device_session), Answer::DeviceSrp { device_key, srp_a: need("SRP_A")? })
            }
            "SELECT_CHALLENGE" => {
                let chosen = need("ANSWER")?;
                let factor = FirstFactor::parse(chosen).ok_or_else(|| Error::InvalidParameter(format!("ANSWER {chosen:?} is not an available challenge.")))?;
                (with_session()?, Answer::Select { factor, password: get("PASSWORD"), srp_a: get("SRP_A") })
            }
            "CUSTOM_CHALLENGE" => (with_session()?, Answer::Custom(need("ANSWER")?)),
            "WEB_AUTHN" => match get("CREDENTIAL") {
                Some(text) => {
                    credential = serde_json::from_str(text).map_err(|e| Error::InvalidParameter(format!("CREDENTIAL is not JSON: {e}")))?;
                    (with_session()?, Answer::Passkey(&credential))
                }
                None => (with_session()?, Answer::Select { factor: FirstFactor::WebAuthn, password: None, srp_a: None }),
            },
            "PASSWORD" => (with_session()?, Answer::Select { factor: FirstFactor::Password, password: Some(need("PASSWORD")?), srp_a: None }),
            "PASSWORD_SRP" => (with_session()?, Answer::Select { factor: FirstFactor::PasswordSrp, password: None, srp_a: Some(need("SRP_A")?) }),
            other => return Err(Error::InvalidParameter(format!("The challenge {other} is not supported by this user pool."))),
        };
        let step = challenges::respond(c, &client.pool_id, &client, key, answer, origin)?;
        shapes::conclude(c, &client, step, &i.client_metadata)
    })
    .await?;
    Ok(shapes::outcome(&outcome))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefreshIn {
    refresh_token: String,
    client_id: String,
    client_secret: Option<String>,
    device_key: Option<String>,
}

pub async fn get_tokens_from_refresh_token(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: RefreshIn = call.parse()?;
    let client = client(ctx, &i.client_id).await?;
    let issued = run(ctx, move |c| refresh::get_tokens(c, &client, &i.refresh_token, i.client_secret.as_deref(), i.device_key.as_deref())).await?;
    Ok(json!({ "AuthenticationResult": shapes::authentication_result(&issued) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RevokeIn {
    token: String,
    client_id: String,
    client_secret: Option<String>,
}

pub async fn revoke_token(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: RevokeIn = call.parse()?;
    let client = client(ctx, &i.client_id).await?;
    run(ctx, move |c| refresh::revoke(c, &client, &i.token, i.client_secret.as_deref())).await?;
    Ok(json!({}))
}
