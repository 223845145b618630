//! `GET /{pool_id}/.well-known/jwks.json`: the pool's published keys, from memory.

use actix_web::{http::header, web, HttpResponse};

use crate::domain::{keys, Context};
use crate::error::Error;

pub async fn get(ctx: web::Data<Context>, path: web::Path<String>) -> HttpResponse {
    serve(ctx, path).await.unwrap_or_else(|e| crate::http::json_error(&e))
}

async fn serve(ctx: web::Data<Context>, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let pool = super::pool_from_path(&path)?;
    let published = match keys::cached(&ctx, &pool) {
        Some(p) => p,
        None => {
            let ctx = ctx.clone();
            web::block(move || keys::published(&ctx, &pool)).await.map_err(|e| Error::Internal(e.to_string()))??
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(published.jwks.clone()))
}
