//! Errors as Cognito's API answers them: `{"__type": "<Name>Exception", "message": …}`
//! with `x-amzn-ErrorType` (botocore raises `client.exceptions.<Name>` from it), HTTP 400
//! for everything the caller caused (NotAuthorized and UserNotFound included, as the real
//! service does), 500 only for InternalErrorException.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;

use crate::error::Error;

#[derive(Debug)]
pub struct ApiError {
    pub kind: &'static str,
    pub message: Option<String>,
    pub status: StatusCode,
}

impl ApiError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { kind, message: Some(message.into()), status: StatusCode::BAD_REQUEST }
    }

    pub fn unknown_operation() -> ApiError {
        ApiError { kind: "UnknownOperationException", message: None, status: StatusCode::BAD_REQUEST }
    }

    pub fn serialization(message: impl Into<String>) -> ApiError {
        ApiError::new("SerializationException", message)
    }

    pub fn invalid_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new("InvalidParameterException", message)
    }

    pub fn render(&self, request_id: &str) -> HttpResponse {
        if self.status.is_server_error() {
            tracing::error!(kind = self.kind, message = ?self.message, request_id, "API request failed");
        }
        let body = match &self.message {
            Some(m) => serde_json::json!({ "__type": self.kind, "message": m }),
            None => serde_json::json!({ "__type": self.kind }),
        };
        HttpResponse::build(self.status)
            .content_type("application/x-amz-json-1.1")
            .insert_header(("x-amzn-ErrorType", format!("{}:", self.kind)))
            .insert_header(("x-amzn-RequestId", request_id.to_string()))
            .body(body.to_string())
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        if e.is_internal() {
            tracing::error!(error = %e, "API operation failed");
            return ApiError { kind: "InternalErrorException", message: Some("Internal error".into()), status: StatusCode::INTERNAL_SERVER_ERROR };
        }
        let status = match e {
            // An upstream provider that failed: the service's own fault to the caller.
            Error::Upstream(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError { kind: e.cognito_type(), message: Some(e.public_message()), status }
    }
}
