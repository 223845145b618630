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
        let hook_ctx = ctx.clone();
        crate::mail::sender::Sender::new(ctx.db.clone(), ctx.secrets.clone(), &settings)?
            .with_hook_secrets(std::sync::Arc::new(move |pool: &str| crate::domain::triggers::hook_secret_of(&hook_ctx, pool)))
            .spawn();
        spawn_housekeeping(ctx.clone());
        spawn_host_reload(ctx.clone()).await?;
        let ctx = web::Data::new(ctx);
        let api_settings = web::Data::new(settings.api.clone());
        let discovery = web::Data::new(DiscoveryCache::new(ttl));
        let client_address = web::Data::new(crate::http::ClientAddress { trusted: settings.trusted_proxy_networks()? });
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(ctx.clone())
                .app_data(discovery.clone())
                .app_data(client_address.clone())
                .app_data(api_settings.clone())
                .app_data(web::QueryConfig::default().error_handler(|e, req| bad_request(e.to_string(), req)))
                .app_data(web::FormConfig::default().limit(64 * 1024).error_handler(|e, req| bad_request(e.to_string(), req)))
                .wrap(security_headers())
                .wrap_fn(|mut req, srv| {
                    route_by_host(&mut req);
                    actix_web::dev::Service::call(srv, req)
                })
                .route("/health", web::get().to(health))
                .configure(crate::api::routes)
                .route("/static/cognate.css", web::get().to(crate::ui::theme_css))
                .route("/static/{script}.js", web::get().to(crate::ui::script))
                // One scope per pool: the `{pool_id}` segment is matched once, the inner
                // paths are fixed strings.
                .service(
                    web::scope("/{pool_id}")
                        .configure(oauth::routes)
                        .configure(crate::ui::routes)
                        .default_service(web::to(not_found)),
                )
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

    /// A handle to stop the server (tests stop theirs when they end).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Headers on every response unless a handler set its own (static files and the JWKS
/// set a cacheable Cache-Control). Pages load nothing but their own stylesheet and
/// images, and may not be framed.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Content-Security-Policy", crate::http::content_security_policy(&[])))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
}

/// Malformed query strings and form bodies: OAuth JSON on the OAuth endpoints, a
/// readable page elsewhere; never a 500.
fn bad_request(detail: String, req: &actix_web::HttpRequest) -> actix_web::Error {
    let response = if req.path().contains("/oauth2/") && !req.path().ends_with("/oauth2/authorize") {
        HttpResponse::BadRequest().json(serde_json::json!({ "error": "invalid_request", "error_description": detail }))
    } else {
        crate::ui::unreadable_request_page(req, &detail)
    };
    actix_web::error::InternalError::from_response(detail, response).into()
}

/// A request to a pool's domain (`auth.example.com`, or `myapp.{public host}`) is served
/// as the same path under `/{pool}`, so `https://auth.example.com/oauth2/authorize` is
/// the pool's authorize endpoint, as with Cognito's domains. Paths that already name
/// the pool (the pages link to `/{pool}/…`), the API at `/`, `/health` and `/static/`
/// are left alone. The host table is in memory (see `domain::domains`): no query.
fn route_by_host(req: &mut actix_web::dev::ServiceRequest) {
    let Some(ctx) = req.app_data::<web::Data<Context>>() else { return };
    let host = req.uri().authority().map(|a| a.as_str().to_string()).or_else(|| {
        req.headers().get(actix_web::http::header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string)
    });
    let Some(pool) = host.and_then(|h| ctx.hosts.pool_for(&h)) else { return };
    let path = req.path();
    let prefix = format!("/{pool}");
    let untouched = path == "/"
        || path == "/health"
        || path.starts_with("/static/")
        || path == prefix
        || path.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with('/'));
    if untouched {
        return;
    }
    let target = match req.query_string() {
        "" => format!("{prefix}{path}"),
        q => format!("{prefix}{path}?{q}"),
    };
    let mut parts = req.head().uri.clone().into_parts();
    let Ok(pq) = target.parse() else { return };
    parts.path_and_query = Some(pq);
    let Ok(uri) = actix_web::http::Uri::from_parts(parts) else { return };
    req.match_info_mut().get_mut().update(&uri);
    req.head_mut().uri = uri;
}

/// Loads the pools' domains now, then again every second on every node, so a domain
/// made on any node serves within a second everywhere.
async fn spawn_host_reload(ctx: Context) -> Result<(), Error> {
    let first = ctx.clone();
    tokio::task::spawn_blocking(move || first.hosts.reload(&first)).await.map_err(|e| Error::Internal(e.to_string()))??;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            let ctx = ctx.clone();
            if let Ok(Err(e)) = tokio::task::spawn_blocking(move || ctx.hosts.reload(&ctx)).await {
                tracing::warn!(error = %e, "reloading the pools' domains failed");
            }
        }
    });
    Ok(())
}

/// Sweeps expired rows every ten minutes (every node does; the deletes are idempotent).
fn spawn_housekeeping(ctx: Context) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let ctx = ctx.clone();
            match tokio::task::spawn_blocking(move || crate::domain::housekeeping::sweep(&ctx)).await {
                Ok(Ok(n)) if n > 0 => tracing::debug!(removed = n, "housekeeping"),
                Ok(Err(e)) => tracing::warn!(error = %e, "housekeeping failed"),
                _ => {}
            }
        }
    });
}

async fn health() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"status":"ok"}"#)
}

async fn not_found() -> HttpResponse {
    crate::http::json_error(&Error::NotFound("No such endpoint.".into()))
}
