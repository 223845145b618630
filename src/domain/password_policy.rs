//! A pool's password policy and the check that names everything a password lacks.

use serde::{Deserialize, Serialize};

use crate::error::Error;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordPolicy {
    pub minimum_length: u32,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub temporary_password_validity_days: u32,
    /// How many earlier passwords a user may not reuse (0 to 24; 0 allows any).
    pub password_history_size: u32,
}

impl Default for PasswordPolicy {
    /// Cognito's defaults.
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
            password_history_size: 0,
        }
    }
}

/// The symbols Cognito counts as special characters.
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

impl PasswordPolicy {
    pub fn validate(&self) -> Result<(), Error> {
        if !(6..=99).contains(&self.minimum_length) {
            return Err(Error::InvalidParameter("password policy minimum_length must be between 6 and 99".into()));
        }
        if self.temporary_password_validity_days > 365 {
            return Err(Error::InvalidParameter(
                "password policy temporary_password_validity_days must be between 0 and 365".into(),
            ));
        }
        if self.password_history_size > 24 {
            return Err(Error::InvalidParameter("password policy password_history_size must be between 0 and 24".into()));
        }
        Ok(())
    }

    /// The first rule a password breaks, if any.
    pub fn broken(&self, password: &str) -> Option<PasswordRule> {
        if (password.chars().count() as u32) < self.minimum_length {
            Some(PasswordRule::Length)
        } else if password.len() > 256 {
            Some(PasswordRule::TooLong)
        } else if self.require_uppercase && !password.chars().any(|c| c.is_uppercase()) {
            Some(PasswordRule::Uppercase)
        } else if self.require_lowercase && !password.chars().any(|c| c.is_lowercase()) {
            Some(PasswordRule::Lowercase)
        } else if self.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
            Some(PasswordRule::Number)
        } else if self.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
            Some(PasswordRule::Symbol)
        } else {
            None
        }
    }

    /// `Ok` or an [`Error::InvalidPassword`] naming the first rule a password breaks, in
    /// Cognito's words (its API answers "Password did not conform with policy: Password
    /// not long enough" and so on).
    pub fn check(&self, password: &str) -> Result<(), Error> {
        let rule = match self.broken(password) {
            None => return Ok(()),
            Some(PasswordRule::Length) => "Password not long enough",
            Some(PasswordRule::TooLong) => "Password must be at most 256 characters",
            Some(PasswordRule::Uppercase) => "Password must have uppercase characters",
            Some(PasswordRule::Lowercase) => "Password must have lowercase characters",
            Some(PasswordRule::Number) => "Password must have numeric characters",
            Some(PasswordRule::Symbol) => "Password must have symbol characters",
        };
        Err(Error::InvalidPassword(format!("Password did not conform with policy: {rule}")))
    }
}

/// A rule of the password policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    Length,
    TooLong,
    Uppercase,
    Lowercase,
    Number,
    Symbol,
}
