//! Typed settings: defaults < TOML file < `COGNATE_*` environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The port `cognate serve` listens on when nothing else is configured.
pub const DEFAULT_PORT: u16 = 7070;

/// A string that must never be printed: `Debug` shows it redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

/// Environment values that look like numbers or booleans arrive typed (see `env_value`),
/// so a secret takes them back as the text they were; and unlike serde's type errors,
/// this one never quotes the value.
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Secret;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
                Err(E::custom("a secret must be a string (quote it in TOML)"))
            }
        }
        deserializer.deserialize_any(Text)
    }
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// argon2id parameters for password hashes (OWASP's recommendation by default).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Argon2Settings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Argon2Settings {
    fn default() -> Self {
        Argon2Settings { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the same host or a test listener).
    None,
    /// Upgrade with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// Where mail goes. Without it, messages are written to the log and to `{data_dir}/mail/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    /// Default 25 without TLS, 587 with STARTTLS, 465 with TLS.
    pub port: Option<u16>,
    #[serde(default)]
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<Secret>,
}

/// Where SMS go: an HTTP gateway that takes `{"to": "+15551234567", "message": "..."}`
/// by POST. Without it, messages are written to the log and to `{data_dir}/sms/`.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSettings {
    /// http:// or https:// URL the messages are POSTed to.
    pub url: String,
    /// Sent as `Authorization: Bearer …` when set.
    pub bearer_token: Option<Secret>,
    /// How long one request may take before it counts as a failed attempt.
    #[serde(default = "SmsSettings::default_timeout_seconds")]
    pub timeout_seconds: u64,
}

impl SmsSettings {
    fn default_timeout_seconds() -> u64 {
        10
    }

    /// The URL, checked to be http(s). Error messages leave the URL out: gateways often
    /// take an API key in the query string.
    pub fn parsed_url(&self) -> Result<url::Url, Error> {
        let url = url::Url::parse(&self.url).map_err(|e| Error::Config(format!("sms.url is not a valid URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("sms.url must be an http:// or https:// URL, not {}:", url.scheme())));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::Config("sms.url has no host".into()));
        }
        Ok(url)
    }
}

/// The URL may carry an API key (`?api_key=…`), so `Debug` shows its host only.
impl std::fmt::Debug for SmsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = self.parsed_url().ok().and_then(|u| u.host_str().map(str::to_string));
        f.debug_struct("SmsSettings")
            .field("url_host", &host)
            .field("bearer_token", &self.bearer_token)
            .field("timeout_seconds", &self.timeout_seconds)
            .finish()
    }
}

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address `serve` binds to.
    pub listen: String,
    /// Externally visible base URL (issuer prefix); derived from `listen` when unset.
    pub public_url: Option<String>,
    /// Where the SQLite database and the generated master key live.
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL, or an SQLite file path; default `{data_dir}/cognate.db`.
    pub database_url: Option<String>,
    pub database_max_connections: u32,
    /// Base64 of 32 bytes; wins over `master_key_file`.
    pub master_key: Option<Secret>,
    /// Default `{data_dir}/master.key`, created with mode 0600 on first start.
    pub master_key_file: Option<PathBuf>,
    /// AWS-style region used as the prefix of new pool IDs.
    pub region: String,
    /// How long a node serves pool keys and discovery from memory before re-reading them.
    pub key_cache_seconds: u64,
    /// HTTP worker threads; default one per core.
    pub workers: Option<usize>,
    /// tracing filter, e.g. `info` or `cognate=debug`.
    pub log: String,
    pub argon2: Argon2Settings,
    pub smtp: Option<SmtpSettings>,
    pub sms: Option<SmsSettings>,
    /// The From address of every message.
    pub mail_from: String,
    /// How often the outbox sender looks for due messages.
    pub outbox_poll_ms: u64,
    /// How long a hosted-login browser session lasts.
    pub session_minutes: u32,
    /// How long an authorization code may wait for its exchange.
    pub auth_code_seconds: u32,
    /// Networks of the reverse proxies in front of Cognate (`10.0.0.0/8`, `192.0.2.7`).
    /// A request from one of them is attributed to the right-most `X-Forwarded-For` (or
    /// `Forwarded: for=`) address that is not itself a trusted proxy. Default: none, and
    /// the headers are ignored. As TOML a list, as `COGNATE_TRUSTED_PROXIES` comma-separated.
    #[serde(deserialize_with = "list_or_comma_separated")]
    pub trusted_proxies: Vec<String>,
    /// Removed: it took the client's own leftmost header value. Refused with directions.
    #[serde(default)]
    pub trust_forwarded_headers: Option<toml::Value>,
    /// The 12-digit account ID in pool ARNs (`arn:aws:cognito-idp:{region}:{account}:userpool/…`).
    #[serde(deserialize_with = "digits")]
    pub account_id: String,
    pub api: ApiSettings,
    pub hooks: HookSettings,
}

/// The trigger hooks (a pool's LambdaConfig URLs).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HookSettings {
    /// How long one attempt may take (Cognito gives a Lambda trigger 5 s).
    pub timeout_ms: u64,
}

impl Default for HookSettings {
    fn default() -> Self {
        HookSettings { timeout_ms: 5000 }
    }
}

/// The Cognito JSON API.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiSettings {
    /// Development only: accept administrative calls without a SigV4 signature. Refused
    /// at start unless the server listens on a loopback address.
    pub allow_unsigned_admin: bool,
}

/// A string of digits, which TOML and the environment may also give as a number.
fn digits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(u64),
        Text(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::Number(n) => format!("{n:012}"),
        Either::Text(t) => t,
    })
}

/// A list, or (from the environment) one comma-separated string.
fn list_or_comma_separated<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::List(v) => v,
        Either::Text(t) => t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
    })
}

/// A PostgreSQL URL may carry the database password: `Debug` masks it.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(crate::domain::redact_url))
            .field("database_max_connections", &self.database_max_connections)
            .field("master_key", &self.master_key)
            .field("master_key_file", &self.master_key_file)
            .field("region", &self.region)
            .field("key_cache_seconds", &self.key_cache_seconds)
            .field("workers", &self.workers)
            .field("log", &self.log)
            .field("argon2", &self.argon2)
            .field("smtp", &self.smtp)
            .field("sms", &self.sms)
            .field("mail_from", &self.mail_from)
            .field("outbox_poll_ms", &self.outbox_poll_ms)
            .field("session_minutes", &self.session_minutes)
            .field("auth_code_seconds", &self.auth_code_seconds)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("account_id", &self.account_id)
            .field("api", &self.api)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: format!("127.0.0.1:{DEFAULT_PORT}"),
            public_url: None,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 8,
            master_key: None,
            master_key_file: None,
            region: "us-east-1".into(),
            key_cache_seconds: 60,
            workers: None,
            log: "info".into(),
            argon2: Argon2Settings::default(),
            smtp: None,
            sms: None,
            mail_from: "Cognate <no-reply@localhost>".into(),
            outbox_poll_ms: 1000,
            session_minutes: 60,
            auth_code_seconds: 300,
            trusted_proxies: Vec::new(),
            trust_forwarded_headers: None,
            account_id: "000000000000".into(),
            api: ApiSettings::default(),
            hooks: HookSettings::default(),
        }
    }
}

impl Settings {
    /// Loads the TOML file at `path` (if any), then applies `COGNATE_*` variables from `env`.
    /// Nested keys use a double underscore: `COGNATE_ARGON2__MEMORY_KIB`.
    pub fn load(path: Option<&Path>, env: impl Iterator<Item = (String, String)>) -> Result<Settings, Error> {
        let mut table = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| Error::Config(format!("cannot read config file {}: {e}", p.display())))?;
                text.parse::<toml::Table>()
                    .map_err(|e| Error::Config(format!("config file {} is not valid TOML: {e}", p.display())))?
            }
            None => toml::Table::new(),
        };
        for (name, value) in env {
            let Some(key) = name.strip_prefix("COGNATE_") else { continue };
            if key == "CONFIG" || key.starts_with("TEST_") {
                continue;
            }
            let path: Vec<String> = key.to_ascii_lowercase().split("__").map(str::to_string).collect();
            insert_path(&mut table, &path, env_value(&value));
        }
        let settings: Settings = table
            .try_into()
            .map_err(|e: toml::de::Error| Error::Config(format!("invalid configuration: {}", e.message())))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), Error> {
        self.listen_addr()?;
        if let Some(url) = &self.public_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Error::Config(format!("public_url must start with http:// or https://, got {url:?}")));
            }
        }
        if self.region.is_empty() || !self.region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(Error::Config("region must be lowercase letters, digits and dashes, e.g. us-east-1".into()));
        }
        if self.trust_forwarded_headers.is_some() {
            return Err(Error::Config(
                "trust_forwarded_headers was removed: it let any client choose its own address. List the networks of \
                 your reverse proxies instead, e.g. trusted_proxies = [\"10.0.0.0/8\"] (COGNATE_TRUSTED_PROXIES=10.0.0.0/8)"
                    .into(),
            ));
        }
        self.trusted_proxy_networks()?;
        if self.account_id.len() != 12 || !self.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Config("account_id must be 12 digits, like 000000000000".into()));
        }
        if self.api.allow_unsigned_admin && !self.listen_addr()?.ip().is_loopback() {
            return Err(Error::Config(format!(
                "api.allow_unsigned_admin accepts administrative calls without a signature: it is for development only, \
                 and refused while listening on {} (listen on 127.0.0.1, or turn it off)",
                self.listen
            )));
        }
        if let Some(sms) = &self.sms {
            sms.parsed_url()?;
            if sms.timeout_seconds == 0 {
                return Err(Error::Config("sms.timeout_seconds must be at least 1".into()));
            }
        }
        Ok(())
    }

    /// `trusted_proxies`, parsed: networks (`10.0.0.0/8`) or single addresses.
    pub fn trusted_proxy_networks(&self) -> Result<Vec<ipnet::IpNet>, Error> {
        self.trusted_proxies
            .iter()
            .map(|t| {
                t.parse::<ipnet::IpNet>()
                    .or_else(|_| t.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| Error::Config(format!("trusted_proxies: {t:?} is not an IP address or network like 10.0.0.0/8")))
            })
            .collect()
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, Error> {
        self.listen
            .parse()
            .map_err(|_| Error::Config(format!("listen must be an address like 127.0.0.1:{DEFAULT_PORT}, got {:?}", self.listen)))
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| self.data_dir.join("cognate.db").to_string_lossy().into_owned())
    }

    pub fn master_key_path(&self) -> PathBuf {
        self.master_key_file.clone().unwrap_or_else(|| self.data_dir.join("master.key"))
    }

    /// The public URL, or one derived from the address actually bound.
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{bound}"),
        }
    }
}

/// Environment values are strings; numbers and booleans are recognised so that
/// `COGNATE_KEY_CACHE_SECONDS=5` fills an integer field. Only numbers written the way
/// they print count, so a token like `007` stays text.
fn env_value(raw: &str) -> toml::Value {
    if let Some(i) = raw.parse::<i64>().ok().filter(|i| i.to_string() == raw) {
        return toml::Value::Integer(i);
    }
    match raw {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ => toml::Value::String(raw.to_string()),
    }
}

fn insert_path(table: &mut toml::Table, path: &[String], value: toml::Value) {
    match path {
        [] => {}
        [last] => {
            table.insert(last.clone(), value);
        }
        [first, rest @ ..] => {
            let entry = table.entry(first.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = toml::Value::Table(toml::Table::new());
            }
            if let toml::Value::Table(t) = entry {
                insert_path(t, rest, value);
            }
        }
    }
}
