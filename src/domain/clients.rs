//! App clients: OAuth settings, token validities, attribute permissions, and the
//! optional secret (sealed at rest, readable back as DescribeUserPoolClient does).

use diesel::Connection;
use serde::{Deserialize, Serialize};

use super::ids::{ClientId, PoolId};
use super::{pools, resource_servers, time, Context};
use crate::config::Secret;
use crate::crypto::random;
use crate::db::models::ClientRow;
use crate::db::queries;
use crate::error::{Error, Result};

/// The scopes every pool offers without a resource server.
pub const STANDARD_SCOPES: &[&str] = &["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

pub const EXPLICIT_AUTH_FLOWS: &[&str] = &[
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OAuthFlow {
    Code,
    Implicit,
    ClientCredentials,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ClientSettings {
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    pub allowed_oauth_flows: Vec<OAuthFlow>,
    pub allowed_oauth_scopes: Vec<String>,
    pub explicit_auth_flows: Vec<String>,
    pub access_token_validity_minutes: u32,
    pub id_token_validity_minutes: u32,
    pub refresh_token_validity_minutes: u32,
    /// Attributes the client may read; empty means all.
    pub read_attributes: Vec<String>,
    /// Attributes the client may write; empty means all mutable ones.
    pub write_attributes: Vec<String>,
    pub supported_identity_providers: Vec<String>,
    pub prevent_user_existence_errors: bool,
    pub enable_token_revocation: bool,
    pub refresh_token_rotation: bool,
    /// With rotation: how long a just-rotated token may be presented again (a client
    /// retrying after a lost answer), 0 to 60 seconds, as Cognito's RetryGracePeriodSeconds.
    pub refresh_token_grace_seconds: u32,
    /// How long a sign-in may wait at a challenge, 3 to 15 minutes (AuthSessionValidity).
    pub auth_session_validity_minutes: u32,
    /// Logo shown on the hosted pages: an https (or localhost http) URL or a data:image URL.
    pub logo_url: Option<String>,
    /// CSS added after the default theme on the hosted pages.
    pub css: Option<String>,
    /// The app's name as the hosted pages show it to users (the client's own name is
    /// internal and is shown only when neither this nor a logo is set).
    pub display_name: Option<String>,
    /// Cognito's AllowedOAuthFlowsUserPoolClient: the OAuth flows work only while it is
    /// on (the CLI's clients always have it; the API's follow what was sent).
    pub oauth_enabled: bool,
    /// Cognito members kept as given and returned as given (AnalyticsConfiguration,
    /// TokenValidityUnits, DefaultRedirectURI, …).
    pub cognito: std::collections::BTreeMap<String, serde_json::Value>,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            callback_urls: Vec::new(),
            logout_urls: Vec::new(),
            allowed_oauth_flows: Vec::new(),
            allowed_oauth_scopes: Vec::new(),
            explicit_auth_flows: vec!["ALLOW_REFRESH_TOKEN_AUTH".into(), "ALLOW_USER_SRP_AUTH".into()],
            access_token_validity_minutes: 60,
            id_token_validity_minutes: 60,
            refresh_token_validity_minutes: 30 * 24 * 60,
            read_attributes: Vec::new(),
            write_attributes: Vec::new(),
            supported_identity_providers: vec!["COGNITO".into()],
            prevent_user_existence_errors: true,
            enable_token_revocation: true,
            refresh_token_rotation: false,
            refresh_token_grace_seconds: 0,
            auth_session_validity_minutes: 3,
            logo_url: None,
            css: None,
            display_name: None,
            oauth_enabled: true,
            cognito: Default::default(),
        }
    }
}

/// The app's name on the hosted pages: the display name; else the client's name,
/// unless a logo stands for the app.
pub fn shown_name(client: &Client) -> String {
    match (&client.settings.display_name, &client.settings.logo_url) {
        (Some(name), _) => name.clone(),
        (None, Some(_)) => String::new(),
        (None, None) => client.name.clone(),
    }
}

/// Where "back to the app" leads: Cognito's DefaultRedirectURI, else the first
/// sign-out URL, else the first callback URL.
pub fn app_url(client: &Client) -> Option<String> {
    client
        .settings
        .cognito
        .get("DefaultRedirectURI")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .or_else(|| client.settings.logout_urls.first().cloned())
        .or_else(|| client.settings.callback_urls.first().cloned())
}

#[derive(Debug, Clone, Serialize)]
pub struct Client {
    pub id: ClientId,
    pub pool_id: PoolId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "expose_secret")]
    pub secret: Option<Secret>,
    pub settings: ClientSettings,
    pub created_at: i64,
    pub updated_at: i64,
}

fn expose_secret<S: serde::Serializer>(secret: &Option<Secret>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match secret {
        Some(v) => s.serialize_str(v.expose()),
        None => s.serialize_none(),
    }
}

/// A redirect target must be absolute; plain http only for the local machine (as in Cognito);
/// never with a fragment. Custom schemes (`myapp://cb`) are allowed for native apps.
fn check_url(kind: &str, raw: &str) -> Result<()> {
    let bad = |why: &str| Err(Error::InvalidParameter(format!("{kind} {raw:?}: {why}")));
    let Ok(url) = url::Url::parse(raw) else { return bad("not an absolute URL") };
    if url.fragment().is_some() {
        return bad("must not contain a fragment (#)");
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" => match url.host_str() {
            Some("localhost") | Some("127.0.0.1") | Some("[::1]") => Ok(()),
            _ => bad("http is allowed only for localhost; use https"),
        },
        "javascript" | "data" | "file" | "vbscript" => bad("this scheme is not allowed"),
        _ => Ok(()),
    }
}

impl ClientSettings {
    /// Whether the client may use an OAuth flow.
    pub fn allows_oauth(&self, flow: OAuthFlow) -> bool {
        self.oauth_enabled && self.allowed_oauth_flows.contains(&flow)
    }

    fn validate(&self, has_secret: bool, custom_scopes: &[String], providers: &[String], pool: &pools::Pool) -> Result<()> {
        for u in &self.callback_urls {
            check_url("callback URL", u)?;
        }
        for u in &self.logout_urls {
            check_url("logout URL", u)?;
        }
        let flows = &self.allowed_oauth_flows;
        if flows.contains(&OAuthFlow::ClientCredentials) {
            if flows.len() > 1 {
                return Err(Error::InvalidParameter(
                    "client_credentials cannot be combined with code or implicit in one client".into(),
                ));
            }
            if !has_secret {
                return Err(Error::InvalidParameter("client_credentials requires a client secret (--generate-secret)".into()));
            }
            if self.allowed_oauth_scopes.iter().any(|s| STANDARD_SCOPES.contains(&s.as_str())) {
                return Err(Error::InvalidParameter(
                    "client_credentials clients may only have resource-server scopes (identifier/scope)".into(),
                ));
            }
        }
        if (flows.contains(&OAuthFlow::Code) || flows.contains(&OAuthFlow::Implicit)) && self.callback_urls.is_empty() {
            return Err(Error::InvalidParameter("the code and implicit flows need at least one callback URL".into()));
        }
        if !flows.is_empty() && self.allowed_oauth_scopes.is_empty() {
            return Err(Error::InvalidParameter("a client with OAuth flows needs at least one allowed scope".into()));
        }
        for s in &self.allowed_oauth_scopes {
            if !STANDARD_SCOPES.contains(&s.as_str()) && !custom_scopes.contains(s) {
                return Err(Error::ScopeDoesNotExist(format!(
                    "scope {s:?} is neither a standard scope ({}) nor defined by a resource server of this pool",
                    STANDARD_SCOPES.join(", ")
                )));
            }
        }
        for f in &self.explicit_auth_flows {
            if !EXPLICIT_AUTH_FLOWS.contains(&f.as_str()) {
                return Err(Error::InvalidParameter(format!(
                    "explicit auth flow {f:?} is not one of {}",
                    EXPLICIT_AUTH_FLOWS.join(", ")
                )));
            }
        }
        let range = |name: &str, v: u32, min: u32, max: u32, unit: &str| {
            if (min..=max).contains(&v) {
                Ok(())
            } else {
                Err(Error::InvalidParameter(format!("{name} must be between {min} and {max} {unit}, got {v}")))
            }
        };
        range("access token validity", self.access_token_validity_minutes, 5, 1440, "minutes")?;
        range("id token validity", self.id_token_validity_minutes, 5, 1440, "minutes")?;
        range("refresh token validity", self.refresh_token_validity_minutes, 60, 3650 * 1440, "minutes")?;
        range("refresh token grace period", self.refresh_token_grace_seconds, 0, 60, "seconds")?;
        range("auth session validity", self.auth_session_validity_minutes, 3, 15, "minutes")?;
        if let Some(logo) = &self.logo_url {
            if !logo.starts_with("data:image/") {
                check_url("logo URL", logo)?;
            }
        }
        if self.css.as_ref().is_some_and(|c| c.len() > 100_000) {
            return Err(Error::InvalidParameter("client CSS must be at most 100 kB".into()));
        }
        for (kind, list) in [("read", &self.read_attributes), ("write", &self.write_attributes)] {
            if let Some(a) = list.iter().find(|a| !pool.settings.schema.iter().any(|d| &d.name == *a)) {
                return Err(Error::InvalidParameter(format!("Invalid {kind} attributes specified: {a} is not an attribute of the pool.")));
            }
        }
        for p in &self.supported_identity_providers {
            if p != "COGNITO" && !providers.contains(p) {
                return Err(Error::InvalidParameter(format!("The provider {p} does not exist for User Pool {}", pool.id)));
            }
        }
        Ok(())
    }
}

fn from_row(ctx: &Context, row: ClientRow) -> Result<Client> {
    Ok(Client {
        id: ClientId::parse(&row.id)?,
        pool_id: PoolId::parse(&row.pool_id)?,
        name: row.name,
        secret: row.secret_enc.as_deref().map(|s| ctx.secrets.decrypt_string(s)).transpose()?.map(Secret::new),
        settings: serde_json::from_str(&row.settings)
            .map_err(|e| Error::Internal(format!("client {} has unreadable settings: {e}", row.id)))?,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.chars().count() > 128 || name.chars().any(|c| c.is_control()) {
        return Err(Error::InvalidParameter("client name must be 1 to 128 printable characters".into()));
    }
    Ok(())
}

pub fn create(ctx: &Context, pool: &PoolId, name: &str, generate_secret: bool, mut settings: ClientSettings) -> Result<Client> {
    check_name(name)?;
    settings.allowed_oauth_flows.dedup();
    let secret = generate_secret.then(|| random::lower_alnum(51));
    let mut conn = ctx.conn()?;
    let row = conn.transaction(|c| {
        let p = pools::load(c, pool)?;
        settings.validate(secret.is_some(), &resource_servers::custom_scopes(c, pool)?, &provider_names(c, pool)?, &p)?;
        let now = time::now();
        let row = ClientRow {
            id: ClientId::generate().to_string(),
            pool_id: pool.to_string(),
            name: name.to_string(),
            secret_enc: secret.as_ref().map(|s| ctx.secrets.encrypt(s.as_bytes())),
            settings: serde_json::to_string(&settings).map_err(|e| Error::Internal(e.to_string()))?,
            created_at: now,
            updated_at: now,
        };
        queries::clients::insert(c, &row)?;
        Ok::<_, Error>(row)
    })?;
    from_row(ctx, row)
}

/// Replaces the client's name and settings; the secret is kept.
pub fn update(ctx: &Context, pool: &PoolId, id: &ClientId, name: Option<&str>, settings: ClientSettings) -> Result<Client> {
    let mut conn = ctx.conn()?;
    let row = conn.transaction(|c| {
        let p = pools::load(c, pool)?;
        let mut row = queries::clients::find(c, pool.as_str(), id.as_str())?.ok_or_else(|| not_found(pool, id))?;
        settings.validate(row.secret_enc.is_some(), &resource_servers::custom_scopes(c, pool)?, &provider_names(c, pool)?, &p)?;
        if let Some(n) = name {
            check_name(n)?;
            row.name = n.to_string();
        }
        row.settings = serde_json::to_string(&settings).map_err(|e| Error::Internal(e.to_string()))?;
        row.updated_at = time::now();
        queries::clients::update(c, &row)?;
        Ok::<_, Error>(row)
    })?;
    from_row(ctx, row)
}

/// The client with this ID in whichever pool has it (the Cognito API names no pool).
pub fn by_id(ctx: &Context, id: &str) -> Result<Client> {
    load(ctx, &mut *ctx.conn()?, id)
}

pub(crate) fn load(ctx: &Context, conn: &mut crate::db::DbConnection, id: &str) -> Result<Client> {
    let missing = || Error::NotFound(format!("User pool client {id} does not exist."));
    let id = ClientId::parse(id).map_err(|_| missing())?;
    let row = queries::clients::find_by_id(conn, id.as_str())?.ok_or_else(missing)?;
    from_row(ctx, row)
}

/// Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username ‖ client ID)),
/// required from clients that have a secret, compared in constant time.
pub fn check_secret_hash(client: &Client, username: &str, given: Option<&str>) -> Result<()> {
    use base64::Engine;
    use hmac::Mac;
    let Some(secret) = &client.secret else { return Ok(()) };
    let Some(given) = given.filter(|g| !g.is_empty()) else {
        return Err(Error::NotAuthorized(format!("Client {} is configured with secret but SECRET_HASH was not received", client.id)));
    };
    #[allow(clippy::expect_used)] // HMAC takes keys of any length: this cannot fail.
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.expose().as_bytes()).expect("HMAC accepts any key length");
    mac.update(username.as_bytes());
    mac.update(client.id.as_str().as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    if crate::crypto::constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        Ok(())
    } else {
        Err(Error::NotAuthorized(format!("Unable to verify secret hash for client {}", client.id)))
    }
}

/// [`check_secret_hash`] for a name that may be any of a user's names: Cognito's clients
/// answer challenges with USERNAME set to the internal username (USER_ID_FOR_SRP) but
/// hash the name the user typed (an email address, say), so each of the user's names
/// is tried.
pub fn check_secret_hash_for_user(ctx: &Context, client: &Client, username: &str, given: Option<&str>) -> Result<()> {
    let first = check_secret_hash(client, username, given);
    if first.is_ok() || given.is_none_or(str::is_empty) {
        return first;
    }
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, &client.pool_id)?;
    if let Some(row) = super::users::find(&mut conn, &pool, username)? {
        let attrs = super::users::stored_attributes(&row)?;
        let names = [Some(row.username.clone()), attrs.get("email").cloned(), attrs.get("phone_number").cloned(), attrs.get("preferred_username").cloned()];
        if names.iter().flatten().any(|n| check_secret_hash(client, n, given).is_ok()) {
            return Ok(());
        }
    }
    first
}

/// Whether the client allows an explicit auth flow (`ALLOW_USER_SRP_AUTH`, …).
pub fn allows(client: &Client, flow: &str) -> bool {
    client.settings.explicit_auth_flows.iter().any(|f| f == flow)
}

fn not_found(_pool: &PoolId, id: &ClientId) -> Error {
    Error::NotFound(format!("User pool client {id} does not exist."))
}

fn provider_names(conn: &mut crate::db::DbConnection, pool: &PoolId) -> Result<Vec<String>> {
    Ok(queries::federation::list_providers(conn, pool.as_str())?.into_iter().map(|p| p.name).collect())
}

pub fn get(ctx: &Context, pool: &PoolId, id: &ClientId) -> Result<Client> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    let row = queries::clients::find(&mut conn, pool.as_str(), id.as_str())?.ok_or_else(|| not_found(pool, id))?;
    from_row(ctx, row)
}

pub fn list(ctx: &Context, pool: &PoolId) -> Result<Vec<Client>> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    queries::clients::list(&mut conn, pool.as_str())?.into_iter().map(|r| from_row(ctx, r)).collect()
}

pub fn delete(ctx: &Context, pool: &PoolId, id: &ClientId) -> Result<()> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    if queries::clients::delete(&mut conn, pool.as_str(), id.as_str())? == 0 {
        return Err(not_found(pool, id));
    }
    Ok(())
}

/// Checks a presented client secret in constant time.
pub fn secret_matches(client: &Client, presented: &str) -> bool {
    client.secret.as_ref().is_some_and(|s| crate::crypto::constant_time_eq(s.expose().as_bytes(), presented.as_bytes()))
}
