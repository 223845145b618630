//! Authentication operations shared by the hosted UI and (later) the JSON API:
//! sign-up and confirmation, password sign-in, forgotten passwords, browser sessions.

pub mod account;
pub mod challenges;
pub mod password_reset;
pub mod sessions;
pub mod signin;
pub mod signup;
pub mod throttle;

use serde::Serialize;

use super::clients::Client;
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

pub(crate) fn email_delivery(email: &str) -> CodeDelivery {
    CodeDelivery { destination: mask_email(email), medium: "EMAIL", attribute: "email" }
}

/// The error for "no such user": neutral when the client hides which users exist.
pub(crate) fn unknown_user(client: &Client, neutral: Error) -> Error {
    if client.settings.prevent_user_existence_errors {
        neutral
    } else {
        Error::UserNotFound("User does not exist.".into())
    }
}
