//! Helpers every HTTP front end shares: running blocking domain calls off the async
//! executor, and redirects back to an app.

use actix_web::{http::header, web, HttpResponse};

use crate::domain::Context;
use crate::error::{Error, Result};

/// The content security policy of every response: pages load nothing but their own
/// stylesheet and images, may not be framed, and their forms may go only to Cognate and
/// `form_targets` (the origins a form's answer redirects to: the app's callback, an
/// identity provider), since browsers apply form-action to those redirects too.
pub fn content_security_policy(form_targets: &[String]) -> String {
    let mut targets = String::from("'self'");
    for t in form_targets {
        targets.push(' ');
        targets.push_str(t);
    }
    format!("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action {targets}; frame-ancestors 'none'")
}

/// The CSP source for a redirect target: its origin, or `scheme:` for an app's custom scheme.
pub fn csp_source(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let origin = parsed.origin();
    if origin.is_tuple() {
        Some(origin.ascii_serialization())
    } else {
        Some(format!("{}:", parsed.scheme()))
    }
}

/// A failure of a JSON endpoint outside OAuth (discovery, JWKS, an unknown path), in
/// Cognito's `{"__type", "message"}` shape: 404 for what does not exist, 500 (logged)
/// for our own faults, 400 otherwise.
pub fn json_error(e: &Error) -> HttpResponse {
    let status = match e {
        Error::NotFound(_) => actix_web::http::StatusCode::NOT_FOUND,
        e if e.is_internal() => {
            tracing::error!(error = %e, "request failed");
            actix_web::http::StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => actix_web::http::StatusCode::BAD_REQUEST,
    };
    HttpResponse::build(status).json(serde_json::json!({ "__type": e.cognito_type(), "message": e.public_message() }))
}

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

/// How to tell the client's address: the TCP peer, unless the peer is one of the
/// trusted proxies. Then the forwarded chain is read from the right (each proxy appends
/// the address it saw), skipping trusted proxies, and the first other address is the
/// client: everything left of it was written by the client and proves nothing. A value
/// that is no IP address ends the walk at the last trusted hop.
pub struct ClientAddress {
    pub trusted: Vec<ipnet::IpNet>,
}

impl ClientAddress {
    pub fn of(&self, req: &actix_web::HttpRequest) -> Option<String> {
        let peer = req.peer_addr()?.ip().to_canonical();
        let mut client = peer;
        if self.is_trusted(peer) {
            for hop in forwarded_chain(req).iter().rev() {
                match parse_hop(hop) {
                    Some(ip) => {
                        client = ip;
                        if !self.is_trusted(ip) {
                            break;
                        }
                    }
                    None => break,
                }
            }
        }
        Some(client.to_string())
    }

    fn is_trusted(&self, ip: std::net::IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(&ip))
    }
}

/// The addresses of `X-Forwarded-For` (every such header, in order), or else the `for=`
/// values of `Forwarded` (RFC 7239).
fn forwarded_chain(req: &actix_web::HttpRequest) -> Vec<String> {
    let values = |name: &str| -> Vec<String> {
        req.headers().get_all(name).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',').map(|s| s.trim().to_string())).collect()
    };
    let xff = values("x-forwarded-for");
    if !xff.is_empty() {
        return xff;
    }
    values("forwarded")
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                k.eq_ignore_ascii_case("for").then(|| v.trim().trim_matches('"').to_string())
            })
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<std::net::IpAddr> {
    let hop = hop.trim();
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_canonical());
    }
    if let Ok(ip) = hop.parse::<std::net::IpAddr>() {
        return Some(ip.to_canonical());
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip().to_canonical())
}
