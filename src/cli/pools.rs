//! `cognate pool …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, fields, split, table};
use crate::domain::attributes::{AttributeDef, AttributeType};
use crate::domain::ids::PoolId;
use crate::domain::mfa::Factor;
use crate::domain::pools::{self, DeviceRemembering, MfaConfiguration, Pool, PoolSettings};
use crate::domain::triggers::{self, Trigger};
use crate::domain::{time, Context};
use crate::error::{Error, Result};

#[derive(Subcommand)]
pub enum PoolCmd {
    /// Create a pool (and its first signing key).
    Create {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        settings: PoolSettingsArgs,
    },
    /// List pools.
    List,
    /// Show a pool and its settings.
    Describe { id: String },
    /// Change a pool's name or settings (flags not given keep their value).
    Update {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        settings: PoolSettingsArgs,
    },
    /// Delete a pool with its clients, users, groups and keys.
    Delete { id: String },
}

#[derive(Args)]
pub struct PoolSettingsArgs {
    /// Full settings as JSON (a file path, or - for stdin); other flags override it.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    #[arg(long, value_name = "N")]
    password_min_length: Option<u32>,
    /// Character classes a password needs: upper,lower,numbers,symbols (or none).
    #[arg(long, value_name = "CLASSES")]
    password_require: Option<String>,
    #[arg(long, value_name = "DAYS")]
    temporary_password_days: Option<u32>,
    /// Sign in with these instead of a username: email, phone_number.
    #[arg(long, value_name = "ATTRS")]
    username_attributes: Vec<String>,
    /// Also accept these in place of the username: email, phone_number, preferred_username.
    #[arg(long, value_name = "ATTRS")]
    alias_attributes: Vec<String>,
    /// Match usernames case-sensitively (default: case-insensitive).
    #[arg(long)]
    case_sensitive: Option<bool>,
    #[arg(long, value_name = "ATTRS")]
    auto_verify: Vec<String>,
    #[arg(long, value_enum)]
    mfa: Option<Mfa>,
    /// The second factors users may use: SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_MFA.
    #[arg(long, value_name = "FACTORS")]
    mfa_factors: Vec<String>,
    /// Let browsers that passed MFA skip it: off, always, or user-opt-in.
    #[arg(long, value_enum)]
    device_remembering: Option<Remembering>,
    #[arg(long, value_name = "DAYS")]
    device_remember_days: Option<u32>,
    /// Refuse a user's last N passwords (0 to 24).
    #[arg(long, value_name = "N")]
    password_history: Option<u32>,
    /// A standard attribute every user must have (repeatable).
    #[arg(long, value_name = "ATTR")]
    required_attribute: Vec<String>,
    /// name:Type[:required,immutable,min=N,max=N]; Type is String, Number, DateTime or Boolean.
    #[arg(long, value_name = "SPEC")]
    custom_attribute: Vec<String>,
    /// First factors of choice-based sign-in (USER_AUTH): PASSWORD, EMAIL_OTP, SMS_OTP.
    #[arg(long, value_name = "FACTORS")]
    allowed_first_auth_factors: Vec<String>,
    /// Keep the old email/phone_number until a new one is verified (or `none`).
    #[arg(long, value_name = "ATTRS")]
    verify_before_update: Vec<String>,
    /// Only administrators create users: sign-up (page and API) is refused.
    #[arg(long)]
    admin_create_user_only: Option<bool>,
    /// Refuse to delete the pool until this is turned off.
    #[arg(long)]
    deletion_protection: Option<bool>,
    /// The hosted pages' and mails' language when nothing else chooses one (en, fr, de,
    /// es, pt-BR, it, ja, ar; `none` to unset).
    #[arg(long, value_name = "LANG")]
    default_language: Option<String>,
    /// A trigger hook, NAME=URL (repeatable): PreSignUp, PostConfirmation,
    /// PreAuthentication, PostAuthentication, CustomMessage, UserMigration,
    /// DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse,
    /// PreTokenGeneration, CustomEmailSender, CustomSMSSender, InboundFederation.
    /// `NAME=` removes one.
    #[arg(long, value_name = "NAME=URL")]
    trigger: Vec<String>,
    /// The PreTokenGeneration event version: V1_0 (ID token), V2_0 (also the access
    /// token and scopes), V3_0 (also client_credentials tokens).
    #[arg(long, value_name = "VERSION")]
    pre_token_generation_version: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
#[clap(rename_all = "UPPER")]
enum Mfa {
    Off,
    Optional,
    On,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Remembering {
    Off,
    Always,
    UserOptIn,
}

impl PoolSettingsArgs {
    fn apply(self, mut s: PoolSettings) -> Result<PoolSettings> {
        if let Some(path) = &self.settings {
            let text = if path.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
            } else {
                std::fs::read_to_string(path)
            }
            .map_err(|e| Error::InvalidParameter(format!("cannot read settings {}: {e}", path.display())))?;
            s = serde_json::from_str(&text).map_err(|e| Error::InvalidParameter(format!("settings JSON: {e}")))?;
        }
        let policy = &mut s.password_policy;
        if let Some(n) = self.password_min_length {
            policy.minimum_length = n;
        }
        if let Some(classes) = &self.password_require {
            let classes = split(std::slice::from_ref(classes));
            for c in &classes {
                if !matches!(c.as_str(), "upper" | "lower" | "numbers" | "symbols" | "none") {
                    return Err(Error::InvalidParameter(format!(
                        "--password-require: {c:?} is not one of upper, lower, numbers, symbols, none"
                    )));
                }
            }
            let has = |c: &str| classes.iter().any(|x| x == c);
            (policy.require_uppercase, policy.require_lowercase) = (has("upper"), has("lower"));
            (policy.require_numbers, policy.require_symbols) = (has("numbers"), has("symbols"));
        }
        if let Some(d) = self.temporary_password_days {
            policy.temporary_password_validity_days = d;
        }
        if !self.username_attributes.is_empty() {
            s.username_attributes = split(&self.username_attributes);
        }
        if !self.alias_attributes.is_empty() {
            s.alias_attributes = split(&self.alias_attributes);
        }
        if let Some(cs) = self.case_sensitive {
            s.case_sensitive = cs;
        }
        if !self.auto_verify.is_empty() {
            s.auto_verified_attributes = split(&self.auto_verify);
        }
        if let Some(m) = self.mfa {
            s.mfa_configuration = match m {
                Mfa::Off => MfaConfiguration::Off,
                Mfa::Optional => MfaConfiguration::Optional,
                Mfa::On => MfaConfiguration::On,
            };
        }
        if !self.mfa_factors.is_empty() {
            s.mfa_factors = split(&self.mfa_factors).iter().map(|f| Factor::parse(f)).collect::<Result<_>>()?;
        }
        if let Some(r) = self.device_remembering {
            s.device_remembering = match r {
                Remembering::Off => DeviceRemembering::Off,
                Remembering::Always => DeviceRemembering::Always,
                Remembering::UserOptIn => DeviceRemembering::UserOptIn,
            };
        }
        if let Some(d) = self.device_remember_days {
            s.device_remember_days = d;
        }
        for spec in &self.trigger {
            let (name, url) = spec
                .split_once('=')
                .ok_or_else(|| Error::InvalidParameter(format!("--trigger {spec:?}: write NAME=URL (or NAME= to remove it)")))?;
            let t = Trigger::parse(name).ok_or_else(|| {
                let names: Vec<&str> = Trigger::ALL.iter().map(|t| t.name()).collect();
                Error::InvalidParameter(format!("--trigger: {name:?} is not a trigger; use one of {}", names.join(", ")))
            })?;
            let version = if t == Trigger::PreTokenGeneration { self.pre_token_generation_version.as_deref() } else { None };
            s.lambda_config.set(t, Some(url.to_string()).filter(|u| !u.is_empty()), version);
        }
        if let Some(v) = &self.pre_token_generation_version {
            match s.lambda_config.pre_token_generation_config.as_mut() {
                Some(cfg) => cfg.lambda_version = v.clone(),
                None => return Err(Error::InvalidParameter("--pre-token-generation-version needs a PreTokenGeneration trigger".into())),
            }
        }
        if let Some(n) = self.password_history {
            s.password_policy.password_history_size = n;
        }
        for name in split(&self.required_attribute) {
            let def = s
                .schema
                .iter_mut()
                .find(|d| d.name == name)
                .ok_or_else(|| Error::InvalidParameter(format!("--required-attribute: {name} is not a standard attribute")))?;
            def.required = true;
        }
        if !self.allowed_first_auth_factors.is_empty() {
            s.allowed_first_auth_factors = split(&self.allowed_first_auth_factors);
        }
        if !self.verify_before_update.is_empty() {
            s.attributes_require_verification_before_update = split(&self.verify_before_update).into_iter().filter(|a| a != "none").collect();
        }
        if let Some(v) = self.admin_create_user_only {
            s.admin_create_user_only = v;
        }
        if let Some(v) = self.deletion_protection {
            s.deletion_protection = v;
        }
        if let Some(v) = self.default_language {
            s.default_language = Some(v).filter(|v| v != "none" && !v.is_empty());
        }
        for spec in &self.custom_attribute {
            let def = parse_custom(spec)?;
            s.schema.retain(|d| d.name != def.name);
            s.schema.push(def);
        }
        Ok(s)
    }
}

fn parse_custom(spec: &str) -> Result<AttributeDef> {
    let bad = |why: &str| Error::InvalidParameter(format!("--custom-attribute {spec:?}: {why}"));
    let mut parts = spec.splitn(3, ':');
    let name = parts.next().filter(|n| !n.is_empty()).ok_or_else(|| bad("missing name"))?;
    let data_type = AttributeType::parse(parts.next().unwrap_or("String")).ok_or_else(|| bad("type must be String, Number, DateTime or Boolean"))?;
    let mut def = AttributeDef::custom(name, data_type);
    for opt in parts.next().unwrap_or("").split(',').filter(|o| !o.is_empty()) {
        let number = |v: &str| v.parse::<i64>().map_err(|_| bad(&format!("{opt}: not a number")));
        match opt.split_once('=') {
            None if opt == "required" => def.required = true,
            None if opt == "immutable" => def.mutable = false,
            Some(("min", v)) if data_type == AttributeType::Number => def.min_value = Some(number(v)?),
            Some(("max", v)) if data_type == AttributeType::Number => def.max_value = Some(number(v)?),
            Some(("min", v)) => def.min_length = Some(number(v)?.try_into().map_err(|_| bad("min must be 0 or more"))?),
            Some(("max", v)) => def.max_length = Some(number(v)?.try_into().map_err(|_| bad("max must be 0 or more"))?),
            _ => return Err(bad(&format!("unknown option {opt:?} (use required, immutable, min=N, max=N)"))),
        }
    }
    Ok(def)
}

pub fn run(ctx: &Context, cmd: PoolCmd, json: bool) -> Result<()> {
    match cmd {
        PoolCmd::Create { name, settings } => {
            let pool = pools::create(ctx, &name, settings.apply(PoolSettings::default())?)?;
            output::print(json, &pool, || format!("created pool {}\n{}", pool.id, describe(ctx, &pool)));
        }
        PoolCmd::List => {
            let all = pools::list(ctx)?;
            output::print(json, &all, || {
                table(
                    &["ID", "NAME", "MFA", "CREATED"],
                    all.iter()
                        .map(|p| vec![p.id.to_string(), p.name.clone(), mfa(p), time::rfc3339(p.created_at)])
                        .collect(),
                )
            });
        }
        PoolCmd::Describe { id } => {
            let pool = pools::get(ctx, &PoolId::parse(&id)?)?;
            // The hook secret that signs trigger requests (for the receivers to check).
            let secret = triggers::hook_secret(ctx, &pool.id)?;
            let mut out = serde_json::to_value(&pool).map_err(|e| Error::Internal(e.to_string()))?;
            out["hook_secret"] = serde_json::json!(secret.expose());
            output::print(json, &out, || format!("{}\n{}", describe(ctx, &pool), fields(&[("hook secret", secret.expose().to_string())])));
        }
        PoolCmd::Update { id, name, settings } => {
            let id = PoolId::parse(&id)?;
            let current = pools::get(ctx, &id)?;
            let pool = pools::update(ctx, &id, name.as_deref(), settings.apply(current.settings)?)?;
            output::print(json, &pool, || format!("updated pool {}\n{}", pool.id, describe(ctx, &pool)));
        }
        PoolCmd::Delete { id } => {
            let id = PoolId::parse(&id)?;
            pools::delete(ctx, &id)?;
            output::print(json, &serde_json::json!({ "deleted": id }), || format!("deleted pool {id}"));
        }
    }
    Ok(())
}

fn mfa(p: &Pool) -> String {
    let name = |v: serde_json::Result<serde_json::Value>| v.ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let s = &p.settings;
    let factors: Vec<String> = s.mfa_factors.iter().map(|f| f.as_str().to_string()).collect();
    format!(
        "{} ({}); remember devices: {} ({} days)",
        name(serde_json::to_value(s.mfa_configuration)),
        output::list(&factors),
        name(serde_json::to_value(s.device_remembering)),
        s.device_remember_days
    )
}

fn triggers(p: &Pool) -> Vec<String> {
    let lc = &p.settings.lambda_config;
    Trigger::ALL
        .iter()
        .filter_map(|t| {
            let url = lc.url(*t)?;
            Some(match t {
                Trigger::PreTokenGeneration => format!("{}={url} (V{}_0)", t.name(), lc.pre_token_version()),
                _ => format!("{}={url}", t.name()),
            })
        })
        .collect()
}

fn describe(ctx: &Context, p: &Pool) -> String {
    let pp = &p.settings.password_policy;
    let mut classes = Vec::new();
    for (on, name) in [
        (pp.require_uppercase, "upper"),
        (pp.require_lowercase, "lower"),
        (pp.require_numbers, "numbers"),
        (pp.require_symbols, "symbols"),
    ] {
        if on {
            classes.push(name.to_string());
        }
    }
    let required: Vec<String> = p.settings.schema.iter().filter(|d| d.required).map(|d| d.name.clone()).collect();
    let custom: Vec<String> = p
        .settings
        .schema
        .iter()
        .filter(|d| d.name.starts_with("custom:"))
        .map(|d| format!("{} ({:?}{})", d.name, d.data_type, if d.mutable { "" } else { ", immutable" }))
        .collect();
    fields(&[
        ("id", p.id.to_string()),
        ("name", p.name.clone()),
        ("issuer", ctx.issuer(&p.id)),
        ("password policy", format!("min {} chars; needs {}; temporary passwords valid {} days; history {}", pp.minimum_length, output::list(&classes), pp.temporary_password_validity_days, pp.password_history_size)),
        ("username attributes", output::list(&p.settings.username_attributes)),
        ("alias attributes", output::list(&p.settings.alias_attributes)),
        ("case sensitive", p.settings.case_sensitive.to_string()),
        ("auto-verified", output::list(&p.settings.auto_verified_attributes)),
        ("mfa", mfa(p)),
        ("required attributes", output::list(&required)),
        ("custom attributes", output::list(&custom)),
        ("triggers", output::list(&triggers(p))),
        ("created", time::rfc3339(p.created_at)),
        ("updated", time::rfc3339(p.updated_at)),
    ])
}
