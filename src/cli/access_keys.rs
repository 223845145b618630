//! `cognate access-key …`: keys for the SigV4-signed administrative API.

use clap::Subcommand;

use super::output::{self, table};
use crate::domain::ids::PoolId;
use crate::domain::{access_keys, time, Context};
use crate::error::Result;

#[derive(Subcommand)]
pub enum AccessKeyCmd {
    /// Create a key; its secret is printed once (set it as AWS_SECRET_ACCESS_KEY).
    Create {
        #[arg(long, default_value = "")]
        description: String,
        /// Limit the key to this pool (repeatable; default: every pool).
        #[arg(long, value_name = "POOL")]
        pool: Vec<String>,
        /// Allow only Describe, List and Get actions.
        #[arg(long)]
        read_only: bool,
    },
    /// List keys (never their secrets).
    List,
    /// Delete a key: requests signed with it are refused from then on.
    Delete { access_key_id: String },
}

pub fn run(ctx: &Context, cmd: AccessKeyCmd, json: bool) -> Result<()> {
    match cmd {
        AccessKeyCmd::Create { description, pool, read_only } => {
            let pools = pool.iter().map(|p| PoolId::parse(p)).collect::<Result<Vec<_>>>()?;
            let created = access_keys::create(ctx, &description, &pools, read_only)?;
            let shown = serde_json::json!({ "AccessKeyId": created.key.access_key_id, "SecretAccessKey": created.secret.expose() });
            output::print(json, &shown, || {
                format!(
                    "AccessKeyId     {}\nSecretAccessKey {}\n\nThe secret is shown only now. For the AWS CLI and SDKs:\n  export AWS_ACCESS_KEY_ID={}\n  export AWS_SECRET_ACCESS_KEY={}",
                    created.key.access_key_id,
                    created.secret.expose(),
                    created.key.access_key_id,
                    created.secret.expose()
                )
            });
        }
        AccessKeyCmd::List => {
            let keys = access_keys::list(ctx)?;
            output::print(json, &keys, || {
                table(
                    &["ACCESS KEY ID", "DESCRIPTION", "POOLS", "READ-ONLY", "CREATED", "LAST USED"],
                    keys.iter()
                        .map(|k| {
                            vec![
                                k.access_key_id.clone(),
                                k.description.clone(),
                                if k.pools.is_empty() { "all".into() } else { k.pools.join(",") },
                                if k.read_only { "yes" } else { "no" }.into(),
                                time::rfc3339(k.created_at),
                                k.last_used_at.map(time::rfc3339).unwrap_or_else(|| "never".into()),
                            ]
                        })
                        .collect(),
                )
            });
        }
        AccessKeyCmd::Delete { access_key_id } => {
            access_keys::delete(ctx, &access_key_id)?;
            output::print(json, &serde_json::json!({ "deleted": access_key_id }), || format!("deleted access key {access_key_id}"));
        }
    }
    Ok(())
}
