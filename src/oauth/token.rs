//! `POST /{pool_id}/oauth2/token`: client authentication (HTTP Basic or
//! client_secret_post) and the grants; errors as RFC 6749 §5.2 JSON.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use serde::Deserialize;

use crate::domain::oauth::token as grants;
use crate::domain::Context;
use crate::error::{oauth, Error};
use crate::http::blocking;

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    scope: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// The client's credentials from `Authorization: Basic` (RFC 6749 §2.3.1: each part
/// form-url-encoded) or from the body; both at once is refused.
pub fn client_credentials(req: &HttpRequest, body_id: Option<String>, body_secret: Option<String>) -> Result<(String, Option<String>), Error> {
    let basic = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "));
    match basic {
        Some(encoded) => {
            if body_secret.is_some() {
                return Err(oauth("invalid_request", "use one client authentication method, not two"));
            }
            let bad = || oauth("invalid_client", "malformed HTTP Basic credentials");
            let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
            let text = String::from_utf8(decoded).map_err(|_| bad())?;
            let (id, secret) = text.split_once(':').ok_or_else(bad)?;
            let decode = |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
            let id = decode(id).ok_or_else(bad)?;
            if body_id.as_ref().is_some_and(|b| b != &id) {
                return Err(oauth("invalid_request", "client_id in the body differs from the Authorization header"));
            }
            Ok((id, decode(secret).filter(|s| !s.is_empty())))
        }
        None => Ok((body_id.ok_or_else(|| oauth("invalid_client", "client authentication is required"))?, body_secret)),
    }
}

pub fn oauth_error_response(e: &Error) -> HttpResponse {
    let (error, description) = match e {
        Error::OAuth { error, description } => (*error, description.clone()),
        Error::NotFound(m) => ("invalid_request", m.clone()),
        e if e.status().is_client_error() => ("invalid_request", e.public_message()),
        e => {
            tracing::error!(error = %e, "token endpoint failed");
            ("server_error", "internal error".to_string())
        }
    };
    let mut resp = HttpResponse::build(match e {
        Error::OAuth { .. } | Error::NotFound(_) => e.status(),
        e if e.status().is_client_error() => actix_web::http::StatusCode::BAD_REQUEST,
        _ => actix_web::http::StatusCode::INTERNAL_SERVER_ERROR,
    });
    if error == "invalid_client" {
        resp.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"cognate\""));
    }
    resp.insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "error": error, "error_description": description }))
}

/// The pool and the client's credentials of a token or revocation request; the error
/// is the response to send.
#[allow(clippy::result_large_err)]
pub fn pool_and_credentials(
    req: &HttpRequest,
    path: &str,
    body_id: Option<String>,
    body_secret: Option<String>,
) -> Result<(crate::domain::ids::PoolId, String, Option<String>), HttpResponse> {
    let pool = super::pool_from_path(path).map_err(|e| oauth_error_response(&e))?;
    let (id, secret) = client_credentials(req, body_id, body_secret).map_err(|e| oauth_error_response(&e))?;
    Ok((pool, id, secret))
}

pub async fn post(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, form: web::Form<TokenForm>) -> HttpResponse {
    let mut f = form.into_inner();
    let (pool, client_id, secret) = match pool_and_credentials(&req, &path, f.client_id.take(), f.client_secret.take()) {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let result = blocking(&ctx, move |c| {
        let client = grants::authenticate_client(c, &pool, &client_id, secret.as_deref())?;
        let missing = |name: &str| oauth("invalid_request", format!("{name} is required"));
        match f.grant_type.as_deref() {
            Some("authorization_code") => {
                let code = f.code.as_deref().ok_or_else(|| missing("code"))?;
                grants::exchange_code(c, &pool, &client, code, f.redirect_uri.as_deref(), f.code_verifier.as_deref())
            }
            Some("refresh_token") => grants::refresh(c, &pool, &client, f.refresh_token.as_deref().ok_or_else(|| missing("refresh_token"))?),
            Some("client_credentials") => grants::client_credentials(c, &pool, &client, f.scope.as_deref()),
            Some(other) => Err(oauth("unsupported_grant_type", format!("grant_type {other} is not supported"))),
            None => Err(missing("grant_type")),
        }
    })
    .await;
    match result {
        Ok(tokens) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::PRAGMA, "no-cache"))
            .json(tokens),
        Err(e) => oauth_error_response(&e),
    }
}
