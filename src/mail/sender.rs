//! The background sender: delivers due outbox messages over SMTP (lettre), with
//! exponential backoff on failure, so an SMTP outage delays mail but loses none.
//! Without SMTP settings it writes each message to the log and to `{data_dir}/mail/`.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::templates::Email;
use crate::config::{Settings, SmtpTls};
use crate::db::models::OutboxRow;
use crate::db::queries;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// How long a claimed message is reserved for this node before another may retry it.
const LEASE_SECONDS: i64 = 120;
const MAX_BACKOFF_SECONDS: i64 = 600;
const BATCH: i64 = 20;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Sender {
    ctx: Context,
    transport: Transport,
    from: Mailbox,
    poll: Duration,
}

impl Sender {
    /// Must be called inside the Tokio runtime (lettre's pool needs a reactor).
    pub fn new(ctx: Context, settings: &Settings) -> Result<Sender> {
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
        Ok(Sender { ctx, transport, from, poll: Duration::from_millis(settings.outbox_poll_ms.max(10)) })
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
        let ctx = self.ctx.clone();
        let claimed = tokio::task::spawn_blocking(move || claim_due(&ctx))
            .await
            .map_err(|e| Error::Internal(e.to_string()))??;
        for row in claimed {
            let outcome = self.deliver(&row).await;
            let ctx = self.ctx.clone();
            tokio::task::spawn_blocking(move || record(&ctx, &row, outcome))
                .await
                .map_err(|e| Error::Internal(e.to_string()))??;
        }
        Ok(())
    }

    async fn deliver(&self, row: &OutboxRow) -> std::result::Result<(), String> {
        let payload = self.ctx.secrets.decrypt(&row.payload_enc).map_err(|e| e.to_string())?;
        let email: Email = serde_json::from_slice(&payload).map_err(|e| format!("unreadable message: {e}"))?;
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

fn claim_due(ctx: &Context) -> Result<Vec<OutboxRow>> {
    let mut conn = ctx.conn()?;
    let now = time::now();
    let mut claimed = Vec::new();
    for row in queries::outbox::due(&mut conn, now, BATCH)? {
        if queries::outbox::claim(&mut conn, &row.id, row.next_attempt_at, now + LEASE_SECONDS)? == 1 {
            claimed.push(row);
        }
    }
    Ok(claimed)
}

fn record(ctx: &Context, row: &OutboxRow, outcome: std::result::Result<(), String>) -> Result<()> {
    let mut conn = ctx.conn()?;
    let now = time::now();
    match outcome {
        Ok(()) => {
            queries::outbox::mark_sent(&mut conn, &row.id, now)?;
        }
        Err(error) => {
            let attempts = row.attempts + 1;
            let delay = 1i64.checked_shl(attempts.min(20) as u32).unwrap_or(MAX_BACKOFF_SECONDS).min(MAX_BACKOFF_SECONDS);
            tracing::warn!(id = %row.id, to = %row.recipient, attempts, retry_in_s = delay, %error, "mail delivery failed; will retry");
            queries::outbox::mark_failed(&mut conn, &row.id, attempts, now + delay, &error)?;
        }
    }
    Ok(())
}
