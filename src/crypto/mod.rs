//! Cryptography the domain needs: encryption at rest, password hashes, signing keys,
//! and random identifiers.

pub mod keys;
pub mod password;
pub mod random;
pub mod secrets;

/// Compares two byte strings in constant time (for secrets and codes).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
