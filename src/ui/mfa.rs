//! The sign-in steps after the password: the MFA challenge pages (`/{pool}/mfa`), and
//! the end of every successful sign-in: remembering the device, the session cookie,
//! recovery codes to save, and the redirect back to the app.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start_form, Flow, PageQuery};
use super::strings::EN;
use super::views::{Choice, MfaPage, RecoveryCodesPage};
use crate::domain::auth::challenges::{self, Answer, Challenge, ChallengeName, Done, SignIn};
use crate::domain::auth::finish;
use crate::domain::mfa::Factor;
use crate::domain::oauth::authorize;
use crate::domain::pools::DeviceRemembering;
use crate::domain::Context;
use crate::http::{app_redirect_url, blocking, found, ClientAddress};

/// The remembered-device cookie (one per pool and browser).
pub const DEVICE_COOKIE: &str = "cognate_device";

pub fn device_cookie(req: &HttpRequest) -> Option<String> {
    req.cookie(DEVICE_COOKIE).map(|c| c.value().to_string())
}

pub fn client_address(req: &HttpRequest) -> Option<String> {
    req.app_data::<web::Data<ClientAddress>>().and_then(|a| a.of(req))
}

fn factor_label(f: Factor) -> &'static str {
    match f {
        Factor::Totp => EN.factor_totp,
        Factor::Email => EN.factor_email,
        Factor::Sms => EN.factor_sms,
    }
}

/// Whether the page offers "remember this device" (the pool leaves it to the user).
fn offers_remember(flow: &Flow) -> bool {
    flow.authz.pool.settings.device_remembering == DeviceRemembering::UserOptIn
}

/// The page for an MFA step.
pub fn challenge_page(flow: &Flow, status: StatusCode, ch: &Challenge, error: Option<String>) -> HttpResponse {
    let destination = ch.delivery.as_ref().map(|d| d.destination.clone()).unwrap_or_default();
    let (title, intro) = match ch.name {
        ChallengeName::SoftwareTokenMfa => (EN.mfa_totp_title, EN.mfa_totp_intro.to_string()),
        ChallengeName::EmailOtp => (EN.mfa_email_title, EN.mfa_email_intro.replace("{destination}", &destination)),
        ChallengeName::SmsMfa | ChallengeName::SmsOtp => (EN.mfa_sms_title, EN.mfa_sms_intro.replace("{destination}", &destination)),
        ChallengeName::SelectMfaType => (EN.mfa_select_title, EN.mfa_select_intro.to_string()),
        // The hosted pages reach only the MFA steps; the others belong to the API's flows.
        _ => (EN.mfa_setup_title, EN.mfa_setup_intro.to_string()),
    };
    let choices = ch
        .options
        .iter()
        .filter(|f| ch.name == ChallengeName::SelectMfaType || **f != Factor::Totp)
        .map(|f| Choice { value: f.as_str(), label: factor_label(*f) })
        .collect();
    let view = MfaPage {
        t: &EN,
        brand: flow.brand(),
        title,
        action: flow.url("mfa", None, None),
        csrf: flow.csrf.token.clone(),
        session: ch.session.clone().unwrap_or_default(),
        intro,
        asks_code: ch.name != ChallengeName::SelectMfaType && (ch.name != ChallengeName::MfaSetup || ch.totp.is_some()),
        numeric: matches!(ch.name, ChallengeName::EmailOtp | ChallengeName::SmsMfa),
        qr_data_uri: ch.totp.as_ref().map(|t| t.qr_data_uri.clone()),
        secret: ch.totp.as_ref().map(|t| t.secret.clone()),
        choices,
        offer_remember: offers_remember(flow),
        ask_password: false,
        back_url: flow.url("login", None, None),
        back_label: EN.back_to_sign_in,
        error,
        notice: None,
    };
    flow.render(status, view)
}

/// Where a sign-in goes next: the page of its next step, or the app.
pub async fn proceed(ctx: &web::Data<Context>, flow: &Flow, req: &HttpRequest, step: SignIn, remember: bool) -> HttpResponse {
    match step {
        SignIn::Challenge(ch) if ch.name == ChallengeName::NewPasswordRequired => {
            super::login::new_password_page(flow, StatusCode::OK, ch.session.unwrap_or_default(), None)
        }
        SignIn::Challenge(ch) => challenge_page(flow, StatusCode::OK, &ch, None),
        SignIn::Authenticated(done) => complete(ctx, flow, req, done, remember).await,
    }
}

#[derive(Deserialize)]
pub struct MfaForm {
    csrf: Option<String>,
    session: Option<String>,
    code: Option<String>,
    factor: Option<String>,
    remember: Option<String>,
}

/// The answer to an MFA step: a code, or the choice of a factor.
pub async fn submit(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    form: web::Form<MfaForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let flow = match start_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let session = form.session.unwrap_or_default();
    let remember = form.remember.as_deref() == Some("true");
    let factor = match form.factor.as_deref().map(Factor::parse).transpose() {
        Ok(f) => f,
        Err(e) => return super::error_page(&e, false),
    };
    let code = form.code.unwrap_or_default();
    let (pool, client, s, address) = (flow.pool.clone(), flow.authz.client.clone(), session.clone(), client_address(&req));
    let result = blocking(&ctx, move |c| {
        let answer = match factor {
            Some(f) => Answer::Choose(f),
            None => Answer::Code(&code),
        };
        challenges::respond(c, &pool, &client, &s, answer, challenges::Origin { address: address.as_deref(), ..Default::default() })
    })
    .await;
    match result {
        Ok(step) => proceed(&ctx, &flow, &req, step, remember).await,
        Err(e) if !e.is_internal() => {
            let (pool, client) = (flow.pool.clone(), flow.authz.client.clone());
            match blocking(&ctx, move |c| challenges::describe(c, &pool, &client, &session)).await {
                Ok(ch) => challenge_page(&flow, StatusCode::BAD_REQUEST, &ch, Some(e.public_message())),
                // The step is over (expired, too many tries, or answered): start again.
                Err(_) => super::login::page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(e.public_message())),
            }
        }
        Err(e) => super::error_page(&e, false),
    }
}

/// A signed-in browser: the domain ends the sign-in (device, session, the app's code);
/// this sets the cookies and sends the browser back to the app (after showing new
/// recovery codes, when this sign-in set up an authenticator).
pub async fn complete(ctx: &web::Data<Context>, flow: &Flow, req: &HttpRequest, done: Done, remember: bool) -> HttpResponse {
    let authz = flow.authz.clone();
    let previous = req.cookie(super::SESSION_COOKIE).map(|c| c.value().to_string());
    let device_name = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(describe_browser)
        .unwrap_or_default();
    let recovery_codes = done.recovery_codes.clone();
    let result = blocking(ctx, move |c| finish::browser(c, &authz, &done, previous.as_deref(), remember, &device_name)).await;
    let finished = match result {
        Ok(r) => r,
        Err(e) => return super::error_page(&e, false),
    };
    let target = app_redirect_url(&flow.authz.redirect_uri, &finished.redirect, flow.authz.response_type == authorize::ResponseType::Token);
    let mut resp = if recovery_codes.is_empty() {
        found(&target)
    } else {
        let view = RecoveryCodesPage {
            t: &EN,
            brand: flow.brand(),
            title: EN.recovery_title,
            codes: recovery_codes,
            continue_url: target,
            error: None,
            notice: None,
        };
        super::render(StatusCode::OK, view)
    };
    let mut cookies = vec![super::session_cookie(ctx, flow.pool.as_str(), finished.session, ctx.session_seconds)];
    if let Some((device, days)) = finished.device {
        cookies.push(
            Cookie::build(DEVICE_COOKIE, device)
                .path(format!("/{}", flow.pool))
                .http_only(true)
                .secure(super::secure(ctx))
                .same_site(SameSite::Lax)
                .max_age(actix_web::cookie::time::Duration::days(days))
                .finish(),
        );
    }
    for c in &cookies {
        if let Err(e) = resp.add_cookie(c) {
            tracing::error!(error = %e, "could not set a cookie");
        }
    }
    resp
}

/// A short name for a browser from its User-Agent ("Firefox on Linux"), for the device list.
fn describe_browser(ua: &str) -> String {
    let browser = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        .into_iter()
        .find(|(marker, _)| ua.contains(marker))
        .map(|(_, name)| name);
    let os = [("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        .into_iter()
        .find(|(marker, _)| ua.contains(marker))
        .map(|(_, name)| name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_string(),
        (None, Some(o)) => format!("Browser on {o}"),
        (None, None) => ua.chars().take(60).collect(),
    }
}
