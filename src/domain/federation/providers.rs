//! A pool's upstream identity providers, as Cognito's CreateIdentityProvider manages
//! them: a type, provider details (Cognito's key names), an attribute mapping (pool
//! attribute ← provider claim) and IdP identifiers (e.g. email domains). Presets fill
//! the endpoints of Google, Facebook, Apple and Amazon; every one can be overridden.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::db::models::IdentityProviderRow;
use crate::db::{queries, DbConnection};
use crate::domain::ids::PoolId;
use crate::domain::{attributes, pools, time, Context};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProviderType {
    Google,
    Facebook,
    SignInWithApple,
    LoginWithAmazon,
    #[serde(rename = "OIDC")]
    Oidc,
    #[serde(rename = "SAML")]
    Saml,
}

/// How the upstream sign-in works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// OpenID Connect: an ID token verified against the provider's keys.
    Oidc,
    /// OAuth 2.0 only: the access token reads a profile endpoint.
    OAuth2,
    Saml,
}

impl ProviderType {
    pub const ALL: [ProviderType; 6] = [
        ProviderType::Google,
        ProviderType::Facebook,
        ProviderType::SignInWithApple,
        ProviderType::LoginWithAmazon,
        ProviderType::Oidc,
        ProviderType::Saml,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderType::Google => "Google",
            ProviderType::Facebook => "Facebook",
            ProviderType::SignInWithApple => "SignInWithApple",
            ProviderType::LoginWithAmazon => "LoginWithAmazon",
            ProviderType::Oidc => "OIDC",
            ProviderType::Saml => "SAML",
        }
    }

    pub fn parse(s: &str) -> Result<ProviderType> {
        ProviderType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            Error::InvalidParameter(format!("{s:?} is not a provider type: Google, Facebook, SignInWithApple, LoginWithAmazon, OIDC or SAML"))
        })
    }

    pub fn protocol(self) -> Protocol {
        match self {
            ProviderType::Google | ProviderType::SignInWithApple | ProviderType::Oidc => Protocol::Oidc,
            ProviderType::Facebook | ProviderType::LoginWithAmazon => Protocol::OAuth2,
            ProviderType::Saml => Protocol::Saml,
        }
    }

    /// Endpoints and scopes filled in when not given (the providers' public values).
    fn preset(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ProviderType::Google => &[("oidc_issuer", "https://accounts.google.com"), ("authorize_scopes", "openid email profile")],
            ProviderType::SignInWithApple => &[
                ("oidc_issuer", "https://appleid.apple.com"),
                ("authorize_url", "https://appleid.apple.com/auth/authorize"),
                ("token_url", "https://appleid.apple.com/auth/token"),
                ("jwks_uri", "https://appleid.apple.com/auth/keys"),
                ("authorize_scopes", "email name"),
            ],
            ProviderType::Facebook => &[
                ("authorize_url", "https://www.facebook.com/v19.0/dialog/oauth"),
                ("token_url", "https://graph.facebook.com/v19.0/oauth/access_token"),
                ("attributes_url", "https://graph.facebook.com/v19.0/me"),
                ("authorize_scopes", "public_profile,email"),
            ],
            ProviderType::LoginWithAmazon => &[
                ("authorize_url", "https://www.amazon.com/ap/oa"),
                ("token_url", "https://api.amazon.com/auth/o2/token"),
                ("attributes_url", "https://api.amazon.com/user/profile"),
                ("authorize_scopes", "profile"),
            ],
            ProviderType::Oidc => &[("authorize_scopes", "openid"), ("attributes_request_method", "GET")],
            ProviderType::Saml => &[],
        }
    }

    /// The details a provider of this type needs.
    fn required(self) -> &'static [&'static str] {
        match self {
            ProviderType::Google | ProviderType::Facebook | ProviderType::LoginWithAmazon => &["client_id", "client_secret"],
            ProviderType::SignInWithApple => &["client_id", "team_id", "key_id", "private_key"],
            ProviderType::Oidc => &["client_id", "oidc_issuer"],
            ProviderType::Saml => &["MetadataFile"],
        }
    }

    fn allowed(self) -> &'static [&'static str] {
        match self {
            // IDPSignout (SAML single logout) is not supported yet, so it is not accepted.
            ProviderType::Saml => &["MetadataFile", "MetadataURL", "IDPInit", "RequestSigningAlgorithm", "EncryptedResponses"],
            ProviderType::SignInWithApple => {
                &["client_id", "team_id", "key_id", "private_key", "authorize_scopes", "oidc_issuer", "authorize_url", "token_url", "jwks_uri"]
            }
            ProviderType::Facebook => &[
                "client_id",
                "client_secret",
                "authorize_scopes",
                "api_version",
                "authorize_url",
                "token_url",
                "attributes_url",
                "attributes_request_method",
            ],
            _ => &[
                "client_id",
                "client_secret",
                "authorize_scopes",
                "oidc_issuer",
                "authorize_url",
                "token_url",
                "attributes_url",
                "jwks_uri",
                "attributes_request_method",
            ],
        }
    }

    /// The attribute mapping a new provider gets when none is given.
    fn default_mapping(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ProviderType::Google | ProviderType::Oidc | ProviderType::SignInWithApple => &[
                ("email", "email"),
                ("email_verified", "email_verified"),
                ("name", "name"),
                ("given_name", "given_name"),
                ("family_name", "family_name"),
            ],
            ProviderType::Facebook | ProviderType::LoginWithAmazon => &[("email", "email"), ("name", "name")],
            ProviderType::Saml => &[],
        }
    }
}

/// Details that are secrets: sealed at rest (with all details) and never printed.
const SECRET_DETAILS: [&str; 2] = ["client_secret", "private_key"];

#[derive(Clone, Serialize)]
pub struct Provider {
    pub pool_id: PoolId,
    pub name: String,
    pub provider_type: ProviderType,
    /// Secrets included; use [`Provider::public_details`] to show them.
    #[serde(skip)]
    pub details: BTreeMap<String, String>,
    pub attribute_mapping: BTreeMap<String, String>,
    pub idp_identifiers: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Client secrets and private keys are masked, as [`Provider::public_details`] shows them.
impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("pool_id", &self.pool_id)
            .field("name", &self.name)
            .field("provider_type", &self.provider_type)
            .field("details", &self.public_details())
            .field("attribute_mapping", &self.attribute_mapping)
            .field("idp_identifiers", &self.idp_identifiers)
            .finish_non_exhaustive()
    }
}

impl Provider {
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    pub fn require(&self, key: &str) -> Result<&str> {
        self.detail(key).ok_or_else(|| Error::InvalidParameter(format!("identity provider {} has no {key}", self.name)))
    }

    /// The details with secrets masked, for display.
    pub fn public_details(&self) -> BTreeMap<String, String> {
        self.details
            .iter()
            .map(|(k, v)| {
                let shown = if SECRET_DETAILS.contains(&k.as_str()) {
                    "********".to_string()
                } else if k == "MetadataFile" {
                    format!("({} bytes)", v.len())
                } else {
                    v.clone()
                };
                (k.clone(), shown)
            })
            .collect()
    }

    pub fn scopes(&self) -> Vec<String> {
        self.detail("authorize_scopes").unwrap_or_default().split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    /// How the SAML module talks to this provider (a SAML provider's details).
    pub fn saml_settings(&self) -> Result<super::saml::IdpSettings<'_>> {
        Ok(super::saml::IdpSettings {
            metadata_xml: self.require("MetadataFile")?,
            sign_requests: self.detail("RequestSigningAlgorithm").is_some(),
            allow_idp_initiated: self.detail("IDPInit") == Some("true"),
        })
    }

    /// The origin (`https://idp.example`) the browser is sent to for a sign-in, for the
    /// pages' form-action policy: the authorization endpoint (or the issuer, whose
    /// discovery names it, nearly always on the same origin), or SAML's SSO URL.
    pub fn sign_in_origin(&self) -> Option<String> {
        let url = match self.provider_type.protocol() {
            Protocol::Saml => super::saml::check_idp_metadata(self.detail("MetadataFile")?).ok()?.sso_url,
            _ => self.detail("authorize_url").or_else(|| self.detail("oidc_issuer"))?.to_string(),
        };
        let origin = url::Url::parse(&url).ok()?.origin();
        origin.is_tuple().then(|| origin.ascii_serialization())
    }

    /// Whether `identifier` (an IdP identifier, or an email address whose domain is
    /// one) routes to this provider.
    pub fn matches_identifier(&self, identifier: &str) -> bool {
        let wanted = identifier.rsplit('@').next().unwrap_or(identifier).trim().to_lowercase();
        !wanted.is_empty() && self.idp_identifiers.iter().any(|i| i.to_lowercase() == wanted)
    }

    fn from_row(ctx: &Context, row: IdentityProviderRow) -> Result<Provider> {
        let details = serde_json::from_slice(&ctx.secrets.decrypt(&row.details_enc)?)
            .map_err(|e| Error::Internal(format!("identity provider {} has unreadable details: {e}", row.name)))?;
        Ok(Provider {
            pool_id: PoolId::parse(&row.pool_id)?,
            provider_type: ProviderType::parse(&row.provider_type)?,
            details,
            attribute_mapping: from_json(&row.name, &row.attribute_mapping)?,
            idp_identifiers: from_json(&row.name, &row.idp_identifiers)?,
            name: row.name,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    fn to_row(&self, ctx: &Context) -> Result<IdentityProviderRow> {
        Ok(IdentityProviderRow {
            pool_id: self.pool_id.to_string(),
            name: self.name.clone(),
            provider_type: self.provider_type.as_str().into(),
            details_enc: ctx.secrets.encrypt(to_json(&self.details)?.as_bytes()),
            attribute_mapping: to_json(&self.attribute_mapping)?,
            idp_identifiers: to_json(&self.idp_identifiers)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn from_json<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Internal(format!("identity provider {name}: {e}")))
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))
}

/// What an administrator gives to create or change a provider.
#[derive(Clone, Default)]
pub struct ProviderInput {
    pub details: BTreeMap<String, String>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub idp_identifiers: Option<Vec<String>>,
}

impl std::fmt::Debug for ProviderInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&String> = self.details.keys().collect();
        f.debug_struct("ProviderInput")
            .field("details", &format_args!("{keys:?} (values redacted)"))
            .field("attribute_mapping", &self.attribute_mapping)
            .field("idp_identifiers", &self.idp_identifiers)
            .finish()
    }
}

fn check_name(name: &str) -> Result<()> {
    let ok = (1..=32).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && !name.eq_ignore_ascii_case("COGNITO");
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidParameter(format!(
            "provider name {name:?} must be 1 to 32 letters, digits, '.', '_' or '-', and not COGNITO"
        )))
    }
}

fn check_url(key: &str, value: &str) -> Result<()> {
    match url::Url::parse(value) {
        Ok(u) if u.scheme() == "https" || (u.scheme() == "http" && matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))) => Ok(()),
        _ => Err(Error::InvalidParameter(format!("{key}: {value:?} must be an https URL (http only for localhost)"))),
    }
}

/// Validates details, mapping and identifiers against the type and the pool's schema.
fn normalize(pool: &pools::Pool, provider: &mut Provider) -> Result<()> {
    let t = provider.provider_type;
    if let Some(version) = provider.detail("api_version").filter(|_| t == ProviderType::Facebook).map(str::to_string) {
        let ok = version.strip_prefix('v').and_then(|v| v.split_once('.')).is_some_and(|(a, b)| {
            !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        });
        if !ok {
            return Err(Error::InvalidParameter(format!("api_version {version:?} must look like v17.0")));
        }
        // The Graph API version of the preset endpoints (explicit URLs win).
        for (key, url) in [
            ("authorize_url", format!("https://www.facebook.com/{version}/dialog/oauth")),
            ("token_url", format!("https://graph.facebook.com/{version}/oauth/access_token")),
            ("attributes_url", format!("https://graph.facebook.com/{version}/me")),
        ] {
            provider.details.entry(key.to_string()).or_insert(url);
        }
    }
    for (k, v) in t.preset() {
        provider.details.entry(k.to_string()).or_insert_with(|| v.to_string());
    }
    for key in provider.details.keys() {
        if !t.allowed().contains(&key.as_str()) {
            return Err(Error::InvalidParameter(format!("{} providers have no detail {key:?}; known: {}", t.as_str(), t.allowed().join(", "))));
        }
    }
    for key in t.required() {
        if provider.detail(key).is_none() {
            return Err(Error::InvalidParameter(format!("{} providers need the detail {key}", t.as_str())));
        }
    }
    for key in ["oidc_issuer", "authorize_url", "token_url", "attributes_url", "jwks_uri", "MetadataURL"] {
        if let Some(v) = provider.detail(key) {
            check_url(key, v)?;
        }
    }
    if let Some(m) = provider.detail("attributes_request_method") {
        if m != "GET" && m != "POST" {
            return Err(Error::InvalidParameter("attributes_request_method must be GET or POST".into()));
        }
    }
    if t == ProviderType::Saml {
        if provider.detail("EncryptedResponses") == Some("true") {
            return Err(Error::InvalidParameter("EncryptedResponses is not supported: turn assertion encryption off at the IdP".into()));
        }
        if let Some(alg) = provider.detail("RequestSigningAlgorithm") {
            if alg != "rsa-sha256" {
                return Err(Error::InvalidParameter("RequestSigningAlgorithm must be rsa-sha256".into()));
            }
        }
        super::saml::check_idp_metadata(provider.require("MetadataFile")?)?;
    }
    if t == ProviderType::SignInWithApple {
        super::apple::check_private_key(provider.require("private_key")?)?;
    }
    for attr in provider.attribute_mapping.keys() {
        if attr != "username" && !pool.settings.schema.iter().any(|d| &d.name == attr) {
            return Err(Error::InvalidParameter(format!("attribute mapping: {attr:?} is not an attribute of this user pool")));
        }
    }
    for id in &mut provider.idp_identifiers {
        *id = id.trim().to_lowercase();
        if id.is_empty() || id.len() > 40 || id.chars().any(|c| c.is_whitespace()) {
            return Err(Error::InvalidParameter(format!("IdP identifier {id:?} must be 1 to 40 characters without spaces")));
        }
    }
    // In the order given (as Cognito returns them), each once.
    let mut seen = std::collections::HashSet::new();
    provider.idp_identifiers.retain(|i| seen.insert(i.clone()));
    Ok(())
}

fn not_found(name: &str) -> Error {
    Error::NotFound(format!("Identity provider {name} does not exist."))
}

/// Identifiers must route to one provider only.
fn check_identifiers_free(conn: &mut DbConnection, ctx: &Context, provider: &Provider) -> Result<()> {
    for other in queries::federation::list_providers(conn, provider.pool_id.as_str())? {
        if other.name == provider.name {
            continue;
        }
        let other = Provider::from_row(ctx, other)?;
        if let Some(dup) = provider.idp_identifiers.iter().find(|i| other.idp_identifiers.contains(i)) {
            return Err(Error::InvalidParameter(format!("IdP identifier {dup:?} already routes to provider {}", other.name)));
        }
    }
    Ok(())
}

pub fn create(ctx: &Context, pool_id: &PoolId, name: &str, provider_type: ProviderType, input: ProviderInput) -> Result<Provider> {
    check_name(name)?;
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let now = time::now();
    let mut provider = Provider {
        pool_id: pool_id.clone(),
        name: name.to_string(),
        provider_type,
        details: input.details,
        attribute_mapping: input.attribute_mapping.unwrap_or_else(|| {
            provider_type.default_mapping().iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
        }),
        idp_identifiers: input.idp_identifiers.unwrap_or_default(),
        created_at: now,
        updated_at: now,
    };
    normalize(&pool, &mut provider)?;
    if queries::federation::find_provider(&mut conn, pool_id.as_str(), name)?.is_some() {
        return Err(Error::DuplicateProvider(format!("A provider with the name {name} already exists in this user pool.")));
    }
    check_identifiers_free(&mut conn, ctx, &provider)?;
    queries::federation::insert_provider(&mut conn, &provider.to_row(ctx)?)?;
    Ok(provider)
}

/// UpdateIdentityProvider: given details are merged in (an empty value removes one);
/// a given mapping or identifier list replaces the old one.
pub fn update(ctx: &Context, pool_id: &PoolId, name: &str, input: ProviderInput) -> Result<Provider> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let mut provider = get_on(&mut conn, ctx, pool_id, name)?;
    for (k, v) in input.details {
        if v.is_empty() {
            provider.details.remove(&k);
        } else {
            provider.details.insert(k, v);
        }
    }
    if let Some(m) = input.attribute_mapping {
        provider.attribute_mapping = m;
    }
    if let Some(ids) = input.idp_identifiers {
        provider.idp_identifiers = ids;
    }
    provider.updated_at = time::now();
    normalize(&pool, &mut provider)?;
    check_identifiers_free(&mut conn, ctx, &provider)?;
    queries::federation::update_provider(&mut conn, &provider.to_row(ctx)?)?;
    Ok(provider)
}

fn get_on(conn: &mut DbConnection, ctx: &Context, pool_id: &PoolId, name: &str) -> Result<Provider> {
    let row = queries::federation::find_provider(conn, pool_id.as_str(), name)?.ok_or_else(|| not_found(name))?;
    Provider::from_row(ctx, row)
}

pub fn get(ctx: &Context, pool_id: &PoolId, name: &str) -> Result<Provider> {
    get_on(&mut *ctx.conn()?, ctx, pool_id, name)
}

pub fn list(ctx: &Context, pool_id: &PoolId) -> Result<Vec<Provider>> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool_id)?;
    queries::federation::list_providers(&mut conn, pool_id.as_str())?.into_iter().map(|r| Provider::from_row(ctx, r)).collect()
}

/// DeleteIdentityProvider: its links go with it (users it created stay, unable to sign in),
/// and app clients no longer list it.
pub fn delete(ctx: &Context, pool_id: &PoolId, name: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    diesel::Connection::transaction(&mut *conn, |c| {
        if queries::federation::delete_provider(c, pool_id.as_str(), name)? == 0 {
            return Err(not_found(name));
        }
        queries::federation::delete_identities_of_provider(c, pool_id.as_str(), name)?;
        // App clients stop naming it, so their settings stay valid.
        for mut row in queries::clients::list(c, pool_id.as_str())? {
            let mut settings: crate::domain::clients::ClientSettings = serde_json::from_str(&row.settings)
                .map_err(|e| Error::Internal(format!("client {} has unreadable settings: {e}", row.id)))?;
            if settings.supported_identity_providers.iter().any(|p| p == name) {
                settings.supported_identity_providers.retain(|p| p != name);
                row.settings = to_json(&settings)?;
                queries::clients::update(c, &row)?;
            }
        }
        Ok(())
    })
}

/// Maps upstream claims to pool attributes with the provider's mapping; values that
/// the pool's schema refuses are left out (and logged), so one odd claim does not
/// block a sign-in.
pub fn map_attributes(pool: &pools::Pool, provider: &Provider, claims: &BTreeMap<String, String>) -> attributes::Attributes {
    let mut out = attributes::Attributes::new();
    for (attr, claim) in &provider.attribute_mapping {
        if attr == "username" {
            continue;
        }
        let Some(value) = claims.get(claim) else { continue };
        let one: attributes::Attributes = [(attr.clone(), value.clone())].into_iter().collect();
        match attributes::validate(&pool.settings.schema, &one, false) {
            Ok(()) => {
                out.insert(attr.clone(), value.clone());
            }
            Err(e) => tracing::warn!(provider = %provider.name, attribute = %attr, error = %e, "upstream attribute left out"),
        }
    }
    out
}
