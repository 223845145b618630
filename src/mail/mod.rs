//! Email and SMS: templates with Cognito's `{username}` / `{####}` placeholders, and the
//! background sender that delivers what the domain queued in the outbox (SMTP, or an
//! HTTP SMS gateway) with retry. This module renders and delivers; it knows no domain.

/// The outbox row kinds (written by `domain::outbox`, read by the sender).
pub const KIND_EMAIL: &str = "email";
pub const KIND_SMS: &str = "sms";

pub mod sender;
pub mod sms;
pub mod templates;
