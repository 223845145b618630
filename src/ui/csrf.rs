//! CSRF protection for every hosted form. The browser holds a random secret in an
//! HttpOnly cookie; a form's token is a MAC (keyed by a subkey of the master key) over
//! that secret and the browser's hosted-login session cookie. A token is therefore good
//! only in the browser it was made for and only for its session: a cookie and token
//! pair taken from one browser and planted in another does not pass, and a sign-in
//! (which rotates the session) retires the tokens of the pages shown before it.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::HttpRequest;

use crate::crypto::{constant_time_eq, keyed_hash, new_token};
use crate::domain::Context;

pub const COOKIE: &str = "cognate_csrf";

pub struct Csrf {
    pub token: String,
    /// Set when the browser had no secret yet.
    pub new_cookie: Option<Cookie<'static>>,
}

/// A browser secret is a base64url token of 32 bytes; anything else is ignored.
fn browser_secret(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE).map(|c| c.value().to_string()).filter(|v| v.len() == 43 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

fn token_for(ctx: &Context, req: &HttpRequest, secret: &str) -> String {
    let session = req.cookie(super::SESSION_COOKIE).map(|c| c.value().to_string()).unwrap_or_default();
    keyed_hash(&ctx.csrf_key, &["csrf", secret, &session])
}

/// The token for the session a response is about to start (a page shown right after
/// signing in, whose forms belong to the new session), for a browser that has a secret.
pub fn for_new_session(ctx: &Context, req: &HttpRequest, session: &str) -> Option<String> {
    browser_secret(req).map(|secret| keyed_hash(&ctx.csrf_key, &["csrf", &secret, session]))
}

/// The token for this browser and session, with the cookie when the browser needs a secret.
pub fn for_request(ctx: &Context, req: &HttpRequest, secure: bool) -> Csrf {
    if let Some(secret) = browser_secret(req) {
        return Csrf { token: token_for(ctx, req, &secret), new_cookie: None };
    }
    let secret = new_token();
    let cookie = Cookie::build(COOKIE, secret.clone()).path("/").http_only(true).secure(secure).same_site(SameSite::Lax).finish();
    Csrf { token: token_for(ctx, req, &secret), new_cookie: Some(cookie) }
}

/// Whether a submitted form's token belongs to this browser and session.
pub fn verify(ctx: &Context, req: &HttpRequest, submitted: Option<&str>) -> bool {
    let (Some(submitted), Some(secret)) = (submitted.filter(|s| !s.is_empty()), browser_secret(req)) else { return false };
    constant_time_eq(token_for(ctx, req, &secret).as_bytes(), submitted.as_bytes())
}
