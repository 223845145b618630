//! The per-pool OpenID Connect endpoints under `/{pool_id}/…`.

pub mod discovery;
pub mod jwks;

use actix_web::web;

use crate::domain::ids::PoolId;
use crate::error::Error;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{pool_id}/.well-known/jwks.json", web::get().to(jwks::get))
        .route("/{pool_id}/.well-known/openid-configuration", web::get().to(discovery::get));
}

/// A malformed pool ID is as unknown as a missing one: 404 before any database work.
pub(crate) fn pool_from_path(raw: &str) -> Result<PoolId, Error> {
    PoolId::parse(raw).map_err(|_| Error::NotFound(format!("User pool {raw} does not exist.")))
}
