//! `/{pool}/forgot-password` and `/{pool}/reset-password`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::strings::EN;
use super::views::{ForgotPage, ResetPage};
use crate::domain::auth::password_reset;
use crate::domain::Context;
use crate::http::{blocking, found};

#[derive(Deserialize)]
pub struct ForgotForm {
    csrf: Option<String>,
    username: Option<String>,
}

#[derive(Deserialize)]
pub struct ResetForm {
    csrf: Option<String>,
    username: Option<String>,
    code: Option<String>,
    password: Option<String>,
}

fn forgot_page(flow: &Flow, status: StatusCode, username: &str, error: Option<String>) -> HttpResponse {
    let view = ForgotPage {
        t: &EN,
        brand: flow.brand(),
        title: EN.forgot_title,
        action: flow.url("forgot-password", None, None),
        csrf: flow.csrf.token.clone(),
        username: username.to_string(),
        error,
        notice: None,
        signin_url: flow.url("login", None, None),
    };
    flow.render(status, view)
}

fn reset_page(flow: &Flow, status: StatusCode, username: &str, error: Option<String>) -> HttpResponse {
    let destination = flow.sent_to().unwrap_or_else(|| EN.your_email.to_string());
    let view = ResetPage {
        t: &EN,
        brand: flow.brand(),
        title: EN.reset_title,
        action: flow.url("reset-password", None, None),
        csrf: flow.csrf.token.clone(),
        username: username.to_string(),
        intro: EN.reset_intro.replace("{destination}", &destination),
        rules: super::password_rules(&flow.authz.pool.settings.password_policy),
        error,
        notice: None,
        signin_url: flow.url("login", None, None),
    };
    flow.render(status, view)
}

pub async fn show_forgot(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) => {
            let username = flow.query.username.clone().unwrap_or_default();
            forgot_page(&flow, StatusCode::OK, &username, None)
        }
        Err(resp) => resp,
    }
}

pub async fn submit_forgot(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<ForgotForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let username = form.username.unwrap_or_default().trim().to_string();
    let (pool, client, name, address) = (flow.pool.clone(), flow.authz.client.clone(), username.clone(), super::mfa::client_address(&req));
    match blocking(&ctx, move |c| password_reset::forgot_password(c, &pool, &client, &name, address.as_deref(), &None)).await {
        Ok(d) => found(&flow.url_sent("reset-password", Some(&username), None, Some(&d.destination))),
        Err(e) if !e.is_internal() => forgot_page(&flow, StatusCode::BAD_REQUEST, &username, Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}

pub async fn show_reset(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) => {
            let username = flow.query.username.clone().unwrap_or_default();
            reset_page(&flow, StatusCode::OK, &username, None)
        }
        Err(resp) => resp,
    }
}

pub async fn submit_reset(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<ResetForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let username = form.username.unwrap_or_default().trim().to_string();
    let (code, password) = (form.code.unwrap_or_default(), form.password.unwrap_or_default());
    let (pool, client, name) = (flow.pool.clone(), flow.authz.client.clone(), username.clone());
    match blocking(&ctx, move |c| password_reset::confirm_forgot_password(c, &pool, &client, &name, &code, &password, &None)).await {
        Ok(()) => found(&flow.url("login", Some(&username), Some("password_reset"))),
        Err(e) if !e.is_internal() => reset_page(&flow, StatusCode::BAD_REQUEST, &username, Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}
