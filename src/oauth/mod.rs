//! The per-pool OpenID Connect endpoints under `/{pool_id}/…`.

pub mod discovery;
pub mod jwks;
pub mod revoke;
pub mod token;
pub mod userinfo;

use actix_web::web;

use crate::domain::ids::PoolId;
use crate::error::Error;

/// The endpoints inside the `/{pool_id}` scope.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/.well-known/jwks.json", web::get().to(jwks::get))
        .route("/.well-known/openid-configuration", web::get().to(discovery::get))
        .route("/oauth2/token", web::post().to(token::post))
        .service(web::resource("/oauth2/userInfo").route(web::get().to(userinfo::get)).route(web::post().to(userinfo::get)))
        .route("/oauth2/revoke", web::post().to(revoke::post));
}

/// A malformed pool ID is as unknown as a missing one: 404 before any database work.
pub(crate) fn pool_from_path(raw: &str) -> Result<PoolId, Error> {
    PoolId::parse(raw).map_err(|_| Error::NotFound(format!("User pool {raw} does not exist.")))
}
