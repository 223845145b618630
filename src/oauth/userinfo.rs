//! `GET|POST /{pool_id}/oauth2/userInfo` (OIDC Core §5.3) with a Bearer access token.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::domain::oauth::userinfo::{self, BearerError};
use crate::domain::Context;
use crate::http::blocking;

fn refuse(status: StatusCode, error: &str, description: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::WWW_AUTHENTICATE, format!("Bearer error=\"{error}\", error_description=\"{description}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "error": error, "error_description": description }))
}

pub async fn get(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Ok(pool) = super::pool_from_path(&path) else {
        return refuse(StatusCode::NOT_FOUND, "invalid_request", "no such user pool");
    };
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_string());
    let Some(token) = bearer.filter(|t| !t.is_empty()) else {
        return HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(serde_json::json!({ "error": "invalid_request", "error_description": "a Bearer access token is required" }));
    };
    match blocking(&ctx, move |c| userinfo::userinfo(c, &pool, &token)).await {
        Ok(Ok(claims)) => HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(claims),
        Ok(Err(BearerError::InvalidToken(why))) => refuse(StatusCode::UNAUTHORIZED, "invalid_token", why),
        Ok(Err(BearerError::InsufficientScope)) => {
            refuse(StatusCode::FORBIDDEN, "insufficient_scope", "the access token lacks the openid scope")
        }
        Err(crate::error::Error::NotFound(_)) => refuse(StatusCode::NOT_FOUND, "invalid_request", "no such user pool"),
        Err(e) => {
            tracing::error!(error = %e, "userinfo failed");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "internal error")
        }
    }
}
