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
use super::messages::{self, readable_time};
use super::views::{place_errors, Brand, DeviceView, FactorRow, Field, MfaPage};
use crate::i18n::{Arg, Catalog};
use crate::domain::auth::account;
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::mfa::{self, Factor};
use crate::domain::pools::{self, Pool};
use crate::domain::users::User;
use crate::domain::{clients, devices, Context};
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
pub(super) struct Visit {
    pub(super) t: &'static Catalog,
    /// The app the page was opened from, for "back to the app".
    app_url: Option<String>,
    pub(super) pool: Pool,
    pub(super) user: User,
    /// When this browser's session signed in.
    pub(super) auth_time: i64,
    pub(super) csrf: Csrf,
    pub(super) brand: Brand,
    query: AccountQuery,
    lang_cookie: Option<actix_web::cookie::Cookie<'static>>,
}

impl Visit {
    /// The app the page was opened from (empty when none).
    pub(super) fn client_id(&self) -> &str {
        self.query.client_id.as_deref().unwrap_or_default()
    }

    pub(super) fn base(&self) -> String {
        format!("/{}", self.pool.id)
    }

    /// `?client_id=…` (or nothing), kept on every link and form of these pages.
    pub(super) fn query_string(&self) -> String {
        match serde_urlencoded::to_string(&self.query) {
            Ok(q) if !q.is_empty() => format!("?{q}"),
            _ => String::new(),
        }
    }

    pub(super) fn back(&self, notice: &str) -> HttpResponse {
        let mut q = self.query.clone();
        q.notice = None;
        let mut pairs: Vec<(&str, String)> = q.client_id.map(|c| ("client_id", c)).into_iter().collect();
        pairs.push(("notice", notice.to_string()));
        found(&format!("{}/account?{}", self.base(), serde_urlencoded::to_string(&pairs).unwrap_or_default()))
    }

    pub(super) fn render(&self, status: StatusCode, view: impl askama::Template) -> HttpResponse {
        let mut resp = super::render(status, view);
        for c in self.csrf.new_cookie.iter().chain(self.lang_cookie.iter()) {
            if let Err(e) = resp.add_cookie(c) {
                tracing::error!(error = %e, "could not set a cookie");
            }
        }
        resp
    }
}

/// Who is signed in, or the page that says to sign in first.
pub(super) async fn visit(ctx: &web::Data<Context>, req: &HttpRequest, pool: &str, query: AccountQuery) -> Result<Visit, HttpResponse> {
    let pool_id = PoolId::parse(pool).map_err(|_| super::not_found_page(req))?;
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
        Err(e) => return Err(super::error_page(req, &e, false)),
    };
    let t = super::lang::for_request(req, pool.settings.default_language.as_deref());
    let app_url = client.as_ref().and_then(clients::app_url);
    let Some((user, session)) = user else {
        // The way on: sign in to the app, or at least back to it.
        let ways = app_url.clone().map(|url| super::views::Way { label: t.get("way-back-to-app"), url }).into_iter().collect();
        return Err(super::message_page(req, StatusCode::UNAUTHORIZED, t.get("account-title"), t.get("account-sign-in-first"), None, ways));
    };
    let languages = super::lang::picker(req, t);
    let brand = match &client {
        Some(c) => Brand {
            app_name: clients::shown_name(c),
            logo_alt: c.settings.display_name.clone().unwrap_or_else(|| c.name.clone()),
            logo_url: c.settings.logo_url.clone(),
            css_url: c.settings.css.as_ref().map(|_| format!("/{}/ui/client.css?client_id={}", pool.id, c.id)),
            languages,
        },
        None => Brand { app_name: pool.name.clone(), languages, ..Brand::default() },
    };
    let query = AccountQuery { client_id: client.map(|c| c.id.to_string()), notice: query.notice };
    let lang_cookie = super::lang::remembered(req, pool.id.as_str(), super::secure(ctx));
    let csrf = csrf::for_request(ctx, req, super::secure(ctx));
    Ok(Visit { t, app_url, pool, user, auth_time: session.auth_time, csrf, brand, query, lang_cookie })
}

/// [`visit`] for a form post, whose CSRF token must match.
pub(super) async fn visit_form(ctx: &web::Data<Context>, req: &HttpRequest, pool: &str, query: AccountQuery, token: Option<&str>) -> Result<Visit, HttpResponse> {
    let v = visit(ctx, req, pool, query).await?;
    if csrf::verify(ctx, req, token) {
        Ok(v)
    } else {
        Err(super::csrf_failed_page(req))
    }
}

fn notice(t: &Catalog, key: Option<&str>) -> Option<String> {
    let key = match key? {
        "saved" => "account-saved",
        "password_changed" => "account-password-changed",
        "device_forgotten" => "account-device-forgotten",
        "passkey_added" => "passkeys-added",
        "passkey_deleted" => "passkeys-deleted",
        "passkey_renamed" => "account-saved",
        _ => return None,
    };
    Some(t.get(key))
}

/// The account page; `errors` are at the password fields, `error` for the page.
pub(super) async fn page(ctx: &web::Data<Context>, req: &HttpRequest, v: &Visit, status: StatusCode, errors: &[(String, String)], error: Option<String>) -> HttpResponse {
    let t = v.t;
    let sub = v.user.sub.to_string();
    let (pool, user) = (v.pool.clone(), v.user.clone());
    let loaded = blocking(ctx, move |c| Ok((mfa::load(&mut *c.conn()?, &sub)?, devices::list(c, &sub)?, super::passkeys::listed(c, &pool, &user)?))).await;
    let (state, devices, passkeys) = match loaded {
        Ok(l) => l,
        Err(e) => return super::error_page(req, &e, false),
    };
    let mut password_fields = vec![Field::new("current_password", t.get("account-current-password"), "password", "current-password")];
    password_fields.extend(super::password::new_password_fields(t, "new_password"));
    place_errors(&mut password_fields, errors);
    if errors.is_empty() {
        password_fields.iter_mut().for_each(|f| f.focus = false);
    }
    let offered = mfa::setup_options(&v.pool, &v.user);
    let factors = v
        .pool
        .settings
        .mfa_factors
        .iter()
        .map(|f| FactorRow {
            value: f.as_str(),
            label: match (f, state.has(*f)) {
                (Factor::Totp, true) => t.get("account-totp-on"),
                (Factor::Totp, false) => t.get("account-totp-off"),
                (Factor::Email, true) => t.get("account-email-on"),
                (Factor::Email, false) => t.get("account-email-off"),
                (Factor::Sms, true) => t.get("account-sms-on"),
                (Factor::Sms, false) => t.get("account-sms-off"),
            },
            on: state.has(*f),
            preferred: state.preferred == Some(*f),
            // An authenticator is turned on by setting one up.
            available: *f != Factor::Totp && offered.contains(f),
        })
        .collect();
    let view = super::views::AccountPage {
        t,
        brand: v.brand.clone(),
        title: t.get("account-title"),
        csrf: v.csrf.token.clone(),
        base: v.base(),
        query: v.query_string(),
        signed_in_as: t.with("account-signed-in-as", "username", &v.user.username),
        factors,
        totp_on: state.totp,
        recovery_left: t.fmt("account-recovery-left", &[("n", Arg::Number(state.recovery_codes_left))]),
        devices_enabled: devices::enabled(&v.pool),
        devices: devices
            .into_iter()
            .map(|d| DeviceView { device_key: d.device_key, name: d.name, last_used: readable_time(t, d.last_used_at) })
            .collect(),
        password_fields,
        rules: super::password_rules(t, &v.pool.settings.password_policy),
        has_password: v.user.password_hash.is_some(),
        app_url: v.app_url.clone(),
        passkey_register: passkeys.is_some().then(|| super::passkeys::register_form(v)),
        passkeys: passkeys.unwrap_or_default().into_iter().map(|p| super::passkeys::view(t, p)).collect(),
        error,
        notice: notice(t, v.query.notice.as_deref()),
    };
    v.render(status, view)
}

pub async fn show(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AccountQuery>) -> HttpResponse {
    match visit(&ctx, &req, &path, q.into_inner()).await {
        Ok(v) => page(&ctx, &req, &v, StatusCode::OK, &[], None).await,
        Err(resp) => resp,
    }
}

/// A failed change: the page again with the error, or an error page for server faults.
/// A wrong current password is a wrong current password here, not a failed sign-in.
pub(super) async fn failed(ctx: &web::Data<Context>, req: &HttpRequest, v: &Visit, e: Error) -> HttpResponse {
    if e.is_internal() {
        return super::error_page(req, &e, false);
    }
    let text = match &e {
        Error::NotAuthorized(_) if v.user.password_hash.is_some() => v.t.get("err-current-password"),
        // Users of a provider have no password: a recent sign-in is the proof.
        Error::NotAuthorized(_) => v.t.get("account-fresh-sign-in"),
        e => messages::error_text(v.t, e),
    };
    page(ctx, req, v, StatusCode::BAD_REQUEST, &[], Some(text)).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: Option<String>,
    current_password: Option<String>,
    new_password: Option<String>,
    new_password_confirm: Option<String>,
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
    let policy = v.pool.settings.password_policy.clone();
    let mut errors = Vec::new();
    if current.is_empty() {
        errors.push(("current_password".to_string(), v.t.get("fix-required")));
    }
    if let Some(rule) = policy.broken(&new) {
        errors.push(("new_password".to_string(), messages::password_rule(v.t, rule, policy.minimum_length)));
    } else if let Some(m) = super::password::mismatch(v.t, &new, form.new_password_confirm.as_deref(), "new_password") {
        errors.extend(m);
    }
    if !errors.is_empty() {
        return page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &errors, None).await;
    }
    let new_for_errors = new.clone();
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
        Err(Error::NotAuthorized(_)) => page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &[("current_password".into(), v.t.get("err-current-password"))], None).await,
        Err(e @ (Error::InvalidPassword(_) | Error::PasswordHistoryPolicyViolation(_))) => {
            let text = super::password::password_error(v.t, &e, &policy, &new_for_errors);
            page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &[("new_password".into(), text)], None).await
        }
        Err(e) => failed(&ctx, &req, &v, e).await,
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
        Err(e) => return failed(&ctx, &req, &v, e).await,
    };
    let action = form.action.unwrap_or_default();
    if action == "recovery" {
        let user = v.user.clone();
        return match blocking(&ctx, move |c| mfa::regenerate_recovery_codes(c, &user)).await {
            Ok(codes) => recovery_page(&v, codes),
            Err(e) => failed(&ctx, &req, &v, e).await,
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
        other => return failed(&ctx, &req, &v, Error::InvalidParameter(format!("Unknown action {other:?}."))).await,
    }
    let current = form.current_password.filter(|p| !p.is_empty());
    if action == "off" && current.is_none() && v.user.password_hash.is_some() {
        let text = v.t.get("err-enter-password");
        return page(&ctx, &req, &v, StatusCode::BAD_REQUEST, &[], Some(text)).await;
    }
    let (pool, user, auth_time, address) = (v.pool.clone(), v.user.clone(), v.auth_time, client_address(&req));
    let saved = blocking(&ctx, move |c| {
        let proof = account::Proof { current_password: current.as_deref(), auth_time, address: address.as_deref() };
        account::set_mfa(c, &pool, &user, &prefs, &proof)
    })
    .await;
    match saved {
        Ok(_) => v.back("saved"),
        Err(e) => failed(&ctx, &req, &v, e).await,
    }
}

fn recovery_page(v: &Visit, codes: Vec<String>) -> HttpResponse {
    let mut resp = super::mfa::recovery_page(v.t, v.brand.clone(), codes, &format!("{}/account{}", v.base(), v.query_string()));
    if let Some(c) = &v.csrf.new_cookie {
        if let Err(e) = resp.add_cookie(c) {
            tracing::error!(error = %e, "could not set the CSRF cookie");
        }
    }
    resp
}

fn totp_page(v: &Visit, status: StatusCode, setup: &mfa::TotpSetup, replacing: bool, error: Option<String>) -> HttpResponse {
    let t = v.t;
    let mut fields = vec![super::mfa::code_field(t, error)];
    if replacing && v.user.password_hash.is_some() {
        fields.push(Field::new("current_password", t.get("account-current-password"), "password", "current-password"));
    }
    let view = MfaPage {
        t,
        brand: v.brand.clone(),
        title: t.get("account-totp-title"),
        action: format!("{}/account/totp{}", v.base(), v.query_string()),
        csrf: v.csrf.token.clone(),
        session: String::new(),
        intro: t.get("account-totp-intro"),
        fields,
        qr_data_uri: Some(setup.qr_data_uri.clone()),
        secret: Some(super::mfa::grouped(&setup.secret)),
        otpauth_url: Some(setup.uri.clone()),
        choices: Vec::new(),
        choices_intro: None,
        resend: None,
        recovery_form: false,
        passkey: None,
        offer_remember: false,
        button: t.get("mfa-setup-button"),
        back_url: format!("{}/account{}", v.base(), v.query_string()),
        back_label: t.get("account-title"),
        error: None,
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
        Err(e) => super::error_page(&req, &e, false),
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
                Ok((Some(setup), replacing)) => {
                    let text = match &e {
                        Error::NotAuthorized(_) => v.t.get("err-current-password"),
                        e => messages::error_text(v.t, e),
                    };
                    totp_page(&v, StatusCode::BAD_REQUEST, &setup, replacing, Some(text))
                }
                _ => failed(&ctx, &req, &v, e).await,
            }
        }
        Err(e) => super::error_page(&req, &e, false),
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
        Err(e) => failed(&ctx, &req, &v, e).await,
    }
}

#[derive(Deserialize)]
pub struct SignOutForm {
    csrf: Option<String>,
}

/// The account page's sign-out button: ends this browser's session, then the
/// signed-out page (with the way back to the app).
pub async fn sign_out(
    ctx: web::Data<Context>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<AccountQuery>,
    form: web::Form<SignOutForm>,
) -> HttpResponse {
    let v = match visit_form(&ctx, &req, &path, q.into_inner(), form.csrf.as_deref()).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let cookie = req.cookie(super::SESSION_COOKIE).map(|c| c.value().to_string());
    if let Err(e) = blocking(&ctx, move |c| cookie.as_deref().map(|value| crate::domain::auth::sessions::end(c, value)).transpose()).await {
        return super::error_page(&req, &e, false);
    }
    let t = v.t;
    let ways = v.app_url.clone().map(|url| super::views::Way { label: t.get("way-back-to-app"), url }).into_iter().collect();
    let mut resp = super::message_page(&req, StatusCode::OK, t.get("signed-out-title"), t.get("signed-out-text"), None, ways);
    if let Err(e) = resp.add_removal_cookie(&super::session_cookie(&ctx, v.pool.id.as_str(), String::new(), 0)) {
        tracing::warn!(error = %e, "could not clear the session cookie");
    }
    resp
}
