//! The sign-in steps after the password: the MFA challenge pages (`/{pool}/mfa`), and
//! the end of every successful sign-in: remembering the device, the session cookie,
//! recovery codes to save, and the redirect back to the app.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{start_form, Flow, PageQuery};
use super::messages::{self, Place};
use super::views::{Choice, Field, MfaPage, RecoveryCodesPage};
use crate::i18n::Catalog;
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

pub fn factor_label(t: &Catalog, f: Factor) -> String {
    t.get(match f {
        Factor::Totp => "factor-totp",
        Factor::Email => "factor-email",
        Factor::Sms => "factor-sms",
    })
}

/// An authenticator key in groups of four, for typing it in.
pub fn grouped(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The code box of a step: digits for email and SMS; an authenticator step also takes
/// a recovery code, so it keeps a full keyboard on phones only where letters may come.
pub fn code_field(t: &Catalog, error: Option<String>) -> Field {
    let mut f = Field::new("code", t.get("mfa-code-label"), "text", "one-time-code").numeric();
    f.focus = true;
    f.error = error;
    f
}

/// Whether the page offers "remember this device" (the pool leaves it to the user).
fn offers_remember(flow: &Flow) -> bool {
    flow.authz.pool.settings.device_remembering == DeviceRemembering::UserOptIn
}

/// The page for an MFA step; `error` is a wrong code, shown at the code box.
pub fn challenge_page(flow: &Flow, status: StatusCode, ch: &Challenge, error: Option<String>) -> HttpResponse {
    let t = flow.t;
    let destination = ch.delivery.as_ref().map(|d| d.destination.clone()).unwrap_or_default();
    let (title, intro) = match ch.name {
        ChallengeName::SoftwareTokenMfa => (t.get("mfa-totp-title"), t.get("mfa-totp-intro")),
        ChallengeName::EmailOtp => (t.get("mfa-email-title"), t.with("mfa-email-intro", "destination", &destination)),
        ChallengeName::SmsMfa | ChallengeName::SmsOtp => (t.get("mfa-sms-title"), t.with("mfa-sms-intro", "destination", &destination)),
        ChallengeName::SelectMfaType => (t.get("mfa-select-title"), t.get("mfa-select-intro")),
        // The hosted pages reach only the MFA steps; the others belong to the API's flows.
        _ => (t.get("mfa-setup-title"), t.get("mfa-setup-intro")),
    };
    let asks_code = ch.name != ChallengeName::SelectMfaType && (ch.name != ChallengeName::MfaSetup || ch.totp.is_some());
    let own = match ch.name {
        ChallengeName::EmailOtp => Some(Factor::Email),
        ChallengeName::SmsMfa => Some(Factor::Sms),
        ChallengeName::SoftwareTokenMfa => Some(Factor::Totp),
        _ => None,
    };
    let (choices, choices_intro) = match ch.name {
        ChallengeName::SelectMfaType => (ch.options.clone(), None),
        ChallengeName::MfaSetup => (ch.options.iter().copied().filter(|f| *f != Factor::Totp).collect(), Some(t.get("mfa-setup-alternatives"))),
        // "Try another way": the user's other factors.
        _ => (ch.alternatives.iter().copied().filter(|f| Some(*f) != own).collect::<Vec<_>>(), Some(t.get("mfa-try-another-way"))),
    };
    let choices: Vec<Choice> = choices.into_iter().map(|f| Choice { value: f.as_str(), label: factor_label(t, f) }).collect();
    let view = MfaPage {
        t,
        brand: flow.brand(),
        title,
        action: flow.url("mfa", None, None),
        csrf: flow.csrf.token.clone(),
        session: ch.session.clone().unwrap_or_default(),
        intro,
        fields: if asks_code { vec![code_field(t, error)] } else { Vec::new() },
        qr_data_uri: ch.totp.as_ref().map(|t| t.qr_data_uri.clone()),
        secret: ch.totp.as_ref().map(|t| grouped(&t.secret)),
        otpauth_url: ch.totp.as_ref().map(|t| t.uri.clone()),
        choices_intro: choices_intro.filter(|_| !choices.is_empty()),
        choices,
        resend: own.filter(|f| *f != Factor::Totp && ch.alternatives.contains(f)).map(|f| f.as_str()),
        recovery_form: ch.name == ChallengeName::SoftwareTokenMfa,
        passkey: super::passkeys::second_factor_form(flow, ch),
        offer_remember: offers_remember(flow),
        button: if ch.totp.is_some() { t.get("mfa-setup-button") } else { t.get("mfa-verify-button") },
        back_url: flow.url("login", None, None),
        back_label: t.get("back-to-sign-in"),
        error: None,
        notice: None,
    };
    flow.render(status, view)
}

/// Where a sign-in goes next: the page of its next step, or the app.
pub async fn proceed(ctx: &web::Data<Context>, flow: &Flow, req: &HttpRequest, step: SignIn, remember: bool) -> HttpResponse {
    match step {
        SignIn::Challenge(ch) if ch.name == ChallengeName::NewPasswordRequired => {
            super::login::new_password_page(flow, StatusCode::OK, ch.session.unwrap_or_default(), &[])
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
        Err(e) => return super::error_page(&req, &e, false),
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
            let text = messages::place_error_text(flow.t, &e, Place::Challenge);
            match blocking(&ctx, move |c| challenges::describe(c, &pool, &client, &session)).await {
                Ok(ch) => challenge_page(&flow, StatusCode::BAD_REQUEST, &ch, Some(text)),
                // The step is over (expired, too many tries, or answered): start again.
                Err(_) => super::login::page(&flow, StatusCode::BAD_REQUEST, String::new(), Some(text)),
            }
        }
        Err(e) => super::error_page(&req, &e, false),
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
    let offer = flow.offer_passkey && crate::domain::passkeys::enabled(&flow.authz.pool);
    let sub = done.user.sub.to_string();
    let result = blocking(ctx, move |c| {
        let finished = finish::browser(c, &authz, &done, previous.as_deref(), remember, &device_name)?;
        let offer = offer && !crate::domain::passkeys::user_has_any(c, &sub)?;
        Ok((finished, offer))
    })
    .await;
    let (finished, offer) = match result {
        Ok(r) => r,
        Err(e) => return super::error_page(req, &e, false),
    };
    let target = app_redirect_url(&flow.authz.redirect_uri, &finished.redirect, flow.authz.response_type == authorize::ResponseType::Token);
    let mut resp = if !recovery_codes.is_empty() {
        recovery_page(flow.t, flow.brand(), recovery_codes, &target)
    } else if let Some(csrf) = offer.then(|| super::csrf::for_new_session(ctx, req, &finished.session)).flatten() {
        super::passkeys::offer_page(flow, &target, csrf)
    } else {
        found(&target)
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

/// The recovery codes, once, with a way to keep them; "Continue" goes to `target`.
pub fn recovery_page(t: &Catalog, brand: super::views::Brand, codes: Vec<String>, target: &str) -> HttpResponse {
    let (continue_path, continue_fields) = split_get_target(target);
    let text = format!("{}\n\n{}\n", t.get("recovery-file-heading"), codes.join("\n"));
    let download = format!("data:text/plain;charset=utf-8,{}", url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace('+', "%20"));
    let view = RecoveryCodesPage { t, brand, title: t.get("recovery-title"), codes, download, continue_path, continue_fields, error: None, notice: None };
    let mut resp = super::render(StatusCode::OK, view);
    // "Continue" is a form that goes to the app: the page's CSP must let it.
    let targets: Vec<String> = crate::http::csp_source(target).into_iter().collect();
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&crate::http::content_security_policy(&targets)) {
        resp.headers_mut().insert(actix_web::http::header::CONTENT_SECURITY_POLICY, v);
    }
    resp
}

/// A URL as the action and hidden fields of a GET form, which replaces the action's
/// query with its fields (a fragment stays on the action).
fn split_get_target(target: &str) -> (String, Vec<(String, String)>) {
    let (before_fragment, fragment) = match target.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (target, None),
    };
    let (path, query) = before_fragment.split_once('?').unwrap_or((before_fragment, ""));
    let fields = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let action = match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path.to_string(),
    };
    (action, fields)
}

/// A short name for a browser from its User-Agent ("Firefox on Linux"), for the device list.
pub(super) fn describe_browser(ua: &str) -> String {
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
