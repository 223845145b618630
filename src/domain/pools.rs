//! User pools: creation (with the first signing key), settings, listing.

use diesel::Connection;
use serde::{Deserialize, Serialize};

use super::attributes::{self, AttributeDef};
use super::ids::PoolId;
use super::password_policy::PasswordPolicy;
use super::mfa::Factor;
use super::triggers::LambdaConfig;
use super::{keys, time, Context};
use crate::db::models::PoolRow;
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum MfaConfiguration {
    #[default]
    Off,
    Optional,
    On,
}

/// Everything configurable about a pool, stored as one JSON document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PoolSettings {
    pub password_policy: PasswordPolicy,
    /// Attributes that users sign in with instead of a username (`email`, `phone_number`).
    pub username_attributes: Vec<String>,
    /// Attributes that may be used in place of the username (`email`, `phone_number`,
    /// `preferred_username`). Exclusive with `username_attributes`.
    pub alias_attributes: Vec<String>,
    /// Cognito's default for new pools is case-insensitive sign-in.
    pub case_sensitive: bool,
    pub auto_verified_attributes: Vec<String>,
    pub mfa_configuration: MfaConfiguration,
    /// The second factors users of this pool may use (when MFA is not OFF).
    pub mfa_factors: Vec<Factor>,
    /// Whether a browser that passed MFA may skip it for `device_remember_days`.
    pub device_remembering: DeviceRemembering,
    pub device_remember_days: u32,
    /// The full schema: standard attributes, then `custom:` ones.
    pub schema: Vec<AttributeDef>,
    /// Overrides of the default email texts; `{username}` and `{####}` are replaced.
    pub messages: MessageTemplates,
    /// First factors of choice-based sign-in (USER_AUTH): PASSWORD, EMAIL_OTP, SMS_OTP.
    pub allowed_first_auth_factors: Vec<String>,
    /// Attributes (email, phone_number) whose new value must be verified by code before
    /// it replaces the old one (Cognito's AttributesRequireVerificationBeforeUpdate).
    pub attributes_require_verification_before_update: Vec<String>,
    /// Only administrators create users (Cognito's AllowAdminCreateUserOnly): SignUp is refused.
    pub admin_create_user_only: bool,
    /// The pool cannot be deleted while this is on (Cognito's DeletionProtection ACTIVE).
    pub deletion_protection: bool,
    /// The language of the hosted pages and mails when nothing else chooses one (a tag
    /// of a shipped language, such as `fr` or `pt-BR`).
    pub default_language: Option<String>,
    pub tags: std::collections::BTreeMap<String, String>,
    /// The trigger hooks (Cognito's LambdaConfig, URLs where it takes ARNs).
    pub lambda_config: LambdaConfig,
    /// Cognito settings kept as given and returned as they were (LambdaConfig,
    /// EmailConfiguration, AccountRecoverySetting, …), by their Cognito member name.
    pub cognito: std::collections::BTreeMap<String, serde_json::Value>,
}

pub use crate::mail::templates::MessageTemplates;

/// Cognito's device tracking, for the hosted login: never, after every MFA sign-in, or
/// when the user ticks "remember this device".
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRemembering {
    #[default]
    Off,
    Always,
    UserOptIn,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            password_policy: PasswordPolicy::default(),
            username_attributes: Vec::new(),
            alias_attributes: Vec::new(),
            case_sensitive: false,
            auto_verified_attributes: Vec::new(),
            mfa_configuration: MfaConfiguration::Off,
            mfa_factors: vec![Factor::Totp],
            device_remembering: DeviceRemembering::Off,
            device_remember_days: 30,
            schema: attributes::build_schema(&[]).unwrap_or_default(),
            messages: MessageTemplates::default(),
            allowed_first_auth_factors: vec!["PASSWORD".into()],
            attributes_require_verification_before_update: Vec::new(),
            admin_create_user_only: false,
            deletion_protection: false,
            default_language: None,
            tags: Default::default(),
            lambda_config: LambdaConfig::default(),
            cognito: Default::default(),
        }
    }
}

impl PoolSettings {
    /// Checks the settings and expands `schema` (which may list only the attributes the
    /// caller wants to mark required or add) into the full schema.
    pub fn normalize(mut self) -> Result<PoolSettings> {
        self.password_policy.validate()?;
        if let Some(tag) = &self.default_language {
            let shipped = crate::i18n::matching(tag).ok_or_else(|| {
                let all: Vec<&str> = crate::i18n::LANGUAGES.iter().map(|l| l.code).collect();
                Error::InvalidParameter(format!("default language {tag:?} is not one Cognate speaks ({})", all.join(", ")))
            })?;
            self.default_language = Some(shipped.code().to_string());
        }
        if let Some(given) = self.cognito.remove("LambdaConfig") {
            self.lambda_config = LambdaConfig::from_json(&given)?;
        }
        self.lambda_config = self.lambda_config.normalize()?;
        self.schema = attributes::build_schema(&self.schema)?;
        for a in &self.username_attributes {
            if a != "email" && a != "phone_number" {
                return Err(Error::InvalidParameter(format!("username_attributes: {a:?} must be email or phone_number")));
            }
        }
        for a in &self.alias_attributes {
            if !matches!(a.as_str(), "email" | "phone_number" | "preferred_username") {
                return Err(Error::InvalidParameter(format!(
                    "alias_attributes: {a:?} must be email, phone_number or preferred_username"
                )));
            }
        }
        if !self.username_attributes.is_empty() && !self.alias_attributes.is_empty() {
            return Err(Error::InvalidParameter(
                "username_attributes and alias_attributes cannot both be set".into(),
            ));
        }
        for a in &self.auto_verified_attributes {
            if a != "email" && a != "phone_number" {
                return Err(Error::InvalidParameter(format!("auto_verified_attributes: {a:?} must be email or phone_number")));
            }
        }
        for (tag, m) in std::iter::once(("", &self.messages)).chain(self.messages.by_language.iter().map(|(k, v)| (k.as_str(), v))) {
            if !tag.is_empty() && crate::i18n::catalog(tag).is_none() {
                return Err(Error::InvalidParameter(format!("messages.by_language: {tag:?} is not a language Cognate speaks")));
            }
        for (name, body) in [
            ("verification_message", &m.verification_message),
            ("forgot_password_message", &m.forgot_password_message),
            ("invitation_message", &m.invitation_message),
            ("invitation_sms", &m.invitation_sms),
            ("mfa_email_message", &m.mfa_email_message),
            ("sms_mfa_message", &m.sms_mfa_message),
        ] {
            if body.as_ref().is_some_and(|b| !b.contains("{####}")) {
                return Err(Error::InvalidParameter(format!("messages.{name} must contain the {{####}} placeholder for the code")));
            }
        }
        }
        if self.mfa_configuration != MfaConfiguration::Off && self.mfa_factors.is_empty() {
            return Err(Error::InvalidParameter("mfa_factors: name at least one factor when MFA is OPTIONAL or ON".into()));
        }
        if !(1..=3650).contains(&self.device_remember_days) {
            return Err(Error::InvalidParameter("device_remember_days must be between 1 and 3650".into()));
        }
        for f in &self.allowed_first_auth_factors {
            if !matches!(f.as_str(), "PASSWORD" | "EMAIL_OTP" | "SMS_OTP") {
                return Err(Error::InvalidParameter(format!("allowed_first_auth_factors: {f:?} must be PASSWORD, EMAIL_OTP or SMS_OTP")));
            }
        }
        if !self.allowed_first_auth_factors.iter().any(|f| f == "PASSWORD") {
            return Err(Error::InvalidParameter("allowed_first_auth_factors must include PASSWORD".into()));
        }
        for a in &self.attributes_require_verification_before_update {
            if a != "email" && a != "phone_number" {
                return Err(Error::InvalidParameter(format!(
                    "attributes_require_verification_before_update: {a:?} must be email or phone_number"
                )));
            }
            if !self.auto_verified_attributes.contains(a) {
                return Err(Error::InvalidParameter(format!(
                    "attributes_require_verification_before_update: {a} must also be an auto-verified attribute"
                )));
            }
        }
        self.mfa_factors.sort();
        self.mfa_factors.dedup();
        dedup(&mut self.username_attributes);
        dedup(&mut self.alias_attributes);
        dedup(&mut self.auto_verified_attributes);
        dedup(&mut self.allowed_first_auth_factors);
        dedup(&mut self.attributes_require_verification_before_update);
        Ok(self)
    }

    /// Whether users may sign in with this attribute (as username or alias).
    pub fn signs_in_with(&self, attribute: &str) -> bool {
        self.username_attributes.iter().chain(&self.alias_attributes).any(|a| a == attribute)
    }
}

fn dedup(v: &mut Vec<String>) {
    v.sort();
    v.dedup();
}

#[derive(Debug, Clone, Serialize)]
pub struct Pool {
    pub id: PoolId,
    pub name: String,
    pub settings: PoolSettings,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Pool {
    pub(crate) fn from_row(row: PoolRow) -> Result<Pool> {
        let mut settings: PoolSettings = serde_json::from_str(&row.settings)
            .map_err(|e| Error::Internal(format!("pool {} has unreadable settings: {e}", row.id)))?;
        // Pools made before triggers kept LambdaConfig among the Cognito members as given.
        if let Some(given) = settings.cognito.remove("LambdaConfig") {
            settings.lambda_config = LambdaConfig::from_json(&given).unwrap_or_default();
        }
        Ok(Pool {
            id: PoolId::parse(&row.id)?,
            name: row.name,
            settings,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn check_name(name: &str) -> Result<()> {
    let len = name.chars().count();
    if !(1..=128).contains(&len) || name.chars().any(|c| c.is_control()) {
        return Err(Error::InvalidParameter("pool name must be 1 to 128 printable characters".into()));
    }
    Ok(())
}

/// Creates a pool and its first signing key in one transaction.
pub fn create(ctx: &Context, name: &str, settings: PoolSettings) -> Result<Pool> {
    check_name(name)?;
    let settings = settings.normalize()?;
    let id = PoolId::generate(&ctx.region);
    let key = keys::new_key_row(ctx, &id)?;
    let now = time::now();
    let row = PoolRow {
        id: id.to_string(),
        name: name.to_string(),
        settings: serde_json::to_string(&settings).map_err(|e| Error::Internal(e.to_string()))?,
        created_at: now,
        updated_at: now,
    };
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        queries::pools::insert(c, &row)?;
        queries::keys::insert(c, &key)?;
        Ok::<_, Error>(())
    })?;
    Pool::from_row(row)
}

pub fn get(ctx: &Context, id: &PoolId) -> Result<Pool> {
    load(&mut *ctx.conn()?, id)
}

/// Loads a pool on an open connection, or [`Error::NotFound`].
pub fn load(conn: &mut DbConnection, id: &PoolId) -> Result<Pool> {
    let row = queries::pools::find(conn, id.as_str())?
        .ok_or_else(|| Error::NotFound(format!("User pool {id} does not exist.")))?;
    Pool::from_row(row)
}

pub fn list(ctx: &Context) -> Result<Vec<Pool>> {
    queries::pools::list(&mut *ctx.conn()?)?.into_iter().map(Pool::from_row).collect()
}

/// Replaces the name and settings. The schema may gain custom attributes but never lose
/// or retype one, as in Cognito.
pub fn update(ctx: &Context, id: &PoolId, name: Option<&str>, settings: PoolSettings) -> Result<Pool> {
    let settings = settings.normalize()?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let current = load(c, id)?;
        for old in current.settings.schema.iter().filter(|d| d.name.starts_with("custom:")) {
            if !settings.schema.iter().any(|d| d.name == old.name && d.data_type == old.data_type) {
                return Err(Error::InvalidParameter(format!(
                    "{}: custom attributes cannot be removed or change type",
                    old.name
                )));
            }
        }
        let name = name.unwrap_or(&current.name);
        check_name(name)?;
        let json = serde_json::to_string(&settings).map_err(|e| Error::Internal(e.to_string()))?;
        queries::pools::update_settings(c, id.as_str(), name, &json, time::now())?;
        load(c, id)
    })
}

/// Stores changed settings of `current` (inside the caller's transaction).
pub(crate) fn store_settings(conn: &mut DbConnection, current: &Pool, settings: &PoolSettings) -> Result<()> {
    let json = serde_json::to_string(settings).map_err(|e| Error::Internal(e.to_string()))?;
    queries::pools::update_settings(conn, current.id.as_str(), &current.name, &json, time::now())?;
    Ok(())
}

/// DescribeUserPool's EstimatedNumberOfUsers.
pub fn user_count(ctx: &Context, id: &PoolId) -> Result<i64> {
    Ok(queries::users::count(&mut *ctx.conn()?, id.as_str())?)
}

/// AddCustomAttributes: new custom attributes (never a change to existing ones).
pub fn add_custom_attributes(ctx: &Context, id: &PoolId, defs: Vec<AttributeDef>) -> Result<Pool> {
    let current = get(ctx, id)?;
    let mut settings = current.settings.clone();
    for def in defs {
        let name = attributes::custom_name(&def.name);
        if settings.schema.iter().any(|d| d.name == name) {
            return Err(Error::InvalidParameter(format!("{name}: an attribute with this name already exists")));
        }
        settings.schema.push(AttributeDef { name, ..def });
    }
    update(ctx, id, None, settings)
}

pub fn delete(ctx: &Context, id: &PoolId) -> Result<()> {
    if get(ctx, id)?.settings.deletion_protection {
        return Err(Error::InvalidParameter("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.".into()));
    }
    if !queries::domains::for_pool(&mut *ctx.conn()?, id.as_str())?.is_empty() {
        return Err(Error::InvalidParameter("User pool cannot be deleted. It has a domain configured that should be deleted first.".into()));
    }
    let n = queries::pools::delete(&mut *ctx.conn()?, id.as_str())?;
    if n == 0 {
        return Err(Error::NotFound(format!("User pool {id} does not exist.")));
    }
    ctx.keys.forget(id);
    super::triggers::forget(ctx, id)?;
    Ok(())
}
