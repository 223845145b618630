//! Who signs an administrative call: the AWS Signature V4 check (`crypto::sigv4`) of
//! the request against the access key it names, answered the way AWS answers each
//! failure (UnrecognizedClientException, InvalidSignatureException, …).

use actix_web::{web, HttpRequest};

use super::error::ApiError;
use crate::config::ApiSettings;
use crate::crypto::sigv4::{self, SigV4Error};
use crate::domain::access_keys::{self, AccessKey};
use crate::domain::{time, Context};

const SERVICE: &str = "cognito-idp";

fn invalid_signature(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidSignatureException", message)
}

/// `20261201T151349Z` for a Unix time.
fn amz_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map(|t| t.format("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

fn request_date(req: &HttpRequest) -> Option<i64> {
    let text = req.headers().get("x-amz-date")?.to_str().ok()?;
    chrono::NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").ok().map(|t| t.and_utc().timestamp())
}

/// AWS's wording for a request dated too far from now.
fn expired(req: &HttpRequest) -> ApiError {
    let now = time::now();
    let window = sigv4::MAX_SKEW_SECS;
    match request_date(req) {
        Some(at) if at > now => invalid_signature(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            amz_date(at),
            amz_date(now + window),
            amz_date(now)
        )),
        Some(at) => invalid_signature(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            amz_date(at),
            amz_date(now - window),
            amz_date(now)
        )),
        None => invalid_signature("Signature expired: the request has no valid X-Amz-Date."),
    }
}

/// The access key that signed the request, or `None` for an unsigned call that the
/// development setting `api.allow_unsigned_admin` lets through.
pub async fn signer(ctx: &web::Data<Context>, req: &HttpRequest, body: &[u8]) -> Result<Option<AccessKey>, ApiError> {
    let Some(header) = req.headers().get("authorization").and_then(|v| v.to_str().ok()) else {
        let unsigned_ok = req.app_data::<web::Data<ApiSettings>>().is_some_and(|s| s.allow_unsigned_admin);
        return if unsigned_ok { Ok(None) } else { Err(ApiError::new("MissingAuthenticationTokenException", "Missing Authentication Token")) };
    };
    let auth = sigv4::parse_authorization(header).map_err(|e| ApiError::new("IncompleteSignatureException", e.to_string()))?;
    let id = auth.access_key_id.clone();
    let found = super::run(ctx, move |c| access_keys::lookup(c, &id)).await?;
    let Some((key, secret)) = found else {
        return Err(ApiError::new("UnrecognizedClientException", "The security token included in the request is invalid."));
    };
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .filter_map(|(name, value)| value.to_str().ok().map(|v| (name.as_str().to_string(), v.to_string())))
        .collect();
    let signed = sigv4::Request { method: req.method().as_str(), path: req.uri().path(), query: req.query_string(), headers: &headers, body };
    match sigv4::verify(&signed, &auth, secret.expose(), &ctx.region, SERVICE, time::now()) {
        Ok(()) => Ok(Some(key)),
        Err(SigV4Error::SignatureMismatch) => Err(invalid_signature(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        )),
        Err(SigV4Error::Expired) => Err(expired(req)),
        Err(SigV4Error::WrongScope(why)) => Err(invalid_signature(format!("Credential should be scoped correctly: {why}"))),
        Err(SigV4Error::HostNotSigned) => Err(invalid_signature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")),
        Err(SigV4Error::MissingSignedHeader(h)) => Err(invalid_signature(format!("The signed header {h} is missing from the request."))),
        Err(SigV4Error::PayloadHashMismatch) => Err(invalid_signature("The provided 'x-amz-content-sha256' header does not match what was computed.")),
        Err(SigV4Error::Malformed(why)) => Err(ApiError::new("IncompleteSignatureException", why)),
    }
}
