//! Newtype IDs, so that a pool ID can never be passed where a client ID goes,
//! and the shapes Cognito gives them (AWS SDK validators check these shapes).

use serde::{Deserialize, Serialize};

use crate::crypto::random;
use crate::error::Error;

/// `{region}_{alnum}`, e.g. `us-east-1_AbC123xyz`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PoolId(String);

impl PoolId {
    pub fn generate(region: &str) -> PoolId {
        PoolId(format!("{region}_{}", random::alnum(9)))
    }

    /// Accepts what Cognito's `[\w-]+_[0-9a-zA-Z]+` pattern accepts, at most 55 characters.
    pub fn parse(text: &str) -> Result<PoolId, Error> {
        let valid = text.len() <= 55
            && text.rsplit_once('_').is_some_and(|(region, suffix)| {
                !region.is_empty()
                    && !suffix.is_empty()
                    && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    && suffix.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if valid {
            Ok(PoolId(text.to_string()))
        } else {
            Err(Error::InvalidParameter(format!(
                "{text:?} is not a valid user pool ID (expected the form us-east-1_AbC123xyz)"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PoolId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// 26 lowercase letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientId(String);

impl ClientId {
    pub fn generate() -> ClientId {
        ClientId(random::lower_alnum(26))
    }

    /// Cognito accepts `[\w+]+` up to 128 characters.
    pub fn parse(text: &str) -> Result<ClientId, Error> {
        if !text.is_empty() && text.len() <= 128 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+') {
            Ok(ClientId(text.to_string()))
        } else {
            Err(Error::InvalidParameter(format!("{text:?} is not a valid app client ID")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user's immutable subject, a random UUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserSub(String);

impl UserSub {
    pub fn generate() -> UserSub {
        UserSub(uuid::Uuid::new_v4().to_string())
    }

    pub fn from_stored(text: String) -> UserSub {
        UserSub(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UserSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
