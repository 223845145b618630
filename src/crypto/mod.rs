//! Cryptography the domain needs: encryption at rest, password hashes, signing keys,
//! JWT signing, random identifiers, Cognito's SRP, AWS SigV4 verification and webhook
//! signatures.

pub mod jwt;
pub mod keys;
pub mod password;
pub mod random;
pub mod secrets;
pub mod sigv4;
pub mod srp;
pub mod webhooks;

/// What `Debug` shows in place of a secret.
pub const REDACTED: &str = "[redacted]";

/// `[redacted]` when `value` is set, `None` otherwise: for `Debug` impls that say whether
/// a secret is there without showing it.
pub fn redacted<T>(value: &Option<T>) -> Option<&'static str> {
    value.as_ref().map(|_| REDACTED)
}

/// Compares two byte strings in constant time (for secrets and codes).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// base64url(SHA-256(value)): how high-entropy tokens (codes, refresh tokens, session
/// IDs) are stored, so the database never holds one that works.
pub fn token_hash(value: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(value.as_bytes()))
}

/// A random token of 32 bytes, base64url.
pub fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random::bytes::<32>())
}

/// HMAC-SHA256 of `parts` joined by NUL under `key`, base64url. For low-entropy values
/// (6-digit codes) that a plain hash would not protect from a leaked database.
pub fn keyed_hash(key: &[u8; 32], parts: &[&str]) -> String {
    use base64::Engine;
    use hmac::Mac;
    #[allow(clippy::expect_used)] // HMAC takes keys of any length: this cannot fail.
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            mac.update(&[0]);
        }
        mac.update(p.as_bytes());
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}
