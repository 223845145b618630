//! Email and SMS: templates with Cognito's `{username}` / `{####}` placeholders, and the
//! background sender that delivers what the domain queued in the outbox (SMTP, or an
//! HTTP SMS gateway, or a custom sender hook) with retry. This module renders and delivers; it knows no domain.

/// The outbox row kinds (written by `domain::outbox`, read by the sender).
pub const KIND_EMAIL: &str = "email";
pub const KIND_SMS: &str = "sms";
/// Handed to the pool's CustomEmailSender / CustomSMSSender hook instead (`hooks`).
pub const KIND_HOOK_EMAIL: &str = "hook_email";
pub const KIND_HOOK_SMS: &str = "hook_sms";

/// Whether the sender can address mail to `recipient` at all (RFC 5321 local part and
/// domain, as lettre checks them); a message it could never send is refused when queued.
pub fn deliverable_email(recipient: &str) -> bool {
    recipient.parse::<lettre::Address>().is_ok()
}

pub mod hooks;
pub mod sender;
pub mod sms;
pub mod templates;
