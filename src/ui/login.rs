//! `/{pool}/login`: the sign-in page, and on success the end of the authorization
//! request: a session cookie and the redirect back to the app with a code.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start, start_form, Flow, PageQuery};
use super::messages::{self, Place};
use super::views::{Field, FormPage, LoginPage, ProviderLink};
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
    /// Set on the sign-in page a sign-up led to: offer a passkey once signed in.
    offer_passkey: Option<String>,
}

/// What the username box is called and how it is typed, by what the pool signs in with.
pub(super) fn username_field(flow: &Flow) -> Field {
    let t = flow.t;
    let settings = &flow.authz.pool.settings;
    if settings.username_attributes.iter().any(|a| a == "email") {
        Field::new("username", t.get("email"), "email", "username")
    } else if settings.signs_in_with("email") {
        Field::new("username", t.get("username-or-email"), "text", "username")
    } else {
        Field::new("username", t.get("username"), "text", "username")
    }
}

/// The sign-in page, with the form-wide error (already in the page's words).
pub(super) fn page(flow: &Flow, status: StatusCode, username: String, error: Option<String>) -> HttpResponse {
    let t = flow.t;
    let mut fields = vec![username_field(flow).value(&username), Field::new("password", t.get("password"), "password", "current-password")];
    if crate::domain::passkeys::enabled(&flow.authz.pool) {
        // The browser may offer the user's passkeys in the username box's autofill.
        fields[0].autocomplete = "username webauthn";
    }
    // After a failed attempt the name is kept: the password is where to type next.
    let focus = if username.is_empty() { 0 } else { 1 };
    fields[focus].focus = true;
    let sso_failed = flow.query.notice.as_deref() == Some("sso_no_match");
    let sso = Field { error: sso_failed.then(|| t.get("sso-no-match")), focus: sso_failed, ..Field::new("idp_identifier", t.get("sso-label"), "email", "email") }
        .value(flow.query.sso.as_deref().unwrap_or_default());
    if sso_failed {
        fields.iter_mut().for_each(|f| f.focus = false);
    }
    let view = LoginPage {
        t,
        brand: flow.brand(),
        title: t.get("sign-in-title"),
        action: flow.url("login", None, None),
        csrf: flow.csrf.token.clone(),
        fields,
        error,
        notice: super::notice_text(t, flow.query.notice.as_deref()),
        signup_url: signup::may_sign_up(&flow.authz.pool).then(|| flow.url("signup", None, None)),
        forgot_url: flow.url("forgot-password", Some(&username).filter(|u| !u.is_empty()).map(|u| u.as_str()), None),
        native: flow.authz.client.settings.supported_identity_providers.iter().any(|p| p == "COGNITO"),
        providers: flow
            .providers
            .iter()
            .map(|p| ProviderLink { label: t.with("continue-with", "name", super::logos::display_name(&p.name)), url: flow.authorize_url(Some(&p.name)), logo: super::logos::of(&p.name) })
            .collect(),
        sso_action: flow.providers.iter().any(|p| p.by_email).then(|| format!("/{}/oauth2/authorize", flow.pool)),
        sso_fields: flow.authorize_fields(),
        sso: Some(sso),
        passkey: super::passkeys::sign_in_form(flow),
        offer_passkey: flow.query.notice.as_deref() == Some("confirmed") && crate::domain::passkeys::enabled(&flow.authz.pool),
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
    let mut flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    flow.offer_passkey = form.offer_passkey.is_some();
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
            if let Err(e) = blocking(&ctx, move |c| signup::resend_confirmation_code(c, &pool, &client, &name, address.as_deref(), &None)).await {
                tracing::warn!(error = %e, "could not resend a confirmation code");
            }
            found(&flow.url("confirm", Some(&username), Some("code_sent")))
        }
        Err(Error::PasswordResetRequired(_)) => found(&flow.url("forgot-password", Some(&username), None)),
        Err(e) if !e.is_internal() => page(&flow, StatusCode::BAD_REQUEST, username, Some(messages::place_error_text(flow.t, &e, Place::SignIn))),
        Err(e) => super::error_page(&req, &e, false),
    }
}

/// The NEW_PASSWORD_REQUIRED step: a new password, twice.
pub(super) fn new_password_page(flow: &Flow, status: StatusCode, session: String, errors: &[(String, String)]) -> HttpResponse {
    let t = flow.t;
    let mut fields = super::password::new_password_fields(t, "password");
    super::views::place_errors(&mut fields, errors);
    let view = FormPage {
        t,
        brand: flow.brand(),
        title: t.get("new-password-title"),
        intro: Some(t.get("new-password-intro")),
        action: flow.url("new-password", None, None),
        csrf: flow.csrf.token.clone(),
        hidden: vec![("session".into(), session)],
        fields,
        rules: super::password_rules(t, &flow.authz.pool.settings.password_policy),
        button: t.get("new-password-button"),
        resend: None,
        error: None,
        notice: None,
        back: flow.back_to_sign_in(),
    };
    flow.render(status, view)
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    csrf: Option<String>,
    session: Option<String>,
    password: Option<String>,
    password_confirm: Option<String>,
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
    let password_for_errors = password.clone();
    if let Some(errors) = super::password::mismatch(flow.t, &password, form.password_confirm.as_deref(), "password") {
        return new_password_page(&flow, StatusCode::BAD_REQUEST, session, &errors);
    }
    let (pool, client, s, address) = (flow.pool.clone(), flow.authz.client.clone(), session.clone(), mfa::client_address(&req));
    let result = blocking(&ctx, move |c| {
        let (none, origin) = (Default::default(), signin::Origin { address: address.as_deref(), ..Default::default() });
        challenges::respond(c, &pool, &client, &s, Answer::NewPassword { password: &password, attributes: &none }, origin)
    })
    .await;
    match result {
        Ok(step) => mfa::proceed(&ctx, &flow, &req, step, false).await,
        Err(e @ (Error::InvalidPassword(_) | Error::PasswordHistoryPolicyViolation(_))) => {
            let text = super::password::password_error(flow.t, &e, &flow.authz.pool.settings.password_policy, &password_for_errors);
            new_password_page(&flow, StatusCode::BAD_REQUEST, session, &[("password".into(), text)])
        }
        Err(e) if !e.is_internal() => page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(messages::place_error_text(flow.t, &e, Place::Challenge))),
        Err(e) => super::error_page(&req, &e, false),
    }
}
