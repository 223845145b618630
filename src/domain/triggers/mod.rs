//! Cognito's Lambda triggers as signed HTTP hooks. A hook receives exactly the event
//! JSON a Cognito Lambda receives (`version`, `triggerSource`, `region`, `userPoolId`,
//! `userName`, `callerContext`, `request`, `response`) and answers with the event,
//! `response` filled in, as the Lambda would return it.
//!
//! Requests are signed the Standard Webhooks way (<https://www.standardwebhooks.com>):
//! `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 over
//! "{id}.{timestamp}.{body}">`, keyed with the pool's hook secret (`whsec_…`, shown by
//! `cognate pool describe`), so any Standard Webhooks library verifies them. Each attempt
//! has the configured timeout (5 s, as Cognito's); connection errors and 5xx answers are
//! tried up to three times, a 4xx or a timeout is final.
//!
//! The domain is blocking, so the hook client is reqwest's blocking one, made once.

pub mod config;
pub mod custom_auth;
pub mod events;
pub mod federation;
pub mod messages;

use std::sync::OnceLock;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

pub use config::{LambdaConfig, Trigger};

use super::cache::TtlCache;
use super::ids::PoolId;
use super::pools::Pool;
use super::Context;
use crate::config::Secret;
use crate::db::queries;
use crate::error::{Error, Result};

const ATTEMPTS: u32 = 3;
/// Names the trigger a request is for (the receiver may serve several on one URL).
pub const TRIGGER_HEADER: &str = "x-cognate-trigger";
/// Lambda's synchronous response limit is 6 MB; a hook's answer is far smaller.
const MAX_ANSWER_BYTES: usize = 1 << 20;
use crate::crypto::webhooks::SECRET_PREFIX;

/// The hook client and the pools' hook secrets (decrypted once a minute, not per call).
pub struct Hooks {
    timeout: Duration,
    secrets: TtlCache<PoolId, Secret>,
}

impl Hooks {
    pub fn new(timeout: Duration) -> Hooks {
        Hooks { timeout, secrets: TtlCache::new(Duration::from_secs(60)) }
    }
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

fn client() -> Result<&'static reqwest::blocking::Client> {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    if let Some(c) = CLIENT.get() {
        return Ok(c);
    }
    let made = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Cognate/", env!("CARGO_PKG_VERSION"), " (triggers)"))
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::Internal(format!("hook client: {e}")))?;
    Ok(CLIENT.get_or_init(|| made))
}

/// The pool's hook secret (`whsec_` + base64 of 32 random bytes), made on first use.
/// Every node reads the same one: the first writer wins, the others read it back.
pub fn hook_secret(ctx: &Context, pool: &PoolId) -> Result<Secret> {
    ctx.hooks.secrets.get_or_load(pool, || {
        let key = format!("hook_secret:{pool}");
        let mut conn = ctx.conn()?;
        if queries::meta::get(&mut conn, &key)?.is_none() {
            let fresh = format!("{SECRET_PREFIX}{}", STANDARD.encode(rand::random::<[u8; 32]>()));
            queries::meta::insert_if_absent(&mut conn, &key, &ctx.secrets.encrypt(fresh.as_bytes()))?;
        }
        let sealed = queries::meta::get(&mut conn, &key)?.ok_or_else(|| Error::Internal("hook secret vanished".into()))?;
        Ok(Secret::new(ctx.secrets.decrypt_string(&sealed)?))
    })
}

/// [`hook_secret`] by the pool's id as stored (for the outbox sender's custom sender
/// deliveries).
pub fn hook_secret_of(ctx: &Context, pool: &str) -> Result<Secret> {
    hook_secret(ctx, &PoolId::parse(pool)?)
}

/// Forgets a deleted pool's hook secret.
pub fn forget(ctx: &Context, pool: &PoolId) -> Result<()> {
    ctx.hooks.secrets.remove(pool);
    queries::meta::delete(&mut *ctx.conn()?, &format!("hook_secret:{pool}"))?;
    Ok(())
}

/// The Standard Webhooks signature of `body` (one implementation, in `crypto`, that
/// the outbox sender uses too).
pub use crate::crypto::webhooks::sign;

/// Who and what an event is about.
pub struct Call<'a> {
    pub pool: &'a Pool,
    pub trigger: Trigger,
    pub source: &'a str,
    pub user_name: &'a str,
    pub client_id: Option<&'a str>,
    pub request: Value,
    /// The response members Cognito sends pre-filled (with their defaults).
    pub response: Value,
}

/// The event envelope of every trigger.
pub fn envelope(ctx: &Context, c: &Call<'_>) -> Value {
    json!({
        "version": if c.trigger == Trigger::PreTokenGeneration {
            match c.pool.settings.lambda_config.pre_token_version() { 3 => "3", 2 => "2", _ => "1" }
        } else { "1" },
        "triggerSource": c.source,
        "region": ctx.region,
        "userPoolId": c.pool.id.as_str(),
        "userName": c.user_name,
        "callerContext": {
            "awsSdkVersion": concat!("cognate-", env!("CARGO_PKG_VERSION")),
            "clientId": c.client_id.unwrap_or("CLIENT_ID_NOT_APPLICABLE"),
        },
        "request": c.request,
        "response": c.response,
    })
}

/// Whether the pool has a hook for `trigger`.
pub fn configured(pool: &Pool, trigger: Trigger) -> bool {
    pool.settings.lambda_config.url(trigger).is_some()
}

/// Calls the trigger's hook, when the pool has one, and returns the `response` it
/// filled in. A hook that fails, times out or answers something that is not the event
/// fails the operation with [`Error::UserLambdaValidation`], worded as Cognito's.
pub fn invoke(ctx: &Context, c: Call<'_>) -> Result<Option<Value>> {
    deliver(ctx, c).map_err(|f| f.error)
}

/// Why a hook call failed: the hook answered with an error of its own (a Lambda-shaped
/// `errorMessage`), or it could not be used at all (down, timed out, nonsense).
pub struct Failure {
    pub refused: bool,
    pub error: Error,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure { refused: false, error }
    }
}

/// [`invoke`], telling a refusal from a broken hook.
pub fn deliver(ctx: &Context, c: Call<'_>) -> Result<Option<Value>, Failure> {
    let Some(url) = c.pool.settings.lambda_config.url(c.trigger) else { return Ok(None) };
    let body = serde_json::to_vec(&envelope(ctx, &c)).map_err(|e| Error::Internal(e.to_string()))?;
    let secret = hook_secret(ctx, &c.pool.id)?;
    let failed = |why: &str| Error::UserLambdaValidation(format!("{} failed with error {why}.", c.trigger.name()));
    let started = std::time::Instant::now();
    let mut attempt = 0;
    // One message, one id: a receiver can recognize a retried delivery (Standard Webhooks).
    let message_id = crate::crypto::webhooks::new_message_id();
    let answer = loop {
        attempt += 1;
        let mut request = client()?
            .post(url)
            .timeout(ctx.hooks.timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TRIGGER_HEADER, c.trigger.name());
        for (name, value) in crate::crypto::webhooks::headers(secret.expose(), &message_id, super::time::now(), &body)? {
            request = request.header(name, value);
        }
        let sent = request.body(body.clone()).send();
        let retry = attempt < ATTEMPTS;
        match sent {
            Err(e) if e.is_timeout() => {
                tracing::warn!(trigger = c.trigger.name(), source = c.source, attempt, "hook timed out");
                return Err(failed(&format!("Task timed out after {:.2} seconds", ctx.hooks.timeout.as_secs_f64())).into());
            }
            Err(e) if retry => {
                tracing::warn!(trigger = c.trigger.name(), source = c.source, attempt, error = %e, "hook unreachable; trying again");
                std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
            }
            Err(e) => {
                tracing::warn!(trigger = c.trigger.name(), source = c.source, attempt, error = %e, "hook unreachable");
                return Err(failed("the hook could not be reached").into());
            }
            Ok(resp) if resp.status().is_server_error() && retry => {
                tracing::warn!(trigger = c.trigger.name(), source = c.source, attempt, status = resp.status().as_u16(), "hook failed; trying again");
                std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
            }
            Ok(resp) => break resp,
        }
    };
    let status = answer.status();
    let text = read_limited(answer).map_err(|_| failed("the hook's answer could not be read"))?;
    tracing::debug!(trigger = c.trigger.name(), source = c.source, status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "hook answered");
    if !status.is_success() {
        tracing::warn!(trigger = c.trigger.name(), source = c.source, status = status.as_u16(), "hook refused");
        return Err(match error_message(&text) {
            Some(m) => Failure { refused: true, error: failed(&m) },
            None => failed(&format!("the hook answered HTTP {}", status.as_u16())).into(),
        });
    }
    let value: Value = serde_json::from_slice(&text).map_err(|_| failed("Unrecognizable lambda output"))?;
    if let Some(message) = value.get("errorMessage").and_then(Value::as_str) {
        return Err(Failure { refused: true, error: failed(message) });
    }
    match value.get("response") {
        Some(r) if r.is_object() => Ok(Some(r.clone())),
        Some(Value::Null) | None if value.is_object() => Ok(Some(json!({}))),
        _ => Err(failed("Unrecognizable lambda output").into()),
    }
}

/// As [`invoke`], for triggers whose failure Cognito only logs (PostConfirmation,
/// PostAuthentication): the operation has happened and goes on.
pub fn notify(ctx: &Context, c: Call<'_>) {
    let (trigger, source) = (c.trigger.name(), c.source.to_string());
    if let Err(e) = invoke(ctx, c) {
        tracing::warn!(trigger, source, error = %e, "hook failed; the operation goes on, as in Cognito");
    }
}

fn read_limited(resp: reqwest::blocking::Response) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    resp.take(MAX_ANSWER_BYTES as u64 + 1).read_to_end(&mut out)?;
    if out.len() > MAX_ANSWER_BYTES {
        return Err(std::io::Error::other("answer too large"));
    }
    Ok(out)
}

/// The message of a Lambda-shaped error body (`{"errorMessage": …}`), else a short
/// plain-text body.
fn error_message(body: &[u8]) -> Option<String> {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return v.get("errorMessage").or_else(|| v.get("message")).and_then(Value::as_str).map(str::to_string);
    }
    let text = String::from_utf8_lossy(body).trim().to_string();
    (!text.is_empty() && text.len() <= 512 && !text.contains('<')).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_error_bodies_give_their_message() {
        assert_eq!(error_message(br#"{"errorMessage":"Bad email","errorType":"Error"}"#).as_deref(), Some("Bad email"));
        assert_eq!(error_message(b"nope").as_deref(), Some("nope"));
        assert_eq!(error_message(b"<html>").as_deref(), None);
    }
}
