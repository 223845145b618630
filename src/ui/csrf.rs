//! CSRF protection for every hosted form: a signed double-submit token. The cookie holds
//! `token.mac`; the form must echo `token`, and the MAC (keyed by a subkey of the master
//! key) stops another site from planting a cookie of its own choosing.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::HttpRequest;

use crate::crypto::{constant_time_eq, keyed_hash, new_token};
use crate::domain::Context;

pub const COOKIE: &str = "cognate_csrf";

pub struct Csrf {
    pub token: String,
    /// Set when the browser had no valid token yet.
    pub new_cookie: Option<Cookie<'static>>,
}

fn parse<'a>(ctx: &Context, value: &'a str) -> Option<&'a str> {
    let (token, mac) = value.split_once('.')?;
    constant_time_eq(keyed_hash(&ctx.csrf_key, &[token]).as_bytes(), mac.as_bytes()).then_some(token)
}

/// The browser's token, or a new one with the cookie that carries it.
pub fn for_request(ctx: &Context, req: &HttpRequest, secure: bool) -> Csrf {
    if let Some(token) = req.cookie(COOKIE).and_then(|c| parse(ctx, c.value()).map(str::to_string)) {
        return Csrf { token, new_cookie: None };
    }
    let token = new_token();
    let value = format!("{token}.{}", keyed_hash(&ctx.csrf_key, &[&token]));
    let cookie = Cookie::build(COOKIE, value).path("/").http_only(true).secure(secure).same_site(SameSite::Lax).finish();
    Csrf { token, new_cookie: Some(cookie) }
}

/// Whether a submitted form's token matches the browser's signed cookie.
pub fn verify(ctx: &Context, req: &HttpRequest, submitted: Option<&str>) -> bool {
    let Some(submitted) = submitted.filter(|s| !s.is_empty()) else { return false };
    req.cookie(COOKIE)
        .and_then(|c| parse(ctx, c.value()).map(|t| constant_time_eq(t.as_bytes(), submitted.as_bytes())))
        .unwrap_or(false)
}
