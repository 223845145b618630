//! `GET|POST /{pool_id}/logout`: ends the hosted-login session, then redirects to a
//! registered logout URL or shows the signed-out page.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::domain::auth::sessions;
use crate::domain::oauth::logout;
use crate::domain::Context;
use crate::http::{app_redirect, blocking};

#[derive(Deserialize, Default)]
pub struct LogoutParams {
    client_id: Option<String>,
    logout_uri: Option<String>,
    id_token_hint: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

pub async fn get(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<LogoutParams>) -> HttpResponse {
    handle(ctx, req, path.into_inner(), q.into_inner()).await
}

pub async fn post(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, f: web::Form<LogoutParams>) -> HttpResponse {
    handle(ctx, req, path.into_inner(), f.into_inner()).await
}

async fn handle(ctx: web::Data<Context>, req: HttpRequest, pool: String, p: LogoutParams) -> HttpResponse {
    let Ok(pool) = crate::domain::ids::PoolId::parse(&pool) else { return super::not_found_page(&req) };
    let oidc = p.post_logout_redirect_uri.is_some();
    let target = p.logout_uri.clone().or(p.post_logout_redirect_uri.clone());
    let cookie = req.cookie(super::SESSION_COOKIE).map(|c| c.value().to_string());
    let pool_name = pool.to_string();
    let client_id = p.client_id.clone();
    // The session ends first: a logout whose redirect is refused still signs out.
    let result = blocking(&ctx, move |c| {
        if let Some(value) = &cookie {
            sessions::end(c, value)?;
        }
        logout::check(c, &pool, p.client_id.as_deref(), p.id_token_hint.as_deref(), target.as_deref())
    })
    .await;
    let mut resp = match result {
        Ok(Some(target)) => {
            let params: Vec<(String, String)> = match (&p.state, oidc) {
                (Some(s), true) => vec![("state".into(), s.clone())],
                _ => vec![],
            };
            app_redirect(&target, &params, false)
        }
        Ok(None) => {
            let t = super::lang::for_request(&req, None);
            super::message_page(&req, StatusCode::OK, t.get("signed-out-title"), t.get("signed-out-text"), None, signed_out_ways(&ctx, &req, &pool_name, client_id.as_deref()).await)
        }
        Err(e) => super::error_page(&req, &e, true),
    };
    let expired = super::session_cookie(&ctx, &pool_name, String::new(), 0);
    if let Err(e) = resp.add_removal_cookie(&expired) {
        tracing::warn!(error = %e, "could not clear the session cookie");
    }
    resp
}

/// The way on from the signed-out page: back to the app the sign-out came from (its
/// registered address; the app starts any new sign-in itself, with its own state).
async fn signed_out_ways(ctx: &web::Data<Context>, req: &HttpRequest, pool: &str, client_id: Option<&str>) -> Vec<super::views::Way> {
    let t = super::lang::for_request(req, None);
    let (Ok(pool), Some(Ok(id))) = (crate::domain::ids::PoolId::parse(pool), client_id.map(crate::domain::ids::ClientId::parse)) else {
        return Vec::new();
    };
    let (p, i) = (pool.clone(), id.clone());
    let Ok(client) = blocking(ctx, move |c| crate::domain::clients::get(c, &p, &i)).await else { return Vec::new() };
    let mut ways = Vec::new();
    if let Some(url) = crate::domain::clients::app_url(&client) {
        ways.push(super::views::Way { label: t.get("way-back-to-app"), url });
    }
    ways
}
