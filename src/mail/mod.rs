//! Email and SMS: templates with Cognito's `{username}` / `{####}` placeholders, the
//! outbox that stores messages in the same transaction as the change that needs them,
//! and the background sender that delivers them (SMTP, or an HTTP SMS gateway) with retry.

pub mod outbox;
pub mod sender;
pub mod sms;
pub mod templates;
