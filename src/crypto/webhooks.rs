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

/// A new message id (`msg_…`). A message keeps its id through every retry, as the
/// specification asks, so a receiver can tell a retry from a new message.
pub fn new_message_id() -> String {
    format!("msg_{}", uuid::Uuid::new_v4().simple())
}

/// The three headers of one signed attempt of message `id` (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature`). Each attempt is signed anew, so a retry
/// minutes later still carries a timestamp the receiver accepts.
pub fn headers(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Result<[(&'static str, String); 3]> {
    let signature = sign(secret, id, timestamp, body)?;
    Ok([("webhook-id", id.to_string()), ("webhook-timestamp", timestamp.to_string()), ("webhook-signature", signature)])
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
    fn each_attempt_is_signed_for_its_time() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = new_message_id();
        let (a, b) = (headers(secret, &id, 1, b"{}").unwrap(), headers(secret, &id, 2, b"{}").unwrap());
        assert_eq!((a[0].1.as_str(), b[0].1.as_str()), (id.as_str(), id.as_str()));
        assert_ne!(a[2].1, b[2].1);
        assert_eq!(a[2].1, sign(secret, &id, 1, b"{}").unwrap());
    }
}
