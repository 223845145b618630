//! `POST /{pool_id}/oauth2/revoke` (RFC 7009).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::token::{client_credentials, oauth_error_response};
use crate::domain::oauth::{revoke, token as grants};
use crate::domain::Context;
use crate::error::oauth;
use crate::http::blocking;

#[derive(Deserialize)]
pub struct RevokeForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub async fn post(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, form: web::Form<RevokeForm>) -> HttpResponse {
    let pool = match super::pool_from_path(&path) {
        Ok(p) => p,
        Err(e) => return oauth_error_response(&e),
    };
    let f = form.into_inner();
    let (client_id, secret) = match client_credentials(&req, f.client_id, f.client_secret) {
        Ok(c) => c,
        Err(e) => return oauth_error_response(&e),
    };
    let result = blocking(&ctx, move |c| {
        let client = grants::authenticate_client(c, &pool, &client_id, secret.as_deref())?;
        let token = f.token.filter(|t| !t.is_empty()).ok_or_else(|| oauth("invalid_request", "token is required"))?;
        revoke::revoke(c, &pool, &client, &token)
    })
    .await;
    match result {
        Ok(()) => HttpResponse::Ok().finish(),
        Err(e) => oauth_error_response(&e),
    }
}
