//! `GET /{pool_id}/oauth2/authorize`: validates the app's request, then either answers
//! at once from a live browser session or sends the browser to the hosted login.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::domain::auth::sessions;
use crate::domain::ids::PoolId;
use crate::domain::oauth::authorize::{self, AuthorizeParams, Rejection, ResponseType};
use crate::domain::Context;
use crate::http::{app_redirect, blocking, error_redirect, found};

pub async fn get(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<AuthorizeParams>) -> HttpResponse {
    let Ok(pool) = PoolId::parse(&path) else { return super::not_found_page(&req) };
    let params = q.into_inner();
    let session_cookie = req.cookie(super::SESSION_COOKIE).map(|c| c.value().to_string());
    let (pool_for_check, params_for_check) = (pool.clone(), params.clone());
    let federate = super::federation::requested(&params);
    let checked = blocking(&ctx, move |c| {
        let authz = match authorize::validate(c, &pool_for_check, &params_for_check) {
            Ok(a) => a,
            Err(rejection) => return Ok(Err(rejection)),
        };
        if federate {
            return Ok(Ok((authz, None)));
        }
        let session = match &session_cookie {
            Some(v) => sessions::find(c, &pool_for_check, v)?,
            None => None,
        };
        let completed = match &session {
            Some(s) if authz.session_usable(s.auth_time) => Some(authorize::complete(c, &authz, &s.user_sub, s.auth_time)?),
            _ => None,
        };
        Ok(Ok((authz, completed)))
    })
    .await;
    match checked {
        Err(e) => super::error_page(&req, &e, false),
        Ok(Err(Rejection::Page(e))) => {
            let query = super::flow::PageQuery { authz: params.clone(), ..Default::default() };
            super::flow::rejected(&ctx, &req, &pool, &query, &e).await
        }
        Ok(Err(Rejection::Redirect { redirect_uri, error, description, state, fragment })) => {
            error_redirect(&redirect_uri, error, &description, state.as_deref(), fragment)
        }
        Ok(Ok((authz, None))) if federate => super::federation::start(&ctx, &req, authz, params).await,
        Ok(Ok((authz, Some(params)))) => app_redirect(&authz.redirect_uri, &params, authz.response_type == ResponseType::Token),
        Ok(Ok((authz, None))) if authz.prompt_none => error_redirect(
            &authz.redirect_uri,
            "login_required",
            "prompt=none was requested but the user is not signed in",
            authz.state.as_deref(),
            authz.response_type == ResponseType::Token,
        ),
        Ok(Ok(_)) => {
            let query = serde_urlencoded::to_string(&params).unwrap_or_default();
            found(&format!("/{pool}/login?{query}"))
        }
    }
}
