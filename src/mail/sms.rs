//! SMS: the payload the outbox stores, and delivery by HTTP POST to a gateway, or to the
//! log and `{data_dir}/sms/` when no gateway is configured.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::{Secret, Settings};
use crate::error::{Error, Result};

/// An SMS as stored (encrypted) in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sms {
    pub message: String,
}

/// What the gateway receives.
#[derive(Serialize)]
struct GatewayRequest<'a> {
    to: &'a str,
    message: &'a str,
}

pub enum SmsTransport {
    Http { client: reqwest::Client, url: url::Url, bearer_token: Option<Secret> },
    Files(PathBuf),
}

impl SmsTransport {
    pub fn new(settings: &Settings) -> Result<SmsTransport> {
        let Some(sms) = &settings.sms else {
            let dir = settings.data_dir.join("sms");
            tracing::warn!(dir = %dir.display(), "no SMS gateway configured: SMS are written to the log and to files, not sent");
            return Ok(SmsTransport::Files(dir));
        };
        let url = sms.parsed_url()?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(sms.timeout_seconds))
            .build()
            .map_err(|e| Error::Config(format!("sms: cannot build the HTTP client: {e}")))?;
        tracing::info!(host = url.host_str().unwrap_or_default(), "SMS are posted to the configured gateway");
        Ok(SmsTransport::Http { client, url, bearer_token: sms.bearer_token.clone() })
    }

    /// Delivers one SMS; the error (kept as the outbox row's `last_error`) never holds the
    /// text, the token or the URL, which may carry an API key.
    pub async fn send(&self, id: &str, to: &str, sms: &Sms) -> std::result::Result<(), String> {
        match self {
            SmsTransport::Http { client, url, bearer_token } => {
                let mut request = client.post(url.clone()).json(&GatewayRequest { to, message: &sms.message });
                if let Some(token) = bearer_token {
                    request = request.bearer_auth(token.expose());
                }
                let response = request.send().await.map_err(describe)?;
                let status = response.status();
                if status.is_success() {
                    Ok(())
                } else {
                    Err(format!("SMS gateway answered {status}"))
                }
            }
            SmsTransport::Files(dir) => {
                tracing::info!(%to, message = %sms.message, "SMS (no gateway configured)");
                let path = dir.join(format!("{id}.txt"));
                tokio::fs::create_dir_all(dir).await.map_err(|e| e.to_string())?;
                tokio::fs::write(&path, format!("To: {to}\n\n{}\n", sms.message))
                    .await
                    .map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }
}

/// The error and its causes (timeout, connection refused, TLS…), without the URL.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = format!("SMS gateway request failed: {e}");
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
