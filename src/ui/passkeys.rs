//! Passkeys on the hosted pages: "Sign in with a passkey" on the sign-in page, a passkey
//! instead of the code on an MFA step, and adding, renaming and deleting passkeys on the
//! account page. The credentials API needs JavaScript (`static/passkeys.js`): it asks
//! the `…/options` endpoints here for a ceremony (JSON), then posts the browser's answer
//! with the page's form; without JavaScript the forms stay hidden.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::account::{self, AccountQuery, Visit};
use super::flow::{start_form, Flow, PageQuery};
use super::views::{PasskeyForm, PasskeyView};
use crate::domain::auth::account as account_rules;
use crate::domain::auth::challenges::{self, Answer, Challenge};
use crate::domain::auth::signin;
use crate::domain::passkeys::{self, PasskeyInfo};
use crate::domain::pools::Pool;
use crate::domain::users::User;
use crate::domain::Context;
use crate::error::{Error, Result};
use crate::http::blocking;
use crate::i18n::Catalog;

/// The user's passkeys, or `None` when the pool does not offer passkeys.
pub fn listed(ctx: &Context, pool: &Pool, user: &User) -> Result<Option<Vec<PasskeyInfo>>> {
    if !passkeys::enabled(pool) {
        return Ok(None);
    }
    passkeys::list(ctx, pool, user).map(Some)
}

pub fn view(t: &Catalog, p: PasskeyInfo) -> PasskeyView {
    PasskeyView {
        id: p.credential_id,
        name: p.friendly_name,
        created: super::messages::readable_time(t, p.created_at),
        last_used: p.last_used_at.map(|at| super::messages::readable_time(t, at)).unwrap_or_else(|| t.get("passkeys-never-used")),
    }
}

/// The sign-in page's passkey form, when the pool offers passkeys.
pub fn sign_in_form(flow: &Flow) -> Option<PasskeyForm> {
    passkeys::enabled(&flow.authz.pool).then(|| PasskeyForm { action: flow.url("passkeys/sign-in", None, None), options: flow.url("passkeys/sign-in/options", None, None) })
}

/// "Use a passkey" on an MFA step, for a user who has one.
pub fn second_factor_form(flow: &Flow, ch: &Challenge) -> Option<PasskeyForm> {
    ch.passkey_factor.then(|| PasskeyForm { action: flow.url("mfa/passkey", None, None), options: flow.url("mfa/passkey/options", None, None) })
}

/// The account page's "Add a passkey".
pub(super) fn register_form(v: &Visit) -> PasskeyForm {
    PasskeyForm { action: format!("{}/account/passkeys/register{}", v.base(), v.query_string()), options: format!("{}/account/passkeys/options{}", v.base(), v.query_string()) }
}

/// The offer after a sign-up's first sign-in: add a passkey, or not now; both go on to
/// the app. The script registers through the account page's endpoints (this response
/// sets the session they need; `csrf` is that new session's token) and then follows
/// `target`.
pub fn offer_page(flow: &Flow, target: &str, csrf: String) -> HttpResponse {
    let t = flow.t;
    let query = format!("?client_id={}", flow.authz.client.id);
    let form = PasskeyForm { action: format!("/{}/account/passkeys/register{query}", flow.pool), options: format!("/{}/account/passkeys/options{query}", flow.pool) };
    let view = super::views::PasskeyOfferPage { t, brand: flow.brand(), title: t.get("passkeys-offer-title"), csrf, form, target: target.to_string(), error: None, notice: None };
    flow.render(StatusCode::OK, view)
}

/// An options endpoint's answer: the ceremony, or a JSON error the script shows as
/// "the passkey did not work".
fn ceremony(result: Result<(serde_json::Value, Option<String>)>) -> HttpResponse {
    match result {
        Ok((options, handle)) => HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(serde_json::json!({ "options": options, "handle": handle })),
        Err(e) if e.is_internal() => {
            tracing::error!(error = %e, "passkey options failed");
            HttpResponse::InternalServerError().json(serde_json::json!({ "error": "internal" }))
        }
        Err(e) => HttpResponse::BadRequest().json(serde_json::json!({ "error": e.cognito_type(), "message": e.public_message() })),
    }
}

#[derive(Deserialize)]
pub struct OptionsForm {
    csrf: Option<String>,
    session: Option<String>,
}

/// Options for a usernameless sign-in (and the browser's passkey autofill).
pub async fn sign_in_options(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>, form: web::Form<OptionsForm>) -> HttpResponse {
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let (pool, client) = (flow.authz.pool.clone(), flow.authz.client.clone());
    ceremony(blocking(&ctx, move |c| passkeys::start_sign_in(c, &pool, client.id.as_str(), None).map(|s| (s.options, Some(s.handle)))).await)
}

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: Option<String>,
    session: Option<String>,
    handle: Option<String>,
    credential: Option<String>,
}

fn credential_of(form: &AnswerForm) -> Result<serde_json::Value> {
    serde_json::from_str(form.credential.as_deref().unwrap_or_default()).map_err(|_| Error::InvalidParameter("The passkey's answer is not valid JSON.".into()))
}

/// The passkey's answer on the sign-in page: signed in (or on to the MFA step).
pub async fn sign_in(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>, form: web::Form<AnswerForm>) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let (pool, client, address, device) = (flow.pool.clone(), flow.authz.client.clone(), super::mfa::client_address(&req), super::mfa::device_cookie(&req));
    let handle = form.handle.clone().unwrap_or_default();
    let result = match credential_of(&form) {
        Ok(credential) => {
            blocking(&ctx, move |c| {
                let origin = signin::Origin { address: address.as_deref(), device: device.as_deref(), ..Default::default() };
                signin::passkey(c, &pool, &client, &handle, &credential, origin)
            })
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(step) => super::mfa::proceed(&ctx, &flow, &req, step, false).await,
        Err(e) if !e.is_internal() => {
            let text = passkey_error(flow.t, &e);
            super::login::page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(text))
        }
        Err(e) => super::error_page(&req, &e, false),
    }
}

/// A refused passkey in the page's words: the account's own state when that is what
/// stopped it, else "the passkey did not work".
fn passkey_error(t: &Catalog, e: &Error) -> String {
    match e {
        Error::UserDisabled | Error::UserLambdaValidation(_) | Error::TooManyRequests(_) => super::messages::error_text(t, e),
        _ => t.get("passkeys-failed"),
    }
}

/// Options for answering an MFA step with a passkey.
pub async fn factor_options(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>, form: web::Form<OptionsForm>) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let (pool, client, session) = (flow.pool.clone(), flow.authz.client.clone(), form.session.unwrap_or_default());
    ceremony(blocking(&ctx, move |c| challenges::passkey_factor_options(c, &pool, &client, &session).map(|s| (s.options, Some(s.handle)))).await)
}

/// An MFA step answered with a passkey.
pub async fn factor(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>, form: web::Form<AnswerForm>) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let session = form.session.clone().unwrap_or_default();
    let (pool, client, s, handle, address) = (flow.pool.clone(), flow.authz.client.clone(), session.clone(), form.handle.clone().unwrap_or_default(), super::mfa::client_address(&req));
    let result = match credential_of(&form) {
        Ok(credential) => {
            blocking(&ctx, move |c| {
                let origin = challenges::Origin { address: address.as_deref(), ..Default::default() };
                challenges::respond(c, &pool, &client, &s, Answer::PasskeyFactor { handle: &handle, credential: &credential }, origin)
            })
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(step) => super::mfa::proceed(&ctx, &flow, &req, step, false).await,
        Err(e) if !e.is_internal() => {
            let (pool, client) = (flow.pool.clone(), flow.authz.client.clone());
            let text = flow.t.get("passkeys-failed");
            match blocking(&ctx, move |c| challenges::describe(c, &pool, &client, &session)).await {
                Ok(ch) => super::mfa::challenge_page(&flow, StatusCode::BAD_REQUEST, &ch, Some(text)),
                Err(_) => super::login::page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(super::messages::place_error_text(flow.t, &e, super::messages::Place::Challenge))),
            }
        }
        Err(e) => super::error_page(&req, &e, false),
    }
}

#[derive(Deserialize)]
pub struct AccountOptionsForm {
    csrf: Option<String>,
}

/// Options for adding a passkey on the account page.
pub async fn register_options(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>, form: web::Form<AccountOptionsForm>) -> HttpResponse {
    let v = match account::visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (pool, user, client_id) = (v.pool.clone(), v.user.clone(), v.client_id().to_string());
    ceremony(blocking(&ctx, move |c| passkeys::start_registration(c, &pool, &user, &client_id).map(|o| (o, None))).await)
}

#[derive(Deserialize)]
pub struct RegisterForm {
    csrf: Option<String>,
    credential: Option<String>,
    name: Option<String>,
}

/// The new passkey from the browser: saved under the name given (or the browser's).
pub async fn register(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>, form: web::Form<RegisterForm>) -> HttpResponse {
    let form = form.into_inner();
    let v = match account::visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let Ok(credential) = serde_json::from_str::<serde_json::Value>(form.credential.as_deref().unwrap_or_default()) else {
        let text = v.t.get("passkeys-failed");
        return account::page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &[], Some(text)).await;
    };
    let browser = req.headers().get(actix_web::http::header::USER_AGENT).and_then(|h| h.to_str().ok()).map(super::mfa::describe_browser);
    let name = form.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).or(browser);
    let (pool, user, client_id) = (v.pool.clone(), v.user.clone(), v.client_id().to_string());
    match blocking(&ctx, move |c| passkeys::finish_registration(c, &pool, &user, &client_id, &credential, name.as_deref())).await {
        Ok(_) => v.back("passkey_added"),
        Err(e @ Error::LimitExceeded(_)) => account::failed(&ctx, &req, &v, e).await,
        Err(e) if !e.is_internal() => {
            tracing::info!(error = %e, "a passkey registration was refused");
            let text = v.t.get("passkeys-failed");
            account::page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &[], Some(text)).await
        }
        Err(e) => super::error_page(&req, &e, false),
    }
}

#[derive(Deserialize)]
pub struct ChangeForm {
    csrf: Option<String>,
    credential_id: Option<String>,
    name: Option<String>,
    current_password: Option<String>,
}

pub async fn rename(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>, form: web::Form<ChangeForm>) -> HttpResponse {
    let form = form.into_inner();
    let v = match account::visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (user, id, name) = (v.user.clone(), form.credential_id.unwrap_or_default(), form.name.unwrap_or_default());
    match blocking(&ctx, move |c| passkeys::rename(c, &user, &id, name.trim())).await {
        Ok(()) => v.back("passkey_renamed"),
        Err(e) => account::failed(&ctx, &req, &v, e).await,
    }
}

/// Deleting a passkey asks for the password (or a fresh sign-in), as removing a factor.
pub async fn delete(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>, form: web::Form<ChangeForm>) -> HttpResponse {
    let form = form.into_inner();
    let v = match account::visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let current = form.current_password.filter(|p| !p.is_empty());
    if current.is_none() && v.user.password_hash.is_some() {
        let text = v.t.get("err-enter-password");
        return account::page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &[], Some(text)).await;
    }
    let (pool, user, id, auth_time, address) = (v.pool.clone(), v.user.clone(), form.credential_id.unwrap_or_default(), v.auth_time, super::mfa::client_address(&req));
    let deleted = blocking(&ctx, move |c| {
        let proof = account_rules::Proof { current_password: current.as_deref(), auth_time, address: address.as_deref() };
        account_rules::delete_passkey(c, &pool, &user, &id, &proof)
    })
    .await;
    match deleted {
        Ok(()) => v.back("passkey_deleted"),
        Err(e) => account::failed(&ctx, &req, &v, e).await,
    }
}
