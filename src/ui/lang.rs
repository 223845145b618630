//! Which language a hosted page speaks, and the language picker.
//!
//! The order: the app's `ui_locales` (OIDC, space-separated), then `lang` (Cognito's
//! managed-login parameter, also what the picker sets), then the picker's earlier choice
//! (the `cognate_lang` cookie), then the browser's `Accept-Language`, then the pool's
//! default language, then English.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::Method;
use actix_web::HttpRequest;

use crate::i18n::{self, Catalog, LANGUAGES};

pub const LANG_COOKIE: &str = "cognate_lang";

/// A link of the language picker.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub url: String,
    pub current: bool,
}

fn query_value(req: &HttpRequest, name: &str) -> Option<String> {
    url::form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// The catalog for this request; `pool_default` is the pool's `default_language`.
pub fn for_request(req: &HttpRequest, pool_default: Option<&str>) -> &'static Catalog {
    let ui_locales = query_value(req, "ui_locales").unwrap_or_default();
    let lang = query_value(req, "lang");
    let cookie = req.cookie(LANG_COOKIE).map(|c| c.value().to_string());
    let header = req.headers().get("accept-language").and_then(|h| h.to_str().ok()).map(i18n::accept_language).unwrap_or_default();
    let candidates = ui_locales
        .split_whitespace()
        .map(str::to_string)
        .chain(lang)
        .chain(cookie)
        .chain(header)
        .chain(pool_default.map(str::to_string))
        .collect::<Vec<_>>();
    i18n::choose(candidates.iter().map(String::as_str))
}

/// The cookie that remembers a language picked with `lang=`, when this request picked one.
pub fn remembered(req: &HttpRequest, pool: &str, secure: bool) -> Option<Cookie<'static>> {
    let picked = i18n::matching(&query_value(req, "lang")?)?;
    if req.cookie(LANG_COOKIE).is_some_and(|c| c.value() == picked.code()) {
        return None;
    }
    Some(
        Cookie::build(LANG_COOKIE, picked.code())
            .path(format!("/{pool}"))
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish(),
    )
}

/// The picker's links: this page (GET pages only; a form's answer cannot be reloaded)
/// in every other language. The app's `ui_locales` is dropped from the links, so the
/// person's own choice wins over it.
pub fn picker(req: &HttpRequest, current: &Catalog) -> Vec<LanguageLink> {
    if req.method() != Method::GET {
        return Vec::new();
    }
    let kept: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .filter(|(k, _)| !matches!(k.as_str(), "lang" | "ui_locales" | "notice"))
        .collect();
    LANGUAGES
        .iter()
        .map(|l| {
            let mut pairs = kept.clone();
            pairs.push(("lang".into(), l.code.into()));
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            LanguageLink { code: l.code, name: l.name, url: format!("{}?{query}", req.path()), current: l.code == current.code() }
        })
        .collect()
}
