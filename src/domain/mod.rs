//! The domain: pools, clients, users, groups, keys and tokens, as plain Rust.
//! Every front end (CLI, OAuth endpoints, hosted UI, JSON API) calls these
//! functions; they never see an HTTP type. All functions are blocking: HTTP
//! handlers call them through `web::block`.

pub mod access_keys;
pub mod attributes;
pub mod auth;
pub mod cache;
pub mod federation;
pub mod clients;
pub mod codes;
pub mod devices;
pub mod domains;
pub mod groups;
pub mod housekeeping;
pub mod ids;
pub mod keys;
pub mod mfa;
pub mod oauth;
pub mod passkeys;
pub mod outbox;
pub mod password_history;
pub mod password_policy;
pub mod pools;
pub mod resource_servers;
pub mod tags;
pub mod time;
pub mod triggers;
pub mod tokens;
pub mod user_attributes;
pub mod user_admin;
pub mod user_aliases;
pub mod user_search;
pub mod users;

use std::sync::Arc;

use crate::config::Settings;
use crate::crypto::password::PasswordHasher;
use crate::crypto::secrets::{self, SecretBox};
use crate::db::{queries, Conn, Db};
use crate::error::{Error, Result};

const MASTER_KEY_CHECK: &str = "master_key_check";
const MASTER_KEY_CHECK_TEXT: &[u8] = b"cognate master key check";

/// What every domain operation needs: storage, the master key, the password hasher,
/// and the cached signing keys. Cheap to clone. `Debug` leaves the keys out.
#[derive(Clone)]
pub struct Context {
    pub db: Db,
    pub secrets: SecretBox,
    pub passwords: PasswordHasher,
    pub keys: Arc<keys::KeyStore>,
    /// Which pool a Host header serves (the pools' domains), kept in memory.
    pub hosts: Arc<domains::HostMap>,
    pub region: String,
    /// The 12-digit account ID in pool ARNs.
    pub account_id: String,
    /// Base of every pool's issuer: `{public_url}/{pool_id}`.
    pub public_url: String,
    /// Keys the one-time codes and CSRF tokens are keyed with (derived from the master key).
    pub code_key: [u8; 32],
    pub csrf_key: [u8; 32],
    pub session_seconds: i64,
    pub auth_code_seconds: i64,
    /// The trigger hooks' client settings and the pools' hook secrets.
    pub hooks: Arc<triggers::Hooks>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("db", &self.db)
            .field("region", &self.region)
            .field("public_url", &self.public_url)
            .field("code_key", &crate::crypto::REDACTED)
            .field("csrf_key", &crate::crypto::REDACTED)
            .field("session_seconds", &self.session_seconds)
            .field("auth_code_seconds", &self.auth_code_seconds)
            .finish_non_exhaustive()
    }
}

impl Context {
    /// Opens the database, applies migrations, loads the master key and checks that it
    /// is the key this database was written with.
    pub fn open(settings: &Settings, public_url: String) -> Result<Context> {
        let url = settings.database_url();
        if crate::db::Backend::of(&url) == crate::db::Backend::Sqlite {
            if let Some(dir) = std::path::Path::new(&url).parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Error::Config(format!("cannot create the data directory {}: {e}", dir.display())))?;
            }
        }
        let db = Db::open(&url, settings.database_max_connections)
            .map_err(|e| Error::Config(format!("{e} (database_url = {})", redact_url(&url))))?;
        db.migrate().map_err(|e| Error::Config(e.to_string()))?;
        let key = match &settings.master_key {
            Some(text) => secrets::parse_master_key(text.expose())?,
            None => secrets::load_or_create_key_file(&settings.master_key_path())?,
        };
        let secrets = SecretBox::new(&key);
        check_master_key(&mut db.conn()?, &secrets)?;
        Ok(Context {
            db,
            code_key: secrets.derive("codes"),
            csrf_key: secrets.derive("csrf"),
            session_seconds: i64::from(settings.session_minutes.max(1)) * 60,
            auth_code_seconds: i64::from(settings.auth_code_seconds.max(1)),
            secrets,
            passwords: PasswordHasher::new(&settings.argon2)?,
            keys: Arc::new(keys::KeyStore::new(std::time::Duration::from_secs(settings.key_cache_seconds))),
            hosts: Arc::new(domains::HostMap::default()),
            hooks: Arc::new(triggers::Hooks::new(std::time::Duration::from_millis(settings.hooks.timeout_ms.clamp(1, 30_000)))),
            region: settings.region.clone(),
            account_id: settings.account_id.clone(),
            public_url,
        })
    }

    pub fn conn(&self) -> Result<Conn> {
        Ok(self.db.conn()?)
    }

    pub fn issuer(&self, pool: &ids::PoolId) -> String {
        format!("{}/{}", self.public_url, pool)
    }
}

/// `cognate migrate`: applies pending migrations; returns the backend's name and what
/// was applied.
pub fn migrate(settings: &Settings) -> Result<(&'static str, Vec<String>)> {
    let db = Db::open(&settings.database_url(), 1).map_err(|e| Error::Config(e.to_string()))?;
    let applied = db.migrate().map_err(|e| Error::Config(e.to_string()))?;
    Ok((db.backend().name(), applied))
}

/// A database written with one master key must refuse to start with another, with a
/// message saying so, rather than fail later on the first secret it reads.
fn check_master_key(conn: &mut Conn, secrets: &SecretBox) -> Result<()> {
    match queries::meta::get(conn, MASTER_KEY_CHECK)? {
        Some(sealed) => match secrets.decrypt(&sealed) {
            Ok(plain) if plain == MASTER_KEY_CHECK_TEXT => Ok(()),
            _ => Err(Error::MasterKey(
                "the master key does not match the one this database was created with; set \
                 COGNATE_MASTER_KEY or master_key_file to the original key"
                    .into(),
            )),
        },
        None => {
            queries::meta::insert(conn, MASTER_KEY_CHECK, &secrets.encrypt(MASTER_KEY_CHECK_TEXT))?;
            Ok(())
        }
    }
}

/// Hides the password of a `postgres://user:password@host/db` URL for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
