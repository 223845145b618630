//! `/{pool}/login`: the sign-in page, and on success the end of the authorization
//! request: a session cookie and the redirect back to the app with a code.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::strings::EN;
use super::views::{LoginPage, NewPasswordPage, ProviderLink};
use super::mfa;
use crate::domain::auth::challenges::{self, Answer};
use crate::domain::auth::{signin, signup};
use crate::domain::Context;
use crate::error::Error;
use crate::http::{blocking, found};

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: Option<String>,
    username: Option<String>,
    password: Option<String>,
}

pub(super) fn page(flow: &Flow, status: StatusCode, username: String, error: Option<String>) -> HttpResponse {
    let settings = &flow.authz.pool.settings;
    let label = if settings.username_attributes.iter().any(|a| a == "email") { EN.email } else if settings.signs_in_with("email") { EN.username_or_email } else { EN.username };
    let view = LoginPage {
        t: &EN,
        brand: flow.brand(),
        title: EN.sign_in_title,
        action: flow.url("login", None, None),
        csrf: flow.csrf.token.clone(),
        username_label: label,
        username,
        error,
        notice: super::notice_text(flow.query.notice.as_deref()),
        signup_url: signup::may_sign_up(&flow.authz.pool).then(|| flow.url("signup", None, None)),
        forgot_url: flow.url("forgot-password", None, None),
        native: flow.authz.client.settings.supported_identity_providers.iter().any(|p| p == "COGNITO"),
        providers: flow
            .providers
            .iter()
            .map(|p| ProviderLink { label: EN.continue_with.replace("{name}", &p.name), url: flow.authorize_url(Some(&p.name)) })
            .collect(),
        sso_action: flow.providers.iter().any(|p| p.by_email).then(|| format!("/{}/oauth2/authorize", flow.pool)),
        sso_fields: flow.authorize_fields(),
    };
    flow.render(status, view)
}

pub async fn show(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    let q = q.into_inner();
    let flow = match start(&ctx, &req, &path, q).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let username = flow.query.username.clone().or_else(|| flow.authz.login_hint.clone()).unwrap_or_default();
    page(&flow, StatusCode::OK, username, None)
}

pub async fn submit(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<LoginForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let username = form.username.unwrap_or_default().trim().to_string();
    let password = form.password.unwrap_or_default();
    let (pool, client, name) = (flow.pool.clone(), flow.authz.client.clone(), username.clone());
    let (address, device) = (mfa::client_address(&req), mfa::device_cookie(&req));
    let result = blocking(&ctx, move |c| {
        let origin = signin::Origin { address: address.as_deref(), device: device.as_deref(), device_key: None, client_metadata: None, pre_authenticated: false };
        signin::password(c, &pool, &client, &name, &password, origin)
    })
    .await;
    match result {
        Ok(step) => mfa::proceed(&ctx, &flow, &req, step, false).await,
        Err(Error::UserNotConfirmed(_)) => {
            let (pool, client, name, address) = (flow.pool.clone(), flow.authz.client.clone(), username.clone(), mfa::client_address(&req));
            if let Err(e) = blocking(&ctx, move |c| signup::resend_confirmation_code(c, &pool, &client, &name, address.as_deref())).await {
                tracing::warn!(error = %e, "could not resend a confirmation code");
            }
            found(&flow.url("confirm", Some(&username), Some("code_sent")))
        }
        Err(Error::PasswordResetRequired(_)) => found(&flow.url("forgot-password", Some(&username), None)),
        Err(e) if !e.is_internal() => page(&flow, StatusCode::BAD_REQUEST, username, Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}

pub(super) fn new_password_page(flow: &Flow, status: StatusCode, session: String, error: Option<String>) -> HttpResponse {
    let view = NewPasswordPage {
        t: &EN,
        brand: flow.brand(),
        title: EN.new_password_title,
        action: flow.url("new-password", None, None),
        csrf: flow.csrf.token.clone(),
        session,
        rules: super::password_rules(&flow.authz.pool.settings.password_policy),
        error,
        notice: Some(EN.new_password_intro.to_string()),
    };
    flow.render(status, view)
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    csrf: Option<String>,
    session: Option<String>,
    password: Option<String>,
}

/// The answer to NEW_PASSWORD_REQUIRED; on success the sign-in completes.
pub async fn submit_new_password(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<NewPasswordForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let session = form.session.unwrap_or_default();
    let password = form.password.unwrap_or_default();
    let (pool, client, s, address) = (flow.pool.clone(), flow.authz.client.clone(), session.clone(), mfa::client_address(&req));
    let result = blocking(&ctx, move |c| {
        let (none, origin) = (Default::default(), signin::Origin { address: address.as_deref(), ..Default::default() });
        challenges::respond(c, &pool, &client, &s, Answer::NewPassword { password: &password, attributes: &none }, origin)
    })
    .await;
    match result {
        Ok(step) => mfa::proceed(&ctx, &flow, &req, step, false).await,
        Err(e @ (Error::InvalidPassword(_) | Error::PasswordHistoryPolicyViolation(_))) => new_password_page(&flow, StatusCode::BAD_REQUEST, session, Some(e.public_message())),
        Err(e) if !e.is_internal() => page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}
