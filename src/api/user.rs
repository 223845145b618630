//! What a signed-in user does with an access token: GetUser, ChangePassword, their
//! attributes and their verification, DeleteUser, GlobalSignOut.

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::error::ApiError;
use super::shapes::{self, AttributeIn};
use super::{run, Call};
use crate::domain::auth::access::{self, Caller};
use crate::domain::auth::{account, sessions};
use crate::domain::{clients, mfa, user_attributes, users, Context};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenIn {
    access_token: String,
}

/// The caller of an access token.
pub async fn caller(ctx: &web::Data<Context>, token: String) -> Result<Caller, ApiError> {
    run(ctx, move |c| access::caller(c, &token)).await
}

pub async fn get_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: TokenIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let sub = who.user.sub.to_string();
    let state = run(ctx, move |c| mfa::load(&mut *c.conn()?, &sub)).await?;
    let mut out = Map::new();
    out.insert("Username".into(), json!(who.user.username));
    out.insert("UserAttributes".into(), json!(shapes::attributes_out(&who.user)));
    shapes::mfa_settings(&mut out, &state);
    Ok(Value::Object(out))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ChangePasswordIn {
    previous_password: Option<String>,
    proposed_password: String,
    access_token: String,
}

pub async fn change_password(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: ChangePasswordIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let address = call.address;
    run(ctx, move |c| {
        let family = who.family.clone().unwrap_or_default();
        let previous = i.previous_password.unwrap_or_default();
        let caller = account::Caller::Token { family: &family };
        account::change_password(c, &who.pool.id, &who.user, &previous, &i.proposed_password, address.as_deref(), caller)
    })
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateAttributesIn {
    user_attributes: Vec<AttributeIn>,
    access_token: String,
}

pub async fn update_user_attributes(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: UpdateAttributesIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let changes = shapes::attributes_in(Some(i.user_attributes));
    let address = call.address;
    let metadata = super::fields::client_metadata(&call.input);
    let sent = run(ctx, move |c| {
        let client = clients::by_id(c, &who.client_id)?;
        user_attributes::update(c, &who.pool, &who.user, Some(&client), &changes, address.as_deref(), &metadata)
    })
    .await?;
    Ok(json!({ "CodeDeliveryDetailsList": sent.iter().map(shapes::code_delivery).collect::<Vec<_>>() }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteAttributesIn {
    user_attribute_names: Vec<String>,
    access_token: String,
}

pub async fn delete_user_attributes(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: DeleteAttributesIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    run(ctx, move |c| {
        let client = clients::by_id(c, &who.client_id)?;
        user_attributes::delete(c, &who.pool, &who.user, Some(&client), &i.user_attribute_names)
    })
    .await?;
    Ok(json!({}))
}

pub async fn delete_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: TokenIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    run(ctx, move |c| users::delete_self(c, &who.pool.id, who.user.sub.as_str())).await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AttributeNameIn {
    access_token: String,
    attribute_name: String,
    code: Option<String>,
}

pub async fn get_user_attribute_verification_code(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: AttributeNameIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let address = call.address;
    let metadata = super::fields::client_metadata(&call.input);
    let d = run(ctx, move |c| {
        user_attributes::send_verification_code(c, &who.pool, &who.user, &i.attribute_name, address.as_deref(), Some(&who.client_id), &metadata)
    })
    .await?;
    Ok(json!({ "CodeDeliveryDetails": shapes::code_delivery(&d) }))
}

pub async fn verify_user_attribute(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: AttributeNameIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    let code = i.code.unwrap_or_default();
    run(ctx, move |c| user_attributes::verify(c, &who.pool, &who.user, &i.attribute_name, &code)).await?;
    Ok(json!({}))
}

pub async fn global_sign_out(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let i: TokenIn = call.parse()?;
    let who = caller(ctx, i.access_token).await?;
    run(ctx, move |c| sessions::sign_out_everywhere(c, who.user.sub.as_str())).await?;
    Ok(json!({}))
}
