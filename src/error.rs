//! The domain error: what went wrong, never how it looks on a wire. Each front end
//! renders it its own way: `api/` as Cognito `__type` JSON with Cognito's status, `oauth/`
//! as RFC 6749 JSON, `ui/` as a page, `cli/` as a line (or Cognito-shaped JSON).
//!
//! The kinds follow Cognito's exceptions, plus the OAuth-only ones (a bad grant, a client
//! that failed to authenticate…), which the Cognito API renders as the exception Cognito
//! uses for the same failure (a bad refresh token is NotAuthorized there).

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A pool, client, group, provider, device… that does not exist.
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    UserNotFound(String),
    #[error("{0}")]
    InvalidParameter(String),
    #[error("{0}")]
    InvalidPassword(String),
    /// A new password that the password history forbids.
    #[error("{0}")]
    PasswordHistoryPolicyViolation(String),
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
    /// The user is disabled (Cognito: NotAuthorized "User is disabled.").
    #[error("User is disabled.")]
    UserDisabled,
    /// A temporary password past its validity (Cognito: NotAuthorized).
    #[error("Temporary password has expired and must be reset by an administrator.")]
    TemporaryPasswordExpired,
    /// Too many wrong passwords: the user is locked until `until` (Unix seconds).
    /// Cognito answers NotAuthorized "Password attempts exceeded".
    #[error("Password attempts exceeded")]
    PasswordAttemptsExceeded { until: i64 },
    #[error("{0}")]
    UserNotConfirmed(String),
    #[error("{0}")]
    PasswordResetRequired(String),
    #[error("{0}")]
    CodeMismatch(String),
    #[error("{0}")]
    ExpiredCode(String),
    /// A budget or send limit is spent.
    #[error("{0}")]
    LimitExceeded(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    DuplicateProvider(String),
    /// A TOTP code that does not confirm the authenticator being set up.
    #[error("{0}")]
    EnableSoftwareTokenMfa(String),
    /// A second factor the user or pool does not have.
    #[error("{0}")]
    MfaMethodNotFound(String),
    #[error("{0}")]
    SoftwareTokenMfaNotFound(String),
    #[error("{0}")]
    CodeDeliveryFailure(String),
    /// A trigger's hook refused, failed, timed out or answered nonsense
    /// (`"<Trigger> failed with error <message>."`, as Cognito words it).
    #[error("{0}")]
    UserLambdaValidation(String),
    #[error("{0}")]
    InvalidUserPoolConfiguration(String),
    #[error("{0}")]
    UnsupportedOperation(String),
    /// An OAuth scope that no resource server of the pool defines.
    #[error("{0}")]
    ScopeDoesNotExist(String),
    /// The user is in a state the action does not apply to.
    #[error("{0}")]
    UnsupportedUserState(String),
    /// An access key that may not do this (its pools, or read-only).
    #[error("{0}")]
    AccessDenied(String),
    /// A token of a type the operation does not revoke or accept.
    #[error("{0}")]
    UnsupportedTokenType(String),
    /// A refresh token that rotation already replaced.
    #[error("{0}")]
    RefreshTokenReuse(String),
    /// A grant that is invalid, expired, revoked or bound to someone else
    /// (RFC 6749 `invalid_grant`; NotAuthorized to Cognito's API).
    #[error("{0}")]
    InvalidGrant(String),
    /// Client authentication failed (`invalid_client`).
    #[error("{0}")]
    InvalidClient(String),
    /// The client may not do this (`unauthorized_client`).
    #[error("{0}")]
    UnauthorizedClient(String),
    #[error("{0}")]
    InvalidScope(String),
    /// A malformed request (`invalid_request`).
    #[error("{0}")]
    InvalidRequest(String),
    #[error("{0}")]
    UnsupportedGrantType(String),
    /// An upstream identity provider refused, failed or sent something invalid.
    #[error("{0}")]
    Upstream(String),
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

impl Error {
    /// The name of Cognito's exception for this kind of failure (the CLI prints it too).
    pub fn cognito_type(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "ResourceNotFoundException",
            Error::UserNotFound(_) => "UserNotFoundException",
            Error::InvalidParameter(_) | Error::InvalidScope(_) | Error::InvalidRequest(_) | Error::UnsupportedGrantType(_) => {
                "InvalidParameterException"
            }
            Error::InvalidPassword(_) => "InvalidPasswordException",
            Error::PasswordHistoryPolicyViolation(_) => "PasswordHistoryPolicyViolationException",
            Error::UsernameExists(_) => "UsernameExistsException",
            Error::AliasExists(_) => "AliasExistsException",
            Error::GroupExists(_) => "GroupExistsException",
            Error::Conflict(_) => "ConcurrentModificationException",
            Error::NotAuthorized(_) | Error::UserDisabled | Error::TemporaryPasswordExpired | Error::PasswordAttemptsExceeded { .. } | Error::InvalidGrant(_) | Error::InvalidClient(_) | Error::UnauthorizedClient(_) => {
                "NotAuthorizedException"
            }
            Error::UserNotConfirmed(_) => "UserNotConfirmedException",
            Error::PasswordResetRequired(_) => "PasswordResetRequiredException",
            Error::CodeMismatch(_) => "CodeMismatchException",
            Error::ExpiredCode(_) => "ExpiredCodeException",
            Error::LimitExceeded(_) => "LimitExceededException",
            Error::TooManyRequests(_) => "TooManyRequestsException",
            Error::DuplicateProvider(_) => "DuplicateProviderException",
            Error::EnableSoftwareTokenMfa(_) => "EnableSoftwareTokenMFAException",
            Error::MfaMethodNotFound(_) => "MFAMethodNotFoundException",
            Error::SoftwareTokenMfaNotFound(_) => "SoftwareTokenMFANotFoundException",
            Error::CodeDeliveryFailure(_) => "CodeDeliveryFailureException",
            Error::UserLambdaValidation(_) => "UserLambdaValidationException",
            Error::InvalidUserPoolConfiguration(_) => "InvalidUserPoolConfigurationException",
            Error::UnsupportedOperation(_) => "UnsupportedOperationException",
            Error::AccessDenied(_) => "AccessDeniedException",
            Error::UnsupportedUserState(_) => "UnsupportedUserStateException",
            Error::ScopeDoesNotExist(_) => "ScopeDoesNotExistException",
            Error::UnsupportedTokenType(_) => "UnsupportedTokenTypeException",
            Error::RefreshTokenReuse(_) => "RefreshTokenReuseException",
            Error::Upstream(_) | Error::MasterKey(_) | Error::Config(_) | Error::Internal(_) => "InternalErrorException",
        }
    }

    /// Whether the fault is ours (or a dependency's), not the caller's.
    pub fn is_internal(&self) -> bool {
        matches!(self, Error::MasterKey(_) | Error::Config(_) | Error::Internal(_))
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
