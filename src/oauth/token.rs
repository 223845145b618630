//! `POST /{pool_id}/oauth2/token`: client authentication (HTTP Basic or
//! client_secret_post) and the grants; errors as RFC 6749 §5.2 JSON.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use serde::Deserialize;

use crate::domain::oauth::token as grants;
use crate::domain::Context;
use crate::error::Error;
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
                return Err(Error::InvalidRequest("use one client authentication method, not two".into()));
            }
            let bad = || Error::InvalidClient("malformed HTTP Basic credentials".into());
            let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
            let text = String::from_utf8(decoded).map_err(|_| bad())?;
            let (id, secret) = text.split_once(':').ok_or_else(bad)?;
            let decode = |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
            let id = decode(id).ok_or_else(bad)?;
            if body_id.as_ref().is_some_and(|b| b != &id) {
                return Err(Error::InvalidRequest("client_id in the body differs from the Authorization header".into()));
            }
            Ok((id, decode(secret).filter(|s| !s.is_empty())))
        }
        None => Ok((body_id.ok_or_else(|| Error::InvalidClient("client authentication is required".into()))?, body_secret)),
    }
}

/// RFC 6749 §5.2: the error code for each kind of failure, 401 for a client that failed
/// to authenticate, 500 (and a log line) only for our own faults.
pub fn oauth_error_response(e: &Error) -> HttpResponse {
    use actix_web::http::StatusCode;
    let (status, error) = match e {
        Error::InvalidClient(_) => (StatusCode::UNAUTHORIZED, "invalid_client"),
        Error::InvalidGrant(_) | Error::RefreshTokenReuse(_) => (StatusCode::BAD_REQUEST, "invalid_grant"),
        Error::UnauthorizedClient(_) => (StatusCode::BAD_REQUEST, "unauthorized_client"),
        Error::InvalidScope(_) => (StatusCode::BAD_REQUEST, "invalid_scope"),
        Error::UnsupportedGrantType(_) => (StatusCode::BAD_REQUEST, "unsupported_grant_type"),
        Error::UnsupportedTokenType(_) => (StatusCode::BAD_REQUEST, "unsupported_token_type"),
        Error::NotFound(_) => (StatusCode::NOT_FOUND, "invalid_request"),
        e if e.is_internal() => {
            tracing::error!(error = %e, "token endpoint failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "server_error")
        }
        _ => (StatusCode::BAD_REQUEST, "invalid_request"),
    };
    let mut resp = HttpResponse::build(status);
    if error == "invalid_client" {
        resp.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"cognate\""));
    }
    resp.insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "error": error, "error_description": e.public_message() }))
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
        let missing = |name: &str| Error::InvalidRequest(format!("{name} is required"));
        match f.grant_type.as_deref() {
            Some("authorization_code") => {
                let code = f.code.as_deref().ok_or_else(|| missing("code"))?;
                grants::exchange_code(c, &pool, &client, code, f.redirect_uri.as_deref(), f.code_verifier.as_deref())
            }
            Some("refresh_token") => grants::refresh(c, &pool, &client, f.refresh_token.as_deref().ok_or_else(|| missing("refresh_token"))?),
            Some("client_credentials") => grants::client_credentials(c, &pool, &client, f.scope.as_deref()),
            Some(other) => Err(Error::UnsupportedGrantType(format!("grant_type {other} is not supported"))),
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
