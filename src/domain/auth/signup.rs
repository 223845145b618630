//! SignUp, ConfirmSignUp and ResendConfirmationCode.

use diesel::Connection;
use serde::Serialize;

use super::{email_delivery, unknown_user, CodeDelivery};
use crate::config::Secret;
use crate::domain::attributes::Attributes;
use crate::domain::clients::Client;
use crate::domain::codes::{self, Purpose};
use crate::domain::ids::PoolId;
use crate::domain::pools::{self, Pool};
use crate::domain::users::{self, UserStatus};
use crate::domain::Context;
use crate::error::{Error, Result};
use crate::mail::{outbox, templates};

#[derive(Debug, Clone, Serialize)]
pub struct SignUpResult {
    pub user_confirmed: bool,
    /// `None` when the pool verifies nothing automatically: an administrator confirms.
    pub delivery: Option<CodeDelivery>,
    /// The stored username (a UUID in pools that sign in with email).
    pub username: String,
}

pub struct SignUp {
    pub username: String,
    pub password: Secret,
    pub attributes: Attributes,
}

fn verifies_email(pool: &Pool, attrs: &Attributes) -> Option<String> {
    pool.settings.auto_verified_attributes.iter().any(|a| a == "email").then(|| attrs.get("email").cloned()).flatten()
}

pub fn sign_up(ctx: &Context, pool_id: &PoolId, client: &Client, req: SignUp) -> Result<SignUpResult> {
    let pool = pools::get(ctx, pool_id)?;
    let writable = &client.settings.write_attributes;
    if let Some(name) = req.attributes.keys().find(|k| !writable.is_empty() && !writable.contains(k)) {
        return Err(Error::NotAuthorized(format!("A client attempted to write unauthorized attribute {name}")));
    }
    let given_username = req.username.clone();
    let row = users::prepare(ctx, &pool, req.username, req.attributes, &req.password, UserStatus::Unconfirmed)?;
    let attrs = users::stored_attributes(&row)?;
    let email = verifies_email(&pool, &attrs);
    let mut conn = ctx.conn()?;
    let outcome = conn.transaction(|c| {
        users::insert(c, &pool, &row)?;
        if let Some(email) = &email {
            let code = codes::issue(ctx, c, &row.sub, Purpose::ConfirmSignUp)?;
            let message = templates::render(templates::Template::Verification, &pool.settings.messages, &row.username, &code);
            outbox::enqueue_email(c, &ctx.secrets, pool_id.as_str(), email, &message)?;
        }
        Ok::<_, Error>(())
    });
    match outcome {
        Ok(()) => Ok(SignUpResult { user_confirmed: false, delivery: email.as_deref().map(email_delivery), username: row.username }),
        // Answer as if the account were new, so sign-up does not reveal who has one.
        Err(Error::UsernameExists(_) | Error::AliasExists(_)) if client.settings.prevent_user_existence_errors => Ok(SignUpResult {
            user_confirmed: false,
            delivery: email.as_deref().map(email_delivery),
            username: given_username,
        }),
        Err(e) => Err(e),
    }
}

fn neutral_code_error() -> Error {
    Error::CodeMismatch("Invalid verification code provided, please try again.".into())
}

pub fn confirm_sign_up(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, code: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let row = users::find(&mut conn, &pool, username)?.ok_or_else(|| unknown_user(client, neutral_code_error()))?;
    if row.status != UserStatus::Unconfirmed.as_str() {
        return Err(Error::NotAuthorized(format!("User cannot be confirmed. Current status is {}", row.status)));
    }
    codes::verify(ctx, &mut conn, &row.sub, Purpose::ConfirmSignUp, code)?;
    conn.transaction(|c| {
        let mut row = row;
        row.status = UserStatus::Confirmed.as_str().into();
        let mut attrs = users::stored_attributes(&row)?;
        if verifies_email(&pool, &attrs).is_some() {
            attrs.insert("email_verified".into(), "true".into());
            users::set_stored_attributes(&mut row, &attrs)?;
        }
        users::save(c, &mut row)?;
        codes::consume(c, &row.sub, Purpose::ConfirmSignUp)
    })
}

pub fn resend_confirmation_code(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str) -> Result<CodeDelivery> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let Some(row) = users::find(&mut conn, &pool, username)? else {
        if client.settings.prevent_user_existence_errors {
            return Ok(CodeDelivery { destination: "***".into(), medium: "EMAIL", attribute: "email" });
        }
        return Err(Error::UserNotFound("User does not exist.".into()));
    };
    if row.status != UserStatus::Unconfirmed.as_str() {
        return Err(Error::InvalidParameter(format!("User is already confirmed (status {}).", row.status)));
    }
    let attrs = users::stored_attributes(&row)?;
    let email = verifies_email(&pool, &attrs)
        .ok_or_else(|| Error::InvalidParameter("This account has no email address to send a code to.".into()))?;
    conn.transaction(|c| {
        let code = codes::issue(ctx, c, &row.sub, Purpose::ConfirmSignUp)?;
        let message = templates::render(templates::Template::Verification, &pool.settings.messages, &row.username, &code);
        outbox::enqueue_email(c, &ctx.secrets, pool_id.as_str(), &email, &message)
    })?;
    Ok(email_delivery(&email))
}
