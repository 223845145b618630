//! Standard Webhooks signatures (<https://www.standardwebhooks.com>): the headers that
//! let a hook receiver check a request came from Cognate. Used by the synchronous
//! trigger calls (`domain::triggers`) and by the outbox sender (custom senders) alike.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::Mac;

use crate::error::{Error, Result};

pub const SECRET_PREFIX: &str = "whsec_";

/// The v1 signature of `body`: base64 HMAC-SHA256 over `"{id}.{timestamp}.{body}"`,
/// keyed with the base64-decoding of the secret after its `whsec_` prefix.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Result<String> {
    let key = STANDARD
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .map_err(|_| Error::Internal("the hook secret is not base64".into()))?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).map_err(|e| Error::Internal(e.to_string()))?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// The three headers of one signed attempt (`webhook-id`, `webhook-timestamp`,
/// `webhook-signature`), with a fresh message id; each attempt is signed anew, so a
/// retry minutes later still carries a timestamp the receiver accepts.
pub fn headers(secret: &str, timestamp: i64, body: &[u8]) -> Result<[(&'static str, String); 3]> {
    let id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    let signature = sign(secret, &id, timestamp, body)?;
    Ok([("webhook-id", id), ("webhook-timestamp", timestamp.to_string()), ("webhook-signature", signature)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signatures_follow_standard_webhooks() {
        let sig = sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, br#"{"test": 2432232314}"#).unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn each_attempt_has_its_own_id() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let (a, b) = (headers(secret, 1, b"{}").unwrap(), headers(secret, 1, b"{}").unwrap());
        assert_ne!(a[0].1, b[0].1);
        assert_eq!(a[2].1, sign(secret, &a[0].1, 1, b"{}").unwrap());
    }
}
