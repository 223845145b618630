//! `/{pool}/login`: the sign-in page, and on success the end of the authorization
//! request: a session cookie and the redirect back to the app with a code.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::strings::EN;
use super::views::{LoginPage, NewPasswordPage};
use crate::domain::auth::challenges::{self, SignIn};
use crate::domain::auth::{sessions, signin, signup};
use crate::domain::oauth::authorize;
use crate::domain::{time, Context};
use crate::error::Error;
use crate::http::{app_redirect, blocking, found};

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: Option<String>,
    username: Option<String>,
    password: Option<String>,
}

fn page(flow: &Flow, status: StatusCode, username: String, error: Option<String>) -> HttpResponse {
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
        signup_url: flow.url("signup", None, None),
        forgot_url: flow.url("forgot-password", None, None),
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
    let address = req.app_data::<web::Data<crate::http::ClientAddress>>().and_then(|a| a.of(&req));
    match blocking(&ctx, move |c| signin::password(c, &pool, &client, &name, &password, address.as_deref())).await {
        Ok(SignIn::Authenticated(user)) => finish(&ctx, &flow, user.sub.to_string()).await,
        Ok(SignIn::Challenge { session, .. }) => new_password_page(&flow, StatusCode::OK, session, None),
        Err(Error::UserNotConfirmed(_)) => {
            let (pool, client, name) = (flow.pool.clone(), flow.authz.client.clone(), username.clone());
            if let Err(e) = blocking(&ctx, move |c| signup::resend_confirmation_code(c, &pool, &client, &name)).await {
                tracing::warn!(error = %e, "could not resend a confirmation code");
            }
            found(&flow.url("confirm", Some(&username), Some("code_sent")))
        }
        Err(Error::PasswordResetRequired(_)) => found(&flow.url("forgot-password", Some(&username), None)),
        Err(e) if e.status().is_client_error() => page(&flow, StatusCode::BAD_REQUEST, username, Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}

fn new_password_page(flow: &Flow, status: StatusCode, session: String, error: Option<String>) -> HttpResponse {
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
    let (pool, client, s) = (flow.pool.clone(), flow.authz.client.clone(), session.clone());
    match blocking(&ctx, move |c| challenges::respond_new_password(c, &pool, &client, &s, &password)).await {
        Ok(user) => finish(&ctx, &flow, user.sub.to_string()).await,
        Err(e @ Error::InvalidPassword(_)) => new_password_page(&flow, StatusCode::BAD_REQUEST, session, Some(e.public_message())),
        Err(e) if e.status().is_client_error() => page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}

/// Starts the browser session and sends the browser back to the app with its code.
pub async fn finish(ctx: &web::Data<Context>, flow: &Flow, user_sub: String) -> HttpResponse {
    let authz = flow.authz.clone();
    let pool = flow.pool.clone();
    let result = blocking(ctx, move |c| {
        let now = time::now();
        let cookie = sessions::create(c, &pool, &user_sub, now)?;
        let params = authorize::complete(c, &authz, &user_sub, now)?;
        Ok((cookie, params))
    })
    .await;
    match result {
        Ok((cookie, params)) => {
            let mut resp = app_redirect(&flow.authz.redirect_uri, &params, flow.authz.response_type == authorize::ResponseType::Token);
            let cookie = super::session_cookie(ctx, flow.pool.as_str(), cookie, ctx.session_seconds);
            if let Err(e) = resp.add_cookie(&cookie) {
                tracing::error!(error = %e, "could not set the session cookie");
            }
            resp
        }
        Err(e) => super::error_page(&e, false),
    }
}
