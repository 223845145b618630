//! `cognate idp …` (Cognito's CreateIdentityProvider and friends) and linking an
//! upstream identity to a user.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, fields, table};
use crate::domain::federation::providers::{self, Provider, ProviderInput, ProviderType};
use crate::domain::federation::{fetch_metadata, identities};
use crate::domain::ids::PoolId;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

#[derive(Subcommand)]
pub enum IdpCmd {
    /// Add an identity provider to a pool.
    Create {
        #[arg(long)]
        pool: String,
        /// The provider name users and clients refer to (e.g. Google, Okta).
        #[arg(long)]
        name: String,
        /// Google, Facebook, SignInWithApple, LoginWithAmazon, OIDC or SAML.
        #[arg(long = "type")]
        provider_type: String,
        #[command(flatten)]
        input: InputArgs,
    },
    List {
        #[arg(long)]
        pool: String,
    },
    /// Show a provider (secrets masked).
    Describe {
        #[arg(long)]
        pool: String,
        name: String,
    },
    /// Change details (merged; `--detail key=` removes one), the mapping or identifiers.
    Update {
        #[arg(long)]
        pool: String,
        name: String,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Remove a provider and its links (users it created stay, unable to sign in).
    Delete {
        #[arg(long)]
        pool: String,
        name: String,
    },
    /// Link an upstream identity to an existing user (AdminLinkProviderForUser).
    Link {
        #[arg(long)]
        pool: String,
        /// The user the identity signs in as from now on.
        #[arg(long)]
        user: String,
        #[arg(long)]
        provider: String,
        /// The identity's subject at the provider (`sub`, the SAML NameID, Facebook's id).
        #[arg(long)]
        subject: String,
    },
    /// Undo a link (AdminDisableProviderForUser).
    Unlink {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        subject: String,
    },
}

#[derive(Args)]
pub struct InputArgs {
    /// A provider detail key=value (repeatable), Cognito's names: client_id, client_secret,
    /// authorize_scopes, oidc_issuer, authorize_url, token_url, attributes_url, jwks_uri,
    /// attributes_request_method, team_id, key_id, IDPInit, RequestSigningAlgorithm…
    #[arg(long, value_name = "KEY=VALUE")]
    detail: Vec<String>,
    /// Read the client secret from this file (keeps it out of the process list).
    #[arg(long, value_name = "FILE")]
    client_secret_file: Option<PathBuf>,
    /// Apple's .p8 private key file.
    #[arg(long, value_name = "FILE")]
    private_key_file: Option<PathBuf>,
    /// SAML: the IdP metadata document.
    #[arg(long, value_name = "FILE")]
    metadata_file: Option<PathBuf>,
    /// SAML: fetch the IdP metadata from this URL now (run `idp update` to fetch it again).
    #[arg(long, value_name = "URL")]
    metadata_url: Option<String>,
    /// pool_attribute=provider_claim (repeatable); replaces the whole mapping.
    #[arg(long, value_name = "ATTR=CLAIM")]
    mapping: Vec<String>,
    /// An IdP identifier (repeatable, or comma-separated), e.g. an email domain.
    #[arg(long, value_name = "ID")]
    identifier: Vec<String>,
    /// Remove every IdP identifier.
    #[arg(long)]
    no_identifiers: bool,
}

fn read(path: &PathBuf, what: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::InvalidParameter(format!("cannot read the {what} {}: {e}", path.display())))
}

fn pairs(items: &[String], flag: &str) -> Result<BTreeMap<String, String>> {
    items
        .iter()
        .map(|item| {
            item.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::InvalidParameter(format!("--{flag} {item:?}: write it as key=value")))
        })
        .collect()
}

impl InputArgs {
    /// `json`: scripts read stderr as the error document, so no progress line there.
    fn into_input(self, json: bool) -> Result<ProviderInput> {
        let mut details = pairs(&self.detail, "detail")?;
        if let Some(p) = &self.client_secret_file {
            details.insert("client_secret".into(), read(p, "client secret file")?.trim().to_string());
        }
        if let Some(p) = &self.private_key_file {
            details.insert("private_key".into(), read(p, "private key file")?);
        }
        if let Some(p) = &self.metadata_file {
            details.insert("MetadataFile".into(), read(p, "metadata file")?);
        }
        if let Some(url) = &self.metadata_url {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Internal(format!("runtime: {e}")))?;
            if !json {
                eprintln!("fetching SAML metadata from {url} …");
            }
            details.insert("MetadataFile".into(), runtime.block_on(fetch_metadata(url))?);
            details.insert("MetadataURL".into(), url.clone());
        }
        let identifiers = super::output::split(&self.identifier);
        Ok(ProviderInput {
            details,
            attribute_mapping: (!self.mapping.is_empty()).then(|| pairs(&self.mapping, "mapping")).transpose()?,
            idp_identifiers: if self.no_identifiers { Some(Vec::new()) } else { (!identifiers.is_empty()).then_some(identifiers) },
        })
    }
}

fn json_of(p: &Provider) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    v["details"] = serde_json::to_value(p.public_details()).unwrap_or_default();
    v
}

fn describe(ctx: &Context, p: &Provider) -> String {
    let mapping: Vec<String> = p.attribute_mapping.iter().map(|(k, v)| format!("{k} ← {v}")).collect();
    let mut rows = vec![
        ("name", p.name.clone()),
        ("type", p.provider_type.as_str().to_string()),
        ("mapping", output::list(&mapping)),
        ("identifiers", output::list(&p.idp_identifiers)),
        ("created", time::rfc3339(p.created_at)),
        ("updated", time::rfc3339(p.updated_at)),
    ];
    let base = ctx.issuer(&p.pool_id);
    let register = if p.provider_type == ProviderType::Saml {
        format!("ACS {base}/saml2/idpresponse; entity ID urn:amazon:cognito:sp:{}; metadata {base}/saml2/metadata", p.pool_id)
    } else {
        format!("redirect URI {base}/oauth2/idpresponse")
    };
    rows.push(("register at the provider", register));
    let mut text = fields(&rows);
    for (k, v) in p.public_details() {
        text.push_str(&format!("\n  {k} = {v}"));
    }
    text
}

pub fn run(ctx: &Context, cmd: IdpCmd, json: bool) -> Result<()> {
    match cmd {
        IdpCmd::Create { pool, name, provider_type, input } => {
            let p = providers::create(ctx, &PoolId::parse(&pool)?, &name, ProviderType::parse(&provider_type)?, input.into_input(json)?)?;
            output::print(json, &json_of(&p), || format!("created identity provider {}\n{}", p.name, describe(ctx, &p)));
        }
        IdpCmd::List { pool } => {
            let all = providers::list(ctx, &PoolId::parse(&pool)?)?;
            let values: Vec<serde_json::Value> = all.iter().map(json_of).collect();
            output::print(json, &values, || {
                table(
                    &["NAME", "TYPE", "IDENTIFIERS"],
                    all.iter().map(|p| vec![p.name.clone(), p.provider_type.as_str().into(), output::list(&p.idp_identifiers)]).collect(),
                )
            });
        }
        IdpCmd::Describe { pool, name } => {
            let p = providers::get(ctx, &PoolId::parse(&pool)?, &name)?;
            output::print(json, &json_of(&p), || describe(ctx, &p));
        }
        IdpCmd::Update { pool, name, input } => {
            let p = providers::update(ctx, &PoolId::parse(&pool)?, &name, input.into_input(json)?)?;
            output::print(json, &json_of(&p), || format!("updated identity provider {}\n{}", p.name, describe(ctx, &p)));
        }
        IdpCmd::Delete { pool, name } => {
            providers::delete(ctx, &PoolId::parse(&pool)?, &name)?;
            output::print(json, &serde_json::json!({ "deleted": name }), || format!("deleted identity provider {name}"));
        }
        IdpCmd::Link { pool, user, provider, subject } => {
            let u = identities::link(ctx, &PoolId::parse(&pool)?, &user, &provider, &subject)?;
            output::print(json, &u, || format!("{provider} identity {subject} now signs in as {} (sub {})", u.username, u.sub));
        }
        IdpCmd::Unlink { pool, provider, subject } => {
            identities::unlink(ctx, &PoolId::parse(&pool)?, &provider, &subject)?;
            output::print(json, &serde_json::json!({ "unlinked": subject }), || format!("unlinked {provider} identity {subject}"));
        }
    }
    Ok(())
}
