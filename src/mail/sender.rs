//! The background sender: delivers due outbox messages (email over SMTP with lettre,
//! SMS by HTTP POST to a gateway, the custom sender hooks by a signed POST), with exponential backoff on failure, so an outage
//! delays messages but loses none. Without SMTP or SMS settings it writes each message
//! to the log and to `{data_dir}/mail/` or `{data_dir}/sms/`.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::hooks::{HookMessage, HookTransport, SecretLookup};
use super::sms::{Sms, SmsTransport};
use super::templates::Email;
use super::{KIND_EMAIL, KIND_HOOK_EMAIL, KIND_HOOK_SMS, KIND_SMS};
use crate::config::{Settings, SmtpTls};
use crate::crypto::secrets::SecretBox;
use crate::db::models::OutboxRow;
use crate::db::{queries, Db};
use crate::error::{Error, Result};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// How long a claimed message is reserved for this node before another may retry it.
const LEASE_SECONDS: i64 = 120;
const MAX_BACKOFF_SECONDS: i64 = 600;
const BATCH: i64 = 20;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// An outbox row's contents, by its kind.
enum Outgoing {
    Email(Email),
    Sms(Sms),
    Hook(HookMessage),
}

impl Outgoing {
    /// An unknown kind (say, written by a newer node) is a failed attempt, not a panic.
    fn open(row: &OutboxRow, secrets: &SecretBox) -> std::result::Result<Outgoing, String> {
        match row.kind.as_str() {
            KIND_EMAIL => read(row, secrets).map(Outgoing::Email),
            KIND_SMS => read(row, secrets).map(Outgoing::Sms),
            KIND_HOOK_EMAIL | KIND_HOOK_SMS => read(row, secrets).map(Outgoing::Hook),
            other => Err(format!("unknown message kind {other:?}: this node sends only {KIND_EMAIL:?}, {KIND_SMS:?} and hooks")),
        }
    }
}

fn read<T: serde::de::DeserializeOwned>(row: &OutboxRow, secrets: &SecretBox) -> std::result::Result<T, String> {
    let payload = secrets.decrypt(&row.payload_enc).map_err(|e| e.to_string())?;
    serde_json::from_slice(&payload).map_err(|e| format!("unreadable {} message: {e}", row.kind))
}

pub struct Sender {
    db: Db,
    secrets: SecretBox,
    transport: Transport,
    sms: SmsTransport,
    hooks: HookTransport,
    from: Mailbox,
    poll: Duration,
}

impl Sender {
    /// Must be called inside the Tokio runtime (lettre's pool needs a reactor).
    pub fn new(db: Db, secrets: SecretBox, settings: &Settings) -> Result<Sender> {
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|e| Error::Config(format!("mail_from {:?} is not a valid address: {e}", settings.mail_from)))?;
        let transport = match &settings.smtp {
            Some(smtp) => {
                let builder = match smtp.tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                        .map_err(|e| Error::Config(format!("smtp: {e}")))?,
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)
                        .map_err(|e| Error::Config(format!("smtp: {e}")))?,
                };
                let default_port = match smtp.tls {
                    SmtpTls::None => 25,
                    SmtpTls::Starttls => 587,
                    SmtpTls::Tls => 465,
                };
                let mut builder = builder.port(smtp.port.unwrap_or(default_port)).timeout(Some(Duration::from_secs(15)));
                if let (Some(user), Some(pass)) = (&smtp.username, &smtp.password) {
                    builder = builder.credentials(Credentials::new(user.clone(), pass.expose().to_string()));
                }
                Transport::Smtp(builder.build())
            }
            None => {
                let dir = settings.data_dir.join("mail");
                tracing::warn!(dir = %dir.display(), "no SMTP configured: mail is written to the log and to files, not sent");
                Transport::Files(dir)
            }
        };
        let sms = SmsTransport::new(settings)?;
        let hooks = HookTransport::new(settings)?;
        Ok(Sender { db, secrets, transport, sms, hooks, from, poll: Duration::from_millis(settings.outbox_poll_ms.max(10)) })
    }

    /// How the custom sender deliveries find a pool's hook secret.
    pub fn with_hook_secrets(mut self, lookup: SecretLookup) -> Sender {
        self.hooks.set_secrets(lookup);
        self
    }

    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.deliver_due().await {
                    tracing::warn!(error = %e, "outbox: could not read due messages");
                }
                tokio::time::sleep(self.poll).await;
            }
        })
    }

    async fn deliver_due(&self) -> Result<()> {
        let db = self.db.clone();
        let claimed = tokio::task::spawn_blocking(move || claim_due(&db))
            .await
            .map_err(|e| Error::Internal(e.to_string()))??;
        for row in claimed {
            let outcome = self.deliver(&row).await;
            let db = self.db.clone();
            tokio::task::spawn_blocking(move || record(&db, &row, outcome))
                .await
                .map_err(|e| Error::Internal(e.to_string()))??;
        }
        Ok(())
    }

    async fn deliver(&self, row: &OutboxRow) -> std::result::Result<(), String> {
        match Outgoing::open(row, &self.secrets)? {
            Outgoing::Email(email) => self.deliver_email(row, &email).await,
            Outgoing::Sms(sms) => self.sms.send(&row.id, &row.recipient, &sms).await,
            Outgoing::Hook(message) => self.hooks.send(&row.id, row.pool_id.as_deref(), &message).await,
        }
    }

    async fn deliver_email(&self, row: &OutboxRow, email: &Email) -> std::result::Result<(), String> {
        let to: Mailbox = row.recipient.parse().map_err(|e| format!("bad recipient {:?}: {e}", row.recipient))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .multipart(MultiPart::alternative_plain_html(email.text.clone(), email.html.clone()))
            .map_err(|e| format!("cannot build message: {e}"))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                tracing::info!(to = %row.recipient, subject = %email.subject, body = %email.text, "mail (no SMTP configured)");
                let path = dir.join(format!("{}.eml", row.id));
                tokio::fs::create_dir_all(dir).await.map_err(|e| e.to_string())?;
                tokio::fs::write(&path, message.formatted()).await.map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }
}

fn claim_due(db: &Db) -> Result<Vec<OutboxRow>> {
    let mut conn = db.conn()?;
    let now = now();
    let mut claimed = Vec::new();
    for row in queries::outbox::due(&mut conn, now, BATCH)? {
        if queries::outbox::claim(&mut conn, &row.id, row.next_attempt_at, now + LEASE_SECONDS)? == 1 {
            claimed.push(row);
        }
    }
    Ok(claimed)
}

fn record(db: &Db, row: &OutboxRow, outcome: std::result::Result<(), String>) -> Result<()> {
    let mut conn = db.conn()?;
    let now = now();
    match outcome {
        Ok(()) => {
            queries::outbox::mark_sent(&mut conn, &row.id, now)?;
        }
        Err(error) => {
            let attempts = row.attempts + 1;
            let delay = 1i64.checked_shl(attempts.min(20) as u32).unwrap_or(MAX_BACKOFF_SECONDS).min(MAX_BACKOFF_SECONDS);
            tracing::warn!(
                id = %row.id, kind = %row.kind, to = %row.recipient, attempts, retry_in_s = delay, %error,
                "delivery failed; will retry"
            );
            queries::outbox::mark_failed(&mut conn, &row.id, attempts, now + delay, &error)?;
        }
    }
    Ok(())
}
