//! `/{pool}/forgot-password` and `/{pool}/reset-password`, and the new-password fields
//! the sign-up, reset, new-password and account pages share.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::messages;
use super::views::{place_errors, Field, FormPage};
use crate::domain::auth::password_reset;
use crate::domain::password_policy::PasswordPolicy;
use crate::domain::Context;
use crate::error::Error;
use crate::http::{blocking, found};
use crate::i18n::Catalog;

/// A new password and its confirmation; `name` is the first field's name.
pub fn new_password_fields(t: &Catalog, name: &str) -> Vec<Field> {
    vec![
        Field::new(name, t.get("new-password"), "password", "new-password"),
        Field::new(&format!("{name}_confirm"), t.get("confirm-password"), "password", "new-password"),
    ]
}

/// The error on the confirmation field when the two passwords differ.
pub fn mismatch(t: &Catalog, password: &str, confirm: Option<&str>, name: &str) -> Option<Vec<(String, String)>> {
    (confirm != Some(password)).then(|| vec![(format!("{name}_confirm"), t.get("fix-password-mismatch"))])
}

/// A refused new password, as advice: the rule it breaks, or the history's refusal.
pub fn password_error(t: &Catalog, e: &Error, policy: &PasswordPolicy, password: &str) -> String {
    match (e, policy.broken(password)) {
        (Error::InvalidPassword(_), Some(rule)) => messages::password_rule(t, rule, policy.minimum_length),
        _ => messages::error_text(t, e),
    }
}

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
    password_confirm: Option<String>,
}

fn forgot_page(flow: &Flow, status: StatusCode, username: &str, errors: &[(String, String)]) -> HttpResponse {
    let t = flow.t;
    let mut fields = vec![super::login::username_field(flow).value(username)];
    place_errors(&mut fields, errors);
    let view = FormPage {
        t,
        brand: flow.brand(),
        title: t.get("forgot-title"),
        intro: Some(t.get("forgot-intro")),
        action: flow.url("forgot-password", None, None),
        csrf: flow.csrf.token.clone(),
        hidden: Vec::new(),
        fields,
        rules: Vec::new(),
        button: t.get("forgot-button"),
        resend: None,
        error: None,
        notice: None,
        back: flow.back_to_sign_in(),
    };
    flow.render(status, view)
}

/// The reset form; what was typed is kept (the code too, when it was not the problem).
fn reset_page(flow: &Flow, status: StatusCode, username: &str, code: &str, errors: &[(String, String)], error: Option<String>) -> HttpResponse {
    let t = flow.t;
    let destination = flow.sent_to().unwrap_or_else(|| t.get("your-email"));
    let mut fields = vec![Field::new("code", t.get("code"), "text", "one-time-code").numeric().value(code)];
    fields.extend(new_password_fields(t, "password"));
    place_errors(&mut fields, errors);
    let view = FormPage {
        t,
        brand: flow.brand(),
        title: t.get("reset-title"),
        intro: Some(t.with("reset-intro", "destination", &destination)),
        action: flow.url("reset-password", None, None),
        csrf: flow.csrf.token.clone(),
        hidden: vec![("username".into(), username.to_string())],
        fields,
        rules: super::password_rules(t, &flow.authz.pool.settings.password_policy),
        button: t.get("reset-button"),
        resend: Some((flow.url("forgot-password", None, None), username.to_string())),
        error,
        notice: None,
        back: flow.back_to_sign_in(),
    };
    flow.render(status, view)
}

pub async fn show_forgot(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) => {
            let username = flow.query.username.clone().unwrap_or_default();
            forgot_page(&flow, StatusCode::OK, &username, &[])
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
    if username.is_empty() {
        return forgot_page(&flow, StatusCode::BAD_REQUEST, &username, &[("username".into(), flow.t.get("fix-required"))]);
    }
    let (pool, client, name, address) = (flow.pool.clone(), flow.authz.client.clone(), username.clone(), super::mfa::client_address(&req));
    match blocking(&ctx, move |c| password_reset::forgot_password(c, &pool, &client, &name, address.as_deref(), &None)).await {
        Ok(d) => found(&flow.url_sent("reset-password", Some(&username), None, Some(&d.destination))),
        Err(e) if !e.is_internal() => forgot_page(&flow, StatusCode::BAD_REQUEST, &username, &[("username".into(), messages::error_text(flow.t, &e))]),
        Err(e) => super::error_page(&req, &e, false),
    }
}

pub async fn show_reset(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) => {
            let username = flow.query.username.clone().unwrap_or_default();
            reset_page(&flow, StatusCode::OK, &username, "", &[], None)
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
    let (code, password) = (form.code.unwrap_or_default().trim().to_string(), form.password.unwrap_or_default());
    let policy = flow.authz.pool.settings.password_policy.clone();
    // The form's own checks first, so a right code is not spent on a weak password.
    let mut errors = Vec::new();
    if code.is_empty() {
        errors.push(("code".to_string(), flow.t.get("fix-required")));
    }
    if let Some(rule) = policy.broken(&password) {
        errors.push(("password".to_string(), messages::password_rule(flow.t, rule, policy.minimum_length)));
    } else if let Some(m) = mismatch(flow.t, &password, form.password_confirm.as_deref(), "password") {
        errors.extend(m);
    }
    if !errors.is_empty() {
        return reset_page(&flow, StatusCode::BAD_REQUEST, &username, &code, &errors, None);
    }
    let (pool, client, name, c2, p2) = (flow.pool.clone(), flow.authz.client.clone(), username.clone(), code.clone(), password.clone());
    match blocking(&ctx, move |c| password_reset::confirm_forgot_password(c, &pool, &client, &name, &c2, &p2, &None)).await {
        Ok(()) => found(&flow.url("login", Some(&username), Some("password_reset"))),
        Err(e @ (Error::CodeMismatch(_) | Error::ExpiredCode(_))) => {
            reset_page(&flow, StatusCode::BAD_REQUEST, &username, "", &[("code".into(), messages::error_text(flow.t, &e))], None)
        }
        Err(e @ (Error::InvalidPassword(_) | Error::PasswordHistoryPolicyViolation(_))) => {
            let text = password_error(flow.t, &e, &policy, &password);
            reset_page(&flow, StatusCode::BAD_REQUEST, &username, &code, &[("password".into(), text)], None)
        }
        Err(e) if !e.is_internal() => reset_page(&flow, StatusCode::BAD_REQUEST, &username, &code, &[], Some(messages::error_text(flow.t, &e))),
        Err(e) => super::error_page(&req, &e, false),
    }
}
