//! The command line: `serve`, `migrate`, and admin commands that call the domain
//! directly. Output is for people, or JSON with `--json`.

mod access_keys;
mod domains;
mod clients;
mod idps;
mod keys;
mod output;
mod pools;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::domain::Context;
use crate::error::Error;

#[derive(Parser)]
#[command(name = "cognate", version, about = "Self-hosted OAuth2 / OpenID Connect server, Cognito-compatible")]
pub struct Cli {
    /// TOML configuration file (settings in it are overridden by COGNATE_* variables).
    #[arg(long, global = true, env = "COGNATE_CONFIG")]
    config: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage user pools.
    #[command(subcommand)]
    Pool(pools::PoolCmd),
    /// Manage app clients.
    #[command(subcommand)]
    Client(clients::ClientCmd),
    /// Manage resource servers and their custom scopes.
    #[command(subcommand, name = "resource-server")]
    ResourceServer(clients::ResourceServerCmd),
    /// Manage users.
    #[command(subcommand)]
    User(users::UserCmd),
    /// Manage upstream identity providers (Google, Facebook, Apple, Amazon, OIDC, SAML).
    #[command(subcommand)]
    Idp(idps::IdpCmd),
    /// Manage groups and their members.
    #[command(subcommand)]
    Group(users::GroupCmd),
    /// List and rotate a pool's signing keys.
    #[command(subcommand)]
    Key(keys::KeyCmd),
    /// Issue tokens for a user without a sign-in (administration and scripts).
    #[command(subcommand)]
    Token(keys::TokenCmd),
    /// Manage access keys for the SigV4-signed administrative API.
    #[command(subcommand, name = "access-key")]
    AccessKey(access_keys::AccessKeyCmd),
    /// Manage the host names that serve a pool (prefix and custom domains).
    #[command(subcommand)]
    Domain(domains::DomainCmd),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref(), std::env::vars()) {
        Ok(s) => s,
        Err(e) => return output::fail(cli.json, &e),
    };
    crate::telemetry::init(if matches!(cli.command, Command::Serve) { &settings.log } else { "warn" });
    let result = match cli.command {
        Command::Serve => serve(settings),
        Command::Migrate => migrate(&settings, cli.json),
        command => open(&settings).and_then(|ctx| {
            let json = cli.json;
            match command {
                Command::Pool(c) => pools::run(&ctx, c, json),
                Command::Client(c) => clients::run(&ctx, c, json),
                Command::ResourceServer(c) => clients::run_resource_server(&ctx, c, json),
                Command::User(c) => users::run(&ctx, c, json),
                Command::Idp(c) => idps::run(&ctx, c, json),
                Command::Group(c) => users::run_group(&ctx, c, json),
                Command::Key(c) => keys::run(&ctx, c, json),
                Command::Token(c) => keys::run_token(&ctx, c, json),
                Command::AccessKey(c) => access_keys::run(&ctx, c, json),
                Command::Domain(c) => domains::run(&ctx, c, json),
                Command::Serve | Command::Migrate => unreachable!("handled above"),
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::fail(cli.json, &e),
    }
}

/// Admin commands open the same storage the server uses, with the issuer the server
/// would have on its configured address.
fn open(settings: &Settings) -> Result<Context, Error> {
    let public_url = settings.public_url_for(settings.listen_addr()?);
    Context::open(settings, public_url)
}

fn serve(settings: Settings) -> Result<(), Error> {
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(workers) = settings.workers {
        runtime.worker_threads(workers.max(1));
    }
    let runtime = runtime.build().map_err(|e| Error::Internal(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let app = crate::startup::Application::build(settings).await?;
        eprintln!("cognate listening on {}", app.public_url());
        app.run_until_stopped().await.map_err(|e| Error::Internal(format!("server stopped: {e}")))
    })
}

fn migrate(settings: &Settings, json: bool) -> Result<(), Error> {
    let (backend, applied) = crate::domain::migrate(settings)?;
    output::print(json, &serde_json::json!({ "backend": backend, "applied": applied }), || {
        if applied.is_empty() {
            format!("{backend} database is up to date")
        } else {
            format!("applied {} migration(s) to the {backend} database:\n  {}", applied.len(), applied.join("\n  "))
        }
    });
    Ok(())
}
