//! The domain error, and how it looks to each caller: Cognito `__type` JSON,
//! a plain JSON error for the REST endpoints, or a line for the CLI.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    UserNotFound(String),
    #[error("{0}")]
    InvalidParameter(String),
    #[error("{0}")]
    InvalidPassword(String),
    #[error("{0}")]
    UsernameExists(String),
    #[error("{0}")]
    AliasExists(String),
    #[error("{0}")]
    GroupExists(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotAuthorized(String),
    #[error("{0}")]
    UserNotConfirmed(String),
    #[error("{0}")]
    PasswordResetRequired(String),
    #[error("{0}")]
    CodeMismatch(String),
    #[error("{0}")]
    ExpiredCode(String),
    #[error("{0}")]
    LimitExceeded(String),
    #[error("{0}")]
    DuplicateProvider(String),
    /// An upstream identity provider refused, failed or sent something invalid.
    #[error("{0}")]
    Upstream(String),
    /// An OAuth 2.0 protocol error (RFC 6749 §5.2 codes such as `invalid_grant`).
    #[error("{error}: {description}")]
    OAuth { error: &'static str, description: String },
    /// The master key cannot decrypt what the database holds.
    #[error("{0}")]
    MasterKey(String),
    #[error("{0}")]
    Config(String),
    /// Something the caller cannot fix; the detail is logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shorthand for an OAuth protocol error.
pub fn oauth(error: &'static str, description: impl Into<String>) -> Error {
    Error::OAuth { error, description: description.into() }
}

impl Error {
    /// The exception name Cognito uses for this kind of failure.
    pub fn cognito_type(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "ResourceNotFoundException",
            Error::UserNotFound(_) => "UserNotFoundException",
            Error::InvalidParameter(_) => "InvalidParameterException",
            Error::InvalidPassword(_) => "InvalidPasswordException",
            Error::UsernameExists(_) => "UsernameExistsException",
            Error::AliasExists(_) => "AliasExistsException",
            Error::GroupExists(_) => "GroupExistsException",
            Error::Conflict(_) => "ConcurrentModificationException",
            Error::NotAuthorized(_) => "NotAuthorizedException",
            Error::UserNotConfirmed(_) => "UserNotConfirmedException",
            Error::PasswordResetRequired(_) => "PasswordResetRequiredException",
            Error::CodeMismatch(_) => "CodeMismatchException",
            Error::ExpiredCode(_) => "ExpiredCodeException",
            Error::LimitExceeded(_) => "LimitExceededException",
            Error::DuplicateProvider(_) => "DuplicateProviderException",
            Error::Upstream(_) => "InternalErrorException",
            Error::OAuth { .. } => "InvalidParameterException",
            Error::MasterKey(_) | Error::Config(_) | Error::Internal(_) => "InternalErrorException",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound(_) | Error::UserNotFound(_) => StatusCode::NOT_FOUND,
            Error::UsernameExists(_) | Error::AliasExists(_) | Error::GroupExists(_) | Error::Conflict(_) | Error::DuplicateProvider(_) => {
                StatusCode::CONFLICT
            }
            Error::InvalidParameter(_)
            | Error::InvalidPassword(_)
            | Error::NotAuthorized(_)
            | Error::UserNotConfirmed(_)
            | Error::PasswordResetRequired(_)
            | Error::CodeMismatch(_)
            | Error::ExpiredCode(_) => StatusCode::BAD_REQUEST,
            Error::LimitExceeded(_) => StatusCode::TOO_MANY_REQUESTS,
            Error::Upstream(_) => StatusCode::BAD_GATEWAY,
            Error::OAuth { error: "invalid_client", .. } => StatusCode::UNAUTHORIZED,
            Error::OAuth { .. } => StatusCode::BAD_REQUEST,
            Error::MasterKey(_) | Error::Config(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message safe to show a caller: internal details stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            Error::MasterKey(_) | Error::Internal(_) | Error::Config(_) => "internal error".into(),
            other => other.to_string(),
        }
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        Error::Internal(e.to_string())
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        Error::Internal(format!("database query failed: {e}"))
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        HttpResponse::build(self.status()).json(serde_json::json!({
            "__type": self.cognito_type(),
            "message": self.public_message(),
        }))
    }
}
