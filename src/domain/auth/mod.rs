//! Authentication operations shared by the hosted pages and the Cognito API: sign-up and
//! confirmation, sign-in (the challenge state machine), its end (tokens or a browser
//! session), access-token callers, forgotten passwords, browser sessions.

pub mod access;
pub mod account;
pub mod challenges;
pub mod finish;
pub mod initiate;
pub mod password_reset;
pub mod refresh;
pub mod sessions;
pub mod signin;
pub mod signup;
pub mod throttle;

use serde::Serialize;

use super::clients::Client;
use super::{users, Context};
use crate::db::models::UserRow;
use crate::error::Error;

/// Where a code was sent, masked as Cognito shows it (`a***@e***`).
#[derive(Debug, Clone, Serialize)]
pub struct CodeDelivery {
    pub destination: String,
    pub medium: &'static str,
    pub attribute: &'static str,
}

pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
            format!("{}***@{}***", first(local), first(domain))
        }
        None => "***".into(),
    }
}

pub(crate) fn mask_phone_delivery(phone: &str) -> CodeDelivery {
    CodeDelivery { destination: challenges::mask_phone(phone), medium: "SMS", attribute: "phone_number" }
}

pub(crate) fn email_delivery(email: &str) -> CodeDelivery {
    CodeDelivery { destination: mask_email(email), medium: "EMAIL", attribute: "email" }
}

/// Where a code would have gone, for answers that must not tell whether a code was sent:
/// the user's own address masked when there is one, the typed name masked when it is an
/// address, otherwise a made-up masked address that is the same for the same name every
/// time (so asking twice tells nothing either).
pub(crate) fn plausible_delivery(ctx: &Context, found: Option<&UserRow>, typed: &str) -> CodeDelivery {
    let own = found.and_then(|r| users::stored_attributes(r).ok()).and_then(|a| a.get("email").cloned());
    if let Some(email) = own.or_else(|| crate::domain::attributes::looks_like_email(typed).then(|| typed.to_string())) {
        return email_delivery(&email);
    }
    let digest = crate::crypto::keyed_hash(&ctx.code_key, &["plausible-destination", &typed.to_lowercase()]);
    let letters: Vec<char> = digest.bytes().map(|b| (b'a' + b % 26) as char).take(2).collect();
    let (first, domain) = (letters.first().copied().unwrap_or('a'), letters.get(1).copied().unwrap_or('e'));
    CodeDelivery { destination: format!("{first}***@{domain}***"), medium: "EMAIL", attribute: "email" }
}

/// The error for "no such user": neutral when the client hides which users exist.
pub(crate) fn unknown_user(client: &Client, neutral: Error) -> Error {
    if client.settings.prevent_user_existence_errors {
        neutral
    } else {
        Error::UserNotFound("User does not exist.".into())
    }
}
