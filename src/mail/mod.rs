//! Email: templates with Cognito's `{username}` / `{####}` placeholders, the outbox
//! that stores messages in the same transaction as the change that needs them, and
//! the background sender that delivers them over SMTP with retry.

pub mod outbox;
pub mod sender;
pub mod templates;
