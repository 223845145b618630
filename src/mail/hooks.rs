//! Delivery through a pool's CustomEmailSender or CustomSMSSender hook: the outbox row
//! holds the trigger's whole event (built by the domain when the code was issued) and
//! the hook's URL; the sender signs it afresh on each attempt (Standard Webhooks, with
//! the pool's hook secret) and POSTs it. Any 2xx delivers; anything else is a failed
//! attempt that the outbox tries again with its backoff, so an outage loses nothing.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::{Secret, Settings};
use crate::error::{Error, Result};

/// What a `hook_email` / `hook_sms` outbox row holds (encrypted, as it carries the code).
#[derive(Clone, Serialize, Deserialize)]
pub struct HookMessage {
    pub url: String,
    /// The trigger's LambdaConfig name (`CustomEmailSender`, `CustomSMSSender`).
    pub trigger: String,
    /// The event, as Cognito would pass it to the Lambda function.
    pub event: serde_json::Value,
}

/// The event carries the code in plaintext: `Debug` leaves it out.
impl std::fmt::Debug for HookMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HookMessage").field("trigger", &self.trigger).field("event", &crate::crypto::REDACTED).finish_non_exhaustive()
    }
}

/// Finds a pool's hook secret. It lives with the domain (which makes it on first use),
/// so the sender is handed a lookup rather than reaching into the domain.
pub type SecretLookup = Arc<dyn Fn(&str) -> Result<Secret> + Send + Sync>;

pub struct HookTransport {
    client: reqwest::Client,
    timeout: Duration,
    secret_of: Option<SecretLookup>,
}

impl HookTransport {
    pub fn new(settings: &Settings) -> Result<HookTransport> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Cognate/", env!("CARGO_PKG_VERSION"), " (custom senders)"))
            .build()
            .map_err(|e| Error::Config(format!("hooks: cannot build the HTTP client: {e}")))?;
        Ok(HookTransport { client, timeout: Duration::from_millis(settings.hooks.timeout_ms.clamp(1, 30_000)), secret_of: None })
    }

    pub fn set_secrets(&mut self, lookup: SecretLookup) {
        self.secret_of = Some(lookup);
    }

    /// One attempt. The error (kept as the row's `last_error`) names neither the URL,
    /// which may carry a token, nor the event, which carries the code.
    /// `id` is the outbox row's, so every attempt of one message has the same
    /// `webhook-id`.
    pub async fn send(&self, id: &str, pool_id: Option<&str>, message: &HookMessage) -> std::result::Result<(), String> {
        let (Some(lookup), Some(pool)) = (self.secret_of.clone(), pool_id.map(str::to_string)) else {
            return Err(format!("{}: no hook secret to sign with", message.trigger));
        };
        let secret = tokio::task::spawn_blocking(move || lookup(&pool))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{}: the hook secret: {e}", message.trigger))?;
        let body = serde_json::to_vec(&message.event).map_err(|e| e.to_string())?;
        let now = chrono::Utc::now().timestamp();
        let mut request = self
            .client
            .post(&message.url)
            .timeout(self.timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("x-cognate-trigger", &message.trigger);
        let message_id = format!("msg_{}", id.replace('-', ""));
        for (name, value) in crate::crypto::webhooks::headers(secret.expose(), &message_id, now, &body).map_err(|e| e.to_string())? {
            request = request.header(name, value);
        }
        match request.body(body).send().await {
            Ok(resp) if resp.status().is_success() => Ok(()),
            Ok(resp) => Err(format!("{} hook answered HTTP {}", message.trigger, resp.status().as_u16())),
            Err(e) if e.is_timeout() => Err(format!("{} hook timed out", message.trigger)),
            Err(e) => Err(format!("{} hook unreachable: {}", message.trigger, e.without_url())),
        }
    }
}
