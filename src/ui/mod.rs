//! The hosted login pages (server-rendered, no JavaScript): sign in, sign up, confirm,
//! forgot and reset password, signed-out and error pages.

mod account;
mod authorize;
pub mod csrf;
pub mod federation;
mod flow;
mod login;
mod logout;
mod mfa;
mod password;
mod signup;
pub mod strings;
pub mod views;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::domain::Context;
use crate::error::Error;
use strings::EN;
use views::{Brand, MessagePage};

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
            HttpResponse::InternalServerError().content_type("text/plain; charset=utf-8").body(EN.internal)
        }
    }
}

pub fn message_page(status: StatusCode, title: &str, message: String, hint: Option<String>) -> HttpResponse {
    render(status, MessagePage { t: &EN, brand: Brand::default(), title, message, hint, error: None, notice: None })
}

/// A readable error page; `authorize` says the app's request itself was bad.
pub fn error_page(e: &Error, authorize: bool) -> HttpResponse {
    let status = match e {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Upstream(_) => StatusCode::BAD_GATEWAY,
        e if e.is_internal() => {
            tracing::error!(error = %e, "hosted page failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let message = if status.is_server_error() { EN.internal.to_string() } else { e.public_message() };
    let hint = if authorize { EN.what_next_authorize } else { EN.what_next };
    message_page(status, EN.error_title, message, Some(hint.to_string()))
}

pub fn not_found_page() -> HttpResponse {
    message_page(StatusCode::NOT_FOUND, EN.error_title, EN.not_found.into(), None)
}

pub fn csrf_failed_page() -> HttpResponse {
    message_page(StatusCode::FORBIDDEN, EN.error_title, EN.csrf_failed.into(), None)
}

/// The password rules of a pool, as a list for the sign-up and reset pages.
pub fn password_rules(policy: &crate::domain::password_policy::PasswordPolicy) -> Vec<String> {
    let mut rules = vec![EN.rule_length.replace("{n}", &policy.minimum_length.to_string())];
    for (on, text) in [
        (policy.require_uppercase, EN.rule_upper),
        (policy.require_lowercase, EN.rule_lower),
        (policy.require_numbers, EN.rule_number),
        (policy.require_symbols, EN.rule_symbol),
    ] {
        if on {
            rules.push(text.to_string());
        }
    }
    rules
}

/// Messages shown at the top of a page, chosen by the `notice` query value.
pub fn notice_text(key: Option<&str>) -> Option<String> {
    Some(
        match key? {
            "confirmed" => EN.notice_confirmed,
            "password_reset" => EN.notice_password_reset,
            "code_sent" => EN.notice_code_sent,
            "admin_confirm" => EN.notice_admin_confirm,
            _ => return None,
        }
        .to_string(),
    )
}

pub async fn theme_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../static/cognate.css"))
}

#[derive(serde::Deserialize)]
struct ClientCssQuery {
    client_id: String,
}

async fn client_css(ctx: web::Data<Context>, path: web::Path<String>, q: web::Query<ClientCssQuery>) -> HttpResponse {
    let (Ok(pool), Ok(id)) = (crate::domain::ids::PoolId::parse(&path), crate::domain::ids::ClientId::parse(&q.client_id)) else {
        return not_found_page();
    };
    match crate::http::blocking(&ctx, move |c| crate::domain::clients::get(c, &pool, &id)).await {
        Ok(client) => HttpResponse::Ok()
            .content_type("text/css; charset=utf-8")
            .insert_header(("Cache-Control", "public, max-age=300"))
            .body(client.settings.css.unwrap_or_default()),
        Err(e) => error_page(&e, false),
    }
}
