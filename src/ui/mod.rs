//! The hosted login pages (server-rendered; they work without JavaScript): sign in, sign up, confirm,
//! forgot and reset password, signed-out and error pages.

mod account;
mod authorize;
pub mod csrf;
pub mod federation;
mod flow;
mod login;
mod logos;
mod logout;
mod mfa;
mod passkeys;
mod password;
mod signup;
pub mod lang;
pub mod messages;
pub mod views;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use actix_web::HttpRequest;

use crate::domain::Context;
use crate::error::Error;
use crate::i18n::{Arg, Catalog};
use views::{Brand, MessagePage, Rule, Way};

pub const SESSION_COOKIE: &str = "cognate_session";

/// The hosted pages inside the `/{pool_id}` scope.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let page = |path: &str, get: fn() -> actix_web::Route, post: fn() -> actix_web::Route| web::resource(path.to_string()).route(get()).route(post());
    cfg.route("/ui/client.css", web::get().to(client_css))
        .route("/oauth2/authorize", web::get().to(authorize::get))
        .service(page("/logout", || web::get().to(logout::get), || web::post().to(logout::post)))
        .service(page("/login", || web::get().to(login::show), || web::post().to(login::submit)))
        .route("/new-password", web::post().to(login::submit_new_password))
        .route("/mfa", web::post().to(mfa::submit))
        .service(page("/oauth2/idpresponse", || web::get().to(federation::idp_response_get), || web::post().to(federation::idp_response_post)))
        .route("/saml2/idpresponse", web::post().to(federation::saml_response))
        .route("/saml2/metadata", web::get().to(federation::saml_metadata))
        .route("/account", web::get().to(account::show))
        .route("/account/password", web::post().to(account::change_password))
        .route("/account/mfa", web::post().to(account::change_mfa))
        .service(page("/account/totp", || web::get().to(account::show_totp), || web::post().to(account::verify_totp)))
        .route("/account/devices/forget", web::post().to(account::forget_device))
        .route("/account/sign-out", web::post().to(account::sign_out))
        .route("/account/passkeys/options", web::post().to(passkeys::register_options))
        .route("/account/passkeys/register", web::post().to(passkeys::register))
        .route("/account/passkeys/rename", web::post().to(passkeys::rename))
        .route("/account/passkeys/delete", web::post().to(passkeys::delete))
        .route("/passkeys/sign-in/options", web::post().to(passkeys::sign_in_options))
        .route("/passkeys/sign-in", web::post().to(passkeys::sign_in))
        .route("/mfa/passkey/options", web::post().to(passkeys::factor_options))
        .route("/mfa/passkey", web::post().to(passkeys::factor))
        .service(page("/signup", || web::get().to(signup::show), || web::post().to(signup::submit)))
        .service(page("/confirm", || web::get().to(signup::show_confirm), || web::post().to(signup::submit_confirm)))
        .route("/confirm/resend", web::post().to(signup::resend))
        .service(page("/forgot-password", || web::get().to(password::show_forgot), || web::post().to(password::submit_forgot)))
        .service(page("/reset-password", || web::get().to(password::show_reset), || web::post().to(password::submit_reset)));
}

/// Cookies get `Secure` when Cognate is served over https.
pub fn secure(ctx: &Context) -> bool {
    ctx.public_url.starts_with("https://")
}

pub fn session_cookie(ctx: &Context, pool: &str, value: String, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .path(format!("/{pool}"))
        .http_only(true)
        .secure(secure(ctx))
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(max_age_seconds))
        .finish()
}

pub fn render(status: StatusCode, page: impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status).content_type("text/html; charset=utf-8").body(body),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            HttpResponse::InternalServerError().content_type("text/plain; charset=utf-8").body(crate::i18n::english().get("internal"))
        }
    }
}

/// A message page (signed out, errors) with the ways on from it.
pub fn message_page(req: &HttpRequest, status: StatusCode, title: String, message: String, hint: Option<String>, ways: Vec<Way>) -> HttpResponse {
    message_page_with(req, status, title, message, hint, None, ways)
}

fn message_page_with(req: &HttpRequest, status: StatusCode, title: String, message: String, hint: Option<String>, detail: Option<String>, ways: Vec<Way>) -> HttpResponse {
    let t = lang::for_request(req, None);
    let brand = Brand { languages: lang::picker(req, t), ..Brand::default() };
    let mut resp = render(status, MessagePage { t, brand, title, message, hint, detail, ways, error: None, notice: None });
    let pool = req.path().trim_start_matches('/').split('/').next().unwrap_or_default();
    if let Some(c) = req.app_data::<web::Data<Context>>().and_then(|ctx| lang::remembered(req, pool, secure(ctx))) {
        if let Err(e) = resp.add_cookie(&c) {
            tracing::warn!(error = %e, "could not set the language cookie");
        }
    }
    resp
}

/// The way on from an error met inside a sign-in: start the sign-in again (the page's
/// query carries the app's request), else load the page again.
pub fn ways_on(req: &HttpRequest) -> Vec<Way> {
    let t = lang::for_request(req, None);
    let query: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().filter(|(k, _)| k != "notice").collect();
    let pool = req.path().trim_start_matches('/').split('/').next().unwrap_or_default();
    if query.iter().any(|(k, _)| k == "client_id") && query.iter().any(|(k, _)| k == "response_type") && !pool.is_empty() {
        let q = serde_urlencoded::to_string(&query).unwrap_or_default();
        return vec![Way { label: t.get("way-sign-in-again"), url: format!("/{pool}/login?{q}") }];
    }
    if req.method() == actix_web::http::Method::GET {
        return vec![Way { label: t.get("way-try-again"), url: req.uri().to_string() }];
    }
    Vec::new()
}

/// A readable error page; `authorize` says the app's request itself was bad.
pub fn error_page(req: &HttpRequest, e: &Error, authorize: bool) -> HttpResponse {
    error_page_with(req, e, authorize, ways_on(req))
}

pub fn error_page_with(req: &HttpRequest, e: &Error, authorize: bool, ways: Vec<Way>) -> HttpResponse {
    let t = lang::for_request(req, None);
    let status = match e {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Upstream(_) => StatusCode::BAD_GATEWAY,
        e if e.is_internal() => {
            tracing::error!(error = %e, "hosted page failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let message = messages::error_text(t, e);
    let hint = if authorize { t.get("what-next-authorize") } else { t.get("what-next") };
    message_page_with(req, status, t.get("error-title"), message, Some(hint), messages::detail(e), ways)
}

pub fn not_found_page(req: &HttpRequest) -> HttpResponse {
    let t = lang::for_request(req, None);
    message_page(req, StatusCode::NOT_FOUND, t.get("error-title"), t.get("not-found"), None, Vec::new())
}

/// A form whose CSRF token did not match (expired, or posted from elsewhere): the way
/// on is the same page, loaded afresh.
pub fn csrf_failed_page(req: &HttpRequest) -> HttpResponse {
    let t = lang::for_request(req, None);
    let retry = Way { label: t.get("way-reload-form"), url: format!("{}?{}", req.path(), req.query_string()) };
    let mut ways = vec![retry];
    ways.extend(ways_on(req).into_iter().filter(|w| !w.url.ends_with(&format!("{}?{}", req.path(), req.query_string()))));
    message_page(req, StatusCode::FORBIDDEN, t.get("error-title"), t.get("csrf-failed"), None, ways)
}

/// The password rules of a pool, as a list for the sign-up and reset pages, each with
/// the name the optional checklist script knows it by.
pub fn password_rules(t: &Catalog, policy: &crate::domain::password_policy::PasswordPolicy) -> Vec<Rule> {
    let mut rules = vec![Rule { check: "length", min: policy.minimum_length, text: t.fmt("rule-length", &[("n", Arg::Number(i64::from(policy.minimum_length)))]) }];
    for (on, check, key) in [
        (policy.require_uppercase, "upper", "rule-upper"),
        (policy.require_lowercase, "lower", "rule-lower"),
        (policy.require_numbers, "number", "rule-number"),
        (policy.require_symbols, "symbol", "rule-symbol"),
    ] {
        if on {
            rules.push(Rule { check, min: 0, text: t.get(key) });
        }
    }
    rules
}

/// Messages shown at the top of a page, chosen by the `notice` query value.
pub fn notice_text(t: &Catalog, key: Option<&str>) -> Option<String> {
    let key = match key? {
        "confirmed" => "notice-confirmed",
        "password_reset" => "notice-password-reset",
        "code_sent" => "notice-code-sent",
        "admin_confirm" => "notice-admin-confirm",
        _ => return None,
    };
    Some(t.get(key))
}

pub async fn theme_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../static/cognate.css"))
}

/// The small optional scripts of the pages (`static/*.js`); the pages work without them.
pub async fn script(path: web::Path<String>) -> HttpResponse {
    let body = match path.as_str() {
        "cognate" => include_str!("../../static/cognate.js"),
        "passkeys" => include_str!("../../static/passkeys.js"),
        _ => return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("not found"),
    };
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(body)
}

/// A query or form that could not be read at all; `detail` is what the parser said.
pub fn unreadable_request_page(req: &HttpRequest, detail: &str) -> HttpResponse {
    let t = lang::for_request(req, None);
    message_page_with(req, StatusCode::BAD_REQUEST, t.get("error-title"), t.get("unreadable-request"), Some(t.get("what-next")), Some(detail.to_string()), ways_on(req))
}

#[derive(serde::Deserialize)]
struct ClientCssQuery {
    client_id: String,
}

async fn client_css(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<ClientCssQuery>) -> HttpResponse {
    let (Ok(pool), Ok(id)) = (crate::domain::ids::PoolId::parse(&path), crate::domain::ids::ClientId::parse(&q.client_id)) else {
        return not_found_page(&req);
    };
    match crate::http::blocking(&ctx, move |c| crate::domain::clients::get(c, &pool, &id)).await {
        Ok(client) => HttpResponse::Ok()
            .content_type("text/css; charset=utf-8")
            .insert_header(("Cache-Control", "public, max-age=300"))
            .body(client.settings.css.unwrap_or_default()),
        Err(e) => error_page(&req, &e, false),
    }
}
