//! `/{pool}/signup`, `/{pool}/confirm` and `/{pool}/confirm/resend`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::strings::{attribute_label, EN};
use super::views::{ConfirmPage, Field, SignupPage};
use crate::config::Secret;
use crate::domain::auth::signup::{self, SignUp};
use crate::domain::auth::CodeDelivery;
use crate::domain::Context;
use crate::http::{blocking, found};

/// The inputs of the sign-up form for this pool: username (or email), the required
/// attributes, the email when it is verified, and the password.
fn fields(flow: &Flow, values: &BTreeMap<String, String>) -> Vec<Field> {
    let settings = &flow.authz.pool.settings;
    let value = |n: &str| values.get(n).cloned().unwrap_or_default();
    let mut out = Vec::new();
    let email_is_username = settings.username_attributes.iter().any(|a| a == "email");
    if !email_is_username {
        out.push(Field { name: "username".into(), label: EN.username.into(), kind: "text", value: value("username"), required: true, autocomplete: "username" });
    }
    let wants_email = email_is_username
        || settings.auto_verified_attributes.iter().any(|a| a == "email")
        || settings.schema.iter().any(|d| d.name == "email" && d.required);
    if wants_email {
        out.push(Field { name: "email".into(), label: EN.email.into(), kind: "email", value: value("email"), required: true, autocomplete: "email" });
    }
    for def in settings.schema.iter().filter(|d| d.required && d.name != "email") {
        let (kind, autocomplete) = match def.name.as_str() {
            "phone_number" => ("tel", "tel"),
            "given_name" => ("text", "given-name"),
            "family_name" => ("text", "family-name"),
            "name" => ("text", "name"),
            "birthdate" => ("date", "bday"),
            _ => ("text", "off"),
        };
        out.push(Field { name: def.name.clone(), label: attribute_label(&def.name), kind, value: value(&def.name), required: true, autocomplete });
    }
    out.push(Field { name: "password".into(), label: EN.password.into(), kind: "password", value: String::new(), required: true, autocomplete: "new-password" });
    out
}

fn signup_page(flow: &Flow, status: StatusCode, values: &BTreeMap<String, String>, error: Option<String>) -> HttpResponse {
    let view = SignupPage {
        t: &EN,
        brand: flow.brand(),
        title: EN.sign_up_title,
        action: flow.url("signup", None, None),
        csrf: flow.csrf.token.clone(),
        fields: fields(flow, values),
        rules: super::password_rules(&flow.authz.pool.settings.password_policy),
        error,
        notice: None,
        signin_url: flow.url("login", None, None),
    };
    flow.render(status, view)
}

pub async fn show(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) if !signup::may_sign_up(&flow.authz.pool) => {
            signup_page(&flow, StatusCode::FORBIDDEN, &BTreeMap::new(), Some("SignUp is not permitted for this user pool".into()))
        }
        Ok(flow) => signup_page(&flow, StatusCode::OK, &BTreeMap::new(), None),
        Err(resp) => resp,
    }
}

pub async fn submit(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let mut values: BTreeMap<String, String> = form.into_inner().into_iter().collect();
    let csrf = values.remove("csrf");
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let password = values.remove("password").unwrap_or_default();
    let shown: Vec<String> = fields(&flow, &values).into_iter().map(|f| f.name).collect();
    let settings = &flow.authz.pool.settings;
    let username = if settings.username_attributes.iter().any(|a| a == "email") {
        values.get("email").cloned().unwrap_or_default()
    } else {
        values.get("username").cloned().unwrap_or_default()
    }
    .trim()
    .to_string();
    // Only the attributes the form shows are taken from it.
    let attributes = values
        .iter()
        .filter(|(k, v)| shown.contains(k) && *k != "username" && !v.is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    let (pool, client, name, address) = (flow.pool.clone(), flow.authz.client.clone(), username.clone(), super::mfa::client_address(&req));
    let result = blocking(&ctx, move |c| {
        let req = SignUp { username: name, password: Secret::new(password), attributes, validation_data: None, client_metadata: None };
        signup::sign_up(c, &pool, &client, req, address.as_deref())
    })
    .await;
    match result {
        Ok(r) => match r.delivery {
            Some(d) => found(&flow.url_sent("confirm", Some(&username), None, Some(&d.destination))),
            // A PreSignUp hook confirmed the user: straight on to signing in.
            None if r.user_confirmed => found(&flow.url("login", Some(&username), Some("confirmed"))),
            None => found(&flow.url("login", None, Some("admin_confirm"))),
        },
        Err(e) if !e.is_internal() => signup_page(&flow, StatusCode::BAD_REQUEST, &values, Some(e.public_message())),
        Err(e) => super::error_page(&e, false),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: Option<String>,
    username: Option<String>,
    code: Option<String>,
}

fn confirm_page(flow: &Flow, status: StatusCode, username: &str, delivery: Option<&CodeDelivery>, error: Option<String>, notice: Option<String>) -> HttpResponse {
    let destination = delivery.map(|d| d.destination.clone()).unwrap_or_else(|| EN.your_email.to_string());
    let view = ConfirmPage {
        t: &EN,
        brand: flow.brand(),
        title: EN.confirm_title,
        action: flow.url("confirm", None, None),
        resend_action: flow.url("confirm/resend", None, None),
        csrf: flow.csrf.token.clone(),
        username: username.to_string(),
        intro: EN.confirm_intro.replace("{destination}", &destination),
        error,
        notice: notice.or_else(|| super::notice_text(flow.query.notice.as_deref())),
        signin_url: flow.url("login", None, None),
    };
    flow.render(status, view)
}

pub async fn show_confirm(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) => {
            let username = flow.query.username.clone().unwrap_or_default();
            let delivery = flow.sent_to().map(|destination| CodeDelivery { destination, medium: "EMAIL", attribute: "email" });
            confirm_page(&flow, StatusCode::OK, &username, delivery.as_ref(), None, None)
        }
        Err(resp) => resp,
    }
}

pub async fn submit_confirm(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<ConfirmForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let username = form.username.unwrap_or_default().trim().to_string();
    let code = form.code.unwrap_or_default();
    let (pool, client, name) = (flow.pool.clone(), flow.authz.client.clone(), username.clone());
    match blocking(&ctx, move |c| signup::confirm_sign_up(c, &pool, &client, &name, &code, false, None, &None)).await {
        Ok(_) => found(&flow.url("login", Some(&username), Some("confirmed"))),
        Err(e) if !e.is_internal() => confirm_page(&flow, StatusCode::BAD_REQUEST, &username, None, Some(e.public_message()), None),
        Err(e) => super::error_page(&e, false),
    }
}

pub async fn resend(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<ConfirmForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let username = form.username.unwrap_or_default().trim().to_string();
    let (pool, client, name, address) = (flow.pool.clone(), flow.authz.client.clone(), username.clone(), super::mfa::client_address(&req));
    match blocking(&ctx, move |c| signup::resend_confirmation_code(c, &pool, &client, &name, address.as_deref())).await {
        Ok(d) => confirm_page(&flow, StatusCode::OK, &username, Some(&d), None, Some(EN.notice_code_sent.into())),
        Err(e) if !e.is_internal() => confirm_page(&flow, StatusCode::BAD_REQUEST, &username, None, Some(e.public_message()), None),
        Err(e) => super::error_page(&e, false),
    }
}
