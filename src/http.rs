//! Helpers every HTTP front end shares: running blocking domain calls off the async
//! executor, and redirects back to an app.

use actix_web::{http::header, web, HttpResponse};

use crate::domain::Context;
use crate::error::{Error, Result};

/// Runs a blocking domain call (diesel, argon2, RSA) on the blocking pool.
pub async fn blocking<T: Send + 'static>(
    ctx: &web::Data<Context>,
    f: impl FnOnce(&Context) -> Result<T> + Send + 'static,
) -> Result<T> {
    let ctx = ctx.clone().into_inner();
    web::block(move || f(&ctx)).await.map_err(|e| Error::Internal(format!("blocking task failed: {e}")))?
}

/// `uri` with `params` added to its query (or, for implicit responses, as its fragment).
pub fn app_redirect_url(uri: &str, params: &[(String, String)], fragment: bool) -> String {
    match url::Url::parse(uri) {
        Ok(_) if params.is_empty() => uri.to_string(),
        Ok(mut url) => {
            if fragment {
                let encoded = serde_urlencoded::to_string(params).unwrap_or_default();
                url.set_fragment(Some(&encoded));
            } else {
                url.query_pairs_mut().extend_pairs(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            }
            url.to_string()
        }
        // Registered URIs were validated as absolute URLs; this cannot be reached by a caller.
        Err(_) => uri.to_string(),
    }
}

/// A redirect to [`app_redirect_url`].
pub fn app_redirect(uri: &str, params: &[(String, String)], fragment: bool) -> HttpResponse {
    found(&app_redirect_url(uri, params, fragment))
}

pub fn found(location: &str) -> HttpResponse {
    HttpResponse::Found().insert_header((header::LOCATION, location)).finish()
}

/// The error redirect of RFC 6749 §4.1.2.1.
pub fn error_redirect(uri: &str, error: &str, description: &str, state: Option<&str>, fragment: bool) -> HttpResponse {
    let mut params = vec![("error".to_string(), error.to_string()), ("error_description".to_string(), description.to_string())];
    if let Some(s) = state {
        params.push(("state".into(), s.to_string()));
    }
    app_redirect(uri, &params, fragment)
}

/// How to tell the client's address: the TCP peer, or, behind a trusted proxy, the
/// address the proxy forwarded.
pub struct ClientAddress {
    pub trust_forwarded: bool,
}

impl ClientAddress {
    pub fn of(&self, req: &actix_web::HttpRequest) -> Option<String> {
        if self.trust_forwarded {
            req.connection_info().realip_remote_addr().map(str::to_string)
        } else {
            req.peer_addr().map(|a| a.ip().to_string())
        }
    }
}
