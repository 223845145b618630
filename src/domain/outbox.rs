//! Writing messages to the outbox, inside the caller's transaction: a message exists
//! exactly when the change that needs it committed. `mail::sender` delivers them.

use crate::crypto::secrets::SecretBox;
use crate::db::models::OutboxRow;
use crate::db::{queries, DbConnection};
use crate::domain::time;
use crate::error::{Error, Result};
use crate::mail::sms::Sms;
use crate::mail::templates::Email;
use crate::mail::hooks::HookMessage;
use crate::mail::{KIND_EMAIL, KIND_HOOK_EMAIL, KIND_HOOK_SMS, KIND_SMS};

/// Queues `email` for `recipient`; its contents are encrypted at rest, since they carry
/// codes. An address no mail server would take is refused now, as Cognito's
/// CodeDeliveryFailureException, rather than queued to fail forever.
pub fn enqueue_email(conn: &mut DbConnection, secrets: &SecretBox, pool_id: &str, recipient: &str, email: &Email) -> Result<()> {
    if !crate::mail::deliverable_email(recipient) {
        return Err(Error::CodeDeliveryFailure(format!(
            "Unable to deliver the message to {}: the address is not deliverable.",
            crate::domain::auth::mask_email(recipient)
        )));
    }
    enqueue(conn, secrets, pool_id, KIND_EMAIL, recipient, email)
}

/// Queues an SMS with `text` for `phone_number`; the text is encrypted at rest, since it
/// carries a code.
pub fn enqueue_sms(conn: &mut DbConnection, secrets: &SecretBox, pool_id: &str, phone_number: &str, text: &str) -> Result<()> {
    enqueue(conn, secrets, pool_id, KIND_SMS, phone_number, &Sms { message: text.to_string() })
}

/// Queues a message for a custom sender hook (`by_sms`: CustomSMSSender, else
/// CustomEmailSender); the event is encrypted at rest, since it carries the code.
pub fn enqueue_hook(conn: &mut DbConnection, secrets: &SecretBox, pool_id: &str, by_sms: bool, recipient: &str, message: &HookMessage) -> Result<()> {
    enqueue(conn, secrets, pool_id, if by_sms { KIND_HOOK_SMS } else { KIND_HOOK_EMAIL }, recipient, message)
}

fn enqueue(
    conn: &mut DbConnection,
    secrets: &SecretBox,
    pool_id: &str,
    kind: &str,
    recipient: &str,
    payload: &impl serde::Serialize,
) -> Result<()> {
    let payload = serde_json::to_vec(payload).map_err(|e| Error::Internal(e.to_string()))?;
    let now = time::now();
    queries::outbox::insert(
        conn,
        &OutboxRow {
            id: uuid::Uuid::new_v4().to_string(),
            pool_id: Some(pool_id.to_string()),
            kind: kind.into(),
            recipient: recipient.to_string(),
            payload_enc: secrets.encrypt(&payload),
            attempts: 0,
            next_attempt_at: now,
            sent_at: None,
            last_error: None,
            created_at: now,
        },
    )?;
    Ok(())
}
