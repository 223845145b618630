//! The per-pool OpenID Connect endpoints under `/{pool_id}/…`.

pub mod authorize;
pub mod discovery;
pub mod jwks;
pub mod logout;
pub mod revoke;
pub mod token;
pub mod userinfo;

use actix_web::web;

use crate::domain::ids::PoolId;
use crate::error::Error;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{pool_id}/.well-known/jwks.json", web::get().to(jwks::get))
        .route("/{pool_id}/.well-known/openid-configuration", web::get().to(discovery::get))
        .route("/{pool_id}/oauth2/authorize", web::get().to(authorize::get))
        .route("/{pool_id}/oauth2/token", web::post().to(token::post))
        .route("/{pool_id}/oauth2/userInfo", web::get().to(userinfo::get))
        .route("/{pool_id}/oauth2/userInfo", web::post().to(userinfo::get))
        .route("/{pool_id}/oauth2/revoke", web::post().to(revoke::post))
        .route("/{pool_id}/logout", web::get().to(logout::get))
        .route("/{pool_id}/logout", web::post().to(logout::post));
}

/// A malformed pool ID is as unknown as a missing one: 404 before any database work.
pub(crate) fn pool_from_path(raw: &str) -> Result<PoolId, Error> {
    PoolId::parse(raw).map_err(|_| Error::NotFound(format!("User pool {raw} does not exist.")))
}
