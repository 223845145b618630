//! `/{pool}/signup`, `/{pool}/confirm` and `/{pool}/confirm/resend`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::messages;
use super::views::{place_errors, Field, FormPage, SignupPage};
use crate::domain::attributes::{AttributeType, Attributes};
use crate::error::Error;
use crate::i18n::Catalog;
use crate::config::Secret;
use crate::domain::auth::signup::{self, SignUp};
use crate::domain::auth::CodeDelivery;
use crate::domain::Context;
use crate::http::{blocking, found};

/// The inputs of the sign-up form for this pool: username (or email), the required
/// attributes and the email when it is verified, then the password twice. Required
/// and optional fields are marked.
fn fields(flow: &Flow, values: &BTreeMap<String, String>) -> Vec<Field> {
    let t = flow.t;
    let settings = &flow.authz.pool.settings;
    let value = |n: &str| values.get(n).cloned().unwrap_or_default();
    let mut out = Vec::new();
    let email_is_username = settings.username_attributes.iter().any(|a| a == "email");
    if !email_is_username {
        out.push(Field::new("username", t.get("username"), "text", "username").value(&value("username")));
    }
    let wants_email = email_is_username
        || settings.auto_verified_attributes.iter().any(|a| a == "email")
        || settings.schema.iter().any(|d| d.name == "email" && d.required);
    if wants_email {
        out.push(Field::new("email", t.get("email"), "email", if email_is_username { "username" } else { "email" }).value(&value("email")));
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
        let mut f = Field::new(&def.name, attribute_label(t, &def.name), kind, autocomplete).value(&value(&def.name));
        if def.data_type == AttributeType::Number {
            f = f.numeric();
        }
        if def.name == "phone_number" {
            f.hint = Some(t.get("hint-phone"));
        }
        out.push(f);
    }
    out.extend(super::password::new_password_fields(t, "password"));
    for f in out.iter_mut() {
        f.marked = true;
    }
    out
}

fn signup_page(flow: &Flow, status: StatusCode, values: &BTreeMap<String, String>, errors: &[(String, String)], error: Option<String>) -> HttpResponse {
    let t = flow.t;
    let mut fields = fields(flow, values);
    place_errors(&mut fields, errors);
    let view = SignupPage {
        t,
        brand: flow.brand(),
        title: t.get("sign-up-title"),
        action: flow.url("signup", None, None),
        csrf: flow.csrf.token.clone(),
        fields,
        rules: super::password_rules(t, &flow.authz.pool.settings.password_policy),
        error,
        notice: None,
        signin_url: flow.url("login", None, None),
    };
    flow.render(status, view)
}

/// Every problem of the form, each at its field, in the page's words.
fn form_errors(flow: &Flow, username: Option<&str>, attributes: &Attributes, password: &str, confirm: Option<&str>) -> Vec<(String, String)> {
    let pool = &flow.authz.pool;
    let minimum = pool.settings.password_policy.minimum_length;
    let email_is_username = pool.settings.username_attributes.iter().any(|a| a == "email");
    let mut errors: Vec<(String, String)> = signup::form_problems(pool, username, attributes, password)
        .into_iter()
        .map(|(field, p)| (field, messages::form_problem(flow.t, &p, minimum)))
        .collect();
    if email_is_username && !attributes.contains_key("email") {
        errors.push(("email".into(), flow.t.get("fix-required")));
    }
    if let Some(m) = super::password::mismatch(flow.t, password, confirm, "password") {
        if !errors.iter().any(|(f, _)| f == "password") {
            errors.extend(m);
        }
    }
    errors
}

/// Where a sign-up failure belongs: at the username (or email) for a taken name.
fn field_of(flow: &Flow, e: &Error) -> Option<&'static str> {
    let email_is_username = flow.authz.pool.settings.username_attributes.iter().any(|a| a == "email");
    match e {
        Error::UsernameExists(_) if email_is_username => Some("email"),
        Error::UsernameExists(_) => Some("username"),
        Error::AliasExists(_) => Some("email"),
        Error::InvalidPassword(_) | Error::PasswordHistoryPolicyViolation(_) => Some("password"),
        _ => None,
    }
}

pub async fn show(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) if !signup::may_sign_up(&flow.authz.pool) => {
            let text = flow.t.get("signup-closed");
            signup_page(&flow, StatusCode::FORBIDDEN, &BTreeMap::new(), &[], Some(text))
        }
        Ok(flow) => signup_page(&flow, StatusCode::OK, &BTreeMap::new(), &[], None),
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
    let confirm = values.remove("password_confirm");
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
    let mut attributes: Attributes = values
        .iter()
        .filter(|(k, v)| shown.contains(k) && !matches!(k.as_str(), "username" | "password_confirm") && !v.is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    let named = (!settings.username_attributes.iter().any(|a| a == "email")).then_some(username.as_str());
    let errors = form_errors(&flow, named, &attributes, &password, confirm.as_deref());
    if !errors.is_empty() {
        return signup_page(&flow, StatusCode::BAD_REQUEST, &values, &errors, None);
    }
    // The page's language is the new user's: their mails speak it too.
    if !attributes.contains_key("locale") && writable(&flow, "locale") {
        attributes.insert("locale".into(), flow.t.code().to_string());
    }
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
        Err(e) if !e.is_internal() => {
            let text = messages::error_text(flow.t, &e);
            match field_of(&flow, &e) {
                Some(field) => signup_page(&flow, StatusCode::BAD_REQUEST, &values, &[(field.to_string(), text)], None),
                None => signup_page(&flow, StatusCode::BAD_REQUEST, &values, &[], Some(text)),
            }
        }
        Err(e) => super::error_page(&req, &e, false),
    }
}

/// Whether the app may write an attribute at sign-up (all may, unless it lists some).
fn writable(flow: &Flow, name: &str) -> bool {
    let w = &flow.authz.client.settings.write_attributes;
    w.is_empty() || w.iter().any(|a| a == name)
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: Option<String>,
    username: Option<String>,
    code: Option<String>,
}

fn confirm_page(flow: &Flow, status: StatusCode, username: &str, delivery: Option<&CodeDelivery>, errors: &[(String, String)], notice: Option<String>) -> HttpResponse {
    let t = flow.t;
    let destination = delivery.map(|d| d.destination.clone()).unwrap_or_else(|| t.get("your-email"));
    let mut fields = vec![
        super::login::username_field(flow).value(username),
        Field::new("code", t.get("code"), "text", "one-time-code").numeric(),
    ];
    place_errors(&mut fields, errors);
    let view = FormPage {
        t,
        brand: flow.brand(),
        title: t.get("confirm-title"),
        intro: Some(t.with("confirm-intro", "destination", &destination)),
        action: flow.url("confirm", None, None),
        csrf: flow.csrf.token.clone(),
        hidden: Vec::new(),
        fields,
        rules: Vec::new(),
        button: t.get("confirm-button"),
        resend: Some((flow.url("confirm/resend", None, None), username.to_string())),
        error: None,
        notice: notice.or_else(|| super::notice_text(t, flow.query.notice.as_deref())),
        back: flow.back_to_sign_in(),
    };
    flow.render(status, view)
}

pub async fn show_confirm(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<PageQuery>) -> HttpResponse {
    match start(&ctx, &req, &path, q.into_inner()).await {
        Ok(flow) => {
            let username = flow.query.username.clone().unwrap_or_default();
            let delivery = flow.sent_to().map(|destination| CodeDelivery { destination, medium: "EMAIL", attribute: "email" });
            confirm_page(&flow, StatusCode::OK, &username, delivery.as_ref(), &[], None)
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
        Err(e) if !e.is_internal() => {
            let field = if matches!(e, Error::CodeMismatch(_) | Error::ExpiredCode(_) | Error::LimitExceeded(_)) { "code" } else { "username" };
            confirm_page(&flow, StatusCode::BAD_REQUEST, &username, None, &[(field.into(), messages::error_text(flow.t, &e))], None)
        }
        Err(e) => super::error_page(&req, &e, false),
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
    match blocking(&ctx, move |c| signup::resend_confirmation_code(c, &pool, &client, &name, address.as_deref(), &None)).await {
        Ok(d) => {
            let notice = flow.t.get("notice-code-sent");
            confirm_page(&flow, StatusCode::OK, &username, Some(&d), &[], Some(notice))
        }
        Err(e) if !e.is_internal() => confirm_page(&flow, StatusCode::BAD_REQUEST, &username, None, &[("username".into(), messages::error_text(flow.t, &e))], None),
        Err(e) => super::error_page(&req, &e, false),
    }
}

/// A readable label for an attribute name, in the page's language.
pub fn attribute_label(t: &Catalog, name: &str) -> String {
    let key = match name {
        "email" => "email",
        "phone_number" => "phone",
        "given_name" => "attr-given-name",
        "family_name" => "attr-family-name",
        "middle_name" => "attr-middle-name",
        "name" => "attr-name",
        "nickname" => "attr-nickname",
        "preferred_username" => "attr-preferred-username",
        "birthdate" => "attr-birthdate",
        "zoneinfo" => "attr-zoneinfo",
        "locale" => "attr-locale",
        "gender" => "attr-gender",
        "address" => "attr-address",
        "website" => "attr-website",
        "picture" => "attr-picture",
        "profile" => "attr-profile",
        other => {
            // A custom attribute has only its name: made readable, not translated.
            let bare = other.strip_prefix("custom:").unwrap_or(other).replace('_', " ");
            let mut c = bare.chars();
            return c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default();
        }
    };
    t.get(key)
}
