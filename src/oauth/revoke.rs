//! `POST /{pool_id}/oauth2/revoke` (RFC 7009).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::token::{oauth_error_response, pool_and_credentials};
use crate::domain::oauth::{revoke, token as grants};
use crate::domain::Context;
use crate::error::Error;
use crate::http::blocking;

#[derive(Deserialize)]
pub struct RevokeForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub async fn post(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, form: web::Form<RevokeForm>) -> HttpResponse {
    let f = form.into_inner();
    let (pool, client_id, secret) = match pool_and_credentials(&req, &path, f.client_id, f.client_secret) {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let result = blocking(&ctx, move |c| {
        let client = grants::authenticate_client(c, &pool, &client_id, secret.as_deref())?;
        let token = f.token.filter(|t| !t.is_empty()).ok_or_else(|| Error::InvalidRequest("token is required".into()))?;
        revoke::revoke(c, &pool, &client, &token)
    })
    .await;
    match result {
        Ok(()) => HttpResponse::Ok().finish(),
        Err(e) => oauth_error_response(&e),
    }
}
