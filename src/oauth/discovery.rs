//! `GET /{pool_id}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §3),
//! rendered once per cache period and served from memory.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{http::header, web, HttpResponse};
use bytes::Bytes;
use serde_json::json;

use crate::domain::cache::TtlCache;
use crate::domain::ids::PoolId;
use crate::domain::{clients, pools, resource_servers, Context};
use crate::error::Error;

/// Rendered discovery documents by pool.
pub struct DiscoveryCache(TtlCache<PoolId, Bytes>);

impl DiscoveryCache {
    pub fn new(ttl: Duration) -> DiscoveryCache {
        DiscoveryCache(TtlCache::new(ttl))
    }
}

pub async fn get(
    ctx: web::Data<Context>,
    cache: web::Data<DiscoveryCache>,
    path: web::Path<String>,
) -> HttpResponse {
    serve(ctx, cache, path).await.unwrap_or_else(|e| crate::http::json_error(&e))
}

async fn serve(ctx: web::Data<Context>, cache: web::Data<DiscoveryCache>, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let pool = super::pool_from_path(&path)?;
    let body = match cache.0.peek(&pool) {
        Some(body) => body,
        None => {
            let (ctx, cache) = (ctx.into_inner(), cache.into_inner());
            web::block(move || cache.0.get_or_load(&pool, || render(&ctx, &pool)))
                .await
                .map_err(|e| Error::Internal(e.to_string()))??
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body))
}

fn render(ctx: &Arc<Context>, pool_id: &PoolId) -> Result<Bytes, Error> {
    let pool = pools::get(ctx, pool_id)?;
    let issuer = ctx.issuer(pool_id);
    let mut scopes: Vec<String> = clients::STANDARD_SCOPES.iter().map(|s| s.to_string()).collect();
    scopes.extend(resource_servers::list(ctx, pool_id)?.into_iter().flat_map(|rs| {
        rs.scopes.into_iter().map(move |s| format!("{}/{}", rs.identifier, s.name))
    }));
    let mut claims: Vec<String> =
        ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "token_use", "cognito:username", "cognito:groups"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    claims.extend(pool.settings.schema.iter().map(|d| d.name.clone()));
    let doc = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth2/authorize"),
        "token_endpoint": format!("{issuer}/oauth2/token"),
        "userinfo_endpoint": format!("{issuer}/oauth2/userInfo"),
        "revocation_endpoint": format!("{issuer}/oauth2/revoke"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "response_types_supported": ["code", "token"],
        "response_modes_supported": ["query", "fragment"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials", "implicit"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "prompt_values_supported": ["none", "login"],
        "scopes_supported": scopes,
        "claims_supported": claims,
    });
    Ok(Bytes::from(serde_json::to_vec(&doc).map_err(|e| Error::Internal(e.to_string()))?))
}
