//! `cognate client …` and `cognate resource-server …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, fields, split, table};
use crate::domain::clients::{self, Client, ClientSettings, OAuthFlow};
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::resource_servers::{self, Scope};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

#[derive(Subcommand)]
pub enum ClientCmd {
    /// Create an app client.
    Create {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        name: String,
        /// Give the client a secret (a confidential client).
        #[arg(long)]
        generate_secret: bool,
        #[command(flatten)]
        settings: ClientSettingsArgs,
    },
    List {
        #[arg(long)]
        pool: String,
    },
    /// Show a client, including its secret.
    Describe {
        #[arg(long)]
        pool: String,
        id: String,
    },
    /// Change a client (flags not given keep their value).
    Update {
        #[arg(long)]
        pool: String,
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        settings: ClientSettingsArgs,
    },
    Delete {
        #[arg(long)]
        pool: String,
        id: String,
    },
}

#[derive(Args)]
pub struct ClientSettingsArgs {
    /// Full settings as JSON (a file path, or - for stdin); other flags override it.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Allowed redirect_uri (repeatable; matched exactly).
    #[arg(long, value_name = "URL")]
    callback_url: Vec<String>,
    #[arg(long, value_name = "URL")]
    logout_url: Vec<String>,
    /// code, implicit or client_credentials (repeatable or comma-separated).
    #[arg(long, value_name = "FLOW")]
    flow: Vec<String>,
    /// openid, email, phone, profile, aws.cognito.signin.user.admin or identifier/scope.
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,
    /// ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH, …
    #[arg(long, value_name = "FLOW")]
    auth_flow: Vec<String>,
    /// e.g. 60m, 1h, 1d (5 minutes to 1 day).
    #[arg(long, value_name = "DURATION")]
    access_token_validity: Option<String>,
    #[arg(long, value_name = "DURATION")]
    id_token_validity: Option<String>,
    /// e.g. 30d (1 hour to 10 years).
    #[arg(long, value_name = "DURATION")]
    refresh_token_validity: Option<String>,
    #[arg(long, value_name = "ATTR")]
    read_attribute: Vec<String>,
    #[arg(long, value_name = "ATTR")]
    write_attribute: Vec<String>,
    /// Rotate refresh tokens on every use.
    #[arg(long)]
    refresh_token_rotation: Option<bool>,
    /// With rotation: seconds a just-replaced refresh token may be retried (0 to 60).
    #[arg(long, value_name = "SECONDS")]
    refresh_token_grace_seconds: Option<u32>,
    /// Minutes a sign-in may wait at a challenge (3 to 15).
    #[arg(long, value_name = "MINUTES")]
    auth_session_validity: Option<u32>,
    /// Answer sign-in failures for unknown users like wrong passwords.
    #[arg(long)]
    prevent_user_existence_errors: Option<bool>,
    /// Logo on the hosted pages (https URL or data:image URL).
    #[arg(long, value_name = "URL")]
    logo_url: Option<String>,
    /// A CSS file added after the default theme on the hosted pages.
    #[arg(long, value_name = "FILE")]
    css_file: Option<PathBuf>,
    /// The app's name as the hosted pages show it (empty to unset).
    #[arg(long, value_name = "NAME")]
    display_name: Option<String>,
    /// Where users may sign in: COGNITO (the pool's own users) and identity provider names.
    #[arg(long, value_name = "NAMES")]
    identity_providers: Vec<String>,
}

/// Minutes from `90`, `45m`, `2h` or `30d`.
fn minutes(flag: &str, text: &str) -> Result<u32> {
    let bad = || Error::InvalidParameter(format!("--{flag} {text:?}: use minutes, or a number with m, h or d (e.g. 60m, 1h, 30d)"));
    let (digits, factor) = match text.char_indices().last() {
        Some((i, 'm')) => (&text[..i], 1),
        Some((i, 'h')) => (&text[..i], 60),
        Some((i, 'd')) => (&text[..i], 1440),
        _ => (text, 1),
    };
    digits.parse::<u32>().ok().and_then(|n| n.checked_mul(factor)).ok_or_else(bad)
}

impl ClientSettingsArgs {
    fn apply(self, mut s: ClientSettings) -> Result<ClientSettings> {
        if let Some(path) = &self.settings {
            let text = if path.as_os_str() == "-" { std::io::read_to_string(std::io::stdin()) } else { std::fs::read_to_string(path) }
                .map_err(|e| Error::InvalidParameter(format!("cannot read settings {}: {e}", path.display())))?;
            s = serde_json::from_str(&text).map_err(|e| Error::InvalidParameter(format!("settings JSON: {e}")))?;
        }
        let replace = |target: &mut Vec<String>, given: &[String]| {
            if !given.is_empty() {
                *target = split(given);
            }
        };
        replace(&mut s.callback_urls, &self.callback_url);
        replace(&mut s.logout_urls, &self.logout_url);
        replace(&mut s.allowed_oauth_scopes, &self.scope);
        replace(&mut s.explicit_auth_flows, &self.auth_flow);
        replace(&mut s.read_attributes, &self.read_attribute);
        replace(&mut s.write_attributes, &self.write_attribute);
        replace(&mut s.supported_identity_providers, &self.identity_providers);
        if !self.flow.is_empty() {
            // Naming flows turns them on (the API's AllowedOAuthFlowsUserPoolClient).
            s.oauth_enabled = true;
            s.allowed_oauth_flows = split(&self.flow)
                .iter()
                .map(|f| match f.as_str() {
                    "code" => Ok(OAuthFlow::Code),
                    "implicit" => Ok(OAuthFlow::Implicit),
                    "client_credentials" => Ok(OAuthFlow::ClientCredentials),
                    other => Err(Error::InvalidParameter(format!("--flow {other:?}: use code, implicit or client_credentials"))),
                })
                .collect::<Result<_>>()?;
        }
        if let Some(v) = &self.access_token_validity {
            s.access_token_validity_minutes = minutes("access-token-validity", v)?;
        }
        if let Some(v) = &self.id_token_validity {
            s.id_token_validity_minutes = minutes("id-token-validity", v)?;
        }
        if let Some(v) = &self.refresh_token_validity {
            s.refresh_token_validity_minutes = minutes("refresh-token-validity", v)?;
        }
        if let Some(v) = self.refresh_token_rotation {
            s.refresh_token_rotation = v;
        }
        if let Some(v) = self.refresh_token_grace_seconds {
            s.refresh_token_grace_seconds = v;
        }
        if let Some(v) = self.auth_session_validity {
            s.auth_session_validity_minutes = v;
        }
        if let Some(v) = self.prevent_user_existence_errors {
            s.prevent_user_existence_errors = v;
        }
        if let Some(v) = self.logo_url {
            s.logo_url = Some(v).filter(|v| !v.is_empty());
        }
        if let Some(v) = self.display_name {
            s.display_name = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
        if let Some(path) = &self.css_file {
            let css = std::fs::read_to_string(path)
                .map_err(|e| Error::InvalidParameter(format!("cannot read --css-file {}: {e}", path.display())))?;
            s.css = Some(css).filter(|c| !c.trim().is_empty());
        }
        Ok(s)
    }
}

pub fn run(ctx: &Context, cmd: ClientCmd, json: bool) -> Result<()> {
    match cmd {
        ClientCmd::Create { pool, name, generate_secret, settings } => {
            let client = clients::create(ctx, &PoolId::parse(&pool)?, &name, generate_secret, settings.apply(ClientSettings::default())?)?;
            output::print(json, &client, || format!("created client {}\n{}", client.id, describe(&client)));
        }
        ClientCmd::List { pool } => {
            let all = clients::list(ctx, &PoolId::parse(&pool)?)?;
            output::print(json, &all, || {
                table(
                    &["ID", "NAME", "SECRET", "FLOWS", "CREATED"],
                    all.iter()
                        .map(|c| {
                            vec![
                                c.id.to_string(),
                                c.name.clone(),
                                if c.secret.is_some() { "yes" } else { "no" }.into(),
                                flows(c),
                                time::rfc3339(c.created_at),
                            ]
                        })
                        .collect(),
                )
            });
        }
        ClientCmd::Describe { pool, id } => {
            let client = clients::get(ctx, &PoolId::parse(&pool)?, &ClientId::parse(&id)?)?;
            output::print(json, &client, || describe(&client));
        }
        ClientCmd::Update { pool, id, name, settings } => {
            let (pool, id) = (PoolId::parse(&pool)?, ClientId::parse(&id)?);
            let current = clients::get(ctx, &pool, &id)?;
            let client = clients::update(ctx, &pool, &id, name.as_deref(), settings.apply(current.settings)?)?;
            output::print(json, &client, || format!("updated client {}\n{}", client.id, describe(&client)));
        }
        ClientCmd::Delete { pool, id } => {
            let id = ClientId::parse(&id)?;
            clients::delete(ctx, &PoolId::parse(&pool)?, &id)?;
            output::print(json, &serde_json::json!({ "deleted": id }), || format!("deleted client {id}"));
        }
    }
    Ok(())
}

fn flows(c: &Client) -> String {
    let names: Vec<String> = c
        .settings
        .allowed_oauth_flows
        .iter()
        .filter_map(|f| serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_string)))
        .collect();
    output::list(&names)
}

fn describe(c: &Client) -> String {
    let s = &c.settings;
    fields(&[
        ("id", c.id.to_string()),
        ("pool", c.pool_id.to_string()),
        ("name", c.name.clone()),
        ("secret", c.secret.as_ref().map(|s| s.expose().to_string()).unwrap_or_else(|| "-".into())),
        ("callback URLs", output::list(&s.callback_urls)),
        ("logout URLs", output::list(&s.logout_urls)),
        ("OAuth flows", flows(c)),
        ("scopes", output::list(&s.allowed_oauth_scopes)),
        ("auth flows", output::list(&s.explicit_auth_flows)),
        ("access token", format!("{} min", s.access_token_validity_minutes)),
        ("id token", format!("{} min", s.id_token_validity_minutes)),
        ("refresh token", format!("{} min", s.refresh_token_validity_minutes)),
        ("read attributes", if s.read_attributes.is_empty() { "all".into() } else { s.read_attributes.join(", ") }),
        ("write attributes", if s.write_attributes.is_empty() { "all mutable".into() } else { s.write_attributes.join(", ") }),
        ("created", time::rfc3339(c.created_at)),
    ])
}

#[derive(Subcommand)]
pub enum ResourceServerCmd {
    /// Create a resource server with custom scopes.
    Create {
        #[arg(long)]
        pool: String,
        /// e.g. https://api.example.com or orders
        #[arg(long)]
        identifier: String,
        #[arg(long)]
        name: String,
        /// name or name:description (repeatable).
        #[arg(long, value_name = "SCOPE")]
        scope: Vec<String>,
    },
    List {
        #[arg(long)]
        pool: String,
    },
    Describe {
        #[arg(long)]
        pool: String,
        identifier: String,
    },
}

pub fn run_resource_server(ctx: &Context, cmd: ResourceServerCmd, json: bool) -> Result<()> {
    match cmd {
        ResourceServerCmd::Create { pool, identifier, name, scope } => {
            let scopes = scope
                .iter()
                .map(|s| match s.split_once(':') {
                    Some((n, d)) => Scope { name: n.to_string(), description: d.to_string() },
                    None => Scope { name: s.clone(), description: String::new() },
                })
                .collect();
            let rs = resource_servers::create(ctx, &PoolId::parse(&pool)?, &identifier, &name, scopes)?;
            output::print(json, &rs, || format!("created resource server {}\n{}", rs.identifier, describe_rs(&rs)));
        }
        ResourceServerCmd::List { pool } => {
            let all = resource_servers::list(ctx, &PoolId::parse(&pool)?)?;
            output::print(json, &all, || {
                table(
                    &["IDENTIFIER", "NAME", "SCOPES"],
                    all.iter()
                        .map(|r| vec![r.identifier.clone(), r.name.clone(), r.scopes.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(" ")])
                        .collect(),
                )
            });
        }
        ResourceServerCmd::Describe { pool, identifier } => {
            let rs = resource_servers::get(ctx, &PoolId::parse(&pool)?, &identifier)?;
            output::print(json, &rs, || describe_rs(&rs));
        }
    }
    Ok(())
}

fn describe_rs(rs: &resource_servers::ResourceServer) -> String {
    let scopes: Vec<String> = rs.scopes.iter().map(|s| format!("{}/{}", rs.identifier, s.name)).collect();
    fields(&[("identifier", rs.identifier.clone()), ("name", rs.name.clone()), ("scopes", output::list(&scopes))])
}
