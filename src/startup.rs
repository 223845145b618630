//! `Application::build(settings)`: binds the listener, opens storage and returns the
//! server. `cognate serve` and the tests both start Cognate through here.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpResponse, HttpServer};

use crate::config::Settings;
use crate::domain::Context;
use crate::error::Error;
use crate::oauth::{self, discovery::DiscoveryCache};

pub struct Application {
    port: u16,
    public_url: String,
    server: Server,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, Error> {
        let addr = settings.listen_addr()?;
        let listener = TcpListener::bind(addr)
            .map_err(|e| Error::Config(format!("cannot listen on {addr}: {e} (set listen or COGNATE_LISTEN)")))?;
        let bound = listener.local_addr().map_err(|e| Error::Internal(e.to_string()))?;
        let public_url = settings.public_url_for(bound);
        let ttl = Duration::from_secs(settings.key_cache_seconds);
        let ctx = {
            let (settings, public_url) = (settings.clone(), public_url.clone());
            tokio::task::spawn_blocking(move || Context::open(&settings, public_url))
                .await
                .map_err(|e| Error::Internal(e.to_string()))??
        };
        let ctx = web::Data::new(ctx);
        let discovery = web::Data::new(DiscoveryCache::new(ttl));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(ctx.clone())
                .app_data(discovery.clone())
                .wrap(DefaultHeaders::new().add(("X-Content-Type-Options", "nosniff")))
                .route("/health", web::get().to(health))
                .configure(oauth::routes)
                .default_service(web::to(not_found))
        })
        .listen(listener)
        .map_err(|e| Error::Config(format!("cannot serve on {bound}: {e}")))?;
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        tracing::info!(%public_url, database = %crate::domain::redact_url(&settings.database_url()), "cognate listening");
        Ok(Application { port: bound.port(), public_url, server: server.run() })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

async fn health() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"status":"ok"}"#)
}

async fn not_found() -> Result<HttpResponse, Error> {
    Err(Error::NotFound("No such endpoint.".into()))
}
