//! `cognate domain …`: the host names that serve a pool's hosted pages and OAuth
//! endpoints (Cognito's prefix and custom domains; the API's CreateUserPoolDomain).

use clap::Subcommand;

use super::output::{self, table};
use crate::domain::ids::PoolId;
use crate::domain::{domains, time, Context};
use crate::error::Result;

#[derive(Subcommand)]
pub enum DomainCmd {
    /// Give a pool a domain: a prefix (`myapp`, served at myapp.{public host}) or a custom
    /// domain (`auth.example.com`, which needs --certificate-arn, kept as given).
    Create {
        #[arg(long)]
        pool: String,
        domain: String,
        #[arg(long, value_name = "ARN")]
        certificate_arn: Option<String>,
    },
    /// The pool's domains and the hosts they serve.
    List {
        #[arg(long)]
        pool: String,
    },
    Delete {
        #[arg(long)]
        pool: String,
        domain: String,
    },
}

pub fn run(ctx: &Context, cmd: DomainCmd, json: bool) -> Result<()> {
    match cmd {
        DomainCmd::Create { pool, domain, certificate_arn } => {
            let pool = PoolId::parse(&pool)?;
            let d = domains::create(ctx, &pool, &domain, certificate_arn.as_deref())?;
            let host = d.host(ctx);
            output::print(json, &serde_json::json!({ "domain": d.domain, "pool": pool.as_str(), "host": host }), || {
                format!("domain {} serves pool {pool} at {host}", d.domain)
            });
        }
        DomainCmd::List { pool } => {
            let pool = PoolId::parse(&pool)?;
            let all = domains::list(ctx, &pool)?;
            let rows: Vec<serde_json::Value> = all
                .iter()
                .map(|d| serde_json::json!({ "domain": d.domain, "host": d.host(ctx), "custom": d.custom(), "certificate_arn": d.certificate_arn, "created_at": d.created_at }))
                .collect();
            output::print(json, &rows, || {
                table(
                    &["DOMAIN", "HOST", "CERTIFICATE", "CREATED"],
                    all.iter()
                        .map(|d| vec![d.domain.clone(), d.host(ctx), d.certificate_arn.clone().unwrap_or_default(), time::rfc3339(d.created_at)])
                        .collect(),
                )
            });
        }
        DomainCmd::Delete { pool, domain } => {
            let pool = PoolId::parse(&pool)?;
            domains::delete(ctx, &pool, &domain)?;
            output::print(json, &serde_json::json!({ "deleted": domain }), || format!("deleted domain {domain}"));
        }
    }
    Ok(())
}
