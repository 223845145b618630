//! `cognate key …` and `cognate token …`

use clap::Subcommand;

use super::output::{self, split, table};
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::{keys, time, tokens, Context};
use crate::error::Result;

#[derive(Subcommand)]
pub enum KeyCmd {
    /// List the published keys and which one signs.
    List {
        #[arg(long)]
        pool: String,
    },
    /// Add a new signing key. It is published at once and signs after one key_cache_seconds
    /// period; the previous key stays published so tokens it signed still verify.
    Rotate {
        #[arg(long)]
        pool: String,
    },
}

pub fn run(ctx: &Context, cmd: KeyCmd, json: bool) -> Result<()> {
    match cmd {
        KeyCmd::List { pool } => {
            let all = keys::list(ctx, &PoolId::parse(&pool)?)?;
            output::print(json, &all, || {
                table(
                    &["KID", "STATE", "CREATED"],
                    all.iter().map(|k| vec![k.kid.clone(), k.state.into(), time::rfc3339(k.created_at)]).collect(),
                )
            });
        }
        KeyCmd::Rotate { pool } => {
            let key = keys::rotate(ctx, &PoolId::parse(&pool)?)?;
            output::print(json, &key, || format!("new key {} is published; it signs tokens once every node has reloaded keys", key.kid));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum TokenCmd {
    /// Issue an access token (and an ID token with the openid scope) for a user.
    Issue {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        client: String,
        #[arg(long)]
        username: String,
        /// Scopes to grant (default: all the client allows).
        #[arg(long, value_name = "SCOPE")]
        scope: Vec<String>,
    },
}

pub fn run_token(ctx: &Context, cmd: TokenCmd, json: bool) -> Result<()> {
    match cmd {
        TokenCmd::Issue { pool, client, username, scope } => {
            let scopes = if scope.is_empty() { None } else { Some(split(&scope)) };
            let set = tokens::admin_issue(ctx, &PoolId::parse(&pool)?, &ClientId::parse(&client)?, &username, scopes)?;
            output::print(json, &set, || {
                let mut text = format!("access_token: {}", set.access_token);
                if let Some(id) = &set.id_token {
                    text.push_str(&format!("\nid_token: {id}"));
                }
                text.push_str(&format!("\nexpires_in: {}", set.expires_in));
                text
            });
        }
    }
    Ok(())
}
