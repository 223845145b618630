//! `/{pool}/account`: the signed-in user's own page (by the hosted-login session
//! cookie): second factors and their preference, authenticator setup, recovery codes,
//! remembered devices, and changing the password. `?client_id=` brands the pages with
//! an app's name, logo and CSS. Every change is a CSRF-checked POST that redirects
//! back to the page (post/redirect/get).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::csrf::{self, Csrf};
use super::mfa::client_address;
use super::strings::EN;
use super::views::{Brand, DeviceView, FactorRow, MfaPage, RecoveryCodesPage};
use crate::domain::auth::account;
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::mfa::{self, Factor};
use crate::domain::pools::{self, Pool};
use crate::domain::users::User;
use crate::domain::{clients, devices, time, Context};
use crate::error::Error;
use crate::http::{blocking, found};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AccountQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    #[serde(skip_serializing, default)]
    notice: Option<String>,
}

/// A signed-in request: the pool, the user, the CSRF token and the branding.
struct Visit {
    pool: Pool,
    user: User,
    /// When this browser's session signed in.
    auth_time: i64,
    csrf: Csrf,
    brand: Brand,
    query: AccountQuery,
}

impl Visit {
    fn base(&self) -> String {
        format!("/{}", self.pool.id)
    }

    /// `?client_id=…` (or nothing), kept on every link and form of these pages.
    fn query_string(&self) -> String {
        match serde_urlencoded::to_string(&self.query) {
            Ok(q) if !q.is_empty() => format!("?{q}"),
            _ => String::new(),
        }
    }

    fn back(&self, notice: &str) -> HttpResponse {
        let mut q = self.query.clone();
        q.notice = None;
        let mut pairs: Vec<(&str, String)> = q.client_id.map(|c| ("client_id", c)).into_iter().collect();
        pairs.push(("notice", notice.to_string()));
        found(&format!("{}/account?{}", self.base(), serde_urlencoded::to_string(&pairs).unwrap_or_default()))
    }

    fn render(&self, status: StatusCode, view: impl askama::Template) -> HttpResponse {
        let mut resp = super::render(status, view);
        if let Some(c) = &self.csrf.new_cookie {
            if let Err(e) = resp.add_cookie(c) {
                tracing::error!(error = %e, "could not set the CSRF cookie");
            }
        }
        resp
    }
}

/// Who is signed in, or the page that says to sign in first.
async fn visit(ctx: &web::Data<Context>, req: &HttpRequest, pool: &str, query: AccountQuery) -> Result<Visit, HttpResponse> {
    let pool_id = PoolId::parse(pool).map_err(|_| super::not_found_page())?;
    let cookie = req.cookie(super::SESSION_COOKIE).map(|c| c.value().to_string());
    let client_id = query.client_id.clone();
    let loaded = blocking(ctx, move |c| {
        let pool = pools::get(c, &pool_id)?;
        let user = account::current_user(c, &pool_id, cookie.as_deref())?;
        let client = match client_id.as_deref().map(ClientId::parse) {
            Some(Ok(id)) => clients::get(c, &pool_id, &id).ok(),
            _ => None,
        };
        Ok((pool, user, client))
    })
    .await;
    let (pool, user, client) = match loaded {
        Ok(f) => f,
        Err(e) => return Err(super::error_page(&e, false)),
    };
    let Some((user, session)) = user else {
        return Err(super::message_page(StatusCode::UNAUTHORIZED, EN.account_title, EN.account_sign_in_first.into(), None));
    };
    let brand = match &client {
        Some(c) => Brand {
            app_name: c.name.clone(),
            logo_url: c.settings.logo_url.clone(),
            css_url: c.settings.css.as_ref().map(|_| format!("/{}/ui/client.css?client_id={}", pool.id, c.id)),
        },
        None => Brand { app_name: pool.name.clone(), ..Brand::default() },
    };
    let query = AccountQuery { client_id: client.map(|c| c.id.to_string()), notice: query.notice };
    Ok(Visit { pool, user, auth_time: session.auth_time, csrf: csrf::for_request(ctx, req, super::secure(ctx)), brand, query })
}

/// [`visit`] for a form post, whose CSRF token must match.
async fn visit_form(ctx: &web::Data<Context>, req: &HttpRequest, pool: &str, query: AccountQuery, token: Option<&str>) -> Result<Visit, HttpResponse> {
    let v = visit(ctx, req, pool, query).await?;
    if csrf::verify(ctx, req, token) {
        Ok(v)
    } else {
        Err(super::csrf_failed_page())
    }
}

fn notice(key: Option<&str>) -> Option<String> {
    Some(
        match key? {
            "saved" => EN.account_saved,
            "password_changed" => EN.account_password_changed,
            "device_forgotten" => EN.account_device_forgotten,
            _ => return None,
        }
        .to_string(),
    )
}

async fn page(ctx: &web::Data<Context>, v: &Visit, status: StatusCode, error: Option<String>) -> HttpResponse {
    let sub = v.user.sub.to_string();
    let loaded = blocking(ctx, move |c| Ok((mfa::load(&mut *c.conn()?, &sub)?, devices::list(c, &sub)?))).await;
    let (state, devices) = match loaded {
        Ok(l) => l,
        Err(e) => return super::error_page(&e, false),
    };
    let offered = mfa::setup_options(&v.pool, &v.user);
    let factors = v
        .pool
        .settings
        .mfa_factors
        .iter()
        .map(|f| FactorRow {
            value: f.as_str(),
            label: match (f, state.has(*f)) {
                (Factor::Totp, true) => EN.account_totp_on,
                (Factor::Totp, false) => EN.account_totp_off,
                (Factor::Email, true) => EN.account_email_on,
                (Factor::Email, false) => EN.account_email_off,
                (Factor::Sms, true) => EN.account_sms_on,
                (Factor::Sms, false) => EN.account_sms_off,
            },
            on: state.has(*f),
            preferred: state.preferred == Some(*f),
            // An authenticator is turned on by setting one up.
            available: *f != Factor::Totp && offered.contains(f),
        })
        .collect();
    let view = super::views::AccountPage {
        t: &EN,
        brand: v.brand.clone(),
        title: EN.account_title,
        csrf: v.csrf.token.clone(),
        base: v.base(),
        query: v.query_string(),
        signed_in_as: EN.account_signed_in_as.replace("{username}", &v.user.username),
        factors,
        totp_on: state.totp,
        recovery_left: EN.account_recovery_left.replace("{n}", &state.recovery_codes_left.to_string()),
        devices_enabled: devices::enabled(&v.pool),
        devices: devices
            .into_iter()
            .map(|d| DeviceView { device_key: d.device_key, name: d.name, last_used: time::rfc3339(d.last_used_at) })
            .collect(),
        rules: super::password_rules(&v.pool.settings.password_policy),
        has_password: v.user.password_hash.is_some(),
        error,
        notice: notice(v.query.notice.as_deref()),
    };
    v.render(status, view)
}

pub async fn show(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>) -> HttpResponse {
    match visit(&ctx, &req, &path, q.into_inner()).await {
        Ok(v) => page(&ctx, &v, StatusCode::OK, None).await,
        Err(resp) => resp,
    }
}

/// A failed change: the page again with the error, or an error page for server faults.
async fn failed(ctx: &web::Data<Context>, v: &Visit, e: Error) -> HttpResponse {
    if !e.is_internal() {
        page(ctx, v, StatusCode::BAD_REQUEST, Some(e.public_message())).await
    } else {
        super::error_page(&e, false)
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: Option<String>,
    current_password: Option<String>,
    new_password: Option<String>,
}

pub async fn change_password(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<AccountQuery>,
    form: web::Form<PasswordForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let v = match visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (pool, user, address) = (v.pool.id.clone(), v.user.clone(), client_address(&req));
    let (current, new) = (form.current_password.unwrap_or_default(), form.new_password.unwrap_or_default());
    let changed = blocking(&ctx, move |c| account::change_password(c, &pool, &user, &current, &new, address.as_deref(), account::Caller::Browser)).await;
    match changed {
        // Every session ended with the change; this browser continues in a new one.
        Ok(session) => {
            let mut resp = v.back("password_changed");
            if let Some(value) = session {
                if let Err(e) = resp.add_cookie(&super::session_cookie(&ctx, v.pool.id.as_str(), value, ctx.session_seconds)) {
                    tracing::error!(error = %e, "could not set the session cookie");
                }
            }
            resp
        }
        Err(e) => failed(&ctx, &v, e).await,
    }
}

#[derive(Deserialize)]
pub struct MfaForm {
    csrf: Option<String>,
    factor: Option<String>,
    action: Option<String>,
    current_password: Option<String>,
}

/// Turns a factor on or off, prefers it, or replaces the recovery codes.
pub async fn change_mfa(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<AccountQuery>,
    form: web::Form<MfaForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let v = match visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let factor = match Factor::parse(form.factor.as_deref().unwrap_or_default()) {
        Ok(f) => f,
        Err(e) => return failed(&ctx, &v, e).await,
    };
    let action = form.action.unwrap_or_default();
    if action == "recovery" {
        let user = v.user.clone();
        return match blocking(&ctx, move |c| mfa::regenerate_recovery_codes(c, &user)).await {
            Ok(codes) => recovery_page(&v, codes),
            Err(e) => failed(&ctx, &v, e).await,
        };
    }
    if action == "on" && factor == Factor::Totp {
        return found(&format!("{}/account/totp{}", v.base(), v.query_string()));
    }
    let mut prefs = mfa::Preferences::default();
    let slot = match factor {
        Factor::Totp => &mut prefs.totp,
        Factor::Email => &mut prefs.email,
        Factor::Sms => &mut prefs.sms,
    };
    match action.as_str() {
        "on" => *slot = Some(true),
        "off" => *slot = Some(false),
        "prefer" => prefs.preferred = Some(factor),
        other => return failed(&ctx, &v, Error::InvalidParameter(format!("Unknown action {other:?}."))).await,
    }
    let (pool, user, auth_time, address) = (v.pool.clone(), v.user.clone(), v.auth_time, client_address(&req));
    let current = form.current_password;
    let saved = blocking(&ctx, move |c| {
        let proof = account::Proof { current_password: current.as_deref(), auth_time, address: address.as_deref() };
        account::set_mfa(c, &pool, &user, &prefs, &proof)
    })
    .await;
    match saved {
        Ok(_) => v.back("saved"),
        Err(e) => failed(&ctx, &v, e).await,
    }
}

fn recovery_page(v: &Visit, codes: Vec<String>) -> HttpResponse {
    let view = RecoveryCodesPage {
        t: &EN,
        brand: v.brand.clone(),
        title: EN.recovery_title,
        codes,
        continue_url: format!("{}/account{}", v.base(), v.query_string()),
        error: None,
        notice: None,
    };
    v.render(StatusCode::OK, view)
}

fn totp_page(v: &Visit, status: StatusCode, setup: &mfa::TotpSetup, replacing: bool, error: Option<String>) -> HttpResponse {
    let view = MfaPage {
        t: &EN,
        brand: v.brand.clone(),
        title: EN.account_totp_title,
        action: format!("{}/account/totp{}", v.base(), v.query_string()),
        csrf: v.csrf.token.clone(),
        session: String::new(),
        intro: EN.account_totp_intro.to_string(),
        asks_code: true,
        numeric: true,
        qr_data_uri: Some(setup.qr_data_uri.clone()),
        secret: Some(setup.secret.clone()),
        choices: Vec::new(),
        offer_remember: false,
        ask_password: replacing && v.user.password_hash.is_some(),
        back_url: format!("{}/account{}", v.base(), v.query_string()),
        back_label: EN.account_title,
        error,
        notice: None,
    };
    v.render(status, view)
}

/// Shows the authenticator being set up (a new secret, or the one already waiting).
pub async fn show_totp(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>) -> HttpResponse {
    let v = match visit(&ctx, &req, &path, q.into_inner()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (pool, user) = (v.pool.clone(), v.user.clone());
    let setup = blocking(&ctx, move |c| {
        let replacing = mfa::load(&mut *c.conn()?, user.sub.as_str())?.totp;
        let setup = match mfa::pending_totp(c, &pool, &user)? {
            Some(s) => s,
            None => mfa::associate_totp(c, &pool, &user)?,
        };
        Ok((setup, replacing))
    })
    .await;
    match setup {
        Ok((s, replacing)) => totp_page(&v, StatusCode::OK, &s, replacing, None),
        Err(e) => super::error_page(&e, false),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    csrf: Option<String>,
    code: Option<String>,
    current_password: Option<String>,
}

/// Confirms the authenticator with its first code, then shows the recovery codes.
pub async fn verify_totp(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<AccountQuery>,
    form: web::Form<CodeForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let v = match visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (pool, user, code, current) = (v.pool.clone(), v.user.clone(), form.code.unwrap_or_default(), form.current_password);
    let (auth_time, address) = (v.auth_time, client_address(&req));
    let confirmed = blocking(&ctx, move |c| {
        let proof = account::Proof { current_password: current.as_deref(), auth_time, address: address.as_deref() };
        account::confirm_authenticator(c, &pool, &user, &code, &proof)
    })
    .await;
    match confirmed {
        Ok(codes) => recovery_page(&v, codes),
        Err(e) if !e.is_internal() => {
            let (pool, user) = (v.pool.clone(), v.user.clone());
            let pending = blocking(&ctx, move |c| Ok((mfa::pending_totp(c, &pool, &user)?, mfa::load(&mut *c.conn()?, user.sub.as_str())?.totp))).await;
            match pending {
                Ok((Some(setup), replacing)) => totp_page(&v, StatusCode::BAD_REQUEST, &setup, replacing, Some(e.public_message())),
                _ => failed(&ctx, &v, e).await,
            }
        }
        Err(e) => super::error_page(&e, false),
    }
}

#[derive(Deserialize)]
pub struct ForgetForm {
    csrf: Option<String>,
    device_key: Option<String>,
}

pub async fn forget_device(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<AccountQuery>,
    form: web::Form<ForgetForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let v = match visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (sub, key) = (v.user.sub.to_string(), form.device_key.unwrap_or_default());
    match blocking(&ctx, move |c| devices::forget(c, &sub, &key)).await {
        Ok(()) => v.back("device_forgotten"),
        Err(e) => failed(&ctx, &v, e).await,
    }
}
